"""loaders.clean, loaders.sentences and loaders.dates on the dev articles and on small cases."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from loaders.clean import clean, load_rules, to_simplified
from loaders.dates import find_dates, parse_date, with_year
from loaders.read import read_paths, read_text
from loaders.sentences import split_sentences
from loaders.types import Document, RawDocument

DEV = Path(__file__).resolve().parent.parent / "data" / "samples" / "dev"


@pytest.fixture(scope="module")
def dev() -> dict[str, list[Document]]:
    raws = list(read_paths(sorted(DEV.glob("*.txt"))))
    assert all(isinstance(r, RawDocument) for r in raws)
    return {r.name: clean(r) for r in raws}


def _main(dev, prefix: str) -> Document:
    return next(docs[0] for name, docs in dev.items() if name.startswith(prefix))


def _doc(dev, name: str) -> Document:
    return next(d for docs in dev.values() for d in docs if d.name == name)


# ---------------------------------------------------------------- dev articles

TITLES = {
    "000": "湘潭天易经开区:科技赋能企业发展 积极承接产业配套",
    "001": "今年株洲高新区聚焦优势产业铺排96个市级重点项目",
    "002": "湘潭天易经开区的图强之路",
    "003": "株洲市先进轨道交通装备产业链建设推进大会召开",
    "004": "吴勇强带队赴泰州医药高新区、靖江市、溧阳市学习考察",
}


@pytest.mark.parametrize("prefix,title", sorted(TITLES.items()))
def test_title_is_first_line_and_not_repeated(dev, prefix, title):
    main = _main(dev, prefix)
    assert main.title == title
    assert main.text.split("\n")[0] == title
    assert main.text.split("\n").count(title) == 1  # a repeated title line is dropped


@pytest.mark.parametrize("prefix,published", [("000", "09-28"), ("001", None), ("002", "2019-12-25"),
                                              ("003", "09-28"), ("004", "09-24")])
def test_publication_date(dev, prefix, published):
    assert _main(dev, prefix).published == published


BOILERPLATE = re.compile(
    r"1[3-9]\d{9}|400 ?0123|微信|版权|分享给朋友|扫一扫|二维码|当前位置|现在位于|首页|admin|\.jpg|divdata"
    r"|热词|原标题|来源:|点击:|VR视觉网|租售|请说明您的需求|公众号|葛毅明|\(q[uū]\)"
)


@pytest.mark.parametrize("prefix", sorted(TITLES))
def test_no_boilerplate_left_in_main_text(dev, prefix):
    main = _main(dev, prefix)
    assert not BOILERPLATE.search(main.text), BOILERPLATE.search(main.text)
    assert main.text.strip() and len(main.text) == len(main.original)
    assert "相关文章" not in main.text


def test_reporter_bylines_are_removed_but_their_sentence_kept(dev):
    main = _main(dev, "000")
    for journalist in ("张学", "方欲晓"):
        assert journalist not in main.text
    assert "\n湘潭天易经开区紧邻株洲,位于湘潭县城易俗河的核心区" in main.text
    for journalist in ("王娜", "张海龙"):
        assert journalist not in _main(dev, "001").text
    assert "曾佰龙" not in _main(dev, "002").text


def test_people_in_the_article_survive(dev):
    assert "湖南五洲通药业股份有限公司生产副总经理夏俊开说" in _main(dev, "000").text
    assert "市委书记、市先进轨道交通装备产业链链长曹慧泉" in _main(dev, "003").text


@pytest.mark.parametrize("prefix,count", [("000", 8), ("001", 0), ("002", 0), ("003", 8), ("004", 8)])
def test_related_stubs_are_split_off(dev, prefix, count):
    docs = next(d for name, d in dev.items() if name.startswith(prefix))
    main, stubs = docs[0], docs[1:]
    assert not main.truncated and main.parent is None
    assert len(stubs) == count
    assert [s.name for s in stubs] == [f"{main.name}#related-{n}" for n in range(1, count + 1)]
    for s in stubs:
        assert s.truncated and s.parent == main.name and s.published is None
        assert s.text and len(s.text) == len(s.original)
        assert s.text not in main.text


def test_stub_titles_and_text(dev):
    s3 = _doc(dev, "000_4609dc6c1967e403#related-3")
    assert s3.title == "冷劲松带队赴株洲市考察招商"
    assert s3.text.startswith("冷劲松带队赴株洲市考察招商\n8月9日,市长冷劲松一行赴株洲市考察招商")
    assert s3.text.count("冷劲松带队赴株洲市考察招商") == 1
    assert "冷劲松" not in _main(dev, "000").text
    # 003's first stub had page junk for a title: the snippet's heading stands in
    s1 = _doc(dev, "003_bdf1d6836cfab028#related-1")
    assert s1.title == "聚集国内北斗产业80%以上核心技术资源" and "divdata" not in s1.text
    assert "王铭俊" not in s1.text  # (全媒体记者 王铭俊)
    # a stub whose snippet begins with a standalone byline line
    s4 = _doc(dev, "000_4609dc6c1967e403#related-4")
    assert "任远" not in s4.text and "市项目建设“百日攻坚”行动推进会议召开以来" in s4.text


def test_traditional_article_is_simplified_and_glosses_removed(dev):
    main = _main(dev, "001")
    assert "株洲高新区聚焦优势产业" in main.text
    assert "區" not in main.text and "產業" not in main.text
    assert "株洲高新區聚焦優勢產業" in main.original  # original keeps the traditional text...
    assert "(qū)" not in main.original and "(chǎn)" not in main.original  # ...without glosses
    assert len(main.original) == len(main.text)
    for s in main.sentences:  # offsets hold in both versions
        assert main.text[s.start:s.end] == s.text
        assert to_simplified(main.original[s.start:s.end]) == s.text


def test_scraper_substitutions_on_dev(dev):
    all_text = "\n".join(d.text + d.original for docs in dev.values() for d in docs)
    assert "蕞" not in all_text
    assert "最终通过基金去撬动" in _main(dev, "000").text
    assert "自主创新程度最高、核心竞争力最优、影响力最大" in _main(dev, "003").text
    assert "第一条产业链主机企业" in _doc(dev, "000_4609dc6c1967e403#related-2").text
    assert "把项目建设作为发展第一要务" in _doc(dev, "004_0e2c83d4f5c3dbf1#related-1").text
    assert "头部" not in all_text


def test_numbers_lose_stray_spaces(dev):
    assert "产业链建设及2022年工作重点" in _main(dev, "003").text
    assert "今年1至10月" in _main(dev, "002").text


# ---------------------------------------------------------------- small cases


def _clean_text(text: str, **meta) -> list[Document]:
    return clean(read_text("t", text, **meta))


def test_real_uses_of_touBu_and_cui_are_kept():
    main = _clean_text("标题\n吸引头部企业和头部品牌,处于头部位置。蕞尔小国。头部张证件,头部时间。")[0]
    assert "吸引头部企业和头部品牌,处于头部位置。蕞尔小国。第一张证件,第一时间。" in main.text


def test_pinyin_gloss_rule_leaves_real_brackets_alone():
    main = _clean_text("标题\n遨天科技(北京)公司、株洲高新區(qū)、华为(Huawei)、凯睿思(一期)、業(yè)务。")[0]
    assert "遨天科技(北京)公司、株洲高新区、华为(Huawei)、凯睿思(一期)、业务。" in main.text


def test_fullwidth_ascii_becomes_ascii_but_chinese_punctuation_stays():
    main = _clean_text("标题\n投资５０５亿元，ＩＧＢＴ占比３０％（一期）。")[0]
    assert "投资505亿元，IGBT占比30%（一期）。" in main.text


def test_whitespace_runs_become_paragraphs():
    main = _clean_text("标题\n\u3000\u3000第一段。   第二段\t有 空格。\n\n\n第三段。")[0]
    assert main.text == "标题\n第一段。\n第二段 有 空格。\n第三段。"


def test_metadata_title_is_used_and_body_copy_dropped():
    main = _clean_text("株洲新闻\n正文在这里。", title="株洲新闻 - 某某网", published="2021/3/4")[0]
    assert main.title == "株洲新闻" and main.text == "株洲新闻\n正文在这里。"
    assert main.published == "2021-03-04"


def test_body_that_starts_with_a_sentence_has_no_title():
    main = _clean_text("今年,株洲高新区确立了以新能源汽车为主导的产业集群。\n第二段。")[0]
    assert main.title is None and main.text.startswith("今年,株洲高新区")


def test_only_boilerplate_gives_an_empty_document_not_an_exception():
    docs = _clean_text("当前位置:首页 > 新闻\n分享给朋友:\n版权声明:本站所有")
    assert len(docs) == 1 and docs[0].text == "" and docs[0].sentences == []


def test_phone_number_in_a_real_paragraph_is_kept():
    para = "园区设立了服务热线,企业可拨打电话0731-22334455咨询政策,工作人员将在一个工作日内答复并上门服务,协调解决用地、用工、融资等各类问题,这一做法受到企业普遍欢迎。"
    main = _clean_text("标题\n" + para)[0]
    assert para in main.text


def test_rules_file_is_data():
    rules = load_rules()
    assert len(rules.drop_lines) >= 10 and len(rules.substitutions) >= 2


# ---------------------------------------------------------------- sentences


def test_sentences_split_and_keep_offsets():
    text = "甲说:“好。”然后走了。乙!丙?丁;\n  戊  \n己"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["甲说:“好。”然后走了。", "乙!", "丙?", "丁;", "戊", "己"]
    for s in sents:
        assert text[s.start:s.end] == s.text


def test_long_quotation_is_split_with_closing_quote_attached():
    inner = "这" * 70
    text = f"他说:“{inner}。{inner}。”之后。"
    assert [s.text for s in split_sentences(text)] == [f"他说:“{inner}。", f"{inner}。”", "之后。"]


# ---------------------------------------------------------------- dates


def test_find_dates_forms():
    text = "2019-12-25 12:55:01发布;2019年12月25日,12月2日,11月27日至29日考察;2011年3月;1至8月;2+2"
    assert [v for _, _, v in find_dates(text)] == [
        "2019-12-25", "2019-12-25", "--12-02",
        {"start": "--11-27", "end": "--11-29", "raw": "11月27日至29日"}, "2011-03",
    ]
    for start, end, value in find_dates(text):
        raw = text[start:end]
        assert raw[:1].isdigit() and (not isinstance(value, dict) or value["raw"] == raw)


def test_impossible_dates_are_not_dates():
    assert find_dates("电话 2019-13-45,13月40日") == []


def test_parse_date_and_with_year():
    assert parse_date("2019-12-25T12:55:01+08:00") == "2019-12-25"
    assert parse_date("2019年1月2日") == "2019-01-02"
    assert parse_date("09-28") == "09-28" and parse_date("  ") is None
    assert with_year("--11-27", 2019) == "2019-11-27"
    assert with_year({"start": "--11-27", "end": "--11-29", "raw": "x"}, "2019")["end"] == "2019-11-29"


# ---------------------------------------------------------------- speed


def test_clean_throughput(capsys):
    """clean() on the dev articles repeated to ~2 MB; prints MB/s (see report)."""
    raws = [r for r in read_paths(sorted(DEV.glob("*.txt")))]
    size = sum(len(r.text.encode()) for r in raws)
    rounds = max(1, 2_000_000 // size)
    clean(raws[0])  # warm up: rules, t2s tables
    t0 = time.perf_counter()
    for _ in range(rounds):
        for r in raws:
            clean(r)
    elapsed = time.perf_counter() - t0
    rate = size * rounds / elapsed / 1e6
    with capsys.disabled():
        print(f"\nclean(): {size * rounds / 1e6:.1f} MB in {elapsed:.2f} s = {rate:.2f} MB/s")
    assert rate > 0.5  # far below the measured rate; guards against an accidental slow path


def test_random_garbage_never_breaks_the_invariants():
    """Slices of the dev articles with junk spliced in: no exception, offsets and lengths hold."""
    import random

    rnd = random.Random(3)
    src = "".join(p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt")))
    junk = ["\n", "  ", "\u3000", "(qū)", "相关文章\n", "“", "”", "。", "...", "蕞", "头部", "\t", "\r\n",
            "\x00", "\ufeff", "（", "Ａ１", "2019-12-25 12:00:01\n", "admin8个月前 (09-28)\n", "\u200b", "沈默"]
    for _ in range(300):
        n = rnd.randrange(0, 400)
        start = rnd.randrange(0, len(src) - n)
        parts = list(src[start:start + n])
        for _ in range(rnd.randrange(0, 10)):
            parts.insert(rnd.randrange(0, len(parts) + 1), rnd.choice(junk))
        for d in _clean_text("".join(parts)):
            assert len(d.text) == len(d.original)
            assert to_simplified(d.original) == d.text
            assert "\x00" not in d.text and "\r" not in d.text
            assert not re.search(r"[一-鿿]\(qū\)", d.original)  # a gloss after a hanzi never survives
            for s in d.sentences:
                assert d.text[s.start:s.end] == s.text == s.text.strip() != ""


def test_fast_t2s_matches_opencc():
    import opencc

    cc = opencc.OpenCC("t2s")
    s2t = opencc.OpenCC("s2t")
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt")))
    lines = (text + "\n" + s2t.convert(text) + "\n他沈默了很久。\n乾隆年间\n").split("\n")
    assert [to_simplified(x) for x in lines] == [cc.convert(x) for x in lines]
