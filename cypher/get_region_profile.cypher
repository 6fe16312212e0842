// get_region_profile — one region: attributes, parents, sub-regions, parks in it (with sub-regions), chains, firms.
// Parameters:
//   :param key => '430300'
//   :param limit => 50
// Columns: region {props}, parents [{key,name,level}], children [{key,name,level}], children_count,
//          parks [{key,name,level}], focus_chains [{key,name,parks,evidence_count}] (its own and its parks'),
//          companies [{key,name}], gaps [{target, gap}], documents [{key,name,title}]
MATCH (r:Region {key: $key})
WITH r, [r] + COLLECT { MATCH (s:Region)-[:REGION_IN*1..3]->(r) RETURN s } AS area
WITH r, area, COLLECT { UNWIND area AS a MATCH (pk:Park)-[:PARK_IN]->(a) RETURN DISTINCT pk } AS parks
RETURN r {.*} AS region,
       COLLECT {
         MATCH (r)-[:REGION_IN*1..3]->(a:Region)
         RETURN {key: a.key, name: a.name, level: a.level} AS parent
       } AS parents,
       COLLECT {
         MATCH (c:Region)-[:REGION_IN]->(r)
         RETURN {key: c.key, name: c.name, level: c.level} AS child ORDER BY c.key LIMIT $limit
       } AS children,
       COUNT { MATCH (:Region)-[:REGION_IN]->(r) } AS children_count,
       [pk IN parks | {key: pk.key, name: pk.name, level: pk.level}][..$limit] AS parks,
       COLLECT {
         UNWIND [r] + parks AS x
         MATCH (x)-[f:FOCUSES_ON]->(c:Chain)
         WITH c, count(DISTINCT x) AS holders, sum(coalesce(f.evidence_count, 0)) AS ev
         RETURN {key: c.key, name: c.name, parks: holders, evidence_count: ev} AS chain
         ORDER BY holders DESC, ev DESC, c.name LIMIT $limit
       } AS focus_chains,
       COLLECT {
         UNWIND area + parks AS x
         MATCH (c:Company)-[:LOCATED_IN]->(x)
         RETURN DISTINCT {key: c.key, name: c.name} AS company LIMIT $limit
       } AS companies,
       COLLECT {
         MATCH (r)-[g:HAS_GAP]->(t)
         RETURN {target: {label: labels(t)[0], key: t.key, name: t.name}, gap: g.gap,
                 evidence_count: coalesce(g.evidence_count, 0)} AS gap
       } AS gaps,
       COLLECT {
         MATCH (d:Document)-[:MENTIONS]->(r)
         RETURN {key: d.key, name: d.name, title: d.title, published: d.published} AS doc
         ORDER BY d.name LIMIT $limit
       } AS documents
