"""Relations of firms: LOCATED_IN, SUPPLIES, SUBSIDIARY_OF, PROJECT_IN, INVESTS_IN.

LOCATED_IN is read from the verb that governs a firm's clause: 引进了A、B /
落户 / 位于 / 来到A、B puts the firms in the place of the sentence (or of the
article); 对接 / 学习 / 合作 does not — a courted firm is not there yet.
"""

from __future__ import annotations

import re

from loaders.relate.chains import subject_before
from loaders.relate.context import DocContext, SentenceView, cues
from loaders.relate.context import top as _top
from loaders.types import Label, Mention, Relation, RelType

_COUNT = re.compile(r"(\d+)\s*(?:多|余)?\s*家")


_TAIL_LOCATE = re.compile(r"^[^，,。；;]{0,12}?(?:车间|生产基地|工厂|生产线|项目)")
# A等企业先后入驻 / A…项目、B…项目落户望城经开区: the verb after the firm or its project.
_TAIL_SETTLE = re.compile(r"^[^，,。；;]{0,40}?(?:先后|相继|陆续|已|正式|签约)?(?:入驻|落户|进驻|落地|扎根)")
# 来自重庆的植恩生物 / 总部位于深圳的X
_FROM_PLACE = re.compile(r"(?:来自|总部位于|总部在|扎根|立足)$")
_TAIL_COUNT = re.compile(r"^等\d+(?:多|余)?家企业")


def located_in(ctx: DocContext) -> list[Relation]:
    out: list[Relation] = []
    for sv in ctx.sentences:
        firms = sv.of(Label.COMPANY)
        if not firms:
            continue
        text, base = sv.sentence.text, sv.sentence.start
        lead_place = _leading_place(sv)
        for f in firms:
            if f.attrs.get("nested"):
                continue
            rel_pos = f.start - base
            tail = text[f.end - base :]
            origin = _origin_place(sv, f)
            if origin is not None:
                out.append(ctx.relation(RelType.LOCATED_IN, f, origin, sv, "located:origin", 0.8))
                continue
            scope = _cue_scope(sv, f) - base
            hit = ctx.last_cue_before(text[scope:], rel_pos - scope, ("locate", "not_locate"))
            tail_place = _tail_place(sv, f, tail)
            if tail_place is not None and (hit is None or hit[0] == "locate"):
                # 小鹏汽车…基地位于中新广州知识城: the place the sentence gives the firm itself
                out.append(ctx.relation(RelType.LOCATED_IN, f, tail_place, sv, "located:tail", 0.8))
                continue
            if hit is not None:
                kind, rule = hit[0], "located:verb"
            elif lead_place is not None:
                kind, rule = "locate", "located:leading-place"
            elif _TAIL_LOCATE.match(tail) or _TAIL_SETTLE.match(tail):
                kind, rule = "locate", "located:tail"
            elif _TAIL_COUNT.match(tail) and ctx.main_park is not None:
                kind, rule = "locate", "located:park-firms"
            elif f is sv.of(Label.COMPANY)[0] and (built := _builds_in(sv)) is not None:
                out.append(ctx.relation(RelType.LOCATED_IN, f, built, sv, "located:builds-in", 0.7))
                continue
            else:
                continue
            if kind != "locate":
                continue  # 对接/学习/合作: a courted firm is not there yet
            target = lead_place or _place_for(ctx, sv, f)
            if target is None:
                continue
            out.append(ctx.relation(RelType.LOCATED_IN, f, target, sv, rule, 0.75))
    return out


def _cue_scope(sv: SentenceView, f: Mention) -> int:
    """Where a verb that governs the firm may stand: its own clause (an
    enumeration A、B、C stays in one clause), or a short clause before it
    (其中，A…)."""
    clause = sv.clause_of(f.start)
    i = sv.clauses.index(clause)
    if i > 0 and len(sv.clauses[i - 1].text) <= 5:
        return sv.clauses[i - 1].start
    return clause.start


def _leading_place(sv: SentenceView) -> Mention | None:
    """在靖江经济开发区，… / 在溧阳，…: the place a sentence opens in."""
    first = sv.clauses[0]
    if not first.text.startswith("在"):
        return None
    places = [m for m in _top(sv.of(Label.PARK, Label.REGION)) if first.start <= m.start < first.end]
    return places[-1] if places else None


def _tail_place(sv: SentenceView, f: Mention, tail: str) -> Mention | None:
    """湘电集团在…生产 is no place; 瑞邦在新马工业园投资建设 and 金斯瑞…大楼在南京开工 are."""
    m = re.match(r"^[^，,。]{0,14}?(?:在|落户|入驻|位于|落地)", tail)
    if not m:
        return None
    at = f.end + m.end()
    place = next((p for p in _top(sv.of(Label.PARK, Label.REGION)) if p.start == at), None)
    if place is not None and re.match(r"(?:以外|之外|以北|以南|以东|以西)", sv.sentence.text[place.end - sv.sentence.start :]):
        return None  # 在上海以外建设: not there
    return place


def _place_for(ctx: DocContext, sv: SentenceView, f: Mention) -> Mention | None:
    """The place right before the firm (来自重庆的植恩生物), else the park of the
    sentence nearest the firm, else a region the sentence puts the firm in
    (在溧阳), else where the article's visit went (赴株洲市考察), else the
    article's park."""
    text, base = sv.sentence.text, sv.sentence.start
    parks = [p for p in _top(sv.of(Label.PARK)) if not _siblings(sv, p, f)]
    if parks:
        return min(parks, key=lambda m: abs(m.start - f.start))
    text, base = sv.sentence.text, sv.sentence.start
    regions = [m for m in _top(sv.of(Label.REGION)) if text[max(0, m.start - base - 1) : m.start - base] == "在"]
    if regions:
        return regions[-1]
    dest = _visit_destination(ctx, sv)
    return dest or ctx.main_park


def _siblings(sv: SentenceView, a: Mention, b: Mention) -> bool:
    """Items of one enumeration (走访了A产业园、B公司和C公司): only 、/和/及/与 and other firms
    or parks stand between them, so neither hosts the other."""
    text, base = sv.sentence.text, sv.sentence.start
    lo, hi = (a, b) if a.start < b.start else (b, a)
    rest = text[lo.end - base : hi.start - base]
    for m in sv.mentions:
        if lo.end <= m.start and m.end <= hi.start and m.label in (Label.COMPANY, Label.PARK):
            rest = rest.replace(m.surface, "", 1)
    rest = re.sub(r"\([^()]{0,12}\)", "", rest)  # 苏州生物医药产业园(BioBAY)
    return bool(rest) and re.fullmatch(r"(?:[、和及与]|以及)+", rest) is not None


_BUILDS = re.compile(r"^(?:投资|合资|独资)?(?:建设|新建|设立|成立|落户|布局|扩建|兴建|打造)")


def _builds_in(sv: SentenceView) -> Mention | None:
    """X与Y签订协议，计划在溧阳经济开发区投资建设…: the place the sentence's firm builds in."""
    text, base = sv.sentence.text, sv.sentence.start
    for m in _top(sv.of(Label.PARK, Label.REGION)):
        if text[m.start - base - 1 : m.start - base] == "在" and _BUILDS.match(text[m.end - base :]):
            return m
    return None


def _origin_place(sv: SentenceView, f: Mention) -> Mention | None:
    """来自重庆的植恩生物 / 总部位于深圳的X: the place right before the firm."""
    text, base = sv.sentence.text, sv.sentence.start
    for m in _top(sv.of(Label.PARK, Label.REGION)):
        if m.end <= f.start and text[m.end - base : f.start - base] == "的" and _FROM_PLACE.search(
            text[: m.start - base]
        ):
            return m
    return None


def _visit_destination(ctx: DocContext, sv: SentenceView) -> Mention | None:
    """赴株洲市考察 earlier in the article: firms visited later are there."""
    found = ctx.cache.get("visit_destinations")
    if found is None:
        found = []
        for s in ctx.sentences:
            t, b = s.sentence.text, s.sentence.start
            for m in _top(s.of(Label.PARK, Label.REGION)):
                if re.search(r"(?:赴|前往|到)$", t[: m.start - b]) and re.match(
                    r"^[^，,。]{0,4}(?:考察|调研|学习|招商)", t[m.end - b :]
                ):
                    found.append((s.index, m))
        ctx.cache["visit_destinations"] = found
    best = None
    for i, m in found:  # few per article
        if i <= sv.index:
            best = m
    return best


def supplies(ctx: DocContext) -> list[Relation]:
    """A为B配套 / A已为B、C等车企批量供货 / A是B的供应商 -> (A)-[:SUPPLIES]->(B), A being the
    firm of the clause, else the sentence's first firm (公司…主要为B配套); 聚集中车、三一等
    配套的零部件企业40多家 -> (park)-[:SUPPLIES]->(中车), (三一): a place supplies through
    the firms it gathers."""
    out: list[Relation] = []
    for sv in ctx.sentences:
        text, base = sv.sentence.text, sv.sentence.start
        for m in ctx.cue_matches(text, "supply"):
            pos = m.start()
            cue = m.group()
            if re.match(r"(?:项目|企业|厂商|产品)", text[m.end():]) and text[:pos].endswith("等"):
                continue  # 引进了A、B等配套项目: A and B are the suppliers, of nobody named
            buyers = _buyers_before(sv, text, base, pos)
            source = _linked_supplier(sv, buyers[0]) if buyers else None
            if source is None:
                loose = _buyers_before(sv, text, base, pos, loose=True)
                source = _linked_supplier(sv, loose[0]) if loose else None
                if source is not None:
                    buyers = loose  # 已为大众安徽批量供应: only with the supplier named
            if not buyers:
                continue
            if re.search(r"(?:将|拟|计划|有望|准备)(?:为|向|成为)$", text[: buyers[0].start - base]):
                continue  # 投产后将为比亚迪配套: a plan, not yet a supply
            if source is None:
                if cue in cues()["supply_firm_only"]:
                    continue  # 为企业提供服务: 提供 names a supply only between two firms
                source = _supplier_before(sv, buyers[0]) or subject_before(ctx, sv, buyers[0].start)
            if source is None:
                continue
            tail = text[pos + len(cue) :]
            props: dict[str, object] = {}
            end = re.search(r"[，,。；;]", tail)
            clause_tail = tail[: end.start()] if end else tail
            cm = _COUNT.search(clause_tail)
            if cm:
                props["count"] = int(cm.group(1))
            seg = re.match(r"^的?([^，,。；;]{1,30}?)(?:企业|厂商|产品)", clause_tail)
            if seg:
                props["segments"] = [s for s in re.split(r"[、和及]", seg.group(1)) if s]
            kind = "supplies:aggregate" if source.label != Label.COMPANY else "supplies:firm"
            for b in buyers:
                if b.key != source.key:
                    out.append(ctx.relation(RelType.SUPPLIES, source, b, sv, kind, 0.8, **props))
    return out


_SUPPLIER_LINK = re.compile(
    r"(?:是|为|成为|作为|已为|专门为|主要为|长期为|向|已成为|正式成为|进入|打入|跻身)$"
)


def _linked_supplier(sv: SentenceView, buyer: Mention) -> Mention | None:
    """已为B / 主要为B / 已成为B: the supplier is the firm of the buyer's clause before it, else
    the firm the sentence opens with (公司…主要为B配套 / 这家企业…为B供应)."""
    text, base = sv.sentence.text, sv.sentence.start
    clause = sv.clause_of(buyer.start)
    head = text[clause.start - base : buyer.start - base]
    if not re.search(r"(?:为|向|成为|进入|打入|跻身)$", head):
        return None
    firms = [f for f in sv.of(Label.COMPANY) if f.end <= buyer.start and not f.attrs.get("nested")]
    own = [f for f in firms if f.start >= clause.start]
    if own:
        return own[-1]
    return firms[0] if firms else None


def _supplier_before(sv: SentenceView, buyer: Mention) -> Mention | None:
    """X为B配套 with a place or firm right before the link (园区为中车配套)."""
    text, base = sv.sentence.text, sv.sentence.start
    cands = [
        x for x in sv.mentions
        if x.end <= buyer.start and x.label in (Label.COMPANY, Label.PARK, Label.REGION)
        and not x.attrs.get("nested")
    ]
    if not cands:
        return None
    src = cands[-1]
    link = text[src.end - base : buyer.start - base]
    return src if _SUPPLIER_LINK.search(link) and len(link) <= 6 else None


_BUYER_GAP = re.compile(
    r"(?:、|和|及|与)?(?:等)?(?:[\u4e00-\u9fff]{0,8}?(?:企业|车企|药企|厂商|厂家|公司|客户|品牌|整车厂|主机厂))?(?:的)?"
    r"(?:一级|二级|核心|主要|重要|战略|长期|稳定|独家|批量|就近|直接)?(?:提供)?"
)
_LOOSE_GAP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,12}")


def _buyers_before(sv: SentenceView, text: str, base: int, pos: int, loose: bool = False) -> list[Mention]:
    """Firms enumerated right before 等配套 / 配套 (中车、三一等整车企业配套…); `loose`: up to a
    dozen characters of other words between the last buyer and the cue (已为大众安徽批量供应)."""
    firms = [m for m in sv.of(Label.COMPANY) if m.end - base <= pos]
    out: list[Mention] = []
    edge = pos
    for f in reversed(firms):
        gap = text[f.end - base : edge]
        if _BUYER_GAP.fullmatch(gap) or (not out and (gap in ("等", "") or loose and _LOOSE_GAP.fullmatch(gap))):
            out.insert(0, f)
            edge = f.start - base
        else:
            break
    return out


def subsidiaries(ctx: DocContext) -> list[Relation]:
    """A subsidiary and its group both named: the gazetteer's fact, with this sentence."""
    out: list[Relation] = []
    keys = {m.key for m in ctx.mentions if m.label == Label.COMPANY}
    for sv in ctx.sentences:
        for f in sv.of(Label.COMPANY):
            group = f.attrs.get("group_key")
            if group and group in keys and group != f.key:
                g = next(m for m in ctx.mentions if m.label == Label.COMPANY and m.key == group)
                out.append(ctx.relation(RelType.SUBSIDIARY_OF, f, g, sv, "subsidiary:gazetteer", 0.9))
    return out


def projects(ctx: DocContext) -> list[Relation]:
    out: list[Relation] = []
    for sv in ctx.sentences:
        for p in sv.of(Label.PROJECT):
            for f in sv.of(Label.COMPANY):
                if p.start <= f.start and f.end <= p.end:
                    out.append(ctx.relation(RelType.INVESTS_IN, f, p, sv, "project:name", 0.7))
            place = _place_for(ctx, sv, p)
            if place is not None:
                out.append(ctx.relation(RelType.PROJECT_IN, p, place, sv, "project:place", 0.6))
    return out
