"""RegionRecognizer: administrative divisions named in a text.

Full names (株洲市, 湘潭县, 易俗河镇) are taken almost everywhere; short forms (株洲, 高淳)
must be whole jieba words, not start a longer name (宁德时代, 湘潭大学) and, below city
level, agree with the rest of the document's geography. Rules and word lists live in
data/region_context.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from loaders.places.gazetteer import LEVEL_RANK, ByteAutomaton, Region, Span
from loaders.places.text import is_word

__all__ = ["RegionRecognizer"]

# characters that end an organisation name when looking ahead from a region (湘潭的…公司)
_NAME_BREAKS = set("的在和与及是为将把对向从于等了由被")

Candidate = tuple[int, int, str, Span | None, bool]  # start, end, word, park span holding it, area head follows


class RegionRecognizer:
    def __init__(self, regions: list[Region], rules: dict[str, Any]):
        self.regions: dict[str, Region] = {r.adcode: r for r in regions}
        self.full: dict[str, list[str]] = {}
        self.short: dict[str, list[str]] = {}
        self._stop = set(rules.get("short_stoplist") or [])
        self._needs_context = set(rules.get("needs_context") or [])
        self._continuations = tuple(rules.get("continuations") or [])
        self._org_suffixes = tuple(sorted(rules.get("org_suffixes") or [], key=len, reverse=True))
        self._org_window = int(rules.get("org_window", 18))
        # one regex instead of a loop over the suffixes (called for most candidates)
        self._org_re = re.compile("|".join(map(re.escape, self._org_suffixes)) or r"(?!)")
        self._delims = set(rules.get("delimiters") or "，。、；：")
        # where an organisation name would end: a delimiter or a word like 的/在 (one search)
        self._name_end_re = re.compile("[" + "".join(map(re.escape, sorted(c for c in self._delims | _NAME_BREAKS if len(c) == 1))) + "]")
        self._split_words = set(rules.get("split_words") or [])
        self._area_heads = tuple(rules.get("town_area_heads") or [])
        self._anchor_memo: dict[str, str | None] = {}
        town_min = int(rules.get("town_short_min_len", 3))
        for r in regions:
            self.full.setdefault(r.name, []).append(r.adcode)
            if r.short and (r.level != "town" or len(r.short) >= town_min):
                self.short.setdefault(r.short, []).append(r.adcode)
        self._ac = ByteAutomaton(w for w in self.full.keys() | self.short.keys() if len(w) >= 2)
        self._ancestors: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ lookups
    def ancestors(self, adcode: str) -> list[str]:
        """Parents of a region, nearest first (county -> city -> province)."""
        memo = self._ancestors.get(adcode)
        if memo is None:
            memo = []
            r = self.regions.get(adcode)
            while r is not None and r.parent and r.parent not in memo:
                memo.append(r.parent)
                r = self.regions.get(r.parent)
            self._ancestors[adcode] = memo  # bounded by the gazetteer's size
        return list(memo)

    def by_name(self, name: str) -> Region | None:
        """A full or short name -> region (the highest level when several share it)."""
        codes = self.full.get(name) or self.short.get(name) or []
        if not codes:
            return None
        best = min(codes, key=lambda c: (LEVEL_RANK[self.regions[c].level], c))
        return self.regions[best]

    # ------------------------------------------------------------------ recognition
    @property
    def words(self) -> list[str]:
        """The names the recogniser looks for (for a shared scan: see find_long_at)."""
        return self._ac.words

    def candidates(self, text: str, park_spans: list[Span], hits: list[tuple[int, int, str]] | None = None
                   ) -> list[Candidate]:
        """Gazetteer matches (leftmost-longest) that pass the context-free checks; `hits`:
        every match of self.words in text when a shared scan has them already."""
        taken: list[Candidate] = []
        verdicts: dict[tuple[str, str, str], bool] = {}
        park_starts = [sp.start for sp in park_spans]  # sorted, non-overlapping
        found = self._ac.find_long(text) if hits is None else self._ac.find_long_at(text, hits)
        for s, e, w in found:
            if w in self.full and text[e - 1:e + 1] in self._split_words and w[:-1] in self.short:
                e, w = e - 1, w[:-1]  # 河南县级市: 河南 + 县级, not 河南县 (Qinghai)
            i = bisect_right(park_starts, s) - 1
            park = park_spans[i] if i >= 0 and park_spans[i].start <= s and e <= park_spans[i].end else None
            if park is not None:
                ok = self._word_ok(text, s, e, w, in_park=True)
            else:
                # the verdict depends only on the word and its close neighbourhood: memoise it
                ctx = (w, text[max(0, s - 6):s], text[e:e + self._org_window])
                ok = verdicts.get(ctx)
                if ok is None:
                    ok = verdicts[ctx] = self._word_ok(text, s, e, w, in_park=False)
            if ok:
                taken.append((s, e, w, park, text.startswith(self._area_heads, e)))
        return taken

    def _word_ok(self, text: str, s: int, e: int, w: str, in_park: bool) -> bool:
        is_full = w in self.full
        if not is_full and w in self._stop:
            return False
        if is_full and len(w) <= 2 and w.endswith("区") and w not in self.short:
            return False  # 城区, 矿区, 郊区 as full names: ordinary words (攸县, 沛县 are fine)
        if in_park:
            return True
        if self._in_org_name(text, e):
            return False
        if is_full:
            return True
        if text.startswith(self._continuations, e):
            return False
        return is_word(text, s, e)

    def _in_org_name(self, text: str, end: int) -> bool:
        """The region starts an organisation's name: an org suffix follows within the clause
        with no word like 的/在/和 in between (湖南五洲通药业股份有限公司, 湘潭大学)."""
        limit = min(len(text), end + self._org_window)
        m = self._name_end_re.search(text, end, limit)
        return self._org_re.search(text, end, m.start() if m else limit) is not None

    def resolve(self, cands: list[Candidate], park_regions: list[str]) -> list[Span]:
        """Each candidate to one region, using the document's other regions as context:
        ambiguous names take the reading consistent with them, else the highest level, else
        none; county short forms and towns need that context."""
        anchors: set[str] = set(park_regions)
        # the regions named outside suffix-rule park names: a region that only prefixes such
        # a name must agree with their provinces (金山科技工业园区 in a 株洲 article is not
        # 上海's 金山)
        outside: set[str] = set(park_regions)
        for _s, _e, w, park, _ in cands:
            code = self._anchor(w)
            if code:
                anchors.add(code)
                if park is None or not park.key.startswith("park:"):
                    outside.add(code)
        provinces = {c[:2] for c in anchors}
        outside_provinces = {c[:2] for c in outside}
        cities = {c[:4] for c in anchors if c in self.regions and self.regions[c].level != "province"}
        counties = {c[:6] for c in anchors if c in self.regions and self.regions[c].level in ("county", "town")}

        def score(c: str) -> int:
            return 3 if c[:6] in counties and len(c) > 6 else 2 if c[:4] in cities else 1 if c[:2] in provinces else 0

        def reading(w: str) -> tuple[str, bool, int, str] | None:
            """The word's region in this document (best, is_full, score, level), or None when
            the document gives no reading of it; the same for every occurrence of the word."""
            full = self.full.get(w, [])
            options = [(c, True) for c in full] + [(c, False) for c in self.short.get(w, []) if c not in full]
            ranked = sorted(options, key=lambda o: (-score(o[0]), LEVEL_RANK[self.regions[o[0]].level], not o[1]))
            best, is_full = ranked[0]
            sc = score(best)
            level = self.regions[best].level
            ties = {o[0] for o in ranked if score(o[0]) == sc and self.regions[o[0]].level == level}
            if len(ties) > 1 and sc == 0:
                return None  # same name, same level, nothing in the document to choose by
            if w in self._needs_context and sc == 0:
                return None
            if level == "town":
                if is_full and sc < 2 and not (len(full) == 1 and len(w) >= 3 and not w.endswith("街道")):
                    return None
                if not is_full and sc < 3:
                    return None  # 易俗河 only where 湘潭县 is named
            elif level == "county" and not is_full and sc == 0:
                return None
            return best, is_full, sc, level

        readings: dict[str, tuple[str, bool, int, str] | None] = {}
        out: list[Span] = []
        weak_town: set[int] = set()  # indexes in out: a town only as the head of a name
        for s, e, w, park, area in cands:
            if park is not None and not park.key.startswith("park:"):
                # a catalogue park's name prefix names the park's own region (or an ancestor)
                full = self.full.get(w, [])
                options = [(c, True) for c in full] + [(c, False) for c in self.short.get(w, []) if c not in full]
                home = park.attrs.get("region_adcode", "")
                chain = {home, *self.ancestors(home)}
                own = [o for o in options if o[0] in chain]
                if own:
                    r = self.regions[own[0][0]]
                    out.append(Span(s, e, r.adcode, r.name, "park-prefix", 0.9,
                                    {"level": r.level, "parent": r.parent, "nested": True}))
                    continue
            if w not in readings:
                readings[w] = reading(w)
            rd = readings[w]
            if rd is None:
                continue
            best, is_full, sc, level = rd
            if park is not None and park.key.startswith("park:") and level in ("county", "town") \
                    and outside_provinces and best[:2] not in outside_provinces:
                continue  # a city or province in a park's name is clue enough (北京亦庄…产业区)
            r = self.regions[best]
            attrs: dict[str, Any] = {"level": r.level, "parent": r.parent}
            if park is not None:
                attrs["nested"] = True  # the pipeline keeps it beside the park that holds it
                rule = "park-prefix"
            else:
                rule = "region-full" if is_full else "region-short"
            if level == "town" and (park is not None or area):
                weak_town.add(len(out))
            out.append(Span(s, e, r.adcode, r.name, rule, 0.95 if is_full else (0.85 if sc else 0.75), attrs))
        # a town named only as the head of a park or area name (清水塘产业新城, 清水塘老工业区) is
        # too weak a clue: such names keep old place names; it counts when the text also names
        # the town itself
        named = {sp.key for i, sp in enumerate(out) if i not in weak_town}
        return [sp for i, sp in enumerate(out) if i not in weak_town or sp.key in named]

    def _anchor(self, w: str) -> str | None:
        """A name that fixes the document's geography by itself: a unique full name (not a
        generic one) or a short name whose highest-level reading is unique above county.
        Memoised per name (bounded by the gazetteer's vocabulary)."""
        if w not in self._anchor_memo:
            self._anchor_memo[w] = self._anchor_of(w)
        return self._anchor_memo[w]

    def _anchor_of(self, w: str) -> str | None:
        full = self.full.get(w, [])
        if len(full) == 1 and w not in self._needs_context and self.regions[full[0]].level != "town":
            return full[0]
        if full:
            return None
        codes = self.short.get(w, [])
        if not codes:
            return None
        top = min(LEVEL_RANK[self.regions[c].level] for c in codes)
        best = [c for c in codes if LEVEL_RANK[self.regions[c].level] == top]
        return best[0] if len(best) == 1 and top <= 1 else None
