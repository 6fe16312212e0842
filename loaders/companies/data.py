"""The company recogniser's data: rules from data/company_suffixes.yaml, region prefixes,
product and title words, jieba's tables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg
import yaml

DATA = Path(__file__).resolve().parents[2] / "data"


BOUNDARY = set("，。；、,;！？!?：:“”\"‘’'（）()《》【】[] \n\t…—·/|")


STOP_TAGS = ("p", "c", "u", "r", "d")  # prepositions, conjunctions, particles, pronouns, adverbs


LEADING_PREPS = set("像在与对把被从到赴据该这那了的以为向")


jieba.setLogLevel(60)


@lru_cache(maxsize=1)
def rules() -> dict:
    rules = yaml.safe_load((DATA / "company_suffixes.yaml").read_text(encoding="utf-8"))
    for k, v in rules.items():
        rules[k] = tuple(sorted(v, key=len, reverse=True))
    return rules


@lru_cache(maxsize=1)
def rule_sets() -> dict[str, frozenset[str]]:
    r = rules()
    return {k: frozenset(v) for k, v in r.items()}


@lru_cache(maxsize=1)
def region_prefixes() -> tuple[str, ...]:
    path = DATA / "region_prefixes.txt"
    if not path.exists():
        return ()
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def product_words() -> frozenset[str]:
    path = DATA / "product_words.txt"
    if not path.exists():
        return frozenset()
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def jieba_freq() -> dict[str, int]:
    jieba.initialize()
    return jieba.dt.FREQ


@lru_cache(maxsize=1)
def tags() -> dict[str, str]:
    jieba.initialize()
    return jieba.posseg.dt.word_tag_tab


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    path = DATA / "titles.yaml"
    if not path.exists():
        return frozenset()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(data.get("titles", []))


@lru_cache(maxsize=1)
def title_tuple() -> tuple[str, ...]:
    return tuple(title_words())


@lru_cache(maxsize=1)
def region_set() -> frozenset[str]:
    return frozenset(region_prefixes())


@lru_cache(maxsize=1)
def region_maxlen() -> int:
    return max((len(p) for p in region_prefixes()), default=0)


def is_region(word: str) -> bool:
    regions = region_set()
    return word in regions or (word[-1:] in "省市县区镇" and word[:-1] in regions)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
