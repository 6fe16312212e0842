"""A company candidate, and the choice among overlapping ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Cand:
    start: int
    end: int
    name: str  # surface name (legal or short)
    key: str
    display: str
    rule: str
    conf: float
    group_key: str = ""
    priority: int = 0  # breaks ties between equal spans


def resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """Longest span first; a candidate overlapping a kept one is dropped."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    kept: list[Cand] = []
    taken = bytearray(max((c.end for c in cands), default=0))  # 1 = inside a kept span
    for c in cands:
        if any(taken[c.start:c.end]):
            continue
        kept.append(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    kept.sort(key=lambda c: c.start)
    return kept
