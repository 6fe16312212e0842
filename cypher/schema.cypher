// schema.cypher — applied idempotently at start-up (graph/db.py apply_schema).
// Parameters: none.  Columns: none.
// One statement per `;`. Every statement uses IF NOT EXISTS, so running it twice is a no-op.
// Names: <label>_key (uniqueness), <label>_name (lookup), entity_names (full-text).

// --- Unique keys: every node is MERGEd on `key` (Document: content hash). ---------------
CREATE CONSTRAINT region_key IF NOT EXISTS FOR (n:Region) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT park_key IF NOT EXISTS FOR (n:Park) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT company_key IF NOT EXISTS FOR (n:Company) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT chain_key IF NOT EXISTS FOR (n:Chain) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT segment_key IF NOT EXISTS FOR (n:Segment) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT organization_key IF NOT EXISTS FOR (n:Organization) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT project_key IF NOT EXISTS FOR (n:Project) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT document_key IF NOT EXISTS FOR (n:Document) REQUIRE n.key IS UNIQUE;

// --- Exact-name lookups (API: /entities?name=…, resolution on ingest). -------------------
CREATE INDEX region_name IF NOT EXISTS FOR (n:Region) ON (n.name);
CREATE INDEX park_name IF NOT EXISTS FOR (n:Park) ON (n.name);
CREATE INDEX company_name IF NOT EXISTS FOR (n:Company) ON (n.name);
CREATE INDEX chain_name IF NOT EXISTS FOR (n:Chain) ON (n.name);
CREATE INDEX segment_name IF NOT EXISTS FOR (n:Segment) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX project_name IF NOT EXISTS FOR (n:Project) ON (n.name);
CREATE INDEX document_name IF NOT EXISTS FOR (n:Document) ON (n.name);

// Regions are also looked up by administrative code (gazetteer) and level (province/city/…).
CREATE INDEX region_adcode IF NOT EXISTS FOR (n:Region) ON (n.adcode);
CREATE INDEX region_level IF NOT EXISTS FOR (n:Region) ON (n.level);
// Documents: the parent article of a related-article stub (stale stubs of a new version).
CREATE INDEX document_parent IF NOT EXISTS FOR (n:Document) ON (n.parent);

// --- Full-text search over names and aliases (`aliases` is a string list). ---------------
// cjk = Lucene CJKAnalyzer: overlapping character bigrams, so 天易经开区 finds 湘潭天易经开区.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Region|Park|Company|Chain|Segment|Person|Organization|Project)
ON EACH [n.name, n.aliases]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
