"""Where a firm name starts: from its end leftwards over jieba tokens until punctuation, a
stop word or a title word.

Speed: jieba only ever sees the few characters between the last stop word and a name end,
and only when one of them could be a one-character stop token (fast_start decides the rest
without the tokenizer)."""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick
import jieba
from jieba import finalseg

from loaders.companies.data import (
    BOUNDARY,
    LEADING_PREPS,
    STOP_TAGS,
    is_han,
    rule_sets,
    rules,
    tags,
    title_words,
)


def is_stop(tok: str) -> bool:
    s = rule_sets()
    if tok in s["stop_words"] or tok in title_words():
        return True
    if any(ch.isdigit() for ch in tok):
        return True
    tag = tags().get(tok)
    # single-character function words only: 高新 (tagged d) is part of many firm names
    return bool(tag) and tag.startswith(STOP_TAGS) and len(tok) == 1


@lru_cache(maxsize=1)
def stop_regex() -> re.Pattern[str]:
    words = [w for w in rules()["stop_words"] if len(w) >= 2]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def window_start(text: str, end: int, limit: int) -> int:
    """Leftmost possible start: back to punctuation, at most `limit` characters."""
    lo = max(0, end - limit)
    i = end
    while i > lo:
        ch = text[i - 1]
        if ch in ")）":
            # 汉德车桥(株洲)齿轮有限公司: a short bracketed place belongs to the name
            j = max(text.rfind("(", lo, i), text.rfind("（", lo, i))
            if j >= 0 and 1 <= i - 1 - j - 1 <= 6 and all(is_han(c) for c in text[j + 1:i - 1]) and j > lo:
                i = j
                continue
            break
        if ch in BOUNDARY:
            break
        i -= 1
    return i


@lru_cache(maxsize=1)
def risky_chars() -> frozenset[str]:
    """Characters that may form a one-character stop token (的, 在, 2...): where one of them
    stands in a name's tail, only the tokenizer can tell whether it ends the name."""
    chars = {w for w in rules()["stop_words"] if len(w) == 1}
    chars |= {w for w in title_words() if len(w) == 1}
    chars |= {w for w, t in tags().items() if len(w) == 1 and t.startswith(STOP_TAGS)}
    chars |= LEADING_PREPS
    chars |= {chr(c) for c in range(0x10000) if chr(c).isdigit()}  # 2, ２, ①: digit tokens stop
    return frozenset(chars)


@lru_cache(maxsize=1)
def word_stops() -> ahocorasick.Automaton:
    """Stop words and title words of two or more characters, wherever they occur."""
    auto = ahocorasick.Automaton()
    for w in (*rules()["stop_words"], *title_words()):
        if len(w) >= 2:
            auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def stop_cut(text: str, i: int, end: int) -> int:
    """Just after the rightmost stop word of two or more characters in text[i:end] (or i)."""
    cut = i
    for m in stop_regex().finditer(text, i, end):
        cut = m.end()
    return cut


def fast_start(text: str, i: int, end: int) -> int | None:
    """The name start without the tokenizer, when the tokenizer could not change it: no
    one-character stop and no stop or title word in the part after the last stop word.
    None when the tokenizer is needed."""
    cut = stop_cut(text, i, end)
    if not risky_chars().isdisjoint(text[cut:end]):
        return None
    for last, n in word_stops().iter(text, max(i, cut - 12), end):
        if last + 1 > cut:
            return None  # a stop or title word ends inside the tail (or straddles the cut)
    return cut


@lru_cache(maxsize=65536)
def name_start(window: str) -> int:
    """Offset in `window` (a name's window, back to punctuation) where the name starts. It
    depends on the window alone, and firm names recur across articles: memoised (bounded)."""
    cut = fast_start(window, 0, len(window))
    if cut is None:
        cut = token_start(window, stop_cut(window, 0, len(window)), len(window))
    return cut


def extend_left(text: str, end: int, limit: int = 24) -> int:
    """Start of the name that ends at `end`: back over tokens until a boundary or stop word.
    It depends on the `limit` characters before `end` and the one before them (a date's
    digit) alone, and names recur: memoised on that window (bounded)."""
    lo = max(0, end - limit - 1)
    return lo + _extend_left_in(text[lo:end], limit)


@lru_cache(maxsize=65536)
def _extend_left_in(text: str, limit: int) -> int:
    """extend_left(text, len(text), limit)."""
    end = len(text)
    i = window_start(text, end, limit)
    if i == end:
        return end
    cut = i + name_start(text[i:end])
    # 2023年初湖南省…: a date never starts a name
    while cut < end and text[cut] in "年月日号" and cut > 0 and text[cut - 1].isdigit():
        cut += 1
    return cut


_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")  # jieba's re_han_default


def _tokens(s: str) -> list[str]:
    """jieba.lcut(s, HMM=True) as far as the name start can tell, for a short string that is
    one jieba block: the same DAG route; runs of single characters unknown to the dictionary
    go through the (slow) HMM only when they hold a character that may be a one-character
    stop token, since how the HMM splits any other run cannot move the name start."""
    if len(s) == 1:
        return [s]
    if not _JIEBA_BLOCK.fullmatch(s):
        return jieba.lcut(s, HMM=True)
    dt = jieba.dt
    route: dict[int, tuple[float, int]] = {}
    dt.calc(s, dt.get_DAG(s), route)
    out: list[str] = []
    buf = ""
    x, n = 0, len(s)
    while x < n:
        y = route[x][1] + 1
        if y - x == 1:
            buf += s[x]
        else:
            if buf:
                _flush(buf, out)
                buf = ""
            out.append(s[x:y])
        x = y
    if buf:
        _flush(buf, out)
    return out


def _flush(buf: str, out: list[str]) -> None:
    if len(buf) == 1:
        out.append(buf)
    elif not jieba.dt.FREQ.get(buf):
        if not risky_chars().isdisjoint(buf):
            out.extend(finalseg.cut(buf))
        else:
            out.append(buf)
    else:
        out.extend(buf)


def token_start(text: str, i: int, end: int) -> int:
    """The name start found by walking jieba tokens of text[i:end] leftwards; i is already
    after the last stop word, so only the short tail is segmented."""
    toks = _tokens(text[i:end])
    start = end
    for tok in reversed(toks):
        if is_stop(tok):
            break
        start -= len(tok)
    # a preposition glued to the name by the tokenizer (像宏工智能): drop it
    while end - start > 4 and text[start] in LEADING_PREPS:
        start += 1
    # stop words the tokenizer split (培强 -> 培/强): cut after the rightmost one in the span
    cut = start
    for m in stop_regex().finditer(text, start, end):
        cut = max(cut, m.end())
    # a character no firm name holds, glued into an unknown word by the HMM (广汽埃安是…)
    hard = rules()["never_in_names"]
    for k in range(end - 1, cut - 1, -1):
        if text[k] in hard:
            return k + 1
    return cut
