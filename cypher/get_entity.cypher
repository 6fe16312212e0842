// get_entity — any entity by key: its label, properties and its relationships (strongest first).
// Parameters:
//   :param key => 'S437023'
//   :param limit => 50
// Columns: label, entity {props}, relationships [{type, direction, other {label,key,name}, key, confidence,
//          evidence_count, source, props}], relationship_count, documents
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
RETURN labels(n)[0] AS label, n {.*} AS entity,
       COLLECT {
         MATCH (n)-[r]-(m)
         WHERE NOT type(r) IN ['MENTIONS', 'IN']
         RETURN {type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                 other: {label: labels(m)[0], key: m.key, name: m.name}, key: r.key,
                 confidence: r.confidence, evidence_count: coalesce(r.evidence_count, 0), source: r.source,
                 props: r {.count, .segments, .date, .title, .gap, .stage}} AS rel
         ORDER BY rel.evidence_count DESC, rel.type, m.name
         LIMIT $limit
       } AS relationships,
       COUNT { MATCH (n)-[r]-() WHERE NOT type(r) IN ['MENTIONS', 'IN'] } AS relationship_count,
       COUNT { MATCH (:Document)-[:MENTIONS]->(n) } AS documents
