// get_document — a document (by content hash or by its `doc` name) with its text, mentions and evidence.
// Mention offsets are flat [start, end, start, end, ...] character offsets into `text`.
// Parameters:
//   :param key => '000_4609dc6c1967e403'
// Columns: document {key,name,title,published,url,source,truncated,parent,text}, mentions [{label,key,name,
//          surfaces,offsets}], evidence [{type, source_key, target_key, sentence, start, end, rule, confidence}]
CALL () {
  MATCH (d:Document {key: $key}) RETURN d
  UNION
  MATCH (d:Document {name: $key}) RETURN d
}
WITH d ORDER BY d.ingested_at DESC LIMIT 1
RETURN d {.key, .name, .title, .published, .url, .source, .truncated, .parent, .text} AS document,
       COLLECT {
         MATCH (d)-[m:MENTIONS]->(n)
         RETURN {label: labels(n)[0], key: n.key, name: n.name, surfaces: m.surfaces, offsets: m.offsets} AS mention
         ORDER BY n.name
       } AS mentions,
       COLLECT {
         MATCH (e:Evidence)-[:IN]->(d)
         RETURN {type: e.type, source_key: e.source_key, target_key: e.target_key, sentence: e.sentence,
                 start: e.start, end: e.end, rule: e.rule, confidence: e.confidence} AS ev
         ORDER BY e.start, e.type
       } AS evidence
