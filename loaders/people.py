"""Person, Organization and Project recognisers.

Person: a 2-3 character name (surname list in data/person_rules.yaml) right after a title
(data/titles.yaml), or after a group word (区领导黄亦武、张政…). Every later occurrence of a
name found that way is a mention too (曹慧泉强调). Bylines (记者 X, 通讯员 X) never count.
Mention.attrs['titles'] = [(title, org text before the title)]; an empty org for 市委书记/市长
becomes 市 (the document's own city, resolved by the pipeline).
Organization: government bodies and universities by suffix (…局, …管委会, …大学), with a proper
head: not a bare level (市委, 区人民政府), a generic word (地方政府), a rank (省级…中心), a date
(2021年…) or a count after it (…中心2家); two bodies joined by 和 stay two.
Project: …项目 names whose head is a firm (宏工智能自动化装备项目), attrs {'company': firm}.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jieba
import yaml

from loaders.companies import extend_left, project_firm, project_spans
from loaders.places.scan import shared_scan
from loaders.types import Document, Label, Mention

__all__ = ["find_organizations", "find_people", "find_projects", "org_suffixes", "title_kinds", "warm"]

DATA = Path(__file__).resolve().parent.parent / "data"
_BOUNDARY = set("，。；、,;！？!?：:“”\"‘’'（）()《》【】[] \n\t…—·/|")


@lru_cache(maxsize=1)
def _titles() -> dict:
    data = yaml.safe_load((DATA / "titles.yaml").read_text(encoding="utf-8"))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in data.items()}


@lru_cache(maxsize=1)
def _title_tuple() -> tuple[str, ...]:
    return tuple(_titles()["titles"])


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = yaml.safe_load((DATA / "person_rules.yaml").read_text(encoding="utf-8"))
    out = {k: tuple(sorted(v, key=len, reverse=True)) if isinstance(v, list) else v for k, v in data.items()}
    out["surname_set"] = frozenset(data["surnames"])
    out["org_generic_set"] = frozenset(data.get("org_generic_heads") or [])
    return out


@lru_cache(maxsize=1)
def title_kinds() -> dict[str, str]:
    """Title word -> 'title' or 'group' (区领导: names follow as a list); found in documents by
    the scan shared with the gazetteers (loaders.places.scan)."""
    out = {t: "title" for t in _titles()["titles"]}
    out.update((t, "group") for t in _titles()["group_titles"])
    return out


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[str, ...]:
    """Body suffixes (…局, …管委会); found by the scan shared with the gazetteers."""
    return tuple(_rules()["org_suffixes"])


@lru_cache(maxsize=1)
def _freq() -> dict[str, int]:
    jieba.initialize()
    return jieba.dt.FREQ


def surnames() -> frozenset[str]:
    """The single-character surnames of data/person_rules.yaml."""
    return _rules()["surname_set"]


def _surname_len(text: str, i: int) -> int:
    r = _rules()
    if text.startswith(r["surnames_compound"], i):
        return 2
    return 1 if text[i:i + 1] in r["surname_set"] else 0


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _name_at(text: str, i: int) -> str | None:
    """The 2-3 character name starting at i, or None."""
    sl = _surname_len(text, i)
    if not sl or _common_word(text[i:i + 2]):
        return None  # no surname, or the surname starts a common word (单位, 高度)
    followers = _rules()["name_followers"]

    def closes(end: int, strong: bool) -> bool:
        if end >= len(text) or text[end] in _BOUNDARY:
            return True
        hit = next((f for f in followers if text.startswith(f, end)), None)
        return hit is not None and (not strong or len(hit) >= 2 or hit == "说")

    two, three = text[i:i + sl + 1], text[i:i + sl + 2]
    ok2 = len(two) == sl + 1 and all(_is_han(c) for c in two) and _plausible(two)
    ok3 = len(three) == sl + 2 and all(_is_han(c) for c in three) and _plausible(three)
    # 王大明|说, 曹慧泉|出席: a three-character name closed by punctuation or a clear verb
    if ok3 and closes(i + len(three), strong=True):
        return three
    # 李荆|介绍, 陈佳|领到, 赵叶|展开: the next two characters make a word
    if ok2 and _freq().get(text[i + len(two):i + len(two) + 2], 0) > 50:
        return two
    if ok3 and closes(i + len(three), strong=False):
        return three
    if ok2 and closes(i + len(two), strong=False):
        return two
    # an unknown verb after a three-character name (张三丰肯定了): only if its start reads as a name
    return three if ok3 and ok2 else None


def _plausible(name: str) -> bool:
    if name in _rules()["not_names"] or name.endswith(("等", "的", "和", "在", "说", "总", "某")):
        return False  # 陈总, 王某: forms of address, not names
    return not _common_word(name)


def _common_word(word: str) -> bool:
    """A frequent dictionary word that is not itself a person's name (李俊, 李娜 are tagged nr
    in jieba's dictionary and stay names)."""
    return _freq().get(word, 0) > 100 and not _name_tags().get(word, "").startswith("nr")


@lru_cache(maxsize=1)
def _name_tags() -> dict[str, str]:
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def _is_byline(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start]
    return any(m in before for m in _rules()["byline_markers"])


def _clause_cut(text: str, start: int, end: int) -> int:
    """Just after the last clause verb (会见了, 陪同) in text[start:end], or start."""
    cut = start
    for m in _org_cut_regex().finditer(text, start, end):
        cut = max(cut, m.end())
    return cut


@lru_cache(maxsize=1)
def _org_cut_regex() -> re.Pattern[str]:
    words = sorted(_titles().get("org_cut_words", ()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else re.compile(r"(?!x)x")


def _title_chain(text: str, tstart: int, title: str) -> list[tuple[str, str]]:
    """All (title, org) pairs of the 、-chained titles that end with `title` at `tstart`."""
    pairs = []
    pos = tstart
    while True:
        # modifiers glued before the title belong to it (生产副总经理)
        for mod in _titles()["title_modifiers"]:
            if text.endswith(mod, 0, pos) and pos - len(mod) >= 0:
                title = mod + title
                pos -= len(mod)
                break
        org_start = pos
        while org_start > 0 and text[org_start - 1] not in _BOUNDARY and pos - org_start < 30:
            org_start -= 1
        # 省长毛伟明在长沙会见了比亚迪董事长: the org starts after the last clause verb (会见了)
        org_start = max(org_start, _clause_cut(text, org_start, pos))
        org = text[org_start:pos]
        if len(org) == 1 and org not in "省市县区镇":
            org = ""  # 其副总经理: a pronoun, not an organisation
        bare = title.removeprefix("常务").removeprefix("副")
        if not org and bare[:1] in "省市县区镇":
            org = bare[:1]  # 市委书记 / 副市长: the document's own city
        pairs.append((title, org))
        # another title before a 、 ? (市委书记、市…链长)
        if org_start > 0 and text[org_start - 1] == "、":
            prev_end = org_start - 1
            found = None
            for t in _titles()["titles"]:
                if text.endswith(t, 0, prev_end):
                    found = t
                    break
            if found:
                pos = prev_end - len(found)
                title = found
                continue
        break
    pairs.reverse()
    # 湖南建投集团党委委员、副总经理贺源: a title without its own org shares the previous one
    for k in range(1, len(pairs)):
        if not pairs[k][1]:
            pairs[k] = (pairs[k][0], pairs[k - 1][1])
    return pairs


def _titled_people(text: str) -> list[Mention]:
    out: list[Mention] = []
    kinds = title_kinds()
    hits = sorted(((s, e, kinds[t], t) for s, e, t in shared_scan().matches(text, "title")),
                  key=lambda h: (h[1], -(h[1] - h[0])))
    seen_end = set()
    for tstart, tend, kind, title in hits:
        if tend in seen_end:
            continue  # the longest title ending here already handled (副总经理 over 总经理)
        seen_end.add(tend)
        if kind == "group":
            i = tend
            while True:
                name = _name_at(text, i)
                if not name:
                    break
                out.append(_person(text, i, name, [(title, "")], "group-title"))
                i += len(name)
                if i < len(text) and text[i] == "、":
                    i += 1
                    continue
                break
            continue
        nstart = tend + 1 if text[tend:tend + 1] in (" ", "\u3000") else tend  # 市委书记 曹慧泉
        name = _name_at(text, nstart)
        if not name or _is_byline(text, tstart):
            continue
        titles = _title_chain(text, tstart, title)
        out.append(_person(text, nstart, name, titles, "title"))
        # 副市长刘洋、陈静: names listed after one title share it
        i = nstart + len(name)
        while i < len(text) and text[i] == "、":
            nxt = _name_at(text, i + 1)
            if not nxt or text.startswith(tuple(_titles()["titles"]), i + 1 + len(nxt)):
                break
            out.append(_person(text, i + 1, nxt, titles, "title-list"))
            i += 1 + len(nxt)
    return out


def _person(text: str, start: int, name: str, titles: list[tuple[str, str]], rule: str) -> Mention:
    return Mention(Label.PERSON, start, start + len(name), name, "person:" + name, name,
                   "titles.yaml:" + rule, 0.85, {"titles": titles})


def find_people(doc: Document) -> list[Mention]:
    """Named officials and executives; a name found beside a title is found everywhere."""
    text = doc.text
    titled = _titled_people(text)
    # the longest title wins overlaps: drop titled mentions nested in another one
    mentions = {(m.start, m.end): m for m in titled}
    names = {m.name for m in titled}
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            key = (pos, pos + len(name))
            free = key not in mentions and not any(s <= pos < e for s, e in mentions)
            if free and not _is_byline(text, pos):
                mentions[key] = Mention(Label.PERSON, pos, pos + len(name), name, "person:" + name, name,
                                        "titles.yaml:repeat", 0.8, {})
            pos = text.find(name, pos + 1)
    return sorted(mentions.values(), key=lambda m: m.start)


# ----------------------------------------------------------------------------- organizations


_COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十百几多]+)[家个所]")
_DATE_HEAD = re.compile(r"(?:\d+年)?(?:\d+月)?(?:\d+日)?[年月日号]?")


def _skip_date(text: str, start: int, end: int) -> int:
    """2021年西工区…: digits and date words never start a body's name."""
    m = _DATE_HEAD.match(text, start, end)
    return m.end() if m and m.end() > start else start


def _proper_head(head: str) -> bool:
    r = _rules()
    if not head or head[0].isdigit() or head[0] in "年月日号":
        return False
    if head.startswith(r["org_rank_prefixes"]):
        return False
    return head not in r["org_generic_set"] and not _bare_level().fullmatch(head)


@lru_cache(maxsize=1)
def _bare_level() -> re.Pattern[str]:
    bodies = "|".join(map(re.escape, _rules()["org_bare_bodies"]))
    return re.compile(rf"[省市县区镇乡](?:第?[一二三四五六七八九十百\d]+届)?(?:{bodies})*(?:常委|常务委员)?")


def _complete_body(text: str, right_start: int, joiner: int) -> bool:
    """Is the part after a 和/与/及 a body of its own, or the part before it one already?"""
    left = text[max(0, joiner - 6):joiner]
    if left.endswith(_rules()["org_suffixes"]):
        return True
    return _starts_with_region(text, right_start)


def _starts_with_region(text: str, i: int) -> bool:
    from loaders.companies import region_prefix_len

    return region_prefix_len(text[i:i + 16]) > 0


def _marker_before(text: str, end: int) -> bool:
    """Is any place marker (省, 区, 经开区...) in the 40 characters before `end`, back to the
    previous sentence end? (A cheap necessary condition for a weak-suffix body's name.)"""
    lo = max(0, end - 40)
    for stop in "。；;！？!?\n":
        p = text.rfind(stop, lo, end)
        if p >= 0:
            lo = p + 1
    window = text[lo:end]
    return any(m in window for m in _rules()["org_place_markers"])


def find_organizations(doc: Document) -> list[Mention]:
    """Government bodies, universities, institutes: …局, …管委会, …政府, …大学, …学院, …中心."""
    text = doc.text
    r = _rules()
    cands = []
    for _, end, suf in shared_scan().matches(text, "org-suffix"):
        if end < len(text) and _freq().get(suf[-1] + text[end], 0) > 50:
            continue  # the suffix runs on into a longer word (局部, 委托, 办理): not a name end
        if text.endswith(_title_tuple(), 0, end):
            continue  # 市委常委: a title ends here, not a body
        if suf in r["org_weak_suffixes"] and not _marker_before(text, end):
            continue  # a weak suffix needs a place marker, and none is near: skip the extension
        start = extend_left(text, end - len(suf))
        # 招商和商务局, 发展和改革委员会: a 和 inside a body's name does not end it
        while start > 1 and text[start - 1] in "和与及" and start - 1 > 0 and text[start - 2] not in _BOUNDARY:
            if _complete_body(text, start, start - 1):
                break  # 企业与湘潭大学, 产业研究院和生物技术研究院: two things, not one name
            s2 = extend_left(text, start - 1)
            if s2 >= start - 1:
                break
            start = s2
        start = _skip_date(text, start, end)
        name = text[start:end]
        if len(name) <= len(suf) or len(name) > 30:
            continue
        if suf in r["org_weak_suffixes"] and not name.startswith(r["org_place_markers"]) and not any(
            m in name for m in r["org_place_markers"][5:]
        ):
            continue
        if not _proper_head(name[: -len(suf)]) or _COUNT.match(text, end):
            continue  # 市委, 地方政府, 省级企业技术中心, 省工程技术研究中心1家: no named body
        if _park_body().search(name):
            continue  # 东湖高新区管委会: the park stands for its own committee
        cands.append((start, end, name, suf))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept, taken = [], []
    for start, end, name, suf in cands:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        kept.append(Mention(Label.ORGANIZATION, start, end, name, "org:" + name, name, "person_rules.yaml:org", 0.7))
    return sorted(kept, key=lambda m: m.start)


@lru_cache(maxsize=1)
def _park_body() -> re.Pattern[str]:
    """A park's name (its last word, data/park_suffixes.yaml) + one of its own bodies."""
    rules = yaml.safe_load((DATA / "park_suffixes.yaml").read_text(encoding="utf-8"))
    words = sorted({*rules["suffixes"], *rules["bare"]}, key=len, reverse=True)
    bodies = sorted(_rules()["park_bodies"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, words)) + ")(?:" + "|".join(map(re.escape, bodies)) + ")$")


# ----------------------------------------------------------------------------- projects


def warm() -> None:
    """Load now what the first document would otherwise load lazily."""
    from loaders.companies import warm as warm_companies

    warm_companies()
    _titles(), _rules(), title_kinds(), org_suffixes(), _org_cut_regex(), _bare_level(), _freq()
    text = "市委书记曹慧泉来到株洲市工业和信息化局，宏工智能自动化装备项目开工。"
    d = Document(name="warm", text=text, original=text)
    find_people(d), find_organizations(d), find_projects(d)


def find_projects(doc: Document) -> list[Mention]:
    """Named investment projects whose head is a firm: 宏工智能自动化装备项目 (company 宏工智能)."""
    out = []
    for start, end, name in project_spans(doc.text):
        firm = project_firm(name)
        if not firm:
            continue
        out.append(Mention(Label.PROJECT, start, end, doc.text[start:end], "project:" + name, name,
                           "company_suffixes.yaml:project", 0.7, {"company": firm}))
    return out
