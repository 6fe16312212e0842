"""The extractor: read -> clean -> recognise -> resolve -> relate.

    extractor = Extractor.load()            # gazetteers and automatons, once
    for item in iter_extract(paths, extractor):
        ...                                 # Extraction, or ReadError for a bad file

A bad article is reported and skipped; it never aborts a batch.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from loaders import chains, companies, people
from loaders.clean import clean
from loaders.places import get_places
from loaders.read import read_paths
from loaders.relate import relate, warm_relate
from loaders.resolve import build_entities, select_mentions
from loaders.types import Document, Extraction, Label, Mention, RawDocument, ReadError

__all__ = ["ExtractFailure", "Extractor", "iter_extract"]


@dataclass(slots=True)
class ExtractFailure:
    """An article that was read but could not be processed."""

    source: str
    reason: str


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of the extractor's code and data files: the graph rewrites a document
    whose extraction came from another version (a better extractor is not
    "unchanged" input)."""
    root = Path(__file__).resolve().parent
    files = sorted(root.rglob("*.py")) + sorted(
        f for f in (root.parent / "data").glob("*") if f.suffix in (".yaml", ".csv", ".txt", ".tsv")
    )
    h = hashlib.sha1()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


class Extractor:
    def __init__(self, places: Any) -> None:
        self.places = places
        self.fingerprint = extractor_fingerprint()

    @classmethod
    def load(cls) -> Extractor:
        """Gazetteers, automatons and jieba's dictionary, loaded here once rather than
        on the first document."""
        places = get_places()
        chains.warm()
        people.warm()  # also companies and the shared scan
        warm_relate()
        # the gazetteers and automatons live as long as the process: keep the cyclic garbage
        # collector from walking their ~200k objects again on every full collection
        gc.collect()
        gc.freeze()
        return cls(places)

    # -- recognise ---------------------------------------------------------
    def mentions(self, doc: Document) -> list[Mention]:
        found: list[Mention] = []
        found += self.places.find_regions(doc)
        found += self.places.find_parks(doc)
        found += companies.find_companies(doc)
        found += chains.find_chains(doc)
        found += people.find_people(doc)
        found += people.find_organizations(doc)
        found += people.find_projects(doc)
        return select_mentions(found)

    # -- one document ------------------------------------------------------
    def extract(self, doc: Document) -> Extraction:
        mentions = self.mentions(doc)
        entities = build_entities(mentions)
        relations, extra = relate(doc, mentions, entities, self.places)
        return Extraction(doc, entities + extra, relations, self.fingerprint)

    def extract_raw(self, raw: RawDocument) -> list[Extraction]:
        return [self.extract(d) for d in clean(raw)]


def iter_extract(
    paths: Iterable[str | Path], extractor: Extractor | None = None
) -> Iterator[Extraction | ReadError | ExtractFailure]:
    ex = extractor or Extractor.load()
    for item in read_paths(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield from ex.extract_raw(item)
        except Exception as e:  # noqa: BLE001 — one bad article must not abort the batch
            yield ExtractFailure(item.source, f"{type(e).__name__}: {e}")


SCORED_RELATIONS = {
    "PARK_IN", "LOCATED_IN", "SUPPLIES", "COMPANY_SUPPLIES", "LEADS",
    "FOCUSES_ON", "HAS_GAP", "OFFICIAL_VISITED", "HOLDS_POST",
}  # fmt: skip


def contract_line(ex: Extraction, all_relations: bool = False) -> dict[str, Any]:
    """The contract's JSON object. By default only the relation types that the
    annotation guide covers; the graph gets all of them."""
    out = ex.to_contract()
    if not all_relations:
        out["relations"] = [r for r in out["relations"] if r["type"] in SCORED_RELATIONS]
        out["entities"] = [e for e in out["entities"] if e["type"] != str(Label.SEGMENT)]
    return out
