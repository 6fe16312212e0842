// search_entities — full-text search over entity names and aliases (index `entity_names`, cjk bigrams).
// $query is a Lucene query (the API converts the user's text to simplified Chinese and escapes it);
// $text is the plain text, used to put exact name/alias matches first.
// Parameters:
//   :param query => '"天易"'
//   :param text => '天易'
//   :param labels => null
//   :param limit => 20
// Columns: label, key, name, aliases, level, exact, score
CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: $limit * 5}) YIELD node, score
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
WITH node, score,
     CASE WHEN node.name = $text OR $text IN coalesce(node.aliases, []) THEN true ELSE false END AS exact
RETURN labels(node)[0] AS label, node.key AS key, node.name AS name, coalesce(node.aliases, []) AS aliases,
       node.level AS level, exact, score
ORDER BY exact DESC, score DESC, size(node.name), node.name
LIMIT $limit
