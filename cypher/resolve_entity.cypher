// resolve_entity — candidates for a name given by a user: by key, canonical name, alias, or a partial name.
// match_rank: 0 key, 1 canonical name, 2 alias, 3 a name or alias containing the text (via the full-text index).
// Parameters:
//   :param name => '天易'
//   :param query => '"天易"'
//   :param labels => ['Park', 'Region']
//   :param limit => 20
// Columns: label, key, name, aliases, level, match_rank, groups (keys of the groups a company belongs to)
CALL () {
  MATCH (n:Region) WHERE n.key = $name OR n.name = $name RETURN n
  UNION MATCH (n:Park) WHERE n.key = $name OR n.name = $name RETURN n
  UNION MATCH (n:Company) WHERE n.key = $name OR n.name = $name RETURN n
  UNION MATCH (n:Chain) WHERE n.key = $name OR n.name = $name RETURN n
  UNION MATCH (n:Segment) WHERE n.key = $name OR n.name = $name RETURN n
  UNION MATCH (n:Person) WHERE n.key = $name OR n.name = $name RETURN n
  UNION MATCH (n:Organization) WHERE n.key = $name OR n.name = $name RETURN n
  UNION MATCH (n:Project) WHERE n.key = $name OR n.name = $name RETURN n
  UNION
  CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: 200}) YIELD node AS n
  WITH n WHERE n.name CONTAINS $name OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS $name)
  RETURN n
}
WITH n WHERE $labels IS NULL OR any(l IN labels(n) WHERE l IN $labels)
WITH n, CASE WHEN n.key = $name THEN 0 WHEN n.name = $name THEN 1
             WHEN $name IN coalesce(n.aliases, []) THEN 2 ELSE 3 END AS match_rank
RETURN labels(n)[0] AS label, n.key AS key, n.name AS name, coalesce(n.aliases, []) AS aliases,
       n.level AS level, match_rank,
       COLLECT { MATCH (n)-[:SUBSIDIARY_OF*1..3]->(g:Company) RETURN DISTINCT g.key } AS groups
ORDER BY match_rank, size(n.name), n.name
LIMIT $limit
