// get_neighbours — the subgraph around an entity, up to 2 hops (documents and evidence left out), limited.
// Parameters:
//   :param key => 'S437023'
//   :param depth => 2
//   :param limit => 100
// Columns: center {label,key,name}, nodes [{label,key,name}], relationships [{type, key, source, target,
//          confidence, evidence_count}]  (source/target are node keys)
CALL () {
  MATCH (n:Region {key: $key}) RETURN n
  UNION MATCH (n:Park {key: $key}) RETURN n
  UNION MATCH (n:Company {key: $key}) RETURN n
  UNION MATCH (n:Chain {key: $key}) RETURN n
  UNION MATCH (n:Segment {key: $key}) RETURN n
  UNION MATCH (n:Person {key: $key}) RETURN n
  UNION MATCH (n:Organization {key: $key}) RETURN n
  UNION MATCH (n:Project {key: $key}) RETURN n
}
WITH n LIMIT 1
OPTIONAL MATCH path = (n)-[:PARK_IN|REGION_IN|LOCATED_IN|SUPPLIES|COMPANY_SUPPLIES|LEADS|FOCUSES_ON|HAS_GAP|OFFICIAL_VISITED|HOLDS_POST|SUBSIDIARY_OF|PROJECT_IN|INVESTS_IN|HAS_SEGMENT*1..2]-(m)
WHERE length(path) <= $depth
WITH n, path LIMIT $limit
WITH n, [r IN collect(relationships(path)) WHERE r IS NOT NULL] AS rs
WITH n, reduce(acc = [], x IN rs | acc + x) AS flat
UNWIND (CASE WHEN flat = [] THEN [null] ELSE flat END) AS r
WITH n, collect(DISTINCT r) AS rels
WITH n, rels, reduce(acc = [n], r IN rels | acc + [startNode(r), endNode(r)]) AS ends
UNWIND ends AS m
WITH n, rels, collect(DISTINCT m) AS nodes
RETURN {label: labels(n)[0], key: n.key, name: n.name} AS center,
       [m IN nodes | {label: labels(m)[0], key: m.key, name: m.name}] AS nodes,
       [r IN rels | {type: type(r), key: r.key, source: startNode(r).key, target: endNode(r).key,
                     confidence: r.confidence, evidence_count: coalesce(r.evidence_count, 0)}] AS relationships
