"""Firm names: the normal form, and short forms derived from a legal name
(湖南五洲通药业股份有限公司 -> 五洲通药业, 五洲通)."""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from loaders.companies.data import is_region, jieba_freq, region_maxlen, region_set, rule_sets, rules, tags

_PAREN = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": ""})


def normalise_name(name: str) -> str:
    """Stable form of a firm name: no spaces, ASCII parentheses."""
    return name.strip().translate(_PAREN)


def strip_region(name: str) -> str:
    """湖南五洲通 -> 五洲通; keeps at least two characters."""
    regions = region_set()
    longest = region_maxlen()
    for _ in range(3):  # 江苏省常州市… has nested prefixes
        for n in range(min(longest, len(name) - 2), 1, -1):
            if name[:n] in regions:
                name = name[n:]
                break
        else:
            break
    if name[:1] in "省市县区" and len(name) > 3:
        name = name[1:]
    return name


def region_prefix_len(name: str) -> int:
    """Length of the region name (湖南, 湘潭, 株洲市) that starts `name`, 0 if none."""
    regions = region_set()
    for n in range(min(region_maxlen(), len(name)), 1, -1):
        if name[:n] in regions:
            return n
    return 0


def strip_legal(name: str) -> str:
    for suf in rules()["legal"]:
        if name.endswith(suf) and len(name) > len(suf):
            name = name[: -len(suf)]
            break
    if name.endswith(")") and "(" in name:  # 南光(集团) / 遨天科技(北京)
        name = name[: name.rindex("(")] or name
    return name


@lru_cache(maxsize=4096)
def derive_short_names(legal: str) -> tuple[str, ...]:
    """Short forms of a legal name, longest first: 湖南五洲通药业股份有限公司 -> 五洲通药业, 五洲通."""
    base = strip_legal(normalise_name(legal))
    site = _bracketed_site(normalise_name(legal))
    brand = ""
    if site and "(" in base:  # 百济神州(苏州)生物科技: the site in brackets is no part of the short names
        brand = strip_region(base[: base.find("(")])  # 汉德车桥(株洲)齿轮: the name before it
        base = re.sub(r"\([^()]{2,4}\)", "", base, count=1) or base
    core = strip_region(base)
    out = [core] if core != legal else []
    if len(brand) >= 2 and brand != core:
        out.append(brand)
    words = rules()["industry_words"]
    changed = True
    while changed:
        changed = False
        for w in words:
            if core.endswith(w) and len(core) - len(w) >= 2:
                core = core[: -len(w)]
                out.append(core)
                changed = True
                break
    region = base[: len(base) - len(strip_region(base))]
    if region and out:
        # 常州普莱德, 常德中车新能源: the place with every short form
        out += [region.rstrip("省市县区") + s for s in out[1:] or out]
    if site and out:
        out.append(out[-1] + site)  # 大众汽车(安徽)有限公司 -> 大众安徽
    seen, result = set(), []
    for s in out:
        if s and s not in seen and s != legal:
            seen.add(s)
            result.append(s)
    return tuple(result)


def _bracketed_site(name: str) -> str:
    """The region in brackets after a brand (大众汽车(安徽)有限公司 -> 安徽), else ''."""
    m = re.search(r"\(([^()]{2,4})\)", name)
    if not m:
        return ""
    site = m.group(1)
    return site.rstrip("省市") if is_region(site) else ""


@lru_cache(maxsize=16384)  # a pure function of the word and the (static) data
def type_words_only(core: str) -> bool:
    """控股集团, 投资发展: a core made only of firm-type words names no firm yet."""
    words = rules()["industry_words"]
    changed = True
    while core and changed:
        changed = False
        for w in words:
            if core.endswith(w):
                core = core[: -len(w)]
                changed = True
                break
    return len(core) < 2


def cut_markers(name: str) -> str:
    """株洲高新区产投公司 -> 产投公司: a firm name never contains a park or body name."""
    cut = 0
    for m in marker_regex().finditer(name):
        cut = max(cut, m.end(1))
    return name[cut:]


@lru_cache(maxsize=1)
def marker_regex() -> re.Pattern[str]:
    # overlapping markers (产业园 / 园区) are all found by the lookahead
    words = sorted(rules()["not_firm_markers"], key=len, reverse=True)
    return re.compile("(?=(" + "|".join(map(re.escape, words)) + "))")


@lru_cache(maxsize=65536)  # a pure function of the word and the (static) data
def generic_core(core: str) -> bool:
    from loaders.chains import chain_for

    if len(core) < 2 or core in rule_sets()["generic_cores"] or chain_for(core):
        return True
    if is_region(core):  # 泰州医药, 湘潭市智能: a place plus an industry is no firm
        return True
    if core[-1] in "子分" and generic_core(core[:-1]):
        return True  # 核心子公司, 全资子公司, 控股子公司: what a firm is to its group, not a name
    return jieba_freq().get(core, 0) > 300 or _generic_pieces_only(core)


def _generic_pieces_only(core: str) -> bool:
    """高端制药, 先进电子信息: a core made only of generic words, firm-type words and industry
    names has nothing that names one firm."""
    from loaders.chains import chain_for

    sets = rule_sets()
    n = len(core)
    if n > 12:
        return False
    ends = {0}  # offsets reachable by a run of generic pieces
    for i in range(n):
        if i not in ends:
            continue
        for j in range(i + 2, min(n, i + 6) + 1):
            piece = core[i:j]
            if piece in sets["generic_cores"] or piece in sets["industry_words"] or chain_for(piece):
                ends.add(j)
    return n in ends


@lru_cache(maxsize=65536)  # a pure function of the word and the (static) dictionary
def ordinary_words(s: str) -> bool:
    """jieba reads s as ordinary dictionary words of two or more characters, none a proper
    name: no brand in it (储运 of 储运装备, 专家团队; not 宏工, 东升, 植恩)."""
    freq = jieba_freq()
    return all(len(tk) >= 2 and freq.get(tk, 0) > 0 and not tags().get(tk, "").startswith(("nr", "ns", "nz", "nt"))
               for tk in jieba.lcut(s, HMM=False))
