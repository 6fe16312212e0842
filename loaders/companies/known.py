"""Known firms: the curated groups with subsidiaries (data/company_groups.yaml) and the
listed firms (data/companies.csv), found by the scan shared with the gazetteers."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import yaml

from loaders.companies.candidate import Cand
from loaders.companies.data import DATA, is_han, jieba_freq, rules
from loaders.companies.names import normalise_name
from loaders.places.scan import shared_scan


@dataclass(slots=True, frozen=True)
class Known:
    """A firm known from the curated groups or the listed-firm table."""

    key: str  # normalised legal name
    name: str  # display name (short name used by articles)
    group_key: str  # parent group's key ('' for a group itself / unknown)
    ambiguous: bool = False  # needs a firm cue next to it (美的, 联想)
    source: str = "company_groups.yaml"


@lru_cache(maxsize=1)
def known_firms() -> dict[str, Known]:
    """alias -> Known, from the curated groups (first) and the listed firms."""
    out: dict[str, Known] = {}
    groups = yaml.safe_load((DATA / "company_groups.yaml").read_text(encoding="utf-8"))
    for g in groups:
        gkey = normalise_name(g["legal"])
        entries = [(g, "")] + [(s, gkey) for s in g.get("subsidiaries", []) or []]
        for e, parent in entries:
            key = normalise_name(e["legal"])
            k = Known(key, e.get("name", key), parent)
            for a in [key, *(e.get("aliases") or [])]:
                out.setdefault(normalise_name(a), k)
            for a in e.get("ambiguous") or []:
                out.setdefault(a, Known(key, e.get("name", key), parent, ambiguous=True))
    path = DATA / "companies.csv"
    if path.exists():
        from loaders.chains import chain_for

        freq = jieba_freq()
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                k = Known(row["key"], row["short"] or row["key"], row["group_key"], source="companies.csv")
                out.setdefault(row["key"], k)
                short = row["short"]
                # short names that are common words (机器人, 中国医药) are too risky alone
                if len(short) < 3 or chain_for(short) or freq.get(short, 0) > 50 or short.startswith("中国"):
                    continue
                if len(short) == 3 and max(freq.get(short[1:], 0), freq.get(short[:2], 0)) > 3000:
                    continue  # 新产业 reads as 新 + 产业
                out.setdefault(short, k)
    return out


def company_record(name: str) -> Known | None:
    """The curated or listed firm a name refers to, if any."""
    return known_firms().get(normalise_name(name))


@lru_cache(maxsize=1)
def known_words() -> tuple[str, ...]:
    """Every known alias of two or more characters: found by the scan shared with the
    gazetteers (loaders.places.scan), one byte-level automaton pass per document."""
    return tuple(a for a in known_firms() if len(a) >= 2)


def from_known(text: str, alias: str, start: int, end: int) -> Cand | None:
    k = known_firms()[alias]
    if text.startswith(rules()["known_right_deny"], end):
        return None
    nxt = text[end:end + 2]
    if k.ambiguous and not (nxt[:1] in "、等" or nxt.startswith(("集团", "公司", "股份"))):
        return None
    # a 2-char alias glued into a longer word: 中车间 (车间), 华润滑 (润滑) are not 中车, 华润
    if len(alias) == 2 and end < len(text) and is_han(text[end]) and text[end] not in "等和与及的在、为是也":
        freq = jieba_freq()
        if freq.get(text[start:end + 1], 0) > 100 or freq.get(text[end - 1:end + 1], 0) > 100:
            return None
    # the alias's first character ends a word or name before it: 胡鞍钢 is no 鞍钢 (the
    # tokenizer is asked only after a surname or where the two characters make a word)
    if (len(alias) <= 3 and start > 0 and is_han(text[start - 1])
            and (text[start - 1] in _surnames() or jieba_freq().get(text[start - 1:start + 1]))
            and not _starts_a_word(text, start, end)):
        return None
    if normalise_name(alias) == k.key:
        display = k.key
    else:
        display = k.name if k.source == "company_groups.yaml" else text[start:end]
    return Cand(start, end, text[start:end], k.key, display, k.source, 0.9, k.group_key, priority=2)


def _surnames() -> frozenset[str]:
    from loaders.people import surnames  # people builds on companies: imported when first asked

    return surnames()


def _starts_a_word(text: str, start: int, end: int) -> bool:
    """Whether jieba starts a token at `start` in the alias's neighbourhood."""
    from loaders.places.text import is_word

    return is_word(text, start, end) or is_word(text, start, min(len(text), end + 2)) or _bound_left(text, start)


def _bound_left(text: str, start: int) -> bool:
    from loaders.places.text import lcut

    lo = max(0, start - 4)
    at = lo
    for tok in lcut(text[lo : start + 4]):
        if at == start:
            return True
        at += len(tok)
    return at == start


def known_candidates(text: str) -> list[Cand]:
    out = []
    # by start, shorter first: the order a left-to-right probe would give
    for start, end, alias in sorted(shared_scan().matches(text, "company")):
        c = from_known(text, alias, start, end)
        if c:
            out.append(c)
    return out
