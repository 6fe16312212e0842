"""Relations from sentence patterns and document context.

One module per family of relations; `relate()` runs them all and merges
duplicates (the same fact from two rules keeps the best evidence).
"""

from __future__ import annotations

from loaders.relate.chains import company_supplies, focuses_on, has_gap, leads
from loaders.relate.context import DocContext, build_context, cue_pattern, cues
from loaders.relate.firms import located_in, projects, subsidiaries, supplies
from loaders.relate.people import holds_post, official_visited
from loaders.relate.places import park_in
from loaders.types import Document, Entity, Mention, Relation

__all__ = ["DocContext", "build_context", "relate", "warm_relate"]

_RULES = (
    focuses_on,
    has_gap,
    leads,
    company_supplies,
    located_in,
    supplies,
    subsidiaries,
    projects,
    holds_post,
    official_visited,
)


def relate(doc: Document, mentions: list[Mention], entities: list[Entity], places) -> tuple[list[Relation], list[Entity]]:
    """All relations of a document, and entities that relations needed but
    the text named only implicitly (a park's county)."""
    ctx = build_context(doc, mentions, entities)
    rels, extra = park_in(ctx, places)
    for rule in _RULES:
        rels.extend(rule(ctx))
    return _merge(rels), extra


def warm_relate() -> None:
    """Read the cue lists and compile their patterns now, not on the first document."""
    for kind in cues():
        cue_pattern(kind)


def _merge(rels: list[Relation]) -> list[Relation]:
    best: dict[tuple, Relation] = {}
    for r in rels:
        k = (r.type, r.source.label, r.source.key, r.target.label, r.target.key)
        if r.source.key == r.target.key and r.source.label == r.target.label:
            continue
        cur = best.get(k)
        if cur is None or r.evidence.confidence > cur.evidence.confidence:
            if cur is not None:
                r.props = {**cur.props, **r.props}
            best[k] = r
    return list(best.values())
