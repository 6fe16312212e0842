"""Allow-listed labels and relationship types, and the stable keys of the graph.

Cypher cannot take a label or a relationship type as a parameter, so the
writer formats them into query templates. They only ever come from the enums
below (never from user or article text): `label()` and `rel_type()` refuse
anything else.

Keys:
- Document.key = sha256 of the cleaned text (the contract's content hash), so
  the same text is the same node whatever file it came from.
- relationship key = hash of type + source key + target key: one
  relationship per fact, however many documents state it.
- Evidence.key = hash of relationship key + document key + offsets + rule.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from loaders.types import Label, RelType

__all__ = [
    "ENTITY_LABELS",
    "EVIDENCE",
    "FACT_REL_TYPES",
    "REL_PROPS",
    "date_sort_key",
    "doc_key",
    "evidence_key",
    "label",
    "rel_key",
    "rel_type",
    "seen_date",
]

#: labels of the entity nodes (everything but Document); the full-text index spans these
ENTITY_LABELS: tuple[Label, ...] = tuple(lb for lb in Label if lb is not Label.DOCUMENT)
#: relationship types that carry evidence or a data source (MENTIONS is bookkeeping)
FACT_REL_TYPES: tuple[RelType, ...] = tuple(rt for rt in RelType if rt is not RelType.MENTIONS)
#: relationship properties the contract defines; each evidence keeps its own (as p_<name>) and the
#: relationship shows the value of its best evidence that states one (highest confidence, then latest)
REL_PROPS: tuple[str, ...] = ("count", "segments", "date", "title", "gap")
#: label of the evidence nodes: (:Evidence)-[:IN]->(:Document), evidence.rel_key = r.key
EVIDENCE = "Evidence"


def label(value: str | Label) -> str:
    """The label as it may appear in Cypher; ValueError for anything not allow-listed."""
    return Label(value).value


def rel_type(value: str | RelType) -> str:
    return RelType(value).value


def _hash(*parts: object) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(str(p).encode("utf-8"))
        h.update(b"\x1f")  # separator: ("ab","c") and ("a","bc") must differ
    return h.hexdigest()


def doc_key(text: str) -> str:
    """Content hash of a cleaned document text (Document.key)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def rel_key(rtype: str | RelType, source_key: str, target_key: str) -> str:
    return _hash(rel_type(rtype), source_key, target_key)[:32]


def evidence_key(rkey: str, dkey: str, start: int, end: int, rule: str) -> str:
    return _hash(rkey, dkey, start, end, rule)[:32]


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_YMD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MD = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YM = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_NO_YEAR = re.compile(r"^--(\d{1,2})-(\d{1,2})")  # ISO 8601 month-day without a year: --11-27


def seen_date(published: str | None) -> str | None:
    """ISO date (YYYY-MM-DD) of a document's published field, or None if it has no year."""
    if not published:
        return None
    m = _ISO.match(published.strip()) or _YMD.search(published)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}"


def date_sort_key(raw: Any) -> tuple[str | None, str | None]:
    """(iso, sort) for a date as the article states it.

    iso is a full YYYY-MM-DD (or YYYY-MM) only when the text gives the year;
    sort is a string that orders dates without a year after those with one
    (`?` sorts after digits), so 11月27日 becomes '????-11-27'. The year is
    never guessed: an article that does not give it leaves it unknown.
    """
    if raw is None:
        return None, None
    s = str(raw)
    if iso := seen_date(s):
        return iso, iso
    if m := _YM.search(s):
        v = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
        return v, v
    if m := _NO_YEAR.match(s) or _MD.search(s):
        return None, f"????-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return None, None
