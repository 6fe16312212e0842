"""Relations of firms: LOCATED_IN, SUPPLIES, SUBSIDIARY_OF, PROJECT_IN, INVESTS_IN.

LOCATED_IN is read from the verb that governs a firm's clause: 引进了A、B /
落户 / 位于 / 来到A、B puts the firms in the place of the sentence (or of the
article); 对接 / 学习 / 合作 does not — a courted firm is not there yet.
"""

from __future__ import annotations

import re

from loaders.relate.chains import subject_before
from loaders.relate.context import DocContext, SentenceView
from loaders.types import Label, Mention, Relation, RelType

_COUNT = re.compile(r"(\d+)\s*(?:多|余)?\s*家")
_SUPPLY_FOR = re.compile(r"为$")


def _top(ms: list[Mention]) -> list[Mention]:
    return [m for m in ms if not m.attrs.get("nested")]


_TAIL_LOCATE = re.compile(r"^[^，,。；;]{0,12}?(?:车间|生产基地|工厂|生产线|项目)")
_TAIL_COUNT = re.compile(r"^等\d+(?:多|余)?家企业")


def located_in(ctx: DocContext) -> list[Relation]:
    out: list[Relation] = []
    for sv in ctx.sentences:
        text, base = sv.sentence.text, sv.sentence.start
        lead_place = _leading_place(sv)
        for f in sv.of(Label.COMPANY):
            rel_pos = f.start - base
            tail = text[f.end - base :]
            hit = ctx.last_cue_before(text, rel_pos, ("locate", "not_locate"))
            if hit is not None:
                kind, rule = hit[0], "located:verb"
            elif lead_place is not None:
                kind, rule = "locate", "located:leading-place"
            elif _tail_puts_in_place(sv, f, tail) or _TAIL_LOCATE.match(tail):
                kind, rule = "locate", "located:tail"
            elif _TAIL_COUNT.match(tail) and ctx.main_park is not None:
                kind, rule = "locate", "located:park-firms"
            else:
                continue
            if kind != "locate":
                continue  # 对接/学习/合作: a courted firm is not there yet
            target = lead_place or _place_for(ctx, sv, f)
            if target is None:
                continue
            out.append(ctx.relation(RelType.LOCATED_IN, f, target, sv, rule, 0.75))
    return out


def _leading_place(sv: SentenceView) -> Mention | None:
    """在靖江经济开发区，… / 在溧阳，…: the place a sentence opens in."""
    first = sv.clauses[0]
    if not first.text.startswith("在"):
        return None
    places = [m for m in _top(sv.of(Label.PARK, Label.REGION)) if first.start <= m.start < first.end]
    return places[-1] if places else None


def _tail_puts_in_place(sv: SentenceView, f: Mention, tail: str) -> bool:
    """湘电集团在…生产 is no place; 瑞邦在新马工业园投资建设 is."""
    m = re.match(r"^[^，,。]{0,6}?(?:在|落户|入驻|位于|落地)", tail)
    if not m:
        return False
    at = f.end + m.end()
    return any(p.start == at for p in _top(sv.of(Label.PARK, Label.REGION)))


def _place_for(ctx: DocContext, sv: SentenceView, f: Mention) -> Mention | None:
    """The park of the sentence nearest the firm, else a region the sentence
    puts the firm in (在溧阳), else the article's park."""
    parks = _top(sv.of(Label.PARK))
    if parks:
        return min(parks, key=lambda m: abs(m.start - f.start))
    text, base = sv.sentence.text, sv.sentence.start
    regions = [m for m in _top(sv.of(Label.REGION)) if text[max(0, m.start - base - 1) : m.start - base] == "在"]
    if regions:
        return regions[-1]
    return ctx.main_park


def supplies(ctx: DocContext) -> list[Relation]:
    """聚集中车、三一等配套的零部件、新材料企业40多家 -> (park)-[:SUPPLIES]->(中车), (三一);
    A为B配套 -> (A)-[:SUPPLIES]->(B)."""
    out: list[Relation] = []
    for sv in ctx.sentences:
        text, base = sv.sentence.text, sv.sentence.start
        cue = ctx.has_cue(text, "supply")
        if not cue:
            continue
        for m in re.finditer(re.escape(cue), text):
            pos = m.start()
            buyers = _buyers_before(sv, text, base, pos)
            if not buyers:
                continue
            first = buyers[0]
            source = None
            before_for = text[: first.start - base]
            if _SUPPLY_FOR.search(before_for):
                srcs = [x for x in sv.mentions if x.end <= first.start - 1 and x.label in (Label.COMPANY, Label.PARK, Label.REGION) and not x.attrs.get("nested")]
                source = srcs[-1] if srcs else None
            if source is None:
                source = subject_before(ctx, sv, first.start)
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


def _buyers_before(sv: SentenceView, text: str, base: int, pos: int) -> list[Mention]:
    """Firms enumerated right before 等配套 / 配套 (中车、三一等配套…)."""
    firms = [m for m in sv.of(Label.COMPANY) if m.end - base <= pos]
    out: list[Mention] = []
    edge = pos
    for f in reversed(firms):
        gap = text[f.end - base : edge]
        if re.fullmatch(r"(?:、|和|及|与)?(?:等)?(?:企业)?(?:提供)?", gap) or (not out and gap in ("等", "")):
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
