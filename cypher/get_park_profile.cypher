// get_park_profile — one park: attributes, where it lies, chains, firms, gaps, supply claims, sources.
// Parameters:
//   :param key => 'S437023'
//   :param limit => 50
// Columns: park {props}, regions [{key,name,level}] (most specific first), focus_chains [{key,name,source,
//          evidence_count,confidence}], companies [{key,name,evidence_count}], gaps [{target, gap, evidence_count}],
//          supplies [{buyer, count, segments, evidence_count}], visits, documents [{key,name,title,published}]
MATCH (p:Park {key: $key})
RETURN p {.*} AS park,
       COLLECT {
         MATCH (p)-[:PARK_IN]->(r:Region)-[:REGION_IN*0..3]->(a:Region)
         WITH DISTINCT a
         RETURN {key: a.key, name: a.name, level: a.level} AS region
         ORDER BY CASE a.level WHEN 'town' THEN 0 WHEN 'county' THEN 1 WHEN 'city' THEN 2 ELSE 3 END
       } AS regions,
       COLLECT {
         MATCH (p)-[f:FOCUSES_ON]->(c:Chain)
         RETURN {key: c.key, name: c.name, source: f.source, evidence_count: coalesce(f.evidence_count, 0),
                 confidence: f.confidence} AS chain
         ORDER BY chain.evidence_count DESC, c.name
       } AS focus_chains,
       COLLECT {
         MATCH (c:Company)-[l:LOCATED_IN]->(p)
         RETURN {key: c.key, name: c.name, evidence_count: coalesce(l.evidence_count, 0)} AS company
         ORDER BY company.evidence_count DESC, c.name LIMIT $limit
       } AS companies,
       COLLECT {
         MATCH (p)-[g:HAS_GAP]->(t)
         RETURN {target: {label: labels(t)[0], key: t.key, name: t.name}, gap: g.gap,
                 evidence_count: coalesce(g.evidence_count, 0)} AS gap
       } AS gaps,
       COLLECT {
         MATCH (p)-[s:SUPPLIES]->(b:Company)
         RETURN {buyer: {key: b.key, name: b.name}, count: s.count, segments: s.segments,
                 evidence_count: coalesce(s.evidence_count, 0)} AS claim
       } AS supplies,
       COUNT { MATCH (:Person)-[:OFFICIAL_VISITED]->(p) } AS visits,
       COLLECT {
         MATCH (d:Document)-[:MENTIONS]->(p)
         RETURN {key: d.key, name: d.name, title: d.title, published: d.published} AS doc
         ORDER BY d.name LIMIT $limit
       } AS documents
