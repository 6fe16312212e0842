// find_chain_gaps — a park's chains, their gaps and investment leads (招商线索).
// One row per chain the park focuses on (FOCUSES_ON) or states a gap in (HAS_GAP to the chain or a segment).
// Gaps per chain:
//   stated    (park)-[:HAS_GAP {gap}]->(chain or segment), with evidence
//   taxonomy  a segment of the chain that no firm located in the park makes (COMPANY_SUPPLIES/LEADS)
// Candidates per gap: firms outside the park that make the gap's chain/segment, ranked
// same city (0) → same province (1) → elsewhere (2), then by evidence count.
// Parameters:
//   :param park => 'G432034'
//   :param candidates => 5
//   :param limit => 50
// Columns: chain {key,name}, focus, gaps [{kind, target {label,key,name}, stage, gap, confidence,
//          evidence_count, evidence [...], candidates [{key, name, rank, proximity, evidence_count}]}]
MATCH (p:Park {key: $park})
OPTIONAL MATCH (p)-[:PARK_IN]->(:Region)-[:REGION_IN*0..3]->(a:Region)
WITH p, collect(DISTINCT a) AS up
WITH p, [a IN up WHERE a.level = 'city' | a.key] AS cities,
        [a IN up WHERE a.level = 'province' | a.key] AS provinces
CALL (p) {
  MATCH (p)-[:FOCUSES_ON]->(c:Chain) RETURN c
  UNION
  MATCH (p)-[:HAS_GAP]->(c:Chain) RETURN c
  UNION
  MATCH (p)-[:HAS_GAP]->(:Segment)<-[:HAS_SEGMENT]-(c:Chain) RETURN c
}
WITH p, cities, provinces, c, EXISTS { (p)-[:FOCUSES_ON]->(c) } AS focus
CALL (p, c) {
  MATCH (p)-[g:HAS_GAP]->(c) RETURN 'stated' AS kind, c AS target, g AS rel
  UNION
  MATCH (p)-[g:HAS_GAP]->(t:Segment)<-[:HAS_SEGMENT]-(c) RETURN 'stated' AS kind, t AS target, g AS rel
  UNION
  MATCH (c)-[:HAS_SEGMENT]->(t:Segment)
  WHERE NOT EXISTS { (p)-[:HAS_GAP]->(t) }
    AND NOT EXISTS { MATCH (f:Company)-[:COMPANY_SUPPLIES|LEADS]->(t) WHERE (f)-[:LOCATED_IN]->(p) }
  RETURN 'taxonomy' AS kind, t AS target, null AS rel
}
WITH p, cities, provinces, c, focus, kind, target, rel,
     [target] + COLLECT { MATCH (target)-[:HAS_SEGMENT]->(s:Segment) RETURN s } AS targets
WITH c, focus, kind, target, rel,
     COLLECT {
       UNWIND targets AS t
       MATCH (f:Company)-[cs:COMPANY_SUPPLIES|LEADS]->(t)
       WHERE NOT EXISTS { (f)-[:LOCATED_IN]->(p) }
       WITH f, sum(coalesce(cs.evidence_count, 0)) AS evidence_count,
            COLLECT {
              MATCH (f)-[:LOCATED_IN]->(x)
              OPTIONAL MATCH (x)-[:PARK_IN]->(pr:Region)
              WITH coalesce(pr, x) AS r WHERE r:Region
              MATCH (r)-[:REGION_IN*0..3]->(anc:Region)
              RETURN DISTINCT anc.key
            } AS fregions
       WITH f, evidence_count,
            CASE WHEN any(k IN fregions WHERE k IN cities) THEN 0
                 WHEN any(k IN fregions WHERE k IN provinces) THEN 1 ELSE 2 END AS rank
       RETURN {key: f.key, name: f.name, rank: rank,
               proximity: CASE rank WHEN 0 THEN 'same city' WHEN 1 THEN 'same province' ELSE 'elsewhere' END,
               evidence_count: evidence_count} AS cand
       ORDER BY rank, evidence_count DESC, f.name
       LIMIT $candidates
     } AS candidates
WITH c, focus, collect({
       kind: kind,
       target: {label: labels(target)[0], key: target.key, name: target.name},
       stage: target.stage,
       gap: rel.gap,
       confidence: rel.confidence,
       evidence_count: coalesce(rel.evidence_count, 0),
       evidence: CASE WHEN rel IS NULL THEN [] ELSE COLLECT {
         MATCH (e:Evidence {rel_key: rel.key})-[:IN]->(d:Document)
         RETURN {sentence: e.sentence, doc: d.key, doc_name: d.name, title: d.title,
                 published: d.published, confidence: e.confidence, rule: e.rule} AS ev
         ORDER BY e.confidence DESC, d.name LIMIT 5
       } END,
       candidates: candidates
     }) AS gaps
RETURN {key: c.key, name: c.name} AS chain, focus,
       [g IN gaps WHERE g.kind = 'stated'] + [g IN gaps WHERE g.kind = 'taxonomy'] AS gaps
ORDER BY focus DESC, size([g IN gaps WHERE g.kind = 'stated']) DESC, chain.name
LIMIT $limit
