"""What relation rules need to know about a document.

Sentences with their mentions, clauses (the spans between ，,；), the
document's dominant park and its "home" regions (what a bare 市委书记 or 我区
refers to), and the cue lists from data/relation_cues.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml

from loaders.types import Document, Entity, EntityRef, Evidence, Label, Mention, Relation, RelType, Sentence

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:\n]")


@lru_cache(maxsize=1)
def cues() -> dict[str, list[str]]:
    with open(DATA_DIR / "relation_cues.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    # Longest first, so that 引进了 is tried before 引进.
    return {k: sorted(v, key=len, reverse=True) for k, v in data.items()}


@cache
def cue_pattern(kind: str) -> re.Pattern[str]:
    """One alternation per cue list: the leftmost cue, the longest on ties."""
    return re.compile("|".join(re.escape(c) for c in cues()[kind]))


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    text: str


@dataclass
class SentenceView:
    sentence: Sentence
    index: int
    mentions: list[Mention]

    @cached_property
    def clauses(self) -> list[Clause]:
        return _clauses(self.sentence)

    def of(self, *labels: Label) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels]

    def clause_of(self, pos: int) -> Clause:
        for c in self.clauses:
            if c.start <= pos < c.end:
                return c
        return self.clauses[-1]

    def in_span(self, start: int, end: int, *labels: Label) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels and start <= m.start and m.end <= end]


@dataclass
class DocContext:
    doc: Document
    mentions: list[Mention]
    entities: dict[tuple[Label, str], Entity]
    sentences: list[SentenceView]
    main_park: Mention | None = None
    region_counts: Counter[str] = field(default_factory=Counter)
    cache: dict[str, object] = field(default_factory=dict)  # per-document memo for rules
    _starts: list[int] = field(default_factory=list)
    _sorted: list[Mention] = field(default_factory=list)

    def between(self, a: int, b: int) -> list[Mention]:
        """Mentions that start in [a, b), in text order (bisect: rules stay
        linear on long documents)."""
        if not self._sorted:
            self._sorted = sorted(self.mentions, key=lambda m: m.start)
            self._starts = [m.start for m in self._sorted]
        return self._sorted[bisect_left(self._starts, a) : bisect_left(self._starts, b)]

    def last_before(self, label: Label, pos: int) -> Mention | None:
        """The last mention of that label ending at or before pos."""
        for m in reversed(self.between(max(0, pos - 400), pos)):
            if m.label == label and m.end <= pos:
                return m
        return None

    def home_region(self, suffix: str) -> Mention | None:
        """The most-mentioned region whose name ends in suffix (市/区/县): what a
        bare 市委书记 or 区领导 refers to."""
        memo = f"home:{suffix}"
        if memo not in self.cache:
            regions = [m for m in self.mentions if m.label == Label.REGION and m.name.endswith(suffix)]
            # max() keeps the first of equals: the earliest-mentioned region wins ties
            self.cache[memo] = max(regions, key=lambda m: self.region_counts[m.key], default=None)
        return self.cache[memo]  # type: ignore[return-value]

    # --- evidence -------------------------------------------------------
    def evidence(self, sv: SentenceView, rule: str, confidence: float) -> Evidence:
        s = sv.sentence
        return Evidence(self.doc.name, s.text, s.start, s.end, rule, confidence)

    def relation(
        self,
        rtype: RelType,
        source: Mention | Entity | EntityRef,
        target: Mention | Entity | EntityRef,
        sv: SentenceView,
        rule: str,
        confidence: float,
        **props: object,
    ) -> Relation:
        return Relation(rtype, _ref(source), _ref(target), self.evidence(sv, rule, confidence), dict(props))

    def has_cue(self, text: str, kind: str) -> str | None:
        m = cue_pattern(kind).search(text)
        return m.group() if m else None

    def cue_matches(self, text: str, kind: str) -> list[re.Match[str]]:
        """Every occurrence of every cue of that kind, left to right."""
        return list(cue_pattern(kind).finditer(text))

    def first_cue(self, text: str, kind: str) -> tuple[str, int] | None:
        """The cue of that kind that occurs first in text (longest on ties)."""
        m = cue_pattern(kind).search(text)
        return (m.group(), m.start()) if m else None

    def last_cue_before(self, text: str, pos: int, kinds: tuple[str, ...]) -> tuple[str, int] | None:
        """The cue kind (of `kinds`) whose word ends last before pos in text."""
        best: tuple[str, int] | None = None
        head = text[:pos]
        for kind in kinds:
            end = -1
            for m in cue_pattern(kind).finditer(head):
                end = m.end()
            if end >= 0 and (best is None or end > best[1]):
                best = (kind, end)
        return best


def top(ms: list[Mention]) -> list[Mention]:
    """Mentions standing on their own: not a region read from inside a park's name."""
    return [m for m in ms if not m.attrs.get("nested")]


def _ref(x: Mention | Entity | EntityRef) -> EntityRef:
    if isinstance(x, EntityRef):
        return x
    if isinstance(x, Entity):
        return x.ref()
    return EntityRef(x.label, x.key, x.name)


def _clauses(s: Sentence) -> list[Clause]:
    out = []
    pos = s.start
    for m in _CLAUSE_BREAK.finditer(s.text):
        end = s.start + m.end()
        if end > pos:
            out.append(Clause(pos, end, s.text[pos - s.start : end - s.start]))
        pos = end
    if pos < s.end:
        out.append(Clause(pos, s.end, s.text[pos - s.start :]))
    return out or [Clause(s.start, s.end, s.text)]


def build_context(doc: Document, mentions: list[Mention], entities: list[Entity]) -> DocContext:
    sentences = doc.sentences or [Sentence(0, len(doc.text), doc.text)]
    views = []
    mi = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mi]
    for i, s in enumerate(sentences):
        lo, hi = bisect_left(starts, s.start), bisect_left(starts, s.end)
        ms = [m for m in mi[lo:hi] if m.end <= s.end]
        views.append(SentenceView(s, i, ms))
    ctx = DocContext(doc, mentions, {(e.label, e.key): e for e in entities}, views)
    ctx.main_park = _main_park(doc, mentions)
    ctx.region_counts = Counter(m.key for m in mentions if m.label == Label.REGION)
    return ctx


def _main_park(doc: Document, mentions: list[Mention]) -> Mention | None:
    parks = [m for m in mentions if m.label == Label.PARK]
    if not parks:
        return None
    counts = Counter(m.key for m in parks)
    title = doc.title or ""
    for m in parks:  # a park in the title is what the article is about
        if m.surface and m.surface in title:
            counts[m.key] += 3
    key = counts.most_common(1)[0][0]
    return next(m for m in parks if m.key == key)
