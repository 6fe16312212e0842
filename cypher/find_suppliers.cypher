// find_suppliers — who supplies a buyer firm (and its group's subsidiaries) within a place.
// A place is a Park, or a Region with its sub-regions and the parks in them.
// Rows are labelled by kind:
//   direct    (firm in the place)-[:SUPPLIES]->(buyer)
//   aggregate (the park/region itself)-[:SUPPLIES {count, segments}]->(buyer): a claim about the place
//   inferred  firms in the place that make for a chain (or its segments) the buyer leads or makes for
// The buyer set is the buyer plus its subsidiaries (中国中车 includes 中车株机), never its parents.
// Parameters:
//   :param buyer => '中国中车股份有限公司'
//   :param place => '430300'
//   :param offset => 0
//   :param limit => 50
// Columns: kind, supplier {label,key,name}, buyer {key,name}, via {key,name}|null, count, segments,
//          confidence, evidence_count, evidence [{sentence, doc, doc_name, title, published, confidence, rule}]
MATCH (b:Company {key: $buyer})
WITH [b] + COLLECT { MATCH (s:Company)-[:SUBSIDIARY_OF*1..3]->(b) RETURN DISTINCT s } AS buyers
CALL () {
  MATCH (p:Park {key: $place}) RETURN p AS place
  UNION
  MATCH (r:Region {key: $place}) RETURN r AS place
}
WITH buyers, place,
     CASE WHEN place:Region
          THEN [place] + COLLECT { MATCH (sr:Region)-[:REGION_IN*1..3]->(place) RETURN DISTINCT sr }
          ELSE [] END AS regions
WITH buyers, regions,
     CASE WHEN place:Park THEN [place] ELSE [] END
       + COLLECT { UNWIND regions AS r MATCH (pk:Park)-[:PARK_IN]->(r) RETURN DISTINCT pk } AS parks
WITH buyers, regions + parks AS places
CALL (buyers, places) {
  UNWIND buyers AS b
  MATCH (f:Company)-[r:SUPPLIES]->(b)
  WHERE EXISTS { MATCH (f)-[:LOCATED_IN]->(x) WHERE x IN places }
  RETURN 'direct' AS kind, f AS supplier, b AS buyer, r AS rel, null AS via
  UNION ALL
  UNWIND places AS x
  MATCH (x)-[r:SUPPLIES]->(b:Company)
  WHERE b IN buyers
  RETURN 'aggregate' AS kind, x AS supplier, b AS buyer, r AS rel, null AS via
  UNION ALL
  UNWIND buyers AS b
  MATCH (b)-[:LEADS|COMPANY_SUPPLIES]->(t)
  WHERE t:Chain OR t:Segment
  OPTIONAL MATCH (ch:Chain)-[:HAS_SEGMENT]->(t)
  WITH DISTINCT b, coalesce(ch, t) AS chain
  CALL (chain) {
    MATCH (f:Company)-[r:COMPANY_SUPPLIES]->(chain) RETURN f, r
    UNION
    MATCH (chain)-[:HAS_SEGMENT]->(:Segment)<-[r:COMPANY_SUPPLIES]-(f:Company) RETURN f, r
  }
  WITH b, chain, f, r
  WHERE NOT f IN buyers AND EXISTS { MATCH (f)-[:LOCATED_IN]->(x) WHERE x IN places }
  RETURN 'inferred' AS kind, f AS supplier, b AS buyer, r AS rel, chain AS via
}
RETURN kind,
       {label: labels(supplier)[0], key: supplier.key, name: supplier.name} AS supplier,
       {key: buyer.key, name: buyer.name} AS buyer,
       CASE WHEN via IS NULL THEN null ELSE {key: via.key, name: via.name} END AS via,
       rel.count AS count, rel.segments AS segments, rel.confidence AS confidence,
       coalesce(rel.evidence_count, 0) AS evidence_count,
       COLLECT {
         MATCH (e:Evidence {rel_key: rel.key})-[:IN]->(d:Document)
         RETURN {sentence: e.sentence, doc: d.key, doc_name: d.name, title: d.title,
                 published: d.published, confidence: e.confidence, rule: e.rule} AS ev
         ORDER BY e.confidence DESC, d.name
         LIMIT 5
       } AS evidence
ORDER BY CASE kind WHEN 'direct' THEN 0 WHEN 'aggregate' THEN 1 ELSE 2 END,
         confidence DESC, evidence_count DESC, supplier.name, buyer.name
SKIP $offset LIMIT $limit
