"""Firms named by a legal or trade suffix (…有限公司, …集团, …药业, …科技), and legal suffixes
cut off by the end of a snippet (…技术股份有...)."""

from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

from loaders.companies.candidate import Cand
from loaders.companies.data import BOUNDARY, LEADING_PREPS, rule_sets, rules, title_tuple
from loaders.companies.extent import extend_left
from loaders.companies.known import known_firms
from loaders.companies.names import (
    cut_markers,
    generic_core,
    normalise_name,
    ordinary_words,
    region_prefix_len,
    strip_legal,
    strip_region,
    type_words_only,
)
from loaders.companies.projects import PROJECT
from loaders.places.scan import shared_scan


@lru_cache(maxsize=1)
def suffix_words() -> tuple[str, ...]:
    """Legal and trade suffixes: found in documents by the scan shared with the gazetteers."""
    r = rules()
    return tuple({**dict.fromkeys(r["legal"]), **dict.fromkeys(r["trade"])})


@lru_cache(maxsize=1)
def suffix_automaton() -> ahocorasick.Automaton:
    r = rules()
    auto = ahocorasick.Automaton()
    for suf in r["legal"]:
        auto.add_word(suf, (suf, True))
    for suf in r["trade"]:
        if suf not in r["legal"]:
            auto.add_word(suf, (suf, False))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def longer_trade() -> dict[str, tuple[str, ...]]:
    """Trade suffix -> the longer trade suffixes that start with it (新材 -> 新材料)."""
    trade = rules()["trade"]
    out = {s: tuple(t for t in trade if len(t) > len(s) and t.startswith(s)) for s in trade}
    return {s: v for s, v in out.items() if v}


def _right_ok(text: str, end: int, suffix: str) -> bool:
    """A trade suffix closes a name only before punctuation or a firm-context word."""
    if end >= len(text) or text[end] in BOUNDARY:
        return True
    if text.startswith(rules()["right_deny"], end):
        return False
    return text.startswith(rules()["trade_right_ok"], end) or text.startswith(title_tuple(), end)


# A legal suffix cut off by the end of a snippet: 株洲飞鹿高新材料技术股份有...
_TRUNCATED = re.compile(r"(股份有限公?|股份有|有限责任公?|有限责任|有限公)(?=\.{2,}|…|⋯|$)")


def truncated_candidates(text: str) -> list[Cand]:
    """A name whose legal suffix a snippet truncated: the whole name is kept (extended left
    fully) and its key completes the suffix; a name too short to be sure is dropped."""
    out = []
    for m in _TRUNCATED.finditer(text):
        partial = m.group(1)
        full = next(f for f in rules()["legal"] if f.startswith(partial[:3]) and len(f) > len(partial))
        start = extend_left(text, m.start())
        head = cut_markers(text[start:m.start()])
        start = m.start() - len(head)
        core = strip_region(re.sub(r"^\([^()]*\)", "", head))
        if len(core) < 2 or core in rule_sets()["generic_cores"] or any(mk in head for mk in ("记者", "通讯员")):
            continue
        key = normalise_name(head + full)
        known = known_firms().get(key)
        out.append(Cand(start, m.end(), text[start:m.end()], known.key if known else key,
                         known.key if known else key, "suffix:truncated", 0.8,
                         known.group_key if known else "", priority=1))
    return out


def _past_name_words(text: str, start: int, sstart: int) -> int:
    """株洲市国有资产投资控股集团有限公司: a stop word that legal names also hold (投资, 发展)
    ends the extension too early when only firm-type words follow it; extend on past it."""
    for _ in range(2):
        if not type_words_only(text[start:sstart]):
            break
        word = next((w for w in rules()["legal_name_words"] if text.endswith(w, 0, start)), None)
        if word is None:
            break
        start2 = extend_left(text, start - len(word))
        if start2 >= start - len(word):
            break
        start = start2
    return start


def suffix_candidates(text: str) -> list[Cand]:
    out = []
    legal = rule_sets()["legal"]
    for sstart, end, suf in shared_scan().matches(text, "company-suffix"):
        strong = suf in legal
        if not strong and (not _right_ok(text, end, suf) or PROJECT.match(text, end)):
            continue  # 科技创新 is no firm; 宏工智能自动化装备项目 is left to the project rule
        if not strong and text.startswith(longer_trade().get(suf, ()), sstart):
            continue  # 新材 inside 新材料: the longer suffix decides
        if not strong and text[max(0, sstart - 2):sstart] in ("有限", "股份", "集团", "公司"):
            continue  # …有限公司 is handled by the legal suffix
        start = extend_left(text, sstart)
        if strong:
            start = _past_name_words(text, start, sstart)
        name = cut_markers(text[start:end])
        if strong and len(name) <= len(suf):
            name = text[start:end]  # 中国建筑第五工程局有限公司: the marker is part of the firm's name
        if name[:1] in LEADING_PREPS and (normalise_name(name[1:]) in known_firms()
                                          or len(name) >= 5 and name[0] in "以为向"):
            name = name[1:]  # 以长电科技为龙头, 以金赛药业…为牵引: a preposition before the name
        if name.startswith(("企业", "公司", "园区", "集团")) and region_prefix_len(name[2:]):
            name = name[2:]  # 园区企业湖南恒光化工有限公司: a kind word before a legal name
        start = end - len(name)
        if len(name) <= len(suf):
            continue
        core = strip_region(re.sub(r"^\([^()]*\)", "", name[: -len(suf)]))
        if strip_legal(core) != core:
            core = strip_legal(core)
        if any(m in name for m in ("记者", "通讯员")):
            continue
        if strong:
            if len(core) < 2 or core in rule_sets()["generic_cores"]:
                continue
            conf = 0.9
        else:
            if generic_core(core) or generic_core(name[: -len(suf)]):
                continue
            if suf in rule_sets()["industry_like"] and core == name[: -len(suf)]:
                continue  # 广式食品: an industry word needs a region prefix or an enumeration
            if ordinary_words(core) and normalise_name(name) not in known_firms():
                continue  # 储运装备, 海工装备, 燃料电池电堆: a kind of product, no brand
            conf = 0.75
        key = normalise_name(name)
        # 中车电动公司: a known short name plus 公司/集团 is that known firm
        known = known_firms().get(key) or (known_firms().get(key[: -len(suf)]) if suf in ("公司", "集团") else None)
        if known:
            out.append(Cand(start, end, name, known.key, known.name, "suffix:" + suf, conf, known.group_key, 1))
            continue
        out.append(Cand(start, end, name, key, name, "suffix:" + suf, conf, "", priority=1))
    return out
