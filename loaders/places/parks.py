"""ParkRecognizer: development zones and industrial parks named in a text.

Three sources, in this order: catalogue names and their generated aliases (data/parks.csv),
suffix rules for parks outside the catalogue (…产业园, …创新园, …信息港: the name part is
extended left over jieba words up to a stop word), and bare words (高新区, 经开区, 园区) that
stand for the document's own park. Rules and word lists live in data/park_suffixes.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Any

import ahocorasick

from loaders.places.gazetteer import LEVEL_RANK, ByteAutomaton, Park, Region, Span
from loaders.places.regions import RegionRecognizer
from loaders.places.text import CJK, dominant, freq, is_word, lcut, pos, sentence_start

__all__ = ["ParkRecognizer"]

Bare = tuple[int, int, str]  # start, end, bare word
_ASCII_BRACKETS = str.maketrans("（）", "()")
_WIDE_BRACKETS = str.maketrans("()", "（）")


# Characters a park's name part may hold: Chinese, and Latin letters inside it (南昌VR科创城).
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


class ParkRecognizer:
    def __init__(self, parks: list[Park], rules: dict[str, Any], regions: RegionRecognizer):
        self.parks: dict[str, Park] = {p.key: p for p in parks}
        self._regions = regions
        self._suffix_kind: dict[str, str] = dict(rules.get("suffixes") or {})
        self._suffixes_longest_first = sorted(self._suffix_kind.items(), key=lambda kv: -len(kv[0]))
        self._bare: dict[str, str] = dict(rules.get("bare") or {})
        self._standalone = set(rules.get("standalone") or [])
        self._generic = set(rules.get("generic_stems") or [])
        self._generic_long = tuple(g for g in self._generic if len(g) >= 2)
        self._generic_parts = tuple(rules.get("generic_parts") or [])
        self._region_generic = set(rules.get("region_only_generic") or [])
        self._left_stop = set(rules.get("left_stop_words") or [])
        self._lead_pos = set(rules.get("no_lead_pos") or [])
        self._reject_before = tuple(rules.get("reject_before") or [])
        self._project_words = tuple(rules.get("project_words") or [])
        self._split_words = set(rules.get("split_words") or [])
        self._qualified: dict[str, list[str]] = {k: list(v or []) for k, v in
                                                 (rules.get("qualified_suffixes") or {}).items()}
        self._industry = set(rules.get("industry_words") or [])
        self._named = set(rules.get("named_suffixes") or [])
        self._conjunctions = set(rules.get("name_conjunctions") or [])
        self._town_names_memo: dict[str, list[str]] | None = None
        self._min_stem = int(rules.get("min_stem", 2))
        self._max_stem = int(rules.get("max_stem", 8))
        self._names: dict[str, list[str]] = {}
        for p in parks:
            for n in (p.name, *p.aliases):
                # the catalogue writes 中德（沈阳）…产业园; articles use either kind of bracket
                variants = {n, n.translate(_ASCII_BRACKETS), n.translate(_WIDE_BRACKETS)} if "(" in n or "（" in n else (n,)
                for v in variants:
                    keys = self._names.setdefault(v, [])
                    if p.key not in keys:
                        keys.append(p.key)
        self._ac = ByteAutomaton(self._names)
        self._suffix_ac = ahocorasick.Automaton()
        for w in self._suffix_kind.keys() | self._bare.keys() | self._standalone:
            self._suffix_ac.add_word(w, w)
        self._suffix_ac.make_automaton()
        self._region_kind_memo: dict[tuple[str, str | None], str | None] = {}
        self._under: dict[str, list[Park]] | None = None

    # ------------------------------------------------------------------ first pass
    @property
    def words(self) -> list[str]:
        """The catalogue names and aliases the recogniser looks for (for a shared scan)."""
        return self._ac.words

    def spans(self, text: str, hits: list[tuple[int, int, str]] | None = None) -> tuple[list[Span], list[Bare]]:
        """Catalogue parks (a shared alias keeps its candidate keys in attrs until the
        document's provinces are known), suffix-rule parks, and bare words to resolve.
        `hits`: every match of self.words in text when a shared scan has them already."""
        spans: list[Span] = []
        # leftmost-longest: 湘潭天易经开区 wins over the 天易经开区 inside it
        found = self._ac.find_long(text) if hits is None else self._ac.find_long_at(text, hits)
        for s, e, w in found:
            keys = self._names[w]
            p = self.parks[self.pick(keys, set())]
            sp = Span(s, e, p.key, p.name, "park-catalogue" if w == p.name else "park-alias", 0.95, self.attrs(p))
            if len(keys) > 1:
                sp.attrs["candidates"] = keys
            if not self._names_own_region(w, p):
                if self._other_regions_park(text, s, w, p):
                    continue  # 株洲新能源产业园 is not 伊春's 新能源产业园: left to the suffix rule
                sp.attrs["weak"] = True  # 金山工业园 (of 包头) may be another 金山工业园
            spans.append(sp)
        blocked = bytearray(len(text))
        for sp in spans:
            blocked[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
        bare: list[Bare] = []
        for s, e, w in self._suffix_hits(text, blocked):
            if text[e - 1:e + 1] in self._split_words:
                continue  # 生物医药产业区域, 开发区位: the suffix's last character starts a word
            project = text.startswith(self._project_words, e)
            if not project and text.startswith(self._reject_before, e):
                continue  # …科技园有限公司 is a firm
            stem = self._stem_left(text, s, blocked)
            if stem and any(g in stem for g in self._generic_parts):
                continue  # 省级以上产业园区, 全国国家级产业园区
            if w in self._qualified and not any(q in stem for q in self._qualified[w]):
                continue  # 临江科学人文小镇 is a park, 梦想小镇 / 特色小镇 are not
            if w in self._named and not self._proper_stem(stem, w):
                continue  # 集群增长新片区, 医疗器械产业集聚区; 浦东新区 is a district
            town_head: list[str] = []
            if project:
                # …产业园项目: the park being built when its name is a place + an industry
                # (西工区生物医药产业园项目), else a firm's project (蓝普视讯…产业园项目)
                head = self._region_head(stem)
                if head is None:
                    continue
                town_head = head
            if stem and w in self._region_generic and self._regions.by_name(stem) is not None:
                only = self._region_kind_park(stem, None)  # 攸县开发区; not 株洲产业园区 (many)
                if only is not None:
                    p = self.parks[only]
                    spans.append(Span(s - len(stem), e, p.key, p.name, "park-region-kind", 0.7, self.attrs(p)))
                continue
            if not stem or len(stem) < self._min_stem or stem in self._generic:
                if w in self._standalone:
                    spans.append(Span(s, e, "park:" + w, w, "park-suffix", 0.7, {"kind": "园区"}))
                elif w in self._bare and not project and not text.endswith(self._generic_long, 0, s) \
                        and is_word(text, s, e):
                    bare.append((s, e, w))
                continue
            if w not in self._suffix_kind:
                continue  # a bare word after a non-park phrase (立足园区, 引入园区)
            kind = self._suffix_kind[w]
            mapped = self._region_kind_park(stem, kind) if kind in ("高新", "经开") else None
            if mapped is not None:
                p = self.parks[mapped]
                spans.append(Span(s - len(stem), e, p.key, p.name, "park-region-kind", 0.8, self.attrs(p)))
            else:
                name = stem + w
                attrs: dict[str, Any] = {"kind": kind}
                if town_head:
                    attrs["town_head"] = town_head
                spans.append(Span(s - len(stem), e, "park:" + name, name, "park-suffix", 0.75, attrs))
        spans.sort(key=lambda sp: sp.start)
        return spans, bare

    def _names_own_region(self, surface: str, p: Park) -> bool:
        """Whether an alias carries its park's geography (a region name or short form of the
        park's region or an ancestor), so that it cannot be some other place's park."""
        for code in (p.region_adcode, *self._regions.ancestors(p.region_adcode)):
            r = self._regions.regions.get(code)
            if r is not None and (r.name in surface or (r.short and r.short in surface)):
                return True
        return False

    def _other_regions_park(self, text: str, start: int, surface: str, p: Park) -> bool:
        """An alias that only names an industry (新能源产业园, 医药高新区) right after the name of
        a region that is not the park's own is that region's park."""
        suffix = next((suf for suf, _ in self._suffixes_longest_first if surface.endswith(suf)), "")
        if not self._industry_only(surface[:len(surface) - len(suffix)]):
            return False
        own = {p.region_adcode, *self._regions.ancestors(p.region_adcode)}
        for n in (4, 3, 2):
            r = self._regions.by_name(text[max(0, start - n):start]) if start >= n else None
            if r is not None:
                return r.adcode not in own
        return False

    def _suffix_hits(self, text: str, blocked: bytearray) -> list[tuple[int, int, str]]:
        """Suffix words outside catalogue parks, longest first, without overlaps. `blocked`
        marks every character of a catalogue park; `taken` marks accepted hits, so each
        check costs the word's length, not the number of spans (linear in the text)."""
        hits = [(end + 1 - len(w), end + 1, w) for end, w in self._suffix_ac.iter(text)]
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken_mask = bytearray(len(text))
        taken: list[tuple[int, int, str]] = []
        for s, e, w in hits:
            if any(blocked[s:e]) or any(taken_mask[s:e]):
                continue
            taken_mask[s:e] = b"\x01" * (e - s)
            taken.append((s, e, w))
        return sorted(taken)

    def _stem_left(self, text: str, start: int, blocked: bytearray, lead_ok: frozenset[str] = frozenset()) -> str:
        """The park's name part left of a suffix: whole jieba tokens of Chinese characters,
        stopping at a stop word, a park word, a catalogue park or max_stem characters."""
        if start > 0 and text[start - 1] in ")）":
            return self._stem_with_bracket(text, start, blocked)
        lo = start
        # stops at a catalogue park too (blocked characters): its name is not this park's
        while lo > 0 and start - lo < self._max_stem + 4 and not blocked[lo - 1] and _NAME_CHAR.match(text[lo - 1]):
            lo -= 1
        while lo < start and not CJK.match(text[lo]):
            lo += 1  # a name starts with a Chinese character (南昌VR科创城, not VR科创城 alone)
        if lo >= start:
            return ""
        tokens = lcut(text[lo:start])
        taken: list[str] = []
        i = len(tokens) - 1
        while i >= 0:
            tok = tokens[i]
            if tok in self._conjunctions and not taken and i > 0 and len(tokens[i - 1]) == 1 \
                    and tokens[i - 1] not in self._left_stop:
                # 的|恒|和|产业园: a conjunction right before the suffix is part of a name jieba
                # split into single characters (恒和产业园), not a joint (长沙和株洲产业园)
                taken = [tokens[i - 1], tok]
                i -= 2
                continue
            if tok in self._left_stop and len(tok) == 1 and taken and pos(tok + taken[0]).startswith(("ns", "nz")):
                taken.insert(0, tok)  # 中|新|广州知识城: 中新 is a name (中新广州知识城), not 中 "in"
                i -= 1
                continue
            if tok in self._left_stop or tok in self._suffix_kind or tok in self._bare:
                break
            if sum(map(len, taken)) + len(tok) > self._max_stem:
                break
            taken.insert(0, tok)
            i -= 1
        # a verb, measure word, adverb... cannot begin a name (实现|高新区, 紧盯|株洲北斗产业园);
        # single characters are left alone (张 of 张江 is also a measure word)
        while taken and len(taken[0]) > 1 and pos(taken[0]) in self._lead_pos - lead_ok:
            taken.pop(0)
        stem = "".join(taken)
        # full region names before the name are the park's address, not its name
        # (株洲市天元区栗雨工业园 -> 栗雨工业园; the regions are mentions of their own) -- unless
        # what is left only names an industry (西工区生物医药产业园 keeps its district)
        dropped = ""
        while True:
            lead = next((stem[:n] for n in range(min(len(stem) - self._min_stem, 12), 1, -1)
                         if stem[:n] in self._regions.full), None)
            if lead is None:
                break
            dropped, stem = lead, stem[len(lead):]
        if dropped and self._industry_only(stem):
            return dropped + stem
        return stem

    def _stem_with_bracket(self, text: str, start: int, blocked: bytearray) -> str:
        """西部(重庆)科学城: a region in brackets inside the name, after a name part of its own
        (which may be a direction word like 西部). Anything else in brackets ends the name."""
        opener = text.rfind("(", max(0, start - 8), start - 1)
        opener = max(opener, text.rfind("（", max(0, start - 8), start - 1))
        if opener < 0 or self._regions.by_name(text[opener + 1:start - 1]) is None:
            return ""
        left = self._stem_left(text, opener, blocked, lead_ok=frozenset({"f"}))
        return left + text[opener:start] if len(left) >= self._min_stem else ""

    def _proper_stem(self, stem: str, suffix: str) -> bool:
        """The name part holds a region or a proper name, and the whole is not a region."""
        if not stem or self._regions.by_name(stem + suffix) is not None:
            return False
        if self._industry_only(stem):
            return False
        regions = self._regions
        if any(stem[:n] in regions.full or stem[:n] in regions.short for n in range(2, min(len(stem), 6) + 1)):
            return True
        return not all(len(t) >= 2 and freq(t) > 100 and not pos(t).startswith(("ns", "nr", "nz"))
                       for t in lcut(stem))

    def _industry_only(self, stem: str) -> bool:
        """The name part is just industry or generic words (生物医药, 新能源汽车)."""
        return bool(stem) and all(t in self._industry or t in self._generic for t in lcut(stem))

    @property
    def _town_names(self) -> dict[str, list[str]]:
        """Town names and short forms -> adcodes, for 永阳…产业园项目 (short town names are not
        recognised as regions on their own: too ambiguous). Built on first use: it is
        rarely needed and loading must stay fast."""
        if self._town_names_memo is None:
            names: dict[str, list[str]] = {}
            for r in self._regions.regions.values():
                if r.level == "town":
                    for n in {r.name, r.short} - {""}:
                        names.setdefault(n, []).append(r.adcode)
            self._town_names_memo = names
        return self._town_names_memo

    def _region_head(self, stem: str) -> list[str] | None:
        """A name part made of a region and industry words (西工区|生物医药, 永阳|生物医药):
        [] for a county or higher, the town adcodes for a town name (confirmed later by the
        document's counties), None otherwise (蓝普视讯…, 湖南五洲通: a firm's project)."""
        for n in range(min(len(stem) - 1, 6), 1, -1):
            head = stem[:n]
            r = self._regions.by_name(head)
            towns = self._town_names.get(head)
            if (r is None and not towns) or not self._industry_only(stem[n:]):
                continue
            if r is not None and r.level != "town":
                return []
            return towns or [r.adcode]  # type: ignore[union-attr]
        return None

    def _parks_under(self) -> dict[str, list[Park]]:
        """Region adcode -> catalogue parks located in it or under it (built once)."""
        if self._under is None:
            under: dict[str, list[Park]] = {}
            for p in self.parks.values():
                if p.region_adcode:
                    for code in (p.region_adcode, *self._regions.ancestors(p.region_adcode)):
                        under.setdefault(code, []).append(p)
            self._under = under
        return self._under

    def _region_kind_park(self, stem: str, kind: str | None) -> str | None:
        """株洲高新区 written with a region the catalogue alias lacks: the one catalogue park of
        that kind (any kind for None) located in (or under) that region."""
        region = self._regions.by_name(stem.removesuffix("国家"))  # 株洲国家高新技术开发区
        if region is None or region.level == "town":
            return None
        memo = (region.adcode, kind)
        if memo not in self._region_kind_memo:
            found = [p for p in self._parks_under().get(region.adcode, ()) if kind is None or p.kind == kind]
            if len(found) > 1:
                # 湘潭市经开区: the zone named after the region alone (湘潭经济技术开发区), not
                # the region's other zones (湖南湘潭天易经济开发区, 岳塘经济开发区)
                found = [p for p in found if self._named_after(p, region)]
            self._region_kind_memo[memo] = found[0].key if len(found) == 1 else None
        return self._region_kind_memo[memo]

    def _named_after(self, p: Park, region: Region) -> bool:
        """The park's name is region + zone word only (湖南湘潭经济开发区 for 湘潭)."""
        name = p.name
        for prefix in sorted({p.province, p.province.removesuffix("省")}, key=len, reverse=True):
            name = name.removeprefix(prefix)
        for head in (region.name, region.short):
            if head and name.startswith(head) and name[len(head):] in self._suffix_kind:
                return True
        return False

    def pick(self, keys: list[str], doc_provinces: set[str]) -> str:
        """One park for an alias several parks share: the one in the document's provinces,
        then a national one."""
        if len(keys) == 1:
            return keys[0]

        def rank(k: str) -> tuple[int, int]:
            p = self.parks[k]
            return (0 if p.region_adcode[:2] in doc_provinces else 1, 0 if p.level == "national" else 1)

        return min(keys, key=rank)

    @staticmethod
    def attrs(p: Park) -> dict[str, Any]:
        return {"kind": p.kind, "level": p.level, "zone_type": p.zone_type, "province": p.province,
                "region_adcode": p.region_adcode}

    # ------------------------------------------------------------------ second pass
    def finish(self, text: str, parks: list[Span], bare: list[Bare], regions: list[Span]) -> list[Span]:
        """Given the document's regions: settle shared aliases, give suffix-rule parks a
        region, resolve bare words; all parks sorted by position."""
        provinces = {r.key[:2] for r in regions}
        for i, sp in enumerate(parks):
            keys, weak = sp.attrs.get("candidates"), sp.attrs.get("weak")
            if keys:
                p = self.parks[self.pick(keys, provinces)]
                parks[i] = sp = Span(sp.start, sp.end, p.key, p.name, sp.rule, 0.8, self.attrs(p))
            if weak and provinces and sp.attrs["region_adcode"][:2] not in provinces:
                # an alias without its region, in a document about another province: a park
                # of the same name there, not the catalogue's
                surface = text[sp.start:sp.end]
                kind = next((k for suf, k in self._suffixes_longest_first if surface.endswith(suf)), "园区")
                parks[i] = Span(sp.start, sp.end, "park:" + surface, surface, "park-suffix", 0.6, {"kind": kind})
        parks = [sp for sp in parks if self._town_head_ok(sp, regions)]
        parks = self._merge_short_forms(parks)
        self._locate_suffix_parks(text, parks, regions)
        parks = parks + self._resolve_bare(parks, bare, regions)
        parks.sort(key=lambda sp: sp.start)
        return parks

    @staticmethod
    def _merge_short_forms(parks: list[Span]) -> list[Span]:
        """A suffix-rule park whose name ends another park's name in the document is that park
        (前湾新区 after 宁波前湾新区, 航空高技术产业基地 after 西安阎良国家航空高技术产业基地)."""
        names = {sp.name: sp for sp in parks}
        out = []
        for sp in parks:
            if sp.key.startswith("park:"):
                longer = [o for n, o in names.items() if n != sp.name and n.endswith(sp.name) and len(sp.name) >= 4]
                if longer:
                    o = max(longer, key=lambda o: len(o.name))
                    sp = Span(sp.start, sp.end, o.key, o.name, sp.rule, sp.confidence, dict(o.attrs))
            out.append(sp)
        return out

    def _town_head_ok(self, sp: Span, regions: list[Span]) -> bool:
        """A park project named after a town (永阳…科创园项目) counts only where the
        document names the town's county (溧水); the check is done once here."""
        towns = sp.attrs.pop("town_head", None)
        if not towns:
            return True
        counties = {r.key[:6] for r in regions if r.attrs["level"] in ("county", "town")}
        home = next((t[:6] for t in towns if t[:6] in counties), None)
        if home is not None:
            sp.attrs["region_adcode"] = home  # the town's county: the town itself is unsure
        return home is not None

    def _locate_suffix_parks(self, text: str, parks: list[Span], regions: list[Span]) -> None:
        """Suffix-rule parks take a region from their own name, else from the nearest
        catalogue park or region before them in the sentence, else from the document's main
        park, else from its most named city or county. Spans are sorted and do not overlap,
        so each look-up is a bisection (linear in the document overall)."""
        catalogue = [p for p in parks if not p.key.startswith("park:")]
        cat_starts = [p.start for p in catalogue]
        reg_starts = [r.start for r in regions]
        main = dominant(catalogue)
        region_counts = Counter(r.key for r in regions if r.attrs["level"] in ("city", "county"))
        levels = {r.key: LEVEL_RANK[r.attrs["level"]] for r in regions}
        # the most named city or county; on a tie the more specific (株洲市石峰区 -> 石峰区)
        top_region = max(region_counts, key=lambda c: (region_counts[c], levels[c]), default=None)
        for sp in parks:
            if not sp.key.startswith("park:") or sp.attrs.get("region_adcode"):
                continue
            lo, hi = bisect_left(reg_starts, sp.start), bisect_right(reg_starts, sp.end)
            inner = [r for r in regions[lo:hi] if r.end <= sp.end]
            start = sentence_start(text, sp.start)
            # the nearest catalogue park or region before it in its sentence (在靖江经开区,…来到
            # 智能重装产业园; 株洲荷塘区金山工业园)
            before: list[tuple[int, str]] = []
            i = bisect_left(cat_starts, sp.start) - 1
            if i >= 0 and catalogue[i].start >= start:
                before.append((catalogue[i].end, catalogue[i].attrs["region_adcode"]))
            j = bisect_left(reg_starts, sp.start) - 1
            while j >= 0 and regions[j].start >= start:
                r = regions[j]
                if r.end <= sp.start and r.attrs["level"] != "province":
                    before.append((r.end, r.key))
                    break
                j -= 1
            if inner:
                region = max(inner, key=lambda r: LEVEL_RANK[r.attrs["level"]]).key
            elif before:
                region = max(before)[1]
            elif main is not None:
                region = main.attrs["region_adcode"]
            elif top_region is not None:
                region = top_region
            else:
                continue
            sp.attrs["region_adcode"] = region

    def _resolve_bare(self, parks: list[Span], bare: list[Bare], regions: list[Span]) -> list[Span]:
        """高新区 -> the document's dominant 高新 park (园区/开发区: its dominant park); with
        none in the document, the one catalogue park of that kind in its main region."""
        out: list[Span] = []
        targets: dict[str, tuple[Span | None, str, float]] = {}  # per kind: once per document
        for s, e, w in bare:
            kind = self._bare[w]
            if kind not in targets:
                same = [p for p in parks if kind == "any" or p.attrs.get("kind") == kind]
                target = dominant([p for p in same if not p.key.startswith("park:")]) or dominant(same)
                rule, conf = "bare-park", 0.8
                if target is None and kind != "any":
                    target, rule, conf = self._bare_by_region(kind, regions), "bare-park-region", 0.6
                targets[kind] = (target, rule, conf)
            target, rule, conf = targets[kind]
            if target is not None:
                out.append(Span(s, e, target.key, target.name, rule, conf, dict(target.attrs)))
        return out

    def _bare_by_region(self, kind: str, regions: list[Span]) -> Span | None:
        counts = Counter(r.key for r in regions if r.attrs["level"] in ("city", "county"))
        if not counts:
            return None
        region = self._regions.regions[counts.most_common(1)[0][0]]
        key = self._region_kind_park(region.name, kind)
        if key is None:
            return None
        p = self.parks[key]
        return Span(0, 0, p.key, p.name, "", 0.0, self.attrs(p))
