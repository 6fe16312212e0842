"""Resolution: overlapping mentions to one reading, mentions to entities.

Recognisers run independently and overlap (宁德时代 is a Company and holds the
Region short form 宁德; 中微新材料 is a firm that holds the chain 新材料). The
longest span wins, except inside Organization and Project names, whose parts
(the park of a 管委会, the firm of a project) are facts of their own, and for
mentions a recogniser marks ``nested`` (a region read from a park's name).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict

from loaders.types import Entity, Label, Mention

__all__ = ["build_entities", "select_mentions"]

# Labels whose spans keep the mentions inside them.
_CONTAINERS = {Label.ORGANIZATION, Label.PROJECT}

# On equal spans, which reading wins.
_PRIORITY = {
    Label.PARK: 0,
    Label.COMPANY: 1,
    Label.ORGANIZATION: 2,
    Label.PROJECT: 3,
    Label.REGION: 4,
    Label.PERSON: 5,
    Label.CHAIN: 6,
    Label.SEGMENT: 7,
}


def _rank(m: Mention) -> float:
    """Reading preference on equal spans. A park found only by its suffix
    (…物流园) yields to a firm that an enumeration of firms names
    (引进了绿信农产品物流园和杭州网营物联等…企业)."""
    if m.label == Label.PARK and m.rule.startswith("park-suffix"):
        return 1.5
    return _PRIORITY.get(m.label, 9)


class _Intervals:
    """Disjoint [start, end) intervals, sorted: overlap test in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlapping(self, start: int, end: int) -> tuple[int, int] | None:
        # The interval with the greatest start < end also has the greatest end
        # among those, because the intervals are disjoint.
        i = bisect_left(self.starts, end) - 1
        if i >= 0 and self.ends[i] > start:
            return self.starts[i], self.ends[i]
        return None

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def select_mentions(mentions: list[Mention]) -> list[Mention]:
    """Keep a consistent, non-overlapping reading (plus allowed nested ones)."""
    ordered = sorted(
        (m for m in mentions if not m.attrs.get("nested")),
        key=lambda m: (-(m.end - m.start), _rank(m), -m.confidence, m.start),
    )
    plain, containers = _Intervals(), _Intervals()
    kept: list[Mention] = []
    for m in ordered:
        if plain.overlapping(m.start, m.end):
            continue
        box = containers.overlapping(m.start, m.end)
        if m.label in _CONTAINERS:
            if box:
                continue
            containers.add(m.start, m.end)
        else:
            if box and not (box[0] <= m.start and m.end <= box[1]):
                continue  # straddles an organisation's or project's name
            plain.add(m.start, m.end)
        kept.append(m)
    kept.extend(m for m in mentions if m.attrs.get("nested"))
    kept.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return _dedupe(kept)


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[int, int, Label, str]] = set()
    out = []
    for m in mentions:
        sig = (m.start, m.end, m.label, m.key)
        if sig not in seen:
            seen.add(sig)
            out.append(m)
    return out


def build_entities(mentions: list[Mention]) -> list[Entity]:
    """One entity per (label, key), in order of first mention."""
    by_key: OrderedDict[tuple[Label, str], Entity] = OrderedDict()
    for m in mentions:
        ent = by_key.get((m.label, m.key))
        if ent is None:
            ent = Entity(label=m.label, key=m.key, name=m.name, attrs=dict(m.attrs))
            ent.attrs.pop("nested", None)
            by_key[(m.label, m.key)] = ent
        if m.surface not in ent.mentions:
            ent.mentions.append(m.surface)
        if m.rule.startswith("bare") and m.surface not in ent.local_mentions:
            ent.local_mentions.append(m.surface)
        ent.spans.append((m.start, m.end))
    return list(by_key.values())
