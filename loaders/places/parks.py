"""ParkRecognizer: development zones and industrial parks named in a text.

Three sources, in this order: catalogue names and their generated aliases (data/parks.csv),
suffix rules for parks outside the catalogue (…产业园, …创新园, …信息港: the name part is
extended left over jieba words up to a stop word), and bare words (高新区, 经开区, 园区) that
stand for the document's own park. Rules and word lists live in data/park_suffixes.yaml.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import ahocorasick

from loaders.places.gazetteer import LEVEL_RANK, ByteAutomaton, Park, Region, Span
from loaders.places.regions import RegionRecognizer
from loaders.places.text import CJK, dominant, is_word, lcut, pos, sentence_start

__all__ = ["ParkRecognizer"]

Bare = tuple[int, int, str]  # start, end, bare word


class ParkRecognizer:
    def __init__(self, parks: list[Park], rules: dict[str, Any], regions: RegionRecognizer):
        self.parks: dict[str, Park] = {p.key: p for p in parks}
        self._regions = regions
        self._suffix_kind: dict[str, str] = dict(rules.get("suffixes") or {})
        self._bare: dict[str, str] = dict(rules.get("bare") or {})
        self._standalone = set(rules.get("standalone") or [])
        self._generic = set(rules.get("generic_stems") or [])
        self._generic_long = tuple(g for g in self._generic if len(g) >= 2)
        self._generic_parts = tuple(rules.get("generic_parts") or [])
        self._region_generic = set(rules.get("region_only_generic") or [])
        self._left_stop = set(rules.get("left_stop_words") or [])
        self._lead_pos = set(rules.get("no_lead_pos") or [])
        self._reject_before = tuple(rules.get("reject_before") or [])
        self._min_stem = int(rules.get("min_stem", 2))
        self._max_stem = int(rules.get("max_stem", 8))
        self._names: dict[str, list[str]] = {}
        for p in parks:
            for n in (p.name, *p.aliases):
                keys = self._names.setdefault(n, [])
                if p.key not in keys:
                    keys.append(p.key)
        self._ac = ByteAutomaton(self._names)
        self._suffix_ac = ahocorasick.Automaton()
        for w in self._suffix_kind.keys() | self._bare.keys() | self._standalone:
            self._suffix_ac.add_word(w, w)
        self._suffix_ac.make_automaton()
        self._region_kind_memo: dict[tuple[str, str | None], str | None] = {}

    # ------------------------------------------------------------------ first pass
    def spans(self, text: str) -> tuple[list[Span], list[Bare]]:
        """Catalogue parks (a shared alias keeps its candidate keys in attrs until the
        document's provinces are known), suffix-rule parks, and bare words to resolve."""
        spans: list[Span] = []
        # leftmost-longest: 湘潭天易经开区 wins over the 天易经开区 inside it
        for s, e, w in self._ac.find_long(text):
            keys = self._names[w]
            p = self.parks[self.pick(keys, set())]
            sp = Span(s, e, p.key, p.name, "park-catalogue" if w == p.name else "park-alias", 0.95, self.attrs(p))
            if len(keys) > 1:
                sp.attrs["candidates"] = keys
            if not self._names_own_region(w, p):
                sp.attrs["weak"] = True  # 金山工业园 (of 包头) may be another 金山工业园
            spans.append(sp)
        blocked = [(sp.start, sp.end) for sp in spans]
        bare: list[Bare] = []
        for s, e, w in self._suffix_hits(text, blocked):
            if text.startswith(self._reject_before, e):
                continue  # …产业园项目 is a project, …科技园有限公司 a firm
            stem = self._stem_left(text, s, blocked)
            if stem and any(g in stem for g in self._generic_parts):
                continue  # 省级以上产业园区, 全国国家级产业园区
            if stem and w in self._region_generic and self._regions.by_name(stem) is not None:
                only = self._region_kind_park(stem, None)  # 攸县开发区; not 株洲产业园区 (many)
                if only is not None:
                    p = self.parks[only]
                    spans.append(Span(s - len(stem), e, p.key, p.name, "park-region-kind", 0.7, self.attrs(p)))
                continue
            if not stem or len(stem) < self._min_stem or stem in self._generic:
                if w in self._standalone:
                    spans.append(Span(s, e, "park:" + w, w, "park-suffix", 0.7, {"kind": "园区"}))
                elif w in self._bare and not text.endswith(self._generic_long, 0, s) and is_word(text, s, e):
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
                spans.append(Span(s - len(stem), e, "park:" + name, name, "park-suffix", 0.75, {"kind": kind}))
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

    def _suffix_hits(self, text: str, blocked: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        hits = [(end + 1 - len(w), end + 1, w) for end, w in self._suffix_ac.iter(text)]
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int, str]] = []
        for s, e, w in hits:
            if any(s < be and e > bs for bs, be in blocked):
                continue
            if all(e <= ts or s >= te for ts, te, _ in taken):
                taken.append((s, e, w))
        return sorted(taken)

    def _stem_left(self, text: str, start: int, blocked: list[tuple[int, int]]) -> str:
        """The park's name part left of a suffix: whole jieba tokens of Chinese characters,
        stopping at a stop word, a park word, a catalogue park or max_stem characters."""
        lo = start
        while lo > 0 and start - lo < self._max_stem + 4 and CJK.match(text[lo - 1]):
            lo -= 1
        for bs, be in blocked:
            if bs < start and lo < be <= start:
                lo = be
        if lo >= start:
            return ""
        taken: list[str] = []
        for tok in reversed(lcut(text[lo:start])):
            if tok in self._left_stop or tok in self._suffix_kind or tok in self._bare:
                break
            if sum(map(len, taken)) + len(tok) > self._max_stem:
                break
            taken.insert(0, tok)
        # a verb, measure word, adverb... cannot begin a name (实现|高新区, 紧盯|株洲北斗产业园);
        # single characters are left alone (张 of 张江 is also a measure word)
        while taken and len(taken[0]) > 1 and pos(taken[0]) in self._lead_pos:
            taken.pop(0)
        stem = "".join(taken)
        # full region names before the name are the park's address, not its name
        # (株洲市天元区栗雨工业园 -> 栗雨工业园; the regions are mentions of their own)
        while True:
            lead = next((stem[:n] for n in range(min(len(stem) - self._min_stem, 12), 1, -1)
                         if stem[:n] in self._regions.full), None)
            if lead is None:
                return stem
            stem = stem[len(lead):]

    def _region_kind_park(self, stem: str, kind: str | None) -> str | None:
        """株洲高新区 written with a region the catalogue alias lacks: the one catalogue park of
        that kind (any kind for None) located in (or under) that region."""
        region = self._regions.by_name(stem.removesuffix("国家"))  # 株洲国家高新技术开发区
        if region is None or region.level == "town":
            return None
        memo = (region.adcode, kind)
        if memo not in self._region_kind_memo:
            found = [p for p in self.parks.values()
                     if (kind is None or p.kind == kind) and p.region_adcode
                     and (p.region_adcode == region.adcode or region.adcode in self._regions.ancestors(p.region_adcode))]
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
                kind = next((k for suf, k in sorted(self._suffix_kind.items(), key=lambda kv: -len(kv[0]))
                             if surface.endswith(suf)), "园区")
                parks[i] = Span(sp.start, sp.end, "park:" + surface, surface, "park-suffix", 0.6, {"kind": kind})
        self._locate_suffix_parks(text, parks, regions)
        parks = parks + self._resolve_bare(parks, bare, regions)
        parks.sort(key=lambda sp: sp.start)
        return parks

    def _locate_suffix_parks(self, text: str, parks: list[Span], regions: list[Span]) -> None:
        """Suffix-rule parks take a region from their own name, else from the nearest
        catalogue park or region before them in the sentence, else from the document's main
        park, else from its most named city or county."""
        catalogue = [p for p in parks if not p.key.startswith("park:")]
        main = dominant(catalogue)
        region_counts = Counter(r.key for r in regions if r.attrs["level"] in ("city", "county"))
        for sp in parks:
            if not sp.key.startswith("park:"):
                continue
            inner = [r for r in regions if sp.start <= r.start and r.end <= sp.end]
            start = sentence_start(text, sp.start)
            # the nearest catalogue park or region before it in its sentence (在靖江经开区,…来到
            # 智能重装产业园; 株洲荷塘区金山工业园)
            before = [(p.end, p.attrs["region_adcode"]) for p in catalogue if start <= p.start < sp.start]
            before += [(r.end, r.key) for r in regions
                       if start <= r.start and r.end <= sp.start and r.attrs["level"] != "province"]
            if inner:
                region = max(inner, key=lambda r: LEVEL_RANK[r.attrs["level"]]).key
            elif before:
                region = max(before)[1]
            elif main is not None:
                region = main.attrs["region_adcode"]
            elif region_counts:
                region = region_counts.most_common(1)[0][0]
            else:
                continue
            sp.attrs["region_adcode"] = region

    def _resolve_bare(self, parks: list[Span], bare: list[Bare], regions: list[Span]) -> list[Span]:
        """高新区 -> the document's dominant 高新 park (园区/开发区: its dominant park); with
        none in the document, the one catalogue park of that kind in its main region."""
        out: list[Span] = []
        for s, e, w in bare:
            kind = self._bare[w]
            same = [p for p in parks if kind == "any" or p.attrs.get("kind") == kind]
            target = dominant([p for p in same if not p.key.startswith("park:")]) or dominant(same)
            rule, conf = "bare-park", 0.8
            if target is None and kind != "any":
                target, rule, conf = self._bare_by_region(kind, regions), "bare-park-region", 0.6
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
