"""Cleaning a scraped article into Documents: the main article, then its related stubs.

Steps, per line, in this order (the rules live in data/boilerplate.yaml):
1. characters: newlines unified; zero-width and control characters dropped; tabs,
   NBSP and ideographic spaces become spaces; full-width ASCII letters, digits and
   symbols (Ａ１％) become ASCII. Chinese punctuation (，。：；！？（）“”) is KEPT as
   written: it is what the text uses, and recognisers match both bracket forms.
2. pinyin glosses removed (高新區(qū) -> 高新區), before t2s.
3. a run of 2+ spaces inside a line is a paragraph break the scraper flattened: it
   becomes a new line. Single spaces stay.
4. OpenCC t2s. Every later edit is found on the simplified line and applied at the
   same place in the original line, so `Document.original` (the cleaned text before
   t2s) has exactly the length of `Document.text` and offsets hold for both.
5. boilerplate lines dropped, boilerplate fragments cut, scraper substitutions
   (蕞 -> 最, 头部条 -> 第一条) applied.
6. title: the RawDocument's title (HTML <title>, JSONL) or else the first short line;
   site suffixes cut; later copies of it dropped. The title is the first line of
   `Document.text`, so entities in it have offsets like any other.
7. publication date: a full date in the header lines (2019-12-25 12:55:01) as ISO;
   else the raw month-day of a relative byline (admin8个月前 (09-28) -> '09-28').
8. everything after a 相关文章 line is split into stubs (a title line, often
   repeated, then a snippet ending in ...); each stub is its own truncated Document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc
import yaml

from loaders.dates import parse_date
from loaders.sentences import split_sentences
from loaders.types import Document, RawDocument

__all__ = ["DEFAULT_RULES", "Rules", "clean", "clean_title", "load_rules", "to_simplified"]

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "boilerplate.yaml"

# How many leading paragraphs count as the page header (breadcrumb, byline, date).
_HEADER_LINES = 10
# A first line longer than this, or ending like a sentence, is body text, not a title.
_MAX_TITLE = 80
_BYLINE_DATE = re.compile(r"前\s*[(（](\d{1,2}-\d{1,2})[)）]")
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_DATE_ONLY = re.compile(
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_MULTISPACE = re.compile(r"[ ]{2,}")
_HAS_WORD = re.compile(r"[0-9A-Za-z㐀-鿿]")
_SNIPPET_END = ("...", "…", "。。。")


# ---------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class _Rule:
    regex: re.Pattern[str]
    why: str
    max_len: int | None = None
    replace: str = ""

    def applies(self, line: str) -> bool:
        return self.max_len is None or len(line) <= self.max_len


@dataclass(frozen=True, slots=True)
class Rules:
    """data/boilerplate.yaml, compiled."""

    pinyin_gloss: re.Pattern[str]
    related_heading: re.Pattern[str]
    substitutions: tuple[_Rule, ...]
    drop_lines: tuple[_Rule, ...]
    drop_fragments: tuple[_Rule, ...]
    title_suffixes: tuple[_Rule, ...]


def _rule(entry: dict[str, Any], where: str) -> _Rule:
    if not isinstance(entry, dict) or "pattern" not in entry:
        raise ValueError(f"{where}: each rule needs a 'pattern' (got {entry!r})")
    flags = re.IGNORECASE if entry.get("ignore_case") else 0
    try:
        regex = re.compile(entry["pattern"], flags)
    except re.error as e:
        raise ValueError(f"{where}: bad pattern {entry['pattern']!r}: {e}") from None
    max_len = entry.get("max_len")
    return _Rule(regex, str(entry.get("why", "")), int(max_len) if max_len else None,
                 str(entry.get("replace", "")))


@lru_cache(maxsize=8)
def load_rules(path: str | Path = DEFAULT_RULES) -> Rules:
    """Compile a boilerplate file; a broken file fails loudly with the rule at fault."""
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}

    def rules(key: str) -> tuple[_Rule, ...]:
        return tuple(_rule(e, f"{path}: {key}[{i}]") for i, e in enumerate(data.get(key) or []))

    return Rules(
        pinyin_gloss=re.compile(data["pinyin_gloss"]),
        related_heading=re.compile(data["related_heading"]),
        substitutions=rules("substitutions"),
        drop_lines=rules("drop_lines"),
        drop_fragments=rules("drop_fragments"),
        title_suffixes=rules("title_suffixes"),
    )


# ---------------------------------------------------------------- t2s


class _T2S:
    """OpenCC t2s, fast: a character table for most lines, full OpenCC only where a
    phrase rule could apply. Output always has the input's length (one code point per
    code point), which keeps `original` and `text` aligned."""

    def __init__(self) -> None:
        self._cc = opencc.OpenCC("t2s")
        folder = Path(opencc.__file__).parent / "dictionary"
        self._table: dict[int, str] = {}
        for key, value in self._entries(folder / "TSCharacters.txt"):
            if len(key) == 1 and len(value) == 1:
                self._table[ord(key)] = value
        phrases = [k for k, v in self._entries(folder / "TSPhrases.txt") if len(k) == len(v)]
        self._phrase = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))
        # Phrases made only of characters the table leaves alone (沈默 -> 沉默) would be
        # missed by the "nothing changed" shortcut; their characters force the slow path.
        self._watch = {c for p in phrases if not any(ord(ch) in self._table for ch in p) for c in p}

    @staticmethod
    def _entries(path: Path) -> list[tuple[str, str]]:
        out = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if "\t" in line:
                    key, values = line.rstrip("\n").split("\t", 1)
                    out.append((key, values.split()[0]))
        return out

    def __call__(self, line: str) -> str:
        fast = line.translate(self._table)
        if fast == line and not any(c in self._watch for c in line):
            return line
        if self._phrase.search(line):
            full = self._cc.convert(line)
            if len(full) == len(line):
                return full
        return fast


@lru_cache(maxsize=1)
def _t2s() -> _T2S:
    return _T2S()


def to_simplified(text: str) -> str:
    """OpenCC t2s that keeps the length of the text."""
    return _t2s()(text)


# ---------------------------------------------------------------- characters

_CHAR_TABLE: dict[int, Any] = {c: None for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xAD)}
_CHAR_TABLE.update({c: None for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]})
_CHAR_TABLE.update({0x09: " ", 0xA0: " ", 0x3000: " ", 0x2028: "\n", 0x2029: "\n", 0x0D: "\n"})
# Full-width ASCII that matters for matching: letters, digits and symbols used in
# names and amounts. Chinese punctuation (！（），：；？) stays as written.
_CHAR_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})
_CHAR_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_CHAR_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_CHAR_TABLE.update({ord(c): chr(ord(c) - 0xFEE0) for c in "＃＄％＆＊＋－．／＜＝＞＠＿"})


def _normalise_chars(text: str) -> str:
    return text.replace("\r\n", "\n").translate(_CHAR_TABLE)


# ---------------------------------------------------------------- lines


class _Line:
    """One paragraph as (original, simplified), kept the same length by every edit."""

    __slots__ = ("orig", "simp")

    def __init__(self, orig: str, simp: str | None = None) -> None:
        self.orig = orig
        self.simp = to_simplified(orig) if simp is None else simp

    def sub(self, regex: re.Pattern[str], repl: Callable[[re.Match[str]], str]) -> None:
        """Replace every match of `regex` in the simplified text, in both versions."""
        matches = list(regex.finditer(self.simp))
        if not matches:
            return
        o, s, pos = [], [], 0
        for m in matches:
            new = repl(m)
            o += [self.orig[pos:m.start()], new]
            s += [self.simp[pos:m.start()], new]
            pos = m.end()
        self.orig = "".join(o) + self.orig[pos:]
        self.simp = "".join(s) + self.simp[pos:]

    def tidy(self) -> None:
        if "  " in self.simp:
            self.sub(_MULTISPACE, lambda m: " ")
        n = len(self.simp)
        lead = n - len(self.simp.lstrip())
        trail = len(self.simp.rstrip())
        if lead or trail < n:
            self.orig, self.simp = self.orig[lead:trail], self.simp[lead:trail]


def _is_dropped(simp: str, rules: Rules) -> bool:
    return any(r.applies(simp) and r.regex.search(simp) for r in rules.drop_lines)


def _repair(line: _Line, rules: Rules) -> _Line:
    """Fragments cut, substitutions applied, spaces tidied."""
    for r in rules.drop_fragments:
        line.sub(r.regex, lambda m: "")
    for r in rules.substitutions:
        line.sub(r.regex, lambda m, r=r: m.expand(r.replace))
    line.tidy()
    return line


def _paragraphs(raw_line: str) -> list[str]:
    return [p for p in (s.strip() for s in _MULTISPACE.split(raw_line)) if p]


def _key(s: str) -> str:
    """Comparison form of a title: no spaces."""
    return "".join(s.split())


# ---------------------------------------------------------------- title


def clean_title(title: str | None, rules: Rules | None = None) -> str | None:
    """A title as it should appear: simplified, site suffix and junk removed."""
    line = _title_line(title, rules or load_rules())
    return line.simp if line else None


def _title_line(title: str | None, rules: Rules) -> _Line | None:
    if not title:
        return None
    text = " ".join(_normalise_chars(rules.pinyin_gloss.sub("", title)).split())
    line = _Line(text)
    for r in rules.title_suffixes:
        line.sub(r.regex, lambda m: "")
    _repair(line, rules)
    return line if _HAS_WORD.search(line.simp) else None


def _looks_like_title(simp: str) -> bool:
    return len(simp) <= _MAX_TITLE and not simp.endswith(("。", "，", ",", "：", ":", "、", "；"))


# ---------------------------------------------------------------- main article


def _header_date(simp: str) -> str | None:
    m = _FULL_DATE.search(simp)
    return parse_date(f"{m[1]}-{m[2]}-{m[3]}") if m else None


def _main_lines(raw_lines: list[str], rules: Rules) -> tuple[list[_Line], str | None]:
    """Kept paragraphs of the main article and the publication date found in its header."""
    kept: list[_Line] = []
    iso: str | None = None
    byline: str | None = None
    seen = 0
    for raw_line in raw_lines:
        for para in _paragraphs(raw_line):
            seen += 1
            simp = to_simplified(para)
            header = seen <= _HEADER_LINES
            if _DATE_ONLY.fullmatch(simp):
                if header and iso is None:
                    iso = _header_date(simp)
                if header:
                    continue
            if _is_dropped(simp, rules):
                if header:
                    iso = iso or _header_date(simp)
                    if byline is None and (m := _BYLINE_DATE.search(simp)):
                        byline = m[1]
                continue
            line = _repair(_Line(para, simp), rules)
            if _HAS_WORD.search(line.simp):
                kept.append(line)
    return kept, iso or byline


# ---------------------------------------------------------------- related stubs


@dataclass
class _Stub:
    title: str | None
    snippet: list[str]
    closed: bool = False


def _split_stubs(raw_lines: list[str], rules: Rules) -> list[_Stub]:
    """Stubs after a 相关文章 line: a title line (often twice), then an indented
    snippet ending in '...'. A snippet with no title before it (its title was page
    junk) still makes a stub."""
    stubs: list[_Stub] = []
    cur: _Stub | None = None
    for raw_line in raw_lines:
        s = raw_line.strip()
        if not s:
            continue
        snippet = raw_line[:1].isspace() or s.endswith(_SNIPPET_END) or len(s) > 2 * _MAX_TITLE
        if not snippet:
            if cur is not None and not cur.snippet and cur.title is not None and _key(s) == _key(cur.title):
                continue  # the title repeated
            if _is_dropped(to_simplified(s), rules):
                cur = None  # page junk in a title's place, or footer boilerplate after the stubs
                continue
            cur = _Stub(s, [])
            stubs.append(cur)
            continue
        if cur is None or cur.closed:
            cur = _Stub(None, [])
            stubs.append(cur)
        cur.snippet.append(s)
        cur.closed = s.endswith(_SNIPPET_END)
    return stubs


def _stub_document(stub: _Stub, n: int, parent: Document, rules: Rules) -> Document:
    title = _title_line(stub.title, rules)
    body: list[_Line] = []
    for raw_line in stub.snippet:
        for para in _paragraphs(raw_line):
            simp = to_simplified(para)
            if _is_dropped(simp, rules):
                continue
            line = _repair(_Line(para, simp), rules)
            if _HAS_WORD.search(line.simp):
                body.append(line)
    if title is None and body and _looks_like_title(body[0].simp) and len(body[0].simp) <= 50 \
            and len(body) > 1:
        title = body[0]  # the junk took the title's place; the snippet often starts with it
    if title is not None:
        body = [ln for ln in body if _key(ln.simp) != _key(title.simp)]
    return _document(f"{parent.name}#related-{n}", title, body, parent, truncated=True)


# ---------------------------------------------------------------- assembly


def _document(name: str, title: _Line | None, body: list[_Line], src: Document | RawDocument,
              *, truncated: bool, published: str | None = None) -> Document:
    lines = ([title] if title is not None else []) + body
    text = "\n".join(ln.simp for ln in lines)
    return Document(
        name=name,
        text=text,
        original="\n".join(ln.orig for ln in lines),
        title=title.simp if title is not None else None,
        published=published,
        url=None if truncated else src.url,
        source=src.source,
        truncated=truncated,
        parent=src.name if truncated else None,
        sentences=split_sentences(text),
    )


def clean(raw: RawDocument, rules: Rules | None = None) -> list[Document]:
    """The main article as a Document, followed by one truncated Document per
    related-article stub (`<name>#related-<n>`, n from 1)."""
    rules = rules or load_rules()
    text = rules.pinyin_gloss.sub("", _normalise_chars(raw.text))
    raw_lines = text.split("\n")
    cut = next(
        (i for i, ln in enumerate(raw_lines)
         if len(s := ln.strip()) <= 12 and s and rules.related_heading.match(to_simplified(s))),
        len(raw_lines),
    )
    body, published = _main_lines(raw_lines[:cut], rules)
    title = _title_line(raw.title, rules)
    if title is None and body and _looks_like_title(body[0].simp):
        title = body.pop(0)
        for r in rules.title_suffixes:
            title.sub(r.regex, lambda m: "")
        title.tidy()
    if title is not None:
        body = [ln for ln in body if _key(ln.simp) != _key(title.simp)]
    main = _document(raw.name, title, body, raw, truncated=False,
                     published=parse_date(raw.published) or published)
    stubs = _split_stubs(raw_lines[cut + 1:], rules)
    return [main, *(_stub_document(s, i, main, rules) for i, s in enumerate(stubs, 1))]

