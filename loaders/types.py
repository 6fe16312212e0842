"""Typed values passed between the loader stages.

read -> RawDocument -> clean -> Document (+ stub Documents)
     -> recognise -> Mention[] -> resolve -> Entity[] -> relate -> Relation[]
     -> Extraction (one per Document; serialised as the contract's JSONL line)

Offsets are character offsets into ``Document.text`` (the normalised,
simplified text), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Label(StrEnum):
    """Node labels of the contract (../shared/spec/graph-model.md)."""

    REGION = "Region"
    PARK = "Park"
    COMPANY = "Company"
    CHAIN = "Chain"
    SEGMENT = "Segment"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    PROJECT = "Project"
    DOCUMENT = "Document"


class RelType(StrEnum):
    """Relationship types of the contract."""

    PARK_IN = "PARK_IN"
    REGION_IN = "REGION_IN"
    LOCATED_IN = "LOCATED_IN"
    SUPPLIES = "SUPPLIES"
    COMPANY_SUPPLIES = "COMPANY_SUPPLIES"
    LEADS = "LEADS"
    FOCUSES_ON = "FOCUSES_ON"
    HAS_GAP = "HAS_GAP"
    OFFICIAL_VISITED = "OFFICIAL_VISITED"
    HOLDS_POST = "HOLDS_POST"
    SUBSIDIARY_OF = "SUBSIDIARY_OF"
    PROJECT_IN = "PROJECT_IN"
    INVESTS_IN = "INVESTS_IN"
    MENTIONS = "MENTIONS"
    HAS_SEGMENT = "HAS_SEGMENT"


@dataclass(slots=True)
class RawDocument:
    """What the reader got out of one file (or one JSONL line)."""

    name: str  # the contract's `doc`: file name without extension
    source: str  # path (and line number for JSONL)
    text: str  # decoded, not yet cleaned
    encoding: str = "utf-8"
    title: str | None = None
    url: str | None = None
    published: str | None = None
    markup: str = "text"  # text | html | markdown


@dataclass(slots=True)
class ReadError:
    """A file that could not be read; the run goes on without it."""

    source: str
    reason: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    """A cleaned article or a related-article stub."""

    name: str  # `doc` of the contract; stubs are `<parent>#related-<n>`
    text: str  # simplified, cleaned text: offsets point here
    original: str  # the cleaned text before t2s (same length as `text`)
    title: str | None = None
    published: str | None = None  # ISO date when resolvable, else raw
    url: str | None = None
    source: str = ""
    truncated: bool = False  # a related-article stub
    parent: str | None = None
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    """A span of Document.text recognised as an entity."""

    label: Label
    start: int
    end: int
    surface: str  # text[start:end]
    key: str  # stable id of the entity it resolves to (adcode, park code, ...)
    name: str  # canonical name
    rule: str  # which rule or data file found it
    confidence: float = 0.9
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Entity:
    label: Label
    key: str
    name: str
    mentions: list[str] = field(default_factory=list)  # distinct surfaces
    attrs: dict[str, Any] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)  # where it is named in Document.text
    # surfaces that stand for it only in this document (高新区, 园区): never aliases in the graph
    local_mentions: list[str] = field(default_factory=list)

    def ref(self) -> EntityRef:
        return EntityRef(self.label, self.key, self.name)


@dataclass(slots=True, frozen=True)
class EntityRef:
    label: Label
    key: str
    name: str


@dataclass(slots=True)
class Evidence:
    doc: str
    sentence: str
    start: int  # offsets of the sentence in Document.text
    end: int
    rule: str
    confidence: float


@dataclass(slots=True)
class Relation:
    type: RelType
    source: EntityRef
    target: EntityRef
    evidence: Evidence
    props: dict[str, Any] = field(default_factory=dict)  # count, segments, date, title, gap


@dataclass(slots=True)
class Extraction:
    """Everything the extractor found in one Document."""

    document: Document
    entities: list[Entity]
    relations: list[Relation]
    extractor: str = ""  # fingerprint of the extractor's code and data (loaders.pipeline)

    def to_contract(self) -> dict[str, Any]:
        """The contract's JSON object (one line of `kg extract`)."""
        return {
            "doc": self.document.name,
            "title": self.document.title,
            "published": self.document.published,
            "truncated": self.document.truncated,
            "entities": [
                {"type": str(e.label), "name": e.name, "id": e.key, "mentions": e.mentions}
                for e in self.entities
            ],
            "relations": [
                {
                    "type": str(r.type),
                    "source": {"type": str(r.source.label), "name": r.source.name, "id": r.source.key},
                    "target": {"type": str(r.target.label), "name": r.target.name, "id": r.target.key},
                    "evidence": r.evidence.sentence,
                    "offsets": [r.evidence.start, r.evidence.end],
                    "rule": r.evidence.rule,
                    "confidence": r.evidence.confidence,
                    **({"props": r.props} if r.props else {}),
                }
                for r in self.relations
            ],
        }
