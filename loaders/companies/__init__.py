"""Company recogniser: firms named in a document.

Rules, in order of strength (all data in data/company_suffixes.yaml, data/company_groups.yaml,
data/companies.csv), one module each:
1. curated groups and subsidiaries (中车, 三一, 中车株机) and listed firms' short names (known);
2. legal/trade suffixes (…有限公司, …集团, …药业, …科技): the name is extended leftwards from
   the suffix over jieba tokens until punctuation, a verb/preposition or a title word
   (suffixes, extent);
3. enumerations of firms (引进了A、B、C等13个项目; 与A、B等企业) (enumerations);
4. the firm at the head of a project name (宏工智能自动化装备项目 -> 宏工智能) (projects);
5. short names derived from every legal name found (湖南五洲通药业股份有限公司 -> 五洲通),
   searched again through the whole document (names, here);
6. a legal suffix cut off by the end of a snippet (…技术股份有...) keeps the whole name, with
   the suffix completed in its key (suffixes);
7. a context that names a firm: 来自重庆的植恩生物, 金斯瑞是一家…公司 (context).
Overlapping company candidates keep the longest span (candidate). Key = normalised legal name
when known.
"""

from __future__ import annotations

from loaders.companies.candidate import Cand, resolve_overlaps
from loaders.companies.context import context_candidates
from loaders.companies.data import jieba_freq, product_words, region_set, rule_sets, rules, tags, title_words
from loaders.companies.enumerations import enum_head_regex, enumeration_candidates
from loaders.companies.extent import extend_left, risky_chars, stop_regex, word_stops
from loaders.companies.known import company_record, known_candidates, known_firms, known_words
from loaders.companies.names import (
    derive_short_names,
    generic_core,
    marker_regex,
    normalise_name,
    region_prefix_len,
)
from loaders.companies.projects import project_candidates, project_firm, project_spans
from loaders.companies.suffixes import (
    longer_trade,
    suffix_automaton,
    suffix_candidates,
    suffix_words,
    truncated_candidates,
)
from loaders.types import Document, Label, Mention

__all__ = [
    "company_record",
    "derive_short_names",
    "extend_left",
    "find_companies",
    "known_words",
    "normalise_name",
    "project_firm",
    "project_spans",
    "region_prefix_len",
    "suffix_words",
    "warm",
]


def warm() -> None:
    """Load now what the first document would otherwise load lazily: the rules, the known
    firms, jieba's tables, the shared automaton (loaders.places.scan)."""
    from loaders.places.scan import warm as warm_scan

    warm_scan()
    rules(), rule_sets(), known_firms(), tags(), risky_chars(), word_stops(), stop_regex(), marker_regex()
    suffix_automaton(), product_words(), region_set(), title_words(), longer_trade(), enum_head_regex()
    find_companies(Document(name="warm", text=_WARM_TEXT, original=_WARM_TEXT))


_WARM_TEXT = "株洲市引进了湖南五洲通药业股份有限公司、宏工智能等13个项目，宏工智能自动化装备项目开工。"


def find_companies(doc: Document) -> list[Mention]:
    """Company mentions in doc.text (key: normalised legal name when known, else the name)."""
    text = doc.text
    cands = known_candidates(text) + suffix_candidates(text) + truncated_candidates(text)
    cands += enumeration_candidates(text) + project_candidates(text) + context_candidates(text)
    first = resolve_overlaps(list(cands))
    cands += _short_name_candidates(text, first)
    kept = resolve_overlaps(cands)
    # one key per firm in the document: a short name seen with its legal name takes its key
    by_surface: dict[str, Cand] = {}
    for c in kept:
        if c.key == normalise_name(c.name) and c.rule.startswith("suffix:") and c.conf >= 0.9:
            for short in derive_short_names(c.name):
                by_surface.setdefault(short, c)
    mentions = []
    for c in kept:
        owner = by_surface.get(c.name)
        key, display, group_key = (owner.key, owner.display, owner.group_key) if owner else (c.key, c.display, c.group_key)
        attrs = {"group_key": group_key} if group_key and group_key != key else {}
        mentions.append(Mention(Label.COMPANY, c.start, c.end, text[c.start:c.end], key, display, c.rule, c.conf, attrs))
    return mentions


def _short_name_candidates(text: str, found: list[Cand]) -> list[Cand]:
    """Search the short forms of every legal name found (五洲通) through the document."""
    out = []
    freq = jieba_freq()
    for c in found:
        if c.rule.startswith("suffix:") and c.conf >= 0.9 or c.rule == "company_groups.yaml" and c.key == normalise_name(c.name):
            for short in derive_short_names(c.name):
                if len(short) < 2 or (len(short) <= 3 and freq.get(short, 0) > 50) or generic_core(short) and len(short) <= 3:
                    continue
                pos = text.find(short)
                while pos >= 0:
                    out.append(Cand(pos, pos + len(short), short, c.key, c.display, "short-name", 0.8, c.group_key, priority=1))
                    pos = text.find(short, pos + 1)
    return out
