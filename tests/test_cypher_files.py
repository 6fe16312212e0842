"""Every query file in cypher/ runs as written, through the driver, with the parameters its
header documents (`// :param name => <cypher literal>`, as typed in Neo4j Browser), and
returns the columns its header lists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import neo4j
import pytest
from test_writer import load_dev_like_graph

from graph.db import CYPHER_DIR, load_cypher

_PARAM = re.compile(r"^//\s*:param\s+(\w+)\s*=>\s*(.+?)\s*$")
_FILES = sorted(p.stem for p in CYPHER_DIR.glob("*.cypher") if p.stem != "schema")
# files whose documented parameters hit something in the dev-like graph: they must return rows
_EMPTY_OK: set[str] = set()


@pytest.fixture(scope="module")
def dev_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The gazetteer plus the hand-built dev-like extractions (tests/test_writer.py)."""
    load_dev_like_graph(neo4j_driver)
    return neo4j_driver


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        lines.append(line)
    return lines


def documented_params(driver: neo4j.Driver, text: str) -> dict[str, Any]:
    """Parameters of the header, their literals evaluated by Neo4j itself (as Browser does)."""
    params: dict[str, Any] = {}
    for line in _header(text):
        m = _PARAM.match(line)
        if m:
            recs, _, _ = driver.execute_query(f"RETURN {m.group(2)} AS v")
            params[m.group(1)] = recs[0]["v"]
    return params


def documented_columns(text: str) -> list[str]:
    """Names listed after `Columns:` (nested {..}/[..] descriptions skipped)."""
    head = "\n".join(line.lstrip("/ ").rstrip() for line in _header(text))
    m = re.search(r"Columns:(.*)", head, re.DOTALL)
    assert m, "header has no Columns:"
    body, depth, flat = m.group(1), 0, ""
    for ch in body:
        if ch in "[{(":
            depth += 1
        elif ch in "]})":
            depth -= 1
        elif depth == 0:
            flat += ch
    return [w.split()[0] for w in flat.replace("|", " ").split(",") if w.split()]


def test_there_are_query_files() -> None:
    assert {
        "find_suppliers",
        "find_chain_gaps",
        "find_visits",
        "get_park_profile",
        "get_region_profile",
        "get_entity",
        "get_neighbours",
        "search_entities",
        "get_document",
    } <= set(_FILES)


@pytest.mark.parametrize("name", _FILES)
def test_header_documents_parameters_and_columns(name: str) -> None:
    text = load_cypher(name)
    head = "\n".join(_header(text))
    assert head.startswith(f"// {name} — "), "first line: // <name> — what it answers"
    assert "Parameters:" in head and "Columns:" in head
    used = set(re.findall(r"\$(\w+)", text.split("\n", len(_header(text)))[-1]))
    documented = {m.group(1) for line in _header(text) if (m := _PARAM.match(line))}
    assert used == documented, f"used {sorted(used)} vs documented {sorted(documented)}"


@pytest.mark.parametrize("name", _FILES)
def test_runs_as_written_with_documented_params(name: str, dev_graph: neo4j.Driver) -> None:
    text = load_cypher(name)
    params = documented_params(dev_graph, text)
    records, _, _ = dev_graph.execute_query(text, params)  # the text exactly as in the file
    if name not in _EMPTY_OK:
        assert records, f"{name} returned no rows for its documented parameters"
        assert list(records[0].keys()) == documented_columns(text)


def test_cypher_dir_is_the_one_in_the_repo() -> None:
    assert CYPHER_DIR == Path(__file__).resolve().parent.parent / "cypher"
