"""loaders.read: formats, encodings and garbage in. Inputs are generated in tmp_path."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import opencc
import pytest

from loaders.clean import clean
from loaders.read import read_file, read_paths, read_text
from loaders.types import RawDocument, ReadError

DEV = Path(__file__).resolve().parent.parent / "data" / "samples" / "dev"
SIMPLIFIED = (DEV / "000_4609dc6c1967e403.txt").read_text(encoding="utf-8").replace("\xa0", " ")  # GBK has no NBSP
TRADITIONAL = opencc.OpenCC("s2t").convert(SIMPLIFIED)


def _one(path: Path, **kw) -> RawDocument | ReadError:
    out = list(read_paths([path], **kw))
    assert len(out) == 1, out
    return out[0]


def test_dev_files_read_as_utf8():
    docs = [r for r in read_paths(sorted(DEV.glob("*.txt")))]
    assert [d.name for d in docs] == [p.stem for p in sorted(DEV.glob("*.txt"))]
    assert all(isinstance(d, RawDocument) and d.encoding == "utf-8" for d in docs)


def test_gbk_file_is_detected(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(SIMPLIFIED.encode("gbk"))
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "gb18030"
    assert doc.text == SIMPLIFIED


def test_big5_file_is_detected(tmp_path):
    p = tmp_path / "big5.txt"
    p.write_bytes(TRADITIONAL.encode("big5", errors="replace"))
    doc = _one(p)
    assert isinstance(doc, RawDocument)
    assert doc.encoding == "big5"
    assert "湘潭天易經開區" in doc.text
    # and it cleans to simplified text like the UTF-8 original
    main = clean(doc)[0]
    assert "湘潭天易经开区紧邻株洲" in main.text


def test_short_gbk_and_big5_snippets(tmp_path):
    (tmp_path / "a.txt").write_bytes("株洲高新区".encode("gbk"))
    (tmp_path / "b.txt").write_bytes("株洲高新區".encode("big5"))
    a, b = read_paths([tmp_path])
    assert (a.text, a.encoding) == ("株洲高新区", "gb18030")
    assert (b.text, b.encoding) == ("株洲高新區", "big5")


def test_utf8_bom_is_dropped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + "标题\n正文。".encode())
    doc = _one(p)
    assert doc.text == "标题\n正文。" and doc.encoding == "utf-8-sig"


def test_binary_file_is_an_error(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    err = _one(p)
    assert isinstance(err, ReadError)
    assert "binary" in err.reason and err.source == str(p)


def test_undecodable_bytes_are_an_error(tmp_path):
    import random

    rnd = random.Random(7)
    p = tmp_path / "noise.txt"
    p.write_bytes(bytes(rnd.randrange(1, 256) for _ in range(4000)))
    err = _one(p)
    assert isinstance(err, ReadError) and "undecodable" in err.reason


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  "])
def test_empty_file_is_an_error(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    err = _one(p)
    assert isinstance(err, ReadError) and err.reason == "empty"


def test_fifty_mb_text_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse file: 50 MB of NULs on disk, instantly
    tracemalloc.start()
    t0 = time.perf_counter()
    err = _one(p)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert isinstance(err, ReadError)
    assert err.reason.startswith("too large (52.4 MB > 5.2 MB limit)")
    assert peak < 1_000_000 and elapsed < 1.0


def test_size_limit_is_configurable(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("标题\n" + "正文。" * 100, encoding="utf-8")
    assert isinstance(_one(p, max_bytes=100), ReadError)
    assert isinstance(_one(p, max_bytes=10_000), RawDocument)


def test_fifty_mb_jsonl_streams_with_bounded_memory(tmp_path):
    """A 50 MB JSONL: one over-long line (refused) among ordinary articles (read)."""
    p = tmp_path / "big.jsonl"
    article = json.dumps({"title": "标题", "text": "株洲高新区招商。" * 200}, ensure_ascii=False)
    with p.open("w", encoding="utf-8") as f:
        f.write(article + "\n")
        f.write(json.dumps({"text": "长" * (16 * 1024 * 1024)}, ensure_ascii=False) + "\n")  # 48 MB
        for _ in range(400):
            f.write(article + "\n")
    assert p.stat().st_size > 50_000_000
    tracemalloc.start()
    n_docs = 0
    errors = []
    for item in read_paths([p]):
        if isinstance(item, ReadError):
            errors.append(item)
        else:
            n_docs += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n_docs == 401
    assert len(errors) == 1 and errors[0].source == f"{p}:2" and "too large" in errors[0].reason
    assert peak < 15_000_000, f"peak {peak / 1e6:.1f} MB"


def test_folder_with_one_bad_file_among_good_ones(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("甲文章\n株洲高新区。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "sub" / "c.md").write_text("# 丙文章\n\n正文。", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    out = list(read_paths([tmp_path]))
    assert [type(o).__name__ for o in out] == ["RawDocument", "ReadError", "RawDocument"]
    assert out[0].name == "a" and out[2].name == "c" and out[2].title == "丙文章"
    assert out[1].source.endswith("b.txt")


def test_jsonl_with_one_broken_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(
        "\n".join([
            json.dumps({"title": "甲", "url": "http://a", "published": "2023-05-01 08:00:00", "text": "甲文。"},
                       ensure_ascii=False),
            '{"title": "乙", "text": "broken',
            json.dumps({"id": "my-id", "text": "丙文。"}, ensure_ascii=False),
            json.dumps({"title": "no text"}, ensure_ascii=False),
            "",
            json.dumps(["not", "an", "object"]),
        ]) + "\n",
        encoding="utf-8",
    )
    out = list(read_paths([p]))
    docs = [o for o in out if isinstance(o, RawDocument)]
    errs = [o for o in out if isinstance(o, ReadError)]
    assert [d.name for d in docs] == ["feed-1", "my-id"]
    assert docs[0].title == "甲" and docs[0].url == "http://a" and docs[0].published == "2023-05-01"
    assert [e.source for e in errs] == [f"{p}:2", f"{p}:4", f"{p}:6"]
    assert "bad JSON" in errs[0].reason and "text" in errs[1].reason and "object" in errs[2].reason


def test_html_to_text(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>株洲高新区新闻 - 某网</title><script>var x='不要';</script>"
        '<meta property="article:published_time" content="2021-03-04T10:00:00+08:00">'
        "<style>.a{}</style></head><body><div>第一段&amp;内容。</div><p>第二段</p></body></html>",
        encoding="utf-8",
    )
    doc = _one(p)
    assert doc.markup == "html" and doc.title == "株洲高新区新闻 - 某网"
    assert doc.text == "第一段&内容。\n第二段"
    assert doc.published == "2021-03-04"
    main = clean(doc)[0]
    assert main.title == "株洲高新区新闻" and main.text.startswith("株洲高新区新闻\n第一段")


def test_missing_and_unsupported_paths(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    missing, unsupported = read_paths([tmp_path / "nope.txt", tmp_path / "x.pdf"])
    assert isinstance(missing, ReadError) and "no such file" in missing.reason
    assert isinstance(unsupported, ReadError) and "unsupported" in unsupported.reason


def test_read_file_is_a_generator_of_one(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# 标题\n\n![图](x.jpg) [链接](http://x) **正文**。", encoding="utf-8")
    (doc,) = read_file(p)
    assert doc.title == "标题" and "链接 正文。" in doc.text and "x.jpg" not in doc.text


def test_read_text_for_api_input():
    doc = read_text("api-1", "标题\n正文。", title="标题", published="2020年1月2日", url="u")
    assert (doc.name, doc.title, doc.published, doc.url, doc.source) == ("api-1", "标题", "2020-01-02", "u", "<text>")
    html = read_text("api-2", "<p>甲</p><p>乙</p>")
    assert html.markup == "html" and html.text == "甲\n乙"
