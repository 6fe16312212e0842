"""Splitting Document.text into sentences with offsets.

A sentence ends at 。！？； (and ASCII ! ? ;) or at a newline. Closing quotes and
brackets right after the end mark belong to the sentence (…之列。” stays whole).
Inside a quotation “…” an end mark does not split when the quote closes within
`_QUOTE_REACH` characters: a short quoted sentence is part of the sentence that
quotes it (他说:“好。”然后…). Long quotations are split like any text.
Leading and trailing spaces are not part of a sentence; empty sentences are skipped.
"""

from __future__ import annotations

import re

from loaders.types import Sentence

__all__ = ["split_sentences"]

_ENDS = set("。！？；!?;")
_CLOSERS = set("”’」』）)》】\"'")
_OPEN_QUOTES = {"“": "”", "「": "」", "『": "』"}
_QUOTE_REACH = 60
_SPACE = re.compile(r"\s")


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    n = len(text)
    start = 0
    i = 0
    quote_close: int = -1  # index of the closing quote of the open quotation, if near
    while i < n:
        ch = text[i]
        if ch in _OPEN_QUOTES:
            j = text.find(_OPEN_QUOTES[ch], i + 1, i + 1 + _QUOTE_REACH)
            nl = text.find("\n", i + 1, j if j >= 0 else i)
            quote_close = j if j >= 0 and nl < 0 else -1
        elif i == quote_close:
            quote_close = -1
        if ch == "\n":
            _add(out, text, start, i)
            start = i + 1
            quote_close = -1
        elif ch in _ENDS and quote_close < i:
            j = i + 1
            while j < n and (text[j] in _ENDS or text[j] in _CLOSERS):
                j += 1
            _add(out, text, start, j)
            start = j
            i = j
            continue
        i += 1
    _add(out, text, start, n)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and _SPACE.match(text[start]):
        start += 1
    while end > start and _SPACE.match(text[end - 1]):
        end -= 1
    if start < end:
        out.append(Sentence(start, end, text[start:end]))
