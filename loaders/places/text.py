"""Small text helpers shared by the region and park recognisers."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from loaders.places.gazetteer import Span

__all__ = ["CJK", "dominant", "freq", "is_word", "lcut", "pos", "sentence_start"]

CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？!?\n]")


@lru_cache(maxsize=65536)
def lcut(s: str) -> tuple[str, ...]:
    import jieba  # imported lazily: loading the gazetteers must stay fast

    return tuple(jieba.lcut(s, HMM=False))


@lru_cache(maxsize=65536)
def pos(token: str) -> str:
    """jieba's dictionary part-of-speech of a word ('' when unknown)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab.get(token, "")


def freq(word: str) -> int:
    """jieba's dictionary frequency of a word (0 when unknown)."""
    import jieba

    return jieba.dt.FREQ.get(word, 0) or 0


def is_word(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] starts and ends on jieba token boundaries of its neighbourhood
    (株洲|坚定 passes; 大同 in 大同小异 and 开发区 in 开发区域 do not)."""
    lo, hi = max(0, s - 4), min(len(text), e + 4)
    bounds = _bounds(text[lo:hi])
    return s - lo in bounds and e - lo in bounds


@lru_cache(maxsize=65536)
def _bounds(window: str) -> frozenset[int]:
    """Offsets in window where a jieba token starts or ends."""
    out = {0}
    at = 0
    for tok in lcut(window):
        at += len(tok)
        out.add(at)
    return frozenset(out)


def sentence_start(text: str, at: int) -> int:
    m = None
    for m in _SENTENCE_END.finditer(text, max(0, at - 300), at):
        pass
    return m.end() if m else max(0, at - 300)


def dominant(spans: list[Span]) -> Span | None:
    """The most mentioned entity among spans (earliest on a tie), as its first span."""
    if not spans:
        return None
    counts = Counter(sp.key for sp in spans)
    first: dict[str, Span] = {}
    for sp in spans:
        first.setdefault(sp.key, sp)
    key = max(counts, key=lambda k: (counts[k], -first[k].start))
    return first[key]
