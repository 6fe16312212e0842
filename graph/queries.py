"""One typed function per query file in cypher/ (the single source of truth for Cypher).

Functions take a driver and plain parameters and return plain dicts/lists
(app/schemas.py validates them into response models). Limits are clamped to
MAX_LIMIT. Name resolution (`resolve`) turns what a user typed (a key, a
canonical name, an alias or a partial name) into one entity, or raises
EntityNotFound (with suggestions) / AmbiguousName (with candidates).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import neo4j
from opencc import OpenCC

from graph.db import run_file
from graph.errors import GraphError
from loaders.types import Label

__all__ = [
    "MAX_LIMIT",
    "AmbiguousName",
    "EntityNotFound",
    "find_chain_gaps",
    "find_suppliers",
    "find_visits",
    "get_document",
    "get_entity",
    "get_neighbours",
    "get_park_profile",
    "get_region_profile",
    "lucene_phrase",
    "lucene_terms",
    "resolve",
    "resolve_entity",
    "search_entities",
    "to_simplified",
]

MAX_LIMIT = 200
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3}


class EntityNotFound(GraphError):
    """No entity answers to the name; `suggestions` holds near matches from the full-text index."""

    def __init__(self, name: str, labels: Sequence[str] | None, suggestions: list[dict[str, Any]]) -> None:
        what = "/".join(labels) if labels else "entity"
        super().__init__(f"no {what} named {name!r}", "try one of the suggestions, or GET /search?q=")
        self.name = name
        self.suggestions = suggestions


class AmbiguousName(GraphError):
    """Several entities answer to the name equally well; `candidates` lists them."""

    def __init__(self, name: str, candidates: list[dict[str, Any]]) -> None:
        super().__init__(f"{name!r} is ambiguous ({len(candidates)} candidates)", "use a candidate's key")
        self.name = name
        self.candidates = candidates


def _limit(n: int) -> int:
    return max(1, min(int(n), MAX_LIMIT))


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text.strip())


_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def lucene_phrase(text: str) -> str:
    """The user's text as one quoted Lucene phrase: nothing in it is query syntax."""
    return '"' + _LUCENE_SPECIAL.sub(r"\\\1", text) + '"'


def lucene_terms(text: str) -> str:
    """The user's text as plain terms (any bigram may match, best scored first); syntax escaped.

    Lower-cased so that AND/OR/NOT are words, not operators (the analyzer lower-cases anyway).
    """
    return _LUCENE_SPECIAL.sub(r"\\\1", text.lower())


def _labels(labels: Sequence[str | Label] | None) -> list[str] | None:
    return [Label(x).value for x in labels] if labels else None


# --------------------------------------------------------------------------- query files


def find_suppliers(
    driver: neo4j.Driver, buyer: str, place: str, limit: int = 50, offset: int = 0
) -> list[dict]:
    """cypher/find_suppliers.cypher: direct, aggregate and inferred suppliers of `buyer` in `place` (keys)."""
    return run_file(
        driver, "find_suppliers", buyer=buyer, place=place, limit=_limit(limit), offset=max(0, offset)
    )


def find_chain_gaps(driver: neo4j.Driver, park: str, candidates: int = 5, limit: int = 50) -> list[dict]:
    """cypher/find_chain_gaps.cypher: chains of a park (key) with stated/taxonomy gaps and candidates."""
    return run_file(driver, "find_chain_gaps", park=park, candidates=_limit(candidates), limit=_limit(limit))


def find_visits(
    driver: neo4j.Driver,
    person: str | None = None,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict]:
    """cypher/find_visits.cypher: visit timeline by person and/or place key, ISO date bounds inclusive."""
    return run_file(
        driver,
        "find_visits",
        person=person,
        place=place,
        date_from=date_from,
        date_to=date_to,
        limit=_limit(limit),
        offset=max(0, offset),
    )


def get_park_profile(driver: neo4j.Driver, key: str, limit: int = 50) -> dict | None:
    rows = run_file(driver, "get_park_profile", key=key, limit=_limit(limit))
    return rows[0] if rows else None


def get_region_profile(driver: neo4j.Driver, key: str, limit: int = 50) -> dict | None:
    rows = run_file(driver, "get_region_profile", key=key, limit=_limit(limit))
    return rows[0] if rows else None


def get_entity(driver: neo4j.Driver, key: str, limit: int = 50) -> dict | None:
    rows = run_file(driver, "get_entity", key=key, limit=_limit(limit))
    return rows[0] if rows else None


def get_neighbours(driver: neo4j.Driver, key: str, depth: int = 1, limit: int = 100) -> dict | None:
    """cypher/get_neighbours.cypher: depth is clamped to 1..2."""
    rows = run_file(driver, "get_neighbours", key=key, depth=max(1, min(int(depth), 2)), limit=_limit(limit))
    return rows[0] if rows else None


def search_entities(
    driver: neo4j.Driver, text: str, labels: Sequence[str | Label] | None = None, limit: int = 20
) -> list[dict]:
    """cypher/search_entities.cypher on the user's text, converted to simplified Chinese.

    Any character bigram of the text may match (partial and misspelt names still find
    something); exact name/alias matches come first, then the full-text score.
    """
    plain = to_simplified(text)
    if not plain:
        return []
    return run_file(
        driver,
        "search_entities",
        query=lucene_terms(plain),
        text=plain,
        labels=_labels(labels),
        limit=_limit(limit),
    )


def resolve_entity(
    driver: neo4j.Driver, name: str, labels: Sequence[str | Label] | None = None, limit: int = 20
) -> list[dict]:
    """cypher/resolve_entity.cypher: candidates with match_rank (0 key, 1 name, 2 alias, 3 partial)."""
    plain = to_simplified(name)
    if not plain:
        return []
    return run_file(
        driver,
        "resolve_entity",
        name=plain,
        query=lucene_phrase(plain),
        labels=_labels(labels),
        limit=_limit(limit),
    )


def get_document(driver: neo4j.Driver, key: str) -> dict | None:
    """cypher/get_document.cypher plus `spans`: the mentions as sorted (start, end, entity) spans."""
    rows = run_file(driver, "get_document", key=key)
    if not rows:
        return None
    row = rows[0]
    spans = []
    for m in row["mentions"]:
        offs = m.get("offsets") or []
        for i in range(0, len(offs) - 1, 2):
            spans.append(
                {
                    "start": offs[i],
                    "end": offs[i + 1],
                    "label": m["label"],
                    "key": m["key"],
                    "name": m["name"],
                }
            )
    row["spans"] = sorted(spans, key=lambda s: (s["start"], -s["end"]))
    return row


# --------------------------------------------------------------------------- name resolution


def resolve(driver: neo4j.Driver, name: str, labels: Sequence[str | Label] | None = None) -> dict:
    """The one entity a user means by `name`, else EntityNotFound / AmbiguousName.

    The best match rank wins (key > canonical name > alias > partial). Ties:
    regions sharing a short name go to the higher level (湘潭 → 湘潭市, as
    the recognisers read short forms); a group and its subsidiaries sharing a
    name go to the group (三一 → 三一集团有限公司); a partial name that only one
    entity contains resolves to it (天易 → 湖南湘潭天易经济开发区).
    """
    cands = resolve_entity(driver, name, labels)
    if not cands:
        suggestions = search_entities(driver, name, labels, limit=5) if to_simplified(name) else []
        raise EntityNotFound(name, _labels(labels), suggestions)
    best = min(c["match_rank"] for c in cands)
    top = [c for c in cands if c["match_rank"] == best]
    if len(top) > 1 and all(c["label"] == Label.REGION.value for c in top):
        lvl = min(_LEVEL_RANK.get(c.get("level") or "", 9) for c in top)
        top = [c for c in top if _LEVEL_RANK.get(c.get("level") or "", 9) == lvl]
    if len(top) > 1:
        # a group and its own subsidiaries share a short name (三一: 三一集团, 三一重工): the group is
        # the reading that covers the others (and group queries include subsidiaries anyway)
        heads = [c for c in top if all(c["key"] in o.get("groups", []) for o in top if o["key"] != c["key"])]
        if len(heads) == 1:
            top = heads
    if len(top) > 1:
        raise AmbiguousName(name, top)
    return top[0]
