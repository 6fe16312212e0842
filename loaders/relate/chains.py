"""Relations to chains: FOCUSES_ON, HAS_GAP, LEADS, COMPANY_SUPPLIES.

All are read clause by clause: a cue word (data/relation_cues.yaml) near the
chain names, a subject (the nearest park or region before them, the park a
word like 园区 stands for, or the firm an enumeration names).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from loaders.relate.context import DocContext, SentenceView, cues
from loaders.relate.context import top as _top
from loaders.types import Label, Mention, Relation, RelType

PLACES = (Label.PARK, Label.REGION)
CHAINS = (Label.CHAIN,)
# An enumeration of chains: 、 和 及 与 以及 between them, an optional 产业 tail.
_ENUM_GAP = re.compile(r"^(?:、|和|及|与|以及|,|，|\+|＋|“|”|‘|’|\"|产业|产业链|业)*$")
_FIRM_TAIL = re.compile(r"^(?:类)?(?:企业|厂商|公司)")
_INTRO = re.compile(r"^(?:即|包括|分别是|主要有|主要是|为)")
# 湖南生物医药与健康产业博览会: an event held in a place, not the place's industry
_EVENT = re.compile(r"^[^，,。；;]{0,8}?(?:博览会|展览会|交易会|论坛|峰会|展会|年会|大赛)")
# 以生物医药产业为龙头 / 以新能源汽车为主导: the place's leading industries
_YI_WEI = re.compile(r"以.{1,30}?为(?:龙头|主导|核心|重点|支撑|主体|引领|特色|主攻方向|方向|一翼|两翼|支柱|首位)")
_NOT_FOCUS = ("学习", "考察", "调研", "参观", "借鉴")
# 发展现代信息、物流产业: a verb of growing right before the chains.
_FOCUS_VERB = re.compile(r"(?:发展|壮大|做强|做大|做优|培育|打造|布局|主攻|聚焦|引育)(?:壮大)?$")


def subject_before(ctx: DocContext, sv: SentenceView, pos: int, labels=PLACES) -> Mention | None:
    """The nearest park/region before pos in the sentence, else the park that
    園区-like words or the lack of any place point to."""
    before = [m for m in _top(sv.of(*labels)) if m.end <= pos]
    if before:
        return before[-1]
    prev = _previous_place(ctx, sv, labels)
    if prev is not None:
        return prev
    if Label.PARK in labels and ctx.main_park is not None:
        return ctx.main_park
    return None


def _previous_place(ctx: DocContext, sv: SentenceView, labels) -> Mention | None:
    """A sentence without a place continues the one before it, in its paragraph."""
    if sv.index == 0:
        return None
    prev = ctx.sentences[sv.index - 1]
    if "\n" in ctx.doc.text[prev.sentence.end : sv.sentence.start]:
        return None
    places = _top(prev.of(*labels))
    return places[-1] if places else None


def chain_groups(sv: SentenceView) -> list[list[Mention]]:
    """Chains in a row (新材料、电子信息) grouped: they share one reading."""
    groups: list[list[Mention]] = []
    text, base = sv.sentence.text, sv.sentence.start
    for m in _top(sv.of(*CHAINS)):
        if groups and _ENUM_GAP.match(text[groups[-1][-1].end - base : m.start - base]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _anaphoric_chains(ctx: DocContext, sv: SentenceView) -> list[Mention]:
    """Chains that 该产业 or a chain-less gap sentence refers back to, within
    the paragraph."""
    for back in range(1, 3):
        i = sv.index - back
        if i < 0:
            break
        prev = ctx.sentences[i]
        if "\n" in ctx.doc.text[prev.sentence.end : sv.sentence.start]:
            break
        chains = _top(prev.of(*CHAINS))
        if chains:
            return chains
    return []


def focuses_on(ctx: DocContext) -> list[Relation]:
    out: list[Relation] = []
    for sv in ctx.sentences:
        text, base = sv.sentence.text, sv.sentence.start
        for group in chain_groups(sv):
            first = group[0]
            # 长沙市工程机械、汽车制造产业: a place right before the chains.
            places = [m for m in _top(sv.of(*PLACES)) if m.end <= first.start]
            event = _EVENT.match(text[group[-1].end - base :])
            if places and not event and _ENUM_GAP.match(text[places[-1].end - base : first.start - base].replace("的", "")):
                for c in group:
                    out.append(ctx.relation(RelType.FOCUSES_ON, places[-1], c, sv, "focus:place-prefix", 0.85))
                continue
            clause = sv.clause_of(first.start)
            ctext = clause.text
            i = sv.clauses.index(clause)
            if i > 0 and (_INTRO.match(ctext.lstrip()) or first.start - clause.start <= 1):
                ctext = sv.clauses[i - 1].text + ctext  # 即A、B / ，A、B产业的配套已成规模
            if ctext.lstrip("“‘\"").startswith("以") and i + 1 < len(sv.clauses):
                ctext += sv.clauses[i + 1].text  # 以X为一翼，做强Y
            verb = _FOCUS_VERB.search(text[max(0, first.start - base - 6) : first.start - base]) or (
                _YI_WEI.search(ctext)
            )
            if any(w in ctext for w in _NOT_FOCUS) or not (verb or ctx.has_cue(ctext, "focus")):
                continue
            subject = _focus_subject(ctx, sv, first.start)
            if subject is None:
                continue
            for c in group:
                if _FIRM_TAIL.match(text[c.end - base :]):
                    continue  # 新材料企业: a kind of firm, not the place's focus
                out.append(ctx.relation(RelType.FOCUSES_ON, subject, c, sv, "focus:cue", 0.75))
    return out


def _focus_subject(ctx: DocContext, sv: SentenceView, pos: int) -> Mention | None:
    """Who focuses on the chains: a place named before them in the sentence; else the
    article's park when it has one (亦庄围绕…四大主导产业: a nickname the gazetteer lacks,
    or 园区/经济区), rather than whatever region the sentence before happened to name."""
    before = [m for m in _top(sv.of(*PLACES)) if m.end <= pos]
    if before:
        return before[-1]
    if ctx.main_park is not None:
        return ctx.main_park
    return subject_before(ctx, sv, pos)


def has_gap(ctx: DocContext) -> list[Relation]:
    out: list[Relation] = []
    for sv in ctx.sentences:
        found = ctx.first_cue(sv.sentence.text, "gap")
        if not found:
            continue
        cue, pos = found[0], sv.sentence.start + found[1]
        if _remedy_only(ctx, sv.sentence.text):
            continue  # 聚焦产业链短板开展精准招商 / 为补齐短板: the remedy, no weakness stated
        firms_before = [m for m in sv.of(Label.COMPANY) if m.end <= pos]
        places_before = [m for m in _top(sv.of(*PLACES)) if m.end <= pos]
        if firms_before and (not places_before or firms_before[-1].start > places_before[-1].start):
            continue  # a firm's own weakness, not its park's
        chains = _gap_chains(ctx, sv, pos)
        subject = _focus_subject(ctx, sv, pos)
        if subject is None:
            continue
        gap = _gap_phrase(ctx, sv, pos, cue)
        for c in chains:
            out.append(ctx.relation(RelType.HAS_GAP, subject, c, sv, "gap:cue", 0.7, gap=gap))
    return out


_INDUSTRY_AFTER = re.compile(r"(?:产业|产业链|行业|产业集群)")
_WEAK_LINKS = re.compile(r"(?:在|于)([^，,。；;]*?)(?:等)?(?:关键|核心|重点|高端)?(?:环节|方面|领域|部件|零部件|材料|装备|设备|产品)")


def _gap_chains(ctx: DocContext, sv: SentenceView, pos: int) -> list[Mention]:
    """The chain a gap belongs to: the industry the sentence names as its subject (合肥新能源
    汽车产业…但在车规级芯片等关键零部件方面仍存在短板 -> 新能源汽车); chains listed among
    the weak links (在车规级芯片、高端装备等环节) or parts (液压件) are segments, not the
    chain. Without one, the paragraph's chain, else — when weak links are named — the
    article's."""
    text, base = sv.sentence.text, sv.sentence.start
    chains = _top(sv.of(*CHAINS))
    if ctx.has_cue(text, "anaphora_chain"):
        chains = [c for c in chains if c.end <= pos]
    industry = [c for c in chains
                if _INDUSTRY_AFTER.match(text, c.end - base) or c.surface.endswith(("产业", "产业链", "行业", "产业集群"))]
    if industry:
        groups = [g for g in chain_groups(sv) if any(c in g for c in industry)]
        before = [g for g in groups if g[0].end <= pos] or groups
        return before[-1]
    links = [(m.start(1) + base, m.end(1) + base) for m in _WEAK_LINKS.finditer(text)]
    own = [c for c in chains
           if not any(a <= c.start and c.end <= b for a, b in links) and not text.startswith("件", c.end - base)]
    if own:
        return own
    back = _anaphoric_chains(ctx, sv)
    if not links:
        return back  # 正视软肋短板: no weak link named, no chain of its own
    if len(back) == 1:
        return back
    main = _main_chain(ctx)  # 园区在芯片封装测试、显示面板等关键环节仍是空白
    return [main] if main is not None else []


def _remedy_only(ctx: DocContext, text: str) -> bool:
    """Every gap cue of the sentence is the object of a remedy verb (补齐短板, 聚焦薄弱环节,
    瞄准这些短板): the sentence says what will be done, not what is weak."""
    remedies = cues()["gap_remedy"]
    matches = ctx.cue_matches(text, "gap")
    return bool(matches) and all(
        any(r in text[max(0, m.start() - 8) : m.start()] for r in remedies) for m in matches
    )


_GAP_TRIM = re.compile(r"^[\s“”‘’\"'，,：:的是]+|[\s“”‘’\"'，,。；;！!？?]+$")


def _gap_phrase(ctx: DocContext, sv: SentenceView, pos: int, cue: str) -> str:
    """The stated weakness in the clause's own words: 配套企业、关键零部件企业缺乏 /
    缺乏龙头企业 — the clause after its subject (the last place, chain or
    该产业 before the cue), without a closing 的短板."""
    clause = sv.clause_of(pos)
    start = clause.start
    for m in sv.mentions:
        if clause.start <= m.start and m.end <= pos:
            start = max(start, m.end)
    text = ctx.doc.text[start : clause.end]
    for ana in cues()["anaphora_chain"]:
        i = text.find(ana)
        if 0 <= i < pos - start:
            text = text[i + len(ana) :]
    text = re.sub(r"的?短板$", "", _GAP_TRIM.sub("", text)) or cue
    return _GAP_TRIM.sub("", text) or cue


def leads(ctx: DocContext) -> list[Relation]:
    """龙头企业X / 链主企业X / X是…的龙头企业 / 以A、B为龙头 / 作为…的龙头企业，X… ->
    (X)-[:LEADS]->(chain). The chain is the one named in the cue's clause, else the nearest
    one before the cue in the sentence, else the one the paragraph was about, else the
    article's main chain, else one named after the cue (that one is more often what the firms
    make or attract than what they lead, so it comes last)."""
    out: list[Relation] = []
    for sv in ctx.sentences:
        text, base = sv.sentence.text, sv.sentence.start
        matches = ctx.cue_matches(text, "lead")
        if not matches:
            continue
        chains = _top(sv.of(*CHAINS))
        firms = sv.of(Label.COMPANY)
        for m in matches:
            at, end = base + m.start(), base + m.end()
            clause = sv.clause_of(at)
            led = [f for f in firms if 0 <= f.start - end <= 2]  # 龙头企业X
            led += [f for f in firms if clause.start <= f.start and f.end <= at
                    and re.search(r"(?:是|为|作为|成为|这一|这家)", text[f.end - base : m.start()])]
            led += _enumerated_before(sv, firms, at)  # A、B等龙头企业
            led += _framed_by_yi(sv, firms, clause, at)  # 以A、B为龙头
            if clause.text.startswith("作为") and not led:
                # 作为园区的龙头企业，富士康…: the firm opens the next clause
                i = sv.clauses.index(clause)
                nxt = sv.clauses[i + 1] if i + 1 < len(sv.clauses) else None
                led += [f for f in firms if nxt is not None and f.start - nxt.start <= 1 and nxt.start <= f.start]
            if not led and re.match(r"(?:也|还|同时也|更)?是", clause.text):
                # X是…的子公司，也是…的龙头企业: the sentence's subject
                led += [f for f in firms if f.end <= clause.start][:1]
            led = list({f.key: f for f in led}.values())
            if not led:
                continue
            chain = _lead_chain(ctx, sv, chains, clause, at)
            if chain is not None:
                for f in led:
                    out.append(ctx.relation(RelType.LEADS, f, chain, sv, "lead:cue", 0.7))
        if chains and not firms and sv.index + 1 < len(ctx.sentences):
            # 开始寻找“龙头企业”。广州酒家集团来了: the next sentence opens with the firm.
            nxt = ctx.sentences[sv.index + 1]
            opener = nxt.of(Label.COMPANY)
            if opener and opener[0].start - nxt.sentence.start <= 2 and "寻找" in text:
                out.append(ctx.relation(RelType.LEADS, opener[0], chains[-1], nxt, "lead:next-sentence", 0.6))
    return out


def _framed_by_yi(sv: SentenceView, firms: list[Mention], clause, at: int) -> list[Mention]:
    """以A、B为龙头/链主: the firms between 以 and 为 right before the cue."""
    text, base = sv.sentence.text, sv.sentence.start
    head = text[clause.start - base : at - base]
    if not head.endswith(("为", "为“", "为\"")):
        return []
    yi = head.rfind("以")
    if yi < 0:
        return []
    lo = clause.start + yi
    return [f for f in firms if lo < f.start and f.end <= at]


def _lead_chain(ctx: DocContext, sv: SentenceView, chains: list[Mention], clause, at: int) -> Mention | None:
    in_clause = [c for c in chains if clause.start <= c.start < clause.end]
    if in_clause:
        return min(in_clause, key=lambda c: abs(c.start - at))
    before = [c for c in chains if c.end <= at]
    if before:
        return before[-1]
    back = _anaphoric_chains(ctx, sv)
    if back:
        return back[0]
    return _main_chain(ctx) or (chains[0] if chains else None)


def _main_chain(ctx: DocContext) -> Mention | None:
    """The chain the article names most (the title's chain on a tie), if any."""
    memo = ctx.cache.get("main_chain", False)
    if memo is not False:
        return memo  # type: ignore[return-value]
    chains = [m for m in ctx.mentions if m.label in CHAINS and not m.attrs.get("nested")]
    best = None
    if chains:
        counts = Counter(m.key for m in chains)
        title = ctx.doc.title or ""
        for m in chains:
            if m.surface in title:
                counts[m.key] += 2
        key, n = counts.most_common(1)[0]
        best = next(m for m in chains if m.key == key) if n >= 2 else None
    ctx.cache["main_chain"] = best
    return best


def _enumerated_before(sv: SentenceView, firms: list[Mention], at: int) -> list[Mention]:
    """The firms of an enumeration that ends right before the cue (A、B等龙头企业)."""
    text, base = sv.sentence.text, sv.sentence.start
    out: list[Mention] = []
    edge = at
    for f in reversed([f for f in firms if f.end <= at]):
        if not re.fullmatch(r"(?:、|和|及|与)?(?:等(?:\d+家|[一二三四五六七八九十]+家)?)?", text[f.end - base : edge - base]):
            break
        out.insert(0, f)
        edge = f.start
    return out


def company_supplies(ctx: DocContext) -> list[Relation]:
    out: list[Relation] = []
    for sv in ctx.sentences:
        text, base = sv.sentence.text, sv.sentence.start
        firms = sv.of(Label.COMPANY)
        if not firms:
            continue
        groups = chain_groups(sv)
        # 围绕<chains>,引进了<firms>: the chains the sentence is organised around.
        around = [g for g in groups if text.rfind("围绕", 0, g[0].start - base) >= 0]
        if "围绕" in text and ctx.has_cue(text, "anaphora_chain"):  # 围绕当前该产业…: the chain before
            back = _anaphoric_chains(ctx, sv)
            around = [back] if back else []
        for f in firms:
            targets: list[tuple[Mention, str, float]] = []
            hit = ctx.last_cue_before(text, f.start - base, ("locate", "not_locate"))
            courted = hit is not None and hit[0] == "not_locate"
            # <firms>等<chain>企业 / 类项目
            after = [g for g in groups if g[0].start >= f.end and _between_is_enum(text, f.end - base, g[0].start - base)]
            kind_tail = text[after[0][-1].end - base :] if after else ""
            if after and (_FIRM_TAIL.match(kind_tail.lstrip("类")) or kind_tail.startswith(("类项目", "项目", "产业"))):
                targets += [(c, "supplies:enum-kind", 0.8) for c in after[0]]
            elif around and not courted:
                prior = [g for g in around if g[0].start < f.start]
                if prior:
                    targets += [(c, "supplies:around", 0.75) for c in prior[-1]]
            if not targets:
                targets += _same_clause(sv, f, text, base)
            for c, rule, conf in targets:
                out.append(ctx.relation(RelType.COMPANY_SUPPLIES, f, c, sv, rule, conf))
    out += _title_chain(ctx, {r.source.key for r in out})
    # 凯睿思覆铜板新材料项目: the firm of a project makes for the chain in its name.
    for m in ctx.mentions:
        if m.label != Label.PROJECT:
            continue
        inner = [x for x in ctx.between(m.start, m.end) if x.end <= m.end and x is not m]
        firms = [x for x in inner if x.label == Label.COMPANY]
        chains = [x for x in inner if x.label == Label.CHAIN]
        sv = _sentence_of(ctx, m.start)
        for f in firms:
            for c in chains:
                out.append(ctx.relation(RelType.COMPANY_SUPPLIES, f, c, sv, "supplies:project-name", 0.7))
    return out


def _title_chain(ctx: DocContext, done: set[str]) -> list[Relation]:
    """An article whose title names one chain (…生物医药产业链发展…, …轨道交通装备
    产业链建设推进大会) is about that chain: the firms it names without a chain of
    their own make for it (low confidence)."""
    title = ctx.doc.title or ""
    if not title or not ctx.sentences:
        return []
    head = ctx.sentences[0]
    in_title = {c.key: c for c in _top(head.of(*CHAINS)) if head.sentence.text.strip() in title or title in head.sentence.text}
    if len(in_title) != 1:
        return []
    chain = next(iter(in_title.values()))
    if chain.name in cues().get("not_title_chains", ()):
        return []  # 智能制造, 数字经济: a theme across industries, not what the firms make
    named = {m.key: m for m in ctx.mentions if m.label in CHAINS and not m.attrs.get("nested")}
    out = []
    seen: set[str] = set()
    for sv in ctx.sentences[1:]:
        for f in sv.of(Label.COMPANY):
            if f.key in done or f.key in seen or f.attrs.get("nested"):
                continue
            seen.add(f.key)
            own = _name_chain(f)
            if own is not None and not _other_industry(own, chain.name):
                own = None  # 星邦智能装备 in an article on 工程机械: the same industry, said broadly
            if own is None or own == chain.name:
                out.append(ctx.relation(RelType.COMPANY_SUPPLIES, f, chain, sv, "supplies:title-chain", 0.5))
            elif "chain:" + own in named:
                # 上海积塔半导体 in an article on cars: its name says 集成电路
                out.append(ctx.relation(RelType.COMPANY_SUPPLIES, f, named["chain:" + own], sv, "supplies:name-chain", 0.5))
    return out


def _other_industry(own: str, title_chain: str) -> bool:
    """A firm's name chain names another industry than the article's: a specific chain of
    another taxonomy category (半导体 vs 新能源汽车), not a broad word (新能源, 新材料)."""
    from loaders.chains import get_taxonomy

    tax = get_taxonomy()
    if own in cues().get("broad_chains", ()) or own in title_chain or title_chain in own:
        return False  # 汽车 in 新能源汽车: the same industry
    a, b = tax.by_name.get(own), tax.by_name.get(title_chain)
    if a is None or b is None:
        return False
    # a catch-all category (制造业 holds 汽车 and 钢铁 alike) says nothing about kinship
    return a.category != b.category or a.category in cues().get("catch_all_categories", ())


def _name_chain(f: Mention) -> str | None:
    """The chain a firm's own name names (上海积塔半导体有限公司 -> 集成电路), longest form first."""
    return _chain_in_names(f.name + "|" + f.surface)


@lru_cache(maxsize=16384)  # a pure function of the names and the (static) taxonomy
def _chain_in_names(name: str) -> str | None:
    from loaders.chains import chain_forms

    forms = chain_forms()
    best = None
    for n in range(min(6, len(name)), 1, -1):
        for i in range(len(name) - n + 1):
            form = name[i : i + n]
            if form in forms and not forms[form][3]:  # bound forms (信息, 能源) say too little
                best = forms[form][0]
                break
        if best:
            break
    return best


def _between_is_enum(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return bool(re.fullmatch(r"[^，,。；;]{0,40}等(?:\d+|[一二三四五六七八九十百]+)?(?:家|个)?", gap)) or gap in ("", "的")


def _same_clause(sv: SentenceView, f: Mention, text: str, base: int) -> list[tuple[Mention, str, float]]:
    """湘电集团在电机生产上 / 综合性制药企业 / 信创产业链: a chain word in the
    firm's own clause, when the firm is the clause's only firm and a
    making-word follows the chain."""
    clause = sv.clause_of(f.start)
    firms = [m for m in sv.of(Label.COMPANY) if clause.start <= m.start < clause.end]
    if len(firms) != 1:
        return []
    out = []
    for c in _top(sv.of(*CHAINS)):
        tail = text[c.end - base : c.end - base + 4]
        near = clause.start <= c.start < clause.end or (sv.of(Label.COMPANY)[0] is f and c.start > f.end)
        if near and c.start > f.end and re.match(r"(?:生产|研发|制造|企业|产品|产业链|装备)", tail):
            out.append((c, "supplies:same-clause", 0.6))
    return out


def _sentence_of(ctx: DocContext, pos: int) -> SentenceView:
    for sv in ctx.sentences:
        if sv.sentence.start <= pos < sv.sentence.end:
            return sv
    return ctx.sentences[-1]
