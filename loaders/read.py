"""Reading articles from files, folders and API input into RawDocuments.

Formats (by extension): .txt, .html/.htm, .md, .jsonl (one article per line with
`text` and optional `title`, `url`, `published`, `id`). Markup is turned into plain
text lines here, so `RawDocument.text` is always plain text; `markup` records where
it came from.

Encodings: UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are;
otherwise GB18030 (a superset of GBK/GB2312) and Big5 are both tried strictly and
the one whose characters look like ordinary Chinese wins (charset detectors guess
badly on short Chinese text, and GB18030 "decodes" almost any byte string).

Limits: a file (or a JSONL line) larger than `max_bytes` (default 5 MB, about
1.7 million Chinese characters; far above any news article) is reported as
"too large" without being read, so memory stays bounded however big the input.
JSONL files are streamed line by line, so a 50 MB JSONL of ordinary articles works.

Nothing here raises on bad input: every problem is a ReadError naming the file
(and line), and the iteration goes on with the next input.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from loaders.dates import parse_date
from loaders.types import RawDocument, ReadError

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "decode", "read_file", "read_paths", "read_text"]

DEFAULT_MAX_BYTES = int(os.environ.get("CHAINKG_MAX_ARTICLE_BYTES") or 5 * 1024 * 1024)
SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

# Minimum share of "ordinary" characters for a GB18030/Big5 decoding to be believed.
_MIN_PLAUSIBLE = 0.7
# Share of broken sequences (per non-ASCII character) tolerated in otherwise valid UTF-8.
_MAX_BAD_UTF8 = 0.01


class _DecodeError(ValueError):
    pass


# ---------------------------------------------------------------- decoding


def _is_common_gb(ch: str) -> bool:
    """A GB2312 level-1 hanzi (the 3755 most frequent simplified characters)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def _is_common_big5(ch: str) -> bool:
    """A Big5 常用字 (the 5401 frequent traditional characters, A440-C67E)."""
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E


_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》【】—…·「」『』　％")


def _plausibility(text: str, common: Any) -> float:
    """Share of characters that are ASCII, common punctuation or common hanzi."""
    sample = text[:20000]
    if not sample:
        return 0.0
    good = 0
    for ch in sample:
        if ch < "\x7f" and (ch.isprintable() or ch in "\n\r\t") or ch in _COMMON_PUNCT or common(ch):
            good += 1
    return good / len(sample)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to (text, encoding name); raises _DecodeError with a readable reason."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise _DecodeError(f"undecodable: UTF-8 BOM but invalid UTF-8 at byte {e.start + 3}") from None
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(enc), "utf-16"
            except UnicodeDecodeError:
                raise _DecodeError("undecodable: UTF-16 BOM but invalid UTF-16") from None
    if b"\x00" in data[:65536]:
        raise _DecodeError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc, common in (("gb18030", _is_common_gb), ("big5", _is_common_big5)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text, common), enc, text))
    best = max(candidates, default=None)
    if best is not None and best[0] >= _MIN_PLAUSIBLE:
        return best[2], best[1]
    # UTF-8 with a few broken bytes (a page cut mid-character) is still UTF-8.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ch > "\x7f")
    if bad <= _MAX_BAD_UTF8 * non_ascii and _plausibility(text, _is_common_gb) >= _MIN_PLAUSIBLE:
        return text, f"utf-8 ({bad} bad bytes replaced)"
    if best is None:
        raise _DecodeError("undecodable: not UTF-8, GB18030/GBK or Big5")
    raise _DecodeError(
        f"undecodable: not UTF-8, and as {best[1]} only {best[0]:.0%} of characters are ordinary text"
    )


# ---------------------------------------------------------------- markup


class _HtmlText(HTMLParser):
    """Visible text of an HTML page as lines; <title> and a published-date meta kept."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select"})
    _BLOCK = frozenset({
        "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "header",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "dd", "dt", "dl",
        "figure", "figcaption", "main", "nav", "aside", "form",
    })
    _DATE_META = frozenset({"article:published_time", "pubdate", "publishdate", "publish_date", "date", "dc.date"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.published: str | None = None
        self._skip_depth = 0
        self._in_title = False
        self._title_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs}
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in self._DATE_META and a.get("content") and not self.published:
                self.published = a["content"]
        elif tag in self._SKIP:
            self._skip_depth += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self.handle_starttag(tag, attrs)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            self.title = "".join(self._title_parts).strip() or self.title
        elif tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        elif not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None, str | None]:
    """(text lines, <title>, published meta) of an HTML document."""
    p = _HtmlText()
    p.feed(html)
    p.close()
    raw = "".join(p.parts)
    lines = (" ".join(line.split()) for line in raw.split("\n"))
    return "\n".join(line for line in lines if line), p.title, p.published


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_EMPH = re.compile(r"(\*\*|__|`)")
_MD_QUOTE_LIST = re.compile(r"^\s{0,3}(>\s?|[-*+]\s+)", re.MULTILINE)
_LOOKS_HTML = re.compile(r"<(p|div|br|html|body|span|article)\b[^>]*>", re.IGNORECASE)


_MARKUP_ALIASES = {"text": "text", "txt": "text", "plain": "text", "html": "html", "htm": "html",
                   "markdown": "markdown", "md": "markdown"}


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """(plain text, first heading) of a Markdown article."""
    heading = re.search(r"^\s{0,3}#{1,6}\s+(.+)$", md, re.MULTILINE)
    text = _MD_IMAGE.sub("", md)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE_LIST.sub("", text)
    text = _MD_EMPH.sub("", text)
    return text, (_MD_EMPH.sub("", heading.group(1)).strip() if heading else None)


# ---------------------------------------------------------------- public API


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def read_text(name: str, text: str, **meta: Any) -> RawDocument:
    """A RawDocument from text given directly (API input).

    `meta` may hold title, url, published, source, encoding and markup
    ('text' | 'html' | 'markdown'); html/markdown are converted to text here.
    """
    markup = _MARKUP_ALIASES.get(str(meta.get("markup") or "").lower().lstrip("."))
    if markup is None:
        markup = "html" if _LOOKS_HTML.search(text[:5000]) else "text"
    title = _str_or_none(meta.get("title"))
    published = _str_or_none(meta.get("published"))
    if markup == "html":
        text, html_title, html_published = html_to_text(text)
        title = title or _str_or_none(html_title)
        published = published or _str_or_none(html_published)
    elif markup == "markdown":
        text, md_title = markdown_to_text(text)
        title = title or _str_or_none(md_title)
    return RawDocument(
        name=name,
        source=str(meta.get("source") or "<text>"),
        text=text,
        encoding=str(meta.get("encoding") or "utf-8"),
        title=title,
        url=_str_or_none(meta.get("url")),
        published=parse_date(published),
        markup=markup,
    )


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / 1e6:.1f} MB > {limit / 1e6:.1f} MB limit)"


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[RawDocument | ReadError]:
    with path.open("rb") as f:
        lineno = 0
        while True:
            line = f.readline(max_bytes + 1)
            if not line:
                break
            lineno += 1
            source = f"{path}:{lineno}"
            if len(line) > max_bytes and not line.endswith(b"\n"):
                # Skip the rest of the over-long line without holding it in memory.
                size = len(line)
                while chunk := f.readline(1 << 20):
                    size += len(chunk)
                    if chunk.endswith(b"\n"):
                        break
                yield ReadError(source, _too_large(size, max_bytes))
                continue
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[3:]
            if not line.strip():
                continue  # blank lines separate nothing; not an error
            try:
                text, _ = decode(line)
                obj = json.loads(text)
            except _DecodeError as e:
                yield ReadError(source, str(e))
                continue
            except json.JSONDecodeError as e:
                yield ReadError(source, f"bad JSON: {e.msg} at column {e.colno}")
                continue
            if not isinstance(obj, dict):
                yield ReadError(source, f"bad JSON line: expected an object, got {type(obj).__name__}")
                continue
            body = obj.get("text", obj.get("content"))
            if not isinstance(body, str):
                yield ReadError(source, "no 'text' field (a string) in this line")
                continue
            if not body.strip():
                yield ReadError(source, "empty")
                continue
            name = _str_or_none(obj.get("id")) or f"{path.stem}-{lineno}"
            yield read_text(
                name,
                body,
                source=source,
                title=obj.get("title"),
                url=obj.get("url"),
                published=obj.get("published"),
                markup=obj.get("markup"),
            )


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | ReadError]:
    """The article(s) in one file: one RawDocument, or one per JSONL line, or ReadErrors."""
    path = Path(path)
    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield ReadError(source, f"unsupported file type {path.suffix or '(none)'!r}; expected one of "
                        + ", ".join(sorted(SUFFIXES)))
        return
    try:
        size = path.stat().st_size
        if kind == "jsonl":
            if size == 0:
                yield ReadError(source, "empty")
                return
            yield from _read_jsonl(path, max_bytes)
            return
        if size > max_bytes:
            yield ReadError(source, _too_large(size, max_bytes))
            return
        data = path.read_bytes()
    except OSError as e:
        yield ReadError(source, f"cannot read: {e.strerror or e}")
        return
    if not data.strip():
        yield ReadError(source, "empty")
        return
    try:
        text, encoding = decode(data)
    except _DecodeError as e:
        yield ReadError(source, str(e))
        return
    if not text.strip():
        yield ReadError(source, "empty")
        return
    doc = read_text(path.stem, text, source=source, encoding=encoding, markup=kind)
    if not doc.text.strip():
        yield ReadError(source, "empty (no text after removing markup)")
        return
    yield doc


def _expand(path: Path) -> Iterator[Path]:
    """A folder's article files, recursively, sorted; hidden files and other types skipped."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(root) / name


def read_paths(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | ReadError]:
    """RawDocuments (and ReadErrors for what could not be read) from files and folders.

    Files named explicitly are read whatever happens; folders contribute only files
    with a known extension. A missing path is a ReadError, not an exception.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in _expand(path):
                yield from read_file(f, max_bytes=max_bytes)
        elif path.exists():
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield ReadError(str(path), "no such file or folder")
