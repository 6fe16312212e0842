"""cypher/schema.cypher on the real test server: constraints, indexes, full-text search."""

from __future__ import annotations

import neo4j
import pytest

from graph.db import apply_schema, load_cypher, neo4j_info, run_file, split_statements
from graph.errors import CypherFileError

LABELS = ["Region", "Park", "Company", "Chain", "Segment", "Person", "Organization", "Project", "Document"]


def _rows(driver: neo4j.Driver, query: str, **params: object) -> list[dict]:
    records, _, _ = driver.execute_query(query, params, database_="neo4j")
    return [r.data() for r in records]


def test_every_label_has_a_unique_key_constraint(neo4j_driver: neo4j.Driver) -> None:
    rows = _rows(
        neo4j_driver,
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties WHERE type = 'UNIQUENESS' "
        "RETURN labelsOrTypes[0] AS label, properties AS props",
    )
    keyed = {r["label"] for r in rows if r["props"] == ["key"]}
    # Other modules may add constraints for their own labels; every contract label must have one.
    assert set(LABELS) <= keyed


def test_name_lookup_indexes_exist_and_are_online(neo4j_driver: neo4j.Driver) -> None:
    rows = _rows(
        neo4j_driver,
        "SHOW INDEXES YIELD type, labelsOrTypes, properties, state WHERE type = 'RANGE' "
        "RETURN labelsOrTypes[0] AS label, properties AS props, state",
    )
    named = {r["label"] for r in rows if r["props"] == ["name"]}
    assert set(LABELS) <= named
    assert all(r["state"] == "ONLINE" for r in rows)


def test_fulltext_index_covers_names_and_aliases_with_cjk(neo4j_driver: neo4j.Driver) -> None:
    rows = _rows(
        neo4j_driver,
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options "
        "WHERE name = 'entity_names' RETURN labelsOrTypes AS labels, properties AS props, options",
    )
    assert len(rows) == 1
    assert set(rows[0]["labels"]) == set(LABELS) - {"Document"}
    assert set(rows[0]["props"]) == {"name", "aliases"}
    assert rows[0]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"


def test_apply_schema_is_idempotent(neo4j_driver: neo4j.Driver) -> None:
    before = _rows(neo4j_driver, "SHOW INDEXES YIELD name RETURN count(*) AS n")[0]["n"]
    assert apply_schema(neo4j_driver) == len(split_statements(load_cypher("schema")))
    after = _rows(neo4j_driver, "SHOW INDEXES YIELD name RETURN count(*) AS n")[0]["n"]
    assert before == after


def test_unique_key_rejects_a_duplicate(clean_graph: neo4j.Driver) -> None:
    clean_graph.execute_query("CREATE (:Company {key: 'c1', name: '中国中车'})", database_="neo4j")
    with pytest.raises(neo4j.exceptions.ConstraintError):
        clean_graph.execute_query("CREATE (:Company {key: 'c1', name: '中车'})", database_="neo4j")


def test_fulltext_finds_a_park_by_a_short_alias(clean_graph: neo4j.Driver) -> None:
    clean_graph.execute_query(
        "CREATE (:Park {key: 'p1', name: '湘潭天易经济技术开发区', aliases: ['天易经开区', '湘潭天易经开区']}),"
        "       (:Company {key: 'c1', name: '湖南五洲通药业股份有限公司', aliases: ['五洲通']})",
        database_="neo4j",
    )
    # The alias list is indexed, not just the name: 经开区 appears only in the aliases.
    rows = _rows(
        clean_graph,
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.key AS key",
        q="天易经开区",
    )
    assert [r["key"] for r in rows][:1] == ["p1"]
    rows = _rows(
        clean_graph,
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.key AS key",
        q="五洲通",
    )
    assert [r["key"] for r in rows] == ["c1"]


def test_neo4j_info_reports_526_community_and_counts(clean_graph: neo4j.Driver) -> None:
    clean_graph.execute_query(
        "CREATE (:Region {key: 'r1', name: '湘潭县'})<-[:PARK_IN]-(:Park {key: 'p1', name: '天易经开区'})",
        database_="neo4j",
    )
    info = neo4j_info(clean_graph)
    assert info.version.startswith("5.26.")
    assert info.edition == "community"
    assert (info.nodes, info.relationships) == (2, 1)


def test_apoc_is_loaded(neo4j_driver: neo4j.Driver) -> None:
    version = _rows(neo4j_driver, "RETURN apoc.version() AS v")[0]["v"]
    assert version == neo4j_info(neo4j_driver).version


def test_run_file_runs_a_query_file_with_parameters(
    clean_graph: neo4j.Driver, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.db

    (tmp_path / "find_region.cypher").write_text(
        "// params: $name  columns: key, name\nMATCH (r:Region {name: $name}) RETURN r.key AS key, r.name AS name\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(graph.db, "CYPHER_DIR", tmp_path)
    clean_graph.execute_query("CREATE (:Region {key: 'r1', name: '株洲市'})", database_="neo4j")
    assert run_file(clean_graph, "find_region", name="株洲市") == [{"key": "r1", "name": "株洲市"}]
    # A quote in the value is data, not Cypher.
    assert run_file(clean_graph, "find_region", name="株洲市' OR 1=1 //") == []


@pytest.mark.parametrize("name", ["../pyproject", "schema.cypher", "", "Schema", "a/b"])
def test_load_cypher_refuses_names_that_are_not_plain_stems(name: str) -> None:
    with pytest.raises(CypherFileError):
        load_cypher(name)


def test_load_cypher_names_the_missing_file() -> None:
    with pytest.raises(CypherFileError, match="no_such_query.cypher"):
        load_cypher("no_such_query")


def test_split_statements_drops_comments_and_blank_statements() -> None:
    text = "// header; with a semicolon\nCREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.p);\n\n  ;\nRETURN 1;\n"
    assert split_statements(text) == ["CREATE INDEX a IF NOT EXISTS FOR (n:X) ON (n.p)", "RETURN 1"]
