"""Person, Organization and Project recognisers.

Person: a 2-3 character name (surname list in data/person_rules.yaml) right after a title
(data/titles.yaml), or after a group word (区领导黄亦武、张政…). Every later occurrence of a
name found that way is a mention too (曹慧泉强调). Bylines (记者 X, 通讯员 X) never count.
Mention.attrs['titles'] = [(title, org text before the title)]; an empty org for 市委书记/市长
becomes 市 (the document's own city, resolved by the pipeline).
Organization: government bodies and universities by suffix (…局, …管委会, …大学).
Project: …项目 names whose head is a firm (宏工智能自动化装备项目), attrs {'company': firm}.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import ahocorasick
import jieba
import yaml

from loaders.companies import extend_left, project_firm, project_spans
from loaders.types import Document, Label, Mention

__all__ = ["find_organizations", "find_people", "find_projects"]

DATA = Path(__file__).resolve().parent.parent / "data"
_BOUNDARY = set("，。；、,;！？!?：:“”\"‘’'（）()《》【】[] \n\t…—·/|")


@lru_cache(maxsize=1)
def _titles() -> dict:
    data = yaml.safe_load((DATA / "titles.yaml").read_text(encoding="utf-8"))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in data.items()}


@lru_cache(maxsize=1)
def _rules() -> dict:
    data = yaml.safe_load((DATA / "person_rules.yaml").read_text(encoding="utf-8"))
    out = {k: tuple(sorted(v, key=len, reverse=True)) if isinstance(v, list) else v for k, v in data.items()}
    out["surname_set"] = frozenset(data["surnames"])
    return out


@lru_cache(maxsize=1)
def _title_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for t in _titles()["titles"]:
        auto.add_word(t, ("title", t))
    for t in _titles()["group_titles"]:
        auto.add_word(t, ("group", t))
    auto.make_automaton()
    return auto


@lru_cache(maxsize=1)
def _freq() -> dict[str, int]:
    jieba.initialize()
    return jieba.dt.FREQ


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
    if not sl or _freq().get(text[i:i + 2], 0) > 100:
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
    return _freq().get(name, 0) <= 100


def _is_byline(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start]
    return any(m in before for m in _rules()["byline_markers"])


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
    hits = sorted(((last + 1 - len(t), last + 1, kind, t) for last, (kind, t) in _title_automaton().iter(text)),
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


@lru_cache(maxsize=1)
def _org_automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for s in _rules()["org_suffixes"]:
        auto.add_word(s, s)
    auto.make_automaton()
    return auto


def find_organizations(doc: Document) -> list[Mention]:
    """Government bodies, universities, institutes: …局, …管委会, …政府, …大学, …学院, …中心."""
    text = doc.text
    r = _rules()
    cands = []
    for last, suf in _org_automaton().iter(text):
        end = last + 1
        if end < len(text) and _freq().get(suf[-1] + text[end], 0) > 50:
            continue  # the suffix runs on into a longer word (局部, 委托, 办理): not a name end
        start = extend_left(text, end - len(suf))
        # 招商和商务局, 发展和改革委员会: a 和 inside a body's name does not end it
        while start > 1 and text[start - 1] in "和与及" and start - 1 > 0 and text[start - 2] not in _BOUNDARY:
            s2 = extend_left(text, start - 1)
            if s2 >= start - 1:
                break
            start = s2
        name = text[start:end]
        if len(name) <= len(suf) or len(name) > 30:
            continue
        if suf in r["org_weak_suffixes"] and not name.startswith(r["org_place_markers"]) and not any(
            m in name for m in r["org_place_markers"][5:]
        ):
            continue
        cands.append((start, end, name, suf))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept, taken = [], []
    for start, end, name, suf in cands:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        kept.append(Mention(Label.ORGANIZATION, start, end, name, "org:" + name, name, "person_rules.yaml:org", 0.7))
    return sorted(kept, key=lambda m: m.start)


# ----------------------------------------------------------------------------- projects


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
