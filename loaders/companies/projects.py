"""The firm at the head of a project name: 宏工智能自动化装备项目 -> 宏工智能."""

from __future__ import annotations

import re
from functools import lru_cache

import jieba

from loaders.companies.candidate import Cand
from loaders.companies.data import jieba_freq, product_words, region_set, rules
from loaders.companies.extent import extend_left
from loaders.companies.known import known_firms
from loaders.companies.names import generic_core, normalise_name, strip_region


@lru_cache(maxsize=4096)
def project_firm(project: str) -> str | None:
    """The firm at the head of a project name: 宏工智能自动化装备项目 -> 宏工智能, else None."""
    from loaders.chains import chain_for

    r = rules()
    name = re.sub(r"(\([^()]{0,8}\))?(的)?(项目|生产线)$", "", normalise_name(project))
    body = strip_region(name)
    # a known firm at the head (比亚迪长沙基地项目 -> 比亚迪)
    for n in range(min(len(body) - 1, 12), 1, -1):
        if body[:n] in known_firms() and len(known_firms()[body[:n]].name) >= 2:
            return body[:n]
    products = product_words()
    descriptors = r["project_descriptors"]
    words = _token_spans(body)
    for i in range(2, min(len(body), 8)):
        rest = body[i:]
        if not (rest.startswith(descriptors) or any(rest.startswith(p) for p in _prefixes(rest, products))
                or chain_for(rest[:2]) or chain_for(rest[:3]) or chain_for(rest[:4])):
            continue
        # 威立特尔寡核苷酸: a dictionary word across the cut (寡核苷酸) starts the product
        across = next((a for a, b in words if a < i < b and b - a >= 3 and a >= 2), None)
        if across is not None:
            i, rest = across, body[across:]
        if _industry_zone(rest):
            return None  # 北京亦庄生命健康产业区…: a place, an industry and a zone, no firm
        firm = body[:i]
        for w in r["project_firm_words"]:
            if rest.startswith(w) and len(rest) > len(w):
                firm = body[: i + len(w)]
                break
        for n in range(len(firm) - 2, 1, -1):
            if firm[n:] in region_set():  # 某某长沙: the place after the firm is the site
                firm = firm[:n]
                break
        if firm.startswith(r["project_generic"]) or generic_core(body[:i]) or chain_for(firm):
            return None
        if firm.endswith(r["project_grade_endings"]):
            return None  # 电子级化学品项目: a grade of product, no firm
        toks = jieba.lcut(firm, HMM=False)
        if all(len(t) >= 2 and jieba_freq().get(t, 0) > 200 for t in toks):
            return None  # 关键核心技术项目: ordinary words, no firm name
        if firm[0] in "个家项多余年期" or any(chain_for(firm[j:]) for j in range(len(firm) - 1)):
            return None  # 13个食品医药类项目: a count and an industry, no firm
        if jieba_freq().get(body[:i], 0) > 200 or any(ch.isdigit() for ch in firm):
            return None
        return firm
    return None


def _token_spans(s: str) -> list[tuple[int, int]]:
    """(start, end) of the dictionary tokens of a short string."""
    out, pos = [], 0
    for tok in jieba.lcut(s, HMM=False):
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out


def _industry_zone(rest: str) -> bool:
    """生命健康产业区…: an industry name followed by a zone word names a place, not a product."""
    from loaders.chains import chain_for

    for n in range(min(6, len(rest)), 1, -1):
        if chain_for(rest[:n]):
            return rest.startswith(rules()["project_zone_words"], n)
    return False


def _prefixes(s: str, vocab: frozenset[str]) -> list[str]:
    return [s[:n] for n in range(2, min(6, len(s)) + 1) if s[:n] in vocab]


PROJECT = re.compile(r"(?:\([^()（）]{1,8}\))?(?:的)?项目")


_PROJECT_REACH = 11  # characters a PROJECT match may start before its 项目: (…8…) and 的


def project_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every …项目 with at least four characters of name before it."""
    return list(_project_spans(text))


@lru_cache(maxsize=2)  # the firm and the project recognisers both ask for the same document
def _project_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    out = []
    # PROJECT.finditer(text), but the regex (no literal prefix) is tried only near a 项目:
    # a match ends with one and starts at most _PROJECT_REACH characters before it
    pos = 0
    while (p := text.find("项目", pos)) >= 0:
        m = PROJECT.search(text, max(pos, p - _PROJECT_REACH))
        if m is None:  # cannot happen: 项目 at p matches by itself
            break
        pos = m.end()
        start = extend_left(text, m.start(), limit=20)
        if m.start() - start >= 4:
            out.append((start, m.end(), text[start:m.start()] + "项目"))
    return tuple(out)


def project_candidates(text: str) -> list[Cand]:
    out = []
    for start, pend, pname in project_spans(text):
        end = start + len(pname) - 2  # the name without 项目
        firm = project_firm(pname)
        if not firm:
            continue
        # the firm starts after an optional region prefix
        fpos = text.find(firm, start, end)
        if fpos < 0:
            continue
        key = normalise_name(firm)
        known = known_firms().get(key)
        out.append(Cand(fpos, fpos + len(firm), firm, known.key if known else key,
                         known.name if known else firm, "project-head", 0.65,
                         known.group_key if known else "", priority=0))
    return out
