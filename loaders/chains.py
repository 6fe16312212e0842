"""Chain recogniser: industry chains named in a document, normalised to data/chains.yaml.

A chain is found by its name or an alias, bare (生物医药) or with an industry suffix
(生物医药产业链). Bare names must be followed by a plausible context word (see
data/chain_rules.yaml) so that 医药 in 医药博览馆 does not fire. Two chain names written
back to back (节能环保新材料) form one compound mention. Overlaps with firm or park names
(中微新材料) are left to the pipeline, which keeps the longest span.

Local specialty industries that the taxonomy does not list (湘莲产业, 小龙虾产业链) are chains
named after the product (data/chain_rules.yaml: specialty_products, product_chain_suffixes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
import yaml

from loaders.places.scan import shared_scan
from loaders.types import Document, Label, Mention

__all__ = ["Chain", "Taxonomy", "chain_for", "chain_forms", "find_chains", "find_segments", "get_taxonomy",
           "warm"]

DATA = Path(__file__).resolve().parent.parent / "data"
SEGMENT_ROLES = ("upstream", "midstream", "downstream")


@dataclass(slots=True, frozen=True)
class Chain:
    name: str
    aliases: tuple[str, ...]
    category: str
    segments: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bound: tuple[str, ...] = ()


@dataclass(slots=True)
class Taxonomy:
    chains: list[Chain]
    by_name: dict[str, Chain]
    alias_to_name: dict[str, str]  # every bare form (name, aliases) -> canonical name
    suffixes: tuple[str, ...]
    followers: tuple[str, ...]
    boundary: frozenset[str]
    joiners: frozenset[str]
    segment_owner: dict[str, str]  # product -> chain, only for products of exactly one chain


def _load_rules() -> dict:
    return yaml.safe_load((DATA / "chain_rules.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """Chains with aliases and segments, loaded once."""
    raw = yaml.safe_load((DATA / "chains.yaml").read_text(encoding="utf-8"))
    rules = _load_rules()
    chains: list[Chain] = []
    alias_to_name: dict[str, str] = {}
    owners: dict[str, set[str]] = {}
    for item in raw:
        segs = {r: tuple(item.get("segments", {}).get(r, []) or []) for r in SEGMENT_ROLES}
        chain = Chain(
            name=item["name"],
            aliases=tuple(item.get("aliases", []) or []),
            category=item.get("category", ""),
            segments={r: v for r, v in segs.items() if v},
            bound=tuple(item.get("bound", []) or []),
        )
        chains.append(chain)
        for form in (chain.name, *chain.aliases):
            if form in alias_to_name and alias_to_name[form] != chain.name:
                raise ValueError(f"chains.yaml: {form!r} is listed under two chains")
            alias_to_name[form] = chain.name
        for products in chain.segments.values():
            for p in products:
                owners.setdefault(p, set()).add(chain.name)
    return Taxonomy(
        chains=chains,
        by_name={c.name: c for c in chains},
        alias_to_name=alias_to_name,
        suffixes=tuple(sorted(rules["suffixes"], key=len, reverse=True)),
        followers=tuple(sorted(rules["followers"], key=len, reverse=True)),
        boundary=frozenset(rules["boundary_chars"]),
        joiners=frozenset(rules["enum_joiners"]),
        segment_owner={p: next(iter(c)) for p, c in owners.items() if len(c) == 1},
    )


@lru_cache(maxsize=8192)
def chain_for(name: str) -> str | None:
    """Canonical chain for a name, alias or suffixed form (先进轨道交通装备产业链 -> 轨道交通装备)."""
    tax = get_taxonomy()
    name = name.strip()
    if name in tax.alias_to_name:
        return tax.alias_to_name[name]
    for suf in tax.suffixes:
        if name.endswith(suf) and name[: -len(suf)] in tax.alias_to_name:
            return tax.alias_to_name[name[: -len(suf)]]
    return None


@lru_cache(maxsize=1)
def chain_forms() -> dict[str, tuple[str, str, str, bool]]:
    """Every surface form -> (canonical, bare form, suffix, is_bound). The forms are found by
    the scan shared with the gazetteers (loaders.places.scan): one pass per document."""
    tax = get_taxonomy()
    forms: dict[str, tuple[str, str, str, bool]] = {}
    for chain in tax.chains:
        bound = set(chain.bound)
        for form in (chain.name, *chain.aliases):
            is_bound = form in bound
            # an alias that carries a suffix itself (茶产业) is a suffixed mention (not 种业: 业 is
            # too short a suffix to vouch for an industry on its own)
            own = next((s for s in tax.suffixes if len(s) > 1 and form.endswith(s) and len(form) > len(s)), "")
            forms[form] = (chain.name, form[: len(form) - len(own)], own, is_bound and not own)
            for suf in tax.suffixes:
                surface = form + suf
                # an alias that already ends in a suffix (智能装备制造业) keeps its own entry
                if surface not in tax.alias_to_name:
                    forms[surface] = (chain.name, form, suf, False)
    return forms


def _followed_ok(text: str, end: int, tax: Taxonomy) -> bool:
    if end >= len(text) or text[end] in tax.boundary:
        return True
    return text.startswith(tax.followers, end)


def _enumeration_closed_by_suffix(text: str, end: int, tax: Taxonomy) -> bool:
    """信息、物流产业: a bound name joined to later items whose last one carries a suffix."""
    if end >= len(text) or text[end] not in tax.joiners:
        return False
    stop = end + 1
    while stop < len(text) and stop - end < 40 and text[stop] not in tax.boundary - {"、"}:
        stop += 1
    clause = text[end:stop]
    return any(suf in clause for suf in tax.suffixes if len(suf) > 1)


def _candidates(text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, canonical, bare form, suffix) for every acceptable match."""
    tax = get_taxonomy()
    out = []
    forms = chain_forms()
    for start, end, surface in shared_scan().matches(text, "chain"):
        canon, form, suf, is_bound = forms[surface]
        if suf:
            out.append((start, end, canon, form, suf))
            continue
        if is_bound:
            if _enumeration_closed_by_suffix(text, end, tax):
                out.append((start, end, canon, form, suf))
            continue
        out.append((start, end, canon, form, suf))
    return out


def _with_products(cands: list, products: list) -> list:
    """Product industries only where no taxonomy chain overlaps them (茶叶产业 is 茶), unless
    the product name holds the taxonomy match whole."""
    if not products:
        return cands
    taken = [(c[0], c[1]) for c in cands]
    # 黑茶产业 holds 茶产业: the longer product name wins; any other overlap keeps the taxonomy
    return cands + [p for p in products
                    if not any(s < p[1] and p[0] < e and not (p[0] <= s and e <= p[1]) for s, e in taken)]


def _longest_leftmost(cands: list[tuple[int, int, str, str, str]]) -> list[tuple[int, int, str, str, str]]:
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    kept, last_end = [], -1
    for c in cands:
        if c[0] >= last_end:
            kept.append(c)
            last_end = c[1]
    return kept


@lru_cache(maxsize=1)
def _product_chain_words() -> tuple[frozenset[str], tuple[str, ...], int]:
    """(products that may name a specialty industry, its suffixes, longest product length)."""
    rules = _load_rules()
    deny = set(rules.get("product_chain_deny") or [])
    words = {w for w in rules.get("specialty_products") or [] if len(w) >= 2}
    path = DATA / "product_words.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            w = line.strip()
            # two-character product words are too often generic (经济, 技术, 文化); longer
            # than six characters they are descriptions, not product names
            if 3 <= len(w) <= 6 and not w.startswith("#") and all("\u4e00" <= c <= "\u9fff" for c in w):
                words.add(w)
    endings = tuple(rules.get("product_chain_deny_endings") or [])
    specialty = set(rules.get("specialty_products") or [])
    words = {w for w in words - deny if chain_for(w) is None and (w in specialty or not w.endswith(endings))}
    suffixes = tuple(sorted(rules.get("product_chain_suffixes") or [], key=len, reverse=True))
    return frozenset(words), suffixes, max((len(w) for w in words), default=0)


@lru_cache(maxsize=1)
def _left_marks() -> tuple[str, ...]:
    return tuple(_load_rules().get("product_left_marks") or [])


@lru_cache(maxsize=1)
def _product_right_deny() -> tuple[str, ...]:
    return tuple(_load_rules().get("product_chain_right_deny") or [])


def _product_candidates(text: str) -> list[tuple[int, int, str, str, str]]:
    """湘莲产业 / 小龙虾产业链: a specialty product right before an industry suffix."""
    words, suffixes, longest = _product_chain_words()
    out = []
    if not words:
        return out
    pos = text.find("产业")
    while pos >= 0:
        suf = next((s for s in suffixes if text.startswith(s, pos)), None)
        if suf and not text.startswith(_product_right_deny(), pos + len(suf)):
            for n in range(min(longest, pos), 1, -1):
                noun = text[pos - n:pos]
                if noun in words:
                    out.append((pos - n, pos + len(suf), noun, noun, suf))
                    break
        pos = text.find("产业", pos + 2)
    return out


def find_chains(doc: Document) -> list[Mention]:
    """Chain mentions in doc.text; key 'chain:' + canonical name."""
    tax = get_taxonomy()
    text = doc.text
    spans = _longest_leftmost(_with_products(_candidates(text), _product_candidates(text)))
    mentions: list[Mention] = []
    i = 0
    while i < len(spans):
        start, end, canon, _, suf = spans[i]
        parts = [canon]
        # 节能环保新材料: chain names written back to back make one compound chain
        while not suf and i + 1 < len(spans) and spans[i + 1][0] == end:
            i += 1
            _, end, nxt, _, suf = spans[i]
            if nxt not in parts:
                parts.append(nxt)
        i += 1
        if not suf and not _followed_ok(text, end, tax) and not _enumeration_closed_by_suffix(text, end, tax):
            continue
        if not suf and len(parts) == 1 and text.endswith(_left_marks(), 0, start):
            continue  # 广式食品: a kind of product
        attrs = {"parts": parts} if len(parts) > 1 else {}
        mentions.append(
            Mention(
                label=Label.CHAIN,
                start=start,
                end=end,
                surface=text[start:end],
                key="chain:" + canon,
                name=canon,
                rule=("chains.yaml" if canon in tax.by_name else "chain_rules.yaml:product")
                + ("+suffix" if suf else "") + ("+compound" if attrs else ""),
                confidence=0.9 if suf else 0.8,
                attrs=attrs,
            )
        )
    return mentions


@lru_cache(maxsize=1)
def _segment_automaton() -> ahocorasick.Automaton:
    tax = get_taxonomy()
    auto = ahocorasick.Automaton()
    for product, chain in tax.segment_owner.items():
        role = next(r for r, ps in tax.by_name[chain].segments.items() if product in ps)
        auto.add_word(product, (product, chain, role))
    auto.make_automaton()
    return auto


def warm() -> None:
    """Load now what the first document would otherwise load lazily."""
    from loaders.places.scan import warm as warm_scan

    warm_scan()
    _segment_automaton(), _product_chain_words(), _left_marks(), _product_right_deny()
    text = "发展生物医药产业链和湘莲产业，IGBT"
    find_chains(Document(name="warm", text=text, original=text))
    find_segments(Document(name="warm", text=text, original=text))


def find_segments(doc: Document) -> list[Mention]:
    """Segment products that belong to exactly one chain (IGBT -> 轨道交通装备)."""
    mentions = []
    for last, (product, chain, role) in _segment_automaton().iter(doc.text):
        start = last + 1 - len(product)
        mentions.append(
            Mention(
                label=Label.SEGMENT,
                start=start,
                end=last + 1,
                surface=product,
                key=f"segment:{chain}:{product}",
                name=product,
                rule="chains.yaml:segments",
                confidence=0.6,
                attrs={"chain": chain, "role": role},
            )
        )
    return mentions
