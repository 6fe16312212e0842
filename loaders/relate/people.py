"""Relations of people: HOLDS_POST and OFFICIAL_VISITED.

A title's organisation is the text before it (湖南五洲通药业股份有限公司 生产副总经理);
a bare 市委书记 / 区领导 means the article's home city or district. A visit is
a visit cue (带队赴, 来到, 察看…) with its visitors before it and its places
and firms after it in the same clause, plus the place a sentence opens in
(在靖江经济开发区，…).
"""

from __future__ import annotations

import re
from typing import Any

from loaders.dates import find_dates
from loaders.relate.context import DocContext, SentenceView, cue_pattern
from loaders.types import Label, Mention, Relation, RelType

# Which kind of organisation a title belongs to, by its last characters.
_TITLE_TARGET: list[tuple[re.Pattern[str], tuple[Label, ...]]] = [
    (re.compile(r"链长$"), (Label.CHAIN,)),
    (re.compile(r"(?:党工委|管委会|工委).*$"), (Label.PARK, Label.ORGANIZATION)),
    (re.compile(r"^(?:[省市区县镇]委|[省市区县镇]长|副[省市区县镇]长|[省市区县]领导|[省市区县]人大|[省市区县]政协)"),
     (Label.REGION,)),
    (re.compile(r"(?:书记|常委|[市区县]长)$"), (Label.REGION, Label.PARK, Label.ORGANIZATION)),
    (re.compile(r"(?:经理|董事长|董事|总裁|总监|负责人|总工程师|创始人|厂长)$"),
     (Label.COMPANY, Label.ORGANIZATION, Label.PARK)),
    (re.compile(r"(?:局长|主任|处长|科长|院长|校长|所长|部长|秘书长|会长)$"),
     (Label.ORGANIZATION, Label.PARK, Label.REGION, Label.COMPANY)),
]
_TARGETS = (Label.REGION, Label.PARK, Label.COMPANY, Label.ORGANIZATION, Label.CHAIN)


def _titles(p: Mention) -> list[tuple[str, Any]]:
    out = []
    for t in p.attrs.get("titles") or []:
        if isinstance(t, dict):
            span = (t.get("org_start"), t.get("org_end")) if t.get("org_start") is not None else t.get("org")
            out.append((t.get("title", ""), span))
        elif isinstance(t, (list, tuple)) and t:
            out.append((t[0], t[1] if len(t) > 1 else None))
        elif isinstance(t, str):
            out.append((t, None))
    return out


def _org_span(ctx: DocContext, p: Mention, org: Any) -> tuple[int, int] | None:
    if isinstance(org, (list, tuple)) and len(org) == 2 and all(isinstance(x, int) for x in org):
        return org[0], org[1]
    if isinstance(org, str) and org:
        i = ctx.doc.text.rfind(org, 0, p.start)
        if i >= 0:
            return i, i + len(org)
    return None


def holds_post(ctx: DocContext) -> list[Relation]:
    out: list[Relation] = []
    for sv in ctx.sentences:
        for p in sv.of(Label.PERSON):
            for title, org in _titles(p):
                target = _post_target(ctx, sv, p, title, _org_span(ctx, p, org))
                if target is not None:
                    out.append(ctx.relation(RelType.HOLDS_POST, p, target, sv, "post:title", 0.8, title=title))
    return out


def _post_target(ctx: DocContext, sv: SentenceView, p: Mention, title: str, span) -> Mention | None:
    labels: tuple[Label, ...] = _TARGETS
    for pat, ls in _TITLE_TARGET:
        if pat.search(title):
            labels = ls
            break
    if span is not None:
        a, b = span
        org_text = ctx.doc.text[a:b]
        # overlapping, not only inside: 泰州市委常委 gives the org 泰州, the region 泰州市
        inside = [m for m in ctx.between(a, b) if m.end <= b + 1 and m.label in _TARGETS]
        gov = re.match(r"^([省市区县])(?:[一二三四五六七八九十]+届)?(?:委|政府|人大|政协|纪委)", org_text)
        if gov and Label.ORGANIZATION in labels:
            home = ctx.home_region(gov.group(1))  # 市人大常委会主任: the city's own body
            if home is not None:
                return home

        cands = [m for m in inside if m.label in labels]
        if cands:
            # the outermost mention (the org, not a region in its name: 天津经开区党委书记 is the
            # park's), the title's first kind on a tie
            return max(cands, key=lambda m: (m.end - m.start, -labels.index(m.label)))
        if org_text.startswith("该") or org_text in ("公司", "企业", "集团"):
            return _firm_in_focus(ctx, p.start)
        bare = org_text[-1:] if org_text else ""
        if bare in "省市区县" and len(org_text) <= 1:
            return _home_of(ctx, sv, bare)
    # 该项目建设经理 / 该公司总经理: the firm the article was just talking about.
    t0 = ctx.doc.text.rfind(title, 0, p.start) if title else -1
    if t0 >= 0 and Label.COMPANY in labels and "该" in ctx.doc.text[max(0, t0 - 2) : t0 + 1]:
        firm = _firm_in_focus(ctx, t0)
        if firm is not None:
            return firm
    # 市委书记 / 区委书记 / 区领导 without an organisation: the article's home region.
    m = re.match(r"^(?:副)?([省市区县])", title)
    if m and Label.REGION in labels:
        return _home_of(ctx, sv, m.group(1))
    return None


def _home_of(ctx: DocContext, sv: SentenceView, level: str) -> Mention | None:
    """The article's home region for a bare 市长/区委书记 — unless the sentence has the person
    travel there (市长冷劲松一行赴株洲市考察: the city visited is not the mayor's own)."""
    home = ctx.home_region(level)
    if home is None:
        return None
    text, base = sv.sentence.text, sv.sentence.start
    for m in sv.of(Label.REGION):
        if m.key == home.key and not m.attrs.get("nested") and text[: m.start - base].endswith(("赴", "到", "前往", "来到")):
            return None
    return home


def _firm_in_focus(ctx: DocContext, pos: int) -> Mention | None:
    """The firm a bare 公司/该公司 refers to: the one its sentence, else the sentence before,
    is about (its first firm, the subject: 北方稀土是包钢控股的…。公司董事长… is 北方稀土's),
    else the last firm named."""
    for sv in reversed(ctx.sentences):
        if sv.sentence.start > pos:
            continue
        # this sentence's firms before the title (伯特利是…，公司总经理…), else the sentence before
        own = [m for m in sv.of(Label.COMPANY) if m.end <= pos and not m.attrs.get("nested")]
        if own:
            return own[0]
        if sv.sentence.end <= pos:
            break
    return ctx.last_before(Label.COMPANY, pos)


def official_visited(ctx: DocContext) -> list[Relation]:
    """People named before a visit cue, or who join it (参加考察/陪同/一同调研), visit the
    places and firms after the cue; someone who joins in the next sentence (…。熊奇志一同调研)
    joins that visit. As the gold reads it, a leader's later stops (吴勇强一行先后来到A、B) are
    the leader's: the party goes only where the text names it. A visit sentence without a
    named visitor (代表们先后参观了A、B) belongs to the party the article names. An
    official's own region is where they work, not a place they visit."""
    out: list[Relation] = []
    own = _post_regions(ctx)
    done: set[tuple[str, Label, str]] = set()
    last_date: dict[str, str] | None = None
    last_visit: tuple[SentenceView, list[Mention], str, dict[str, str] | None] | None = None
    party: list[Mention] = []
    pending: list[tuple[SentenceView, list[Mention], str, dict[str, str] | None]] = []

    def emit(visitors, sv, targets, cue, date) -> None:
        for v in visitors:
            for t in targets:
                if t.label == Label.REGION and t.key in own.get(v.key, ()):
                    continue  # 青岛市委书记走访青岛: their own city
                if (v.key, t.label, t.key) in done:
                    continue
                done.add((v.key, t.label, t.key))
                out.append(ctx.relation(RelType.OFFICIAL_VISITED, v, t, sv, f"visit:{cue}", 0.8, **(date or {})))

    for sv in ctx.sentences:
        text, base = sv.sentence.text, sv.sentence.start
        people = sv.of(Label.PERSON)
        if not people and not sv.of(Label.PARK, Label.REGION, Label.COMPANY):
            continue  # nobody visits and nothing to visit
        hit = _visit_cue(ctx, text, people, base)
        joiners = [
            p for c in sv.clauses if ctx.has_cue(c.text, "visit_join")
            for p in people if c.start <= p.start < c.end
        ] if people and ctx.has_cue(text, "visit_join") else []
        if hit is None:
            if joiners and last_visit is not None:
                emit(joiners, *last_visit)
            party.extend(p for p in joiners if p not in party)
            continue
        cue_at, cue = hit
        clause = sv.clause_of(base + cue_at)
        visitors = [p for p in people if p.end - base <= cue_at]
        visitors += [p for p in joiners if p not in visitors]
        targets = _visit_targets(ctx, sv, clause, base + cue_at)
        dates = find_dates(text)
        date = _date_props(text, dates[0]) if dates else last_date
        if dates:
            last_date = date
        if joiners and not targets and last_visit is not None:
            emit(joiners, *last_visit)  # …。熊奇志一同调研: no place of its own, the last visit's
        if visitors:
            emit(visitors, sv, targets, cue, date)
            party.extend(p for p in visitors if p not in party)
            if targets:
                last_visit = (sv, targets, cue, date)
        elif targets:
            pending.append((sv, targets, cue, date))
    for sv, targets, cue, date in pending:
        emit(party, sv, targets, cue, date)
    return out


def _post_regions(ctx: DocContext) -> dict[str, set[str]]:
    """Person key -> the regions their titles name (青岛市委书记); a bare 市长 is left out, as
    its city is only a guess from the article."""
    out: dict[str, set[str]] = {}
    for sv in ctx.sentences:
        for p in sv.of(Label.PERSON):
            if not p.attrs.get("titles"):
                continue
            for title, org in _titles(p):
                span = _org_span(ctx, p, org)
                if span is None or span[1] - span[0] < 2:
                    continue
                target = _post_target(ctx, sv, p, title, span)
                if target is not None and target.label == Label.REGION:
                    out.setdefault(p.key, set()).add(target.key)
    return out


def _visit_targets(ctx: DocContext, sv: SentenceView, clause, at: int) -> list[Mention]:
    """The places and firms after the cue, in its clause and in the clauses
    that go on with the visit (…赴A考察，先后来到B、C), plus the place the
    sentence opens in (在靖江经济开发区，…)."""
    targets: list[Mention] = []
    for c in sv.clauses[sv.clauses.index(clause):]:
        if c is not clause:
            hit = _visit_cue(ctx, c.text, [], c.start)
            if hit is None:
                break
            at = c.start + hit[0]
        targets += [
            m for m in sv.mentions
            if m.label in (Label.PARK, Label.REGION, Label.COMPANY)
            and not m.attrs.get("nested")
            and at <= m.start < c.end
        ]
    lead = sv.clauses[0]
    if lead is not clause and lead.text.startswith("在"):
        targets += [m for m in sv.of(Label.PARK, Label.REGION)
                    if lead.start <= m.start < lead.end and not m.attrs.get("nested")]
    return list({(t.label, t.key): t for t in targets}.values())


# 市长张三到天易经开区调研 / 一行莅临X指导: travel right after the visitor, a visit verb later
_TRAVEL = re.compile(r"(?:一行|等人|等一行|带队)?(?:先后)?(?:到|赴|前往|莅临|深入|走进)")
_VISIT_VERB = re.compile(r"考察|调研|视察|检查|走访|参观|指导|察看|观摩")


def _visit_cue(ctx: DocContext, text: str, people: list[Mention], base: int) -> tuple[int, str] | None:
    """The first visit cue after the first person (anywhere, without people)."""
    first_person = min(p.end for p in people) - base if people else 0
    for p in people:
        t = _TRAVEL.match(text, p.end - base)
        if t and _VISIT_VERB.search(text, t.end()):
            return t.end(), t.group()
    m = cue_pattern("visit").search(text, max(0, first_person))
    return (m.end(), m.group()) if m else None


def _date_props(text: str, d: tuple[int, int, Any]) -> dict[str, str]:
    """The visit date as written (year unknown stays unknown) and as ISO bounds."""
    start, end, value = d
    if isinstance(value, dict):
        return {"date": text[start:end], "date_start": value["start"], "date_end": value["end"]}
    return {"date": text[start:end], "date_start": str(value), "date_end": str(value)}
