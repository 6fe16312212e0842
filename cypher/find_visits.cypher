// find_visits — a timeline of official visits (OFFICIAL_VISITED), by person and/or place, with the visitor's posts.
// One row per evidence of a visit (the same person visiting the same place on two dates gives two rows).
// A place matches the visited node itself or anything located in it (a firm in a park, a park in a region...).
// Dates are as the article states them (a dateless evidence, e.g. a headline, takes the date the same
// article gives for the same visitor): date_iso only when it gives the year; otherwise date_sort is
// '????-MM-DD' (sorted after dated rows). With a date range, rows without a full date are left out.
// Parameters:
//   :param person => 'person:吴勇强'
//   :param place => null
//   :param date_from => null
//   :param date_to => null
//   :param offset => 0
//   :param limit => 100
// Columns: person {key,name}, posts [{title, org {label,key,name}}], target {label,key,name},
//          date, date_iso, date_sort, confidence, evidence {sentence, doc, doc_name, title, published, rule, confidence}
MATCH (p:Person)-[v:OFFICIAL_VISITED]->(t)
WHERE ($person IS NULL OR p.key = $person)
  AND ($place IS NULL OR t.key = $place
       OR EXISTS { MATCH (t)-[:LOCATED_IN|PARK_IN|REGION_IN*1..5]->(up) WHERE up.key = $place })
MATCH (e:Evidence {rel_key: v.key})-[:IN]->(d:Document)
// an evidence without a date (a headline) takes the date the same article states for the same visitor
WITH p, t, e, d,
     CASE WHEN e.date IS NOT NULL THEN e ELSE COLLECT {
       MATCH (e2:Evidence {source_key: e.source_key})-[:IN]->(d)
       WHERE e2.type = 'OFFICIAL_VISITED' AND e2.date IS NOT NULL
       RETURN e2 ORDER BY e2.start LIMIT 1
     }[0] END AS dated
WITH p, t, e, d, dated.date AS date, dated.date_iso AS date_iso, dated.date_sort AS date_sort
WHERE ($date_from IS NULL OR (date_iso IS NOT NULL AND date_iso >= $date_from))
  AND ($date_to IS NULL OR (date_iso IS NOT NULL AND date_iso <= $date_to))
RETURN {key: p.key, name: p.name} AS person,
       COLLECT {
         MATCH (p)-[h:HOLDS_POST]->(o)
         RETURN {title: h.title, org: {label: labels(o)[0], key: o.key, name: o.name}} AS post
         ORDER BY coalesce(h.evidence_count, 0) DESC
       } AS posts,
       {label: labels(t)[0], key: t.key, name: t.name} AS target,
       date, date_iso, date_sort, e.confidence AS confidence,
       {sentence: e.sentence, doc: d.key, doc_name: d.name, title: d.title, published: d.published,
        rule: e.rule, confidence: e.confidence} AS evidence
ORDER BY coalesce(date_sort, '~'), d.name, e.start, p.name, t.name
SKIP $offset LIMIT $limit
