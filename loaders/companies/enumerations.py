"""Firms in enumerations: 引进了A、B、C等13个项目; 与A、B等企业."""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from loaders.companies.candidate import Cand
from loaders.companies.data import BOUNDARY, jieba_freq, product_words, rule_sets, rules, tags
from loaders.companies.extent import extend_left
from loaders.companies.known import known_firms
from loaders.companies.names import generic_core, marker_regex, normalise_name, strip_region
from loaders.companies.projects import project_firm
from loaders.companies.suffixes import suffix_automaton


def _clean_item(item: str) -> str:
    """昭成科技汽车生产线 -> 昭成科技; 天津滨环脱硫脱硝项目 -> 天津滨环."""
    item = item.strip()
    for last, _ in suffix_automaton().iter(item):
        rest = item[last + 1:]
        if rest and (rest.endswith(("生产线", "项目", "基地", "工厂", "厂房")) or rest in ("公司",)):
            return item[: last + 1]
    if item.endswith(("生产线", "项目")):
        firm = project_firm(item)
        return firm or ""
    return item


def enumeration_candidates(text: str) -> list[Cand]:
    """A、B、C等(N个)…项目/企业: every item is a firm."""
    from loaders.chains import chain_for

    r = rules()
    out = []
    head_re = enum_head_regex()
    pos = text.find("等")
    while pos >= 0:
        head = head_re.match(text[pos + 1: pos + 16])
        if not head:
            pos = text.find("等", pos + 1)
            continue
        # the enumeration: back to the clause start
        i = pos
        while i > 0 and text[i - 1] not in _CLAUSE_BOUNDARY and pos - i < 90:
            i -= 1
        span = text[i:pos]  # a single item counts too when it is a clause of its own (伍子醉等19家企业)
        # cut at the last introducing verb
        cut = 0
        for v in r["enum_verbs"]:
            p = span.rfind(v, 0, span.find("、") if "、" in span else len(span))
            if p >= 0 and p + len(v) > cut and v not in ("和", "与"):
                cut = p + len(v)
        if cut == 0 and span.startswith(("以", "由")):
            cut = 1  # 以A、B等为骨干 / 由A、B等企业: the clause's preposition
        base = i + cut
        offset = base
        projects = head.group(2) == "项目"
        for piece in _split_items(text, base, pos):
            if piece in ("、", "以及", "和", "及", "与") or not piece:
                offset += len(piece)
                continue
            p_start = offset
            offset += len(piece)
            # …、中冶京诚装备制造等一批项目: each item names a project; its firm heads it
            if "等" in piece:  # 比亚迪等新能源汽车企业和金风科技: another enumeration's head
                piece = piece[: piece.index("等")]
            item = _clean_item(piece)
            if (projects and item == piece.strip() and not item.endswith(rules()["trade"])
                    and not item.endswith(("城", "区", "中心", "馆", "园"))):
                item = _clean_item(piece + "项目") or item
            if item and p_start == base:
                # the first item may still carry words before it (园区在原有凯依克)
                ext = extend_left(text, p_start + len(item), limit=len(item))
                if ext == p_start + 1 and text[p_start] == "和" and cut > 0:
                    ext = p_start  # 包括和元生物: the 和 starts the name, it joins nothing
                item = item[ext - p_start:] if ext > p_start else item
                p_start = max(p_start, ext)
            if not item or not 2 <= len(item) <= 14:
                continue
            if marker_regex().search(item) or item.endswith(("城", "区", "中心", "馆")):
                continue
            # 绿信农产品物流园 among 物流企业 is an operator firm; a park otherwise
            if item.endswith("园") and not head.group(2).endswith(("企业", "公司")):
                continue
            stripped = re.sub("(产业化|产业|类)$", "", item)
            if chain_for(stripped) or chain_for(item) or generic_core(strip_region(item)) and len(item) <= 3:
                continue
            if tags().get(item, "").startswith(("ns",)) or jieba_freq().get(item, 0) > 300:
                continue
            key = normalise_name(item)
            known = known_firms().get(key)
            if known is None and _reads_as_product(item, head.group(0), text[i:base]):
                continue  # 隔膜、电解液、激光雷达、智能座舱等配套企业: products, not firm names
            start = p_start
            out.append(Cand(start, start + len(item), item, known.key if known else key,
                             known.name if known else item, "enumeration", 0.7,
                             known.group_key if known else "", priority=0))
        pos = text.find("等", pos + 1)
    return out


_JOINERS = re.compile(r"(、|以及|和|及|与)")


def _split_items(text: str, base: int, pos: int) -> list[str]:
    """text[base:pos] split at 、/和/及/与, keeping the pieces between (their lengths add up to
    the span), but never inside a known firm's name (诺和诺德) nor at an item's start (和元生物)."""
    from loaders.places.scan import shared_scan

    known = [(s, e) for s, e, _ in shared_scan().matches(text, "company") if s < pos and e > base]
    out: list[str] = []
    last = base
    for m in _JOINERS.finditer(text, base, pos):
        if any(s < m.end() and m.start() < e for s, e in known) and not any(s == m.end() for s, _ in known):
            continue
        if m.start() == last and m.group() != "、":
            continue  # 包括和元生物: a 和 with nothing before it starts a name
        out.append(text[last:m.start()])
        out.append(m.group())
        last = m.end()
    out.append(text[last:pos])
    return out


def _reads_as_product(item: str, head: str, lead: str = "") -> bool:
    """_reads_as_product_in, with the head and the lead reduced to the two facts it needs."""
    plan = any(w in lead for w in rules()["enum_plan_words"])
    link = any(w in head for w in rules()["enum_link_heads"])
    return _reads_as_product_in(item, link, plan)


@lru_cache(maxsize=65536)  # a pure function of its arguments and the (static) data
def _reads_as_product_in(item: str, link: bool, plan: bool) -> bool:
    """Whether an enumeration item names a product, not a brand. It must read as ordinary
    dictionary words of two or more characters (brands hold characters the dictionary does
    not join: 宏工智能, 蔚来, 埃斯顿) and not start with a proper name (东升 in 东升国际).
    Then it is a product when the enumeration lists supply-chain links (…等配套企业, …等关键
    零部件项目) or a plan (将重点引进…等项目), when it is one common noun (隔膜), or when it
    ends in a product (data/product_words.txt, the chains' segments) rather than a firm-type
    word (东升国际, 银河商贸 are brands)."""
    if link and _ends_in_common_noun(item):
        return True  # 质子交换膜、碳纸、储氢瓶等关键零部件企业
    if plan and any(item[-n:] in product_words() or item[-n:] in _segment_words() for n in (2, 3, 4)):
        return True  # 将重点引进高纯靶材等项目: a product kind to attract
    freq = jieba_freq()
    toks = jieba.lcut(item, HMM=False)
    if not all(len(tok) >= 2 and freq.get(tok, 0) > 0 for tok in toks):
        return False
    if len(toks) > 1 and tags().get(toks[0], "").startswith(("nr", "ns", "nz", "nt")):
        return False  # a proper name first (东升国际): a brand
    if link:
        return True
    if plan:
        return True  # 将重点引进光刻胶等项目: kinds of project to attract
    if len(toks) == 1:
        return tags().get(item, "") in ("n", "vn")
    last = toks[-1]
    if last in rule_sets()["industry_words"] or last in rule_sets()["trade"]:
        return False
    return last in product_words() or last in _segment_words()


def _ends_in_common_noun(item: str) -> bool:
    """The item's last dictionary word is a common noun that is no firm-type word (碳纸, 储氢瓶;
    not 宏工智能, whose 智能 ends firm names)."""
    last = jieba.lcut(item, HMM=False)[-1]
    sets = rule_sets()
    if last in sets["industry_words"] or last in sets["trade"]:
        return False
    return tags().get(last, "") in ("n", "vn", "ng")


@lru_cache(maxsize=1)
def _segment_words() -> frozenset[str]:
    from loaders.chains import get_taxonomy

    return frozenset(p for chain in get_taxonomy().by_name.values() for ps in chain.segments.values() for p in ps)


_CLAUSE_BOUNDARY = BOUNDARY - {"、"}  # an enumeration runs over 、 up to any other boundary


@lru_cache(maxsize=1)
def enum_head_regex() -> re.Pattern[str]:
    """What follows 等 in an enumeration of firms: (N个)…企业/项目 (data: enum_heads)."""
    heads = "|".join(rules()["enum_heads"])
    return re.compile(r"^(?:\d+|[一二三四五六七八九十百几多余]+)?(?:[个家项多余])*([^，。；,;、]{0,8}?)(" + heads + ")")
