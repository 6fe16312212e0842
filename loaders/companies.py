"""Company recogniser: firms named in a document.

Rules, in order of strength (all data in data/company_suffixes.yaml, data/company_groups.yaml,
data/companies.csv):
1. curated groups and subsidiaries (中车, 三一, 中车株机) and listed firms' short names;
2. legal/trade suffixes (…有限公司, …集团, …药业, …科技): the name is extended leftwards from
   the suffix over jieba tokens until punctuation, a verb/preposition or a title word;
3. enumerations of firms (引进了A、B、C等13个项目; 与A、B等企业);
4. the firm at the head of a project name (宏工智能自动化装备项目 -> 宏工智能);
5. short names derived from every legal name found (湖南五洲通药业股份有限公司 -> 五洲通),
   searched again through the whole document;
6. a legal suffix cut off by the end of a snippet (…技术股份有...) keeps the whole name, with
   the suffix completed in its key.
Overlapping company candidates keep the longest span. Key = normalised legal name when known.

Speed: jieba only ever sees the few characters between the last stop word and a name end, and
only when one of them could be a one-character stop token (_fast_start decides the rest
without the tokenizer); known names come from one automaton scan shared with the gazetteers.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import jieba
import jieba.posseg
import yaml
from jieba import finalseg

from loaders.places.scan import shared_scan
from loaders.types import Document, Label, Mention

__all__ = [
    "company_record",
    "derive_short_names",
    "extend_left",
    "find_companies",
    "known_words",
    "normalise_name",
    "project_firm",
    "project_spans",
    "region_prefix_len",
    "suffix_words",
    "warm",
]

DATA = Path(__file__).resolve().parent.parent / "data"
_BOUNDARY = set("，。；、,;！？!?：:“”\"‘’'（）()《》【】[] \n\t…—·/|")
_STOP_TAGS = ("p", "c", "u", "r", "d")  # prepositions, conjunctions, particles, pronouns, adverbs
_LEADING_PREPS = set("像在与对把被从到赴据该这那了的")
_PAREN = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": ""})
jieba.setLogLevel(60)


@dataclass(slots=True, frozen=True)
class Known:
    """A firm known from the curated groups or the listed-firm table."""

    key: str  # normalised legal name
    name: str  # display name (short name used by articles)
    group_key: str  # parent group's key ('' for a group itself / unknown)
    ambiguous: bool = False  # needs a firm cue next to it (美的, 联想)
    source: str = "company_groups.yaml"


def normalise_name(name: str) -> str:
    """Stable form of a firm name: no spaces, ASCII parentheses."""
    return name.strip().translate(_PAREN)


@lru_cache(maxsize=1)
def _rules() -> dict:
    rules = yaml.safe_load((DATA / "company_suffixes.yaml").read_text(encoding="utf-8"))
    for k, v in rules.items():
        rules[k] = tuple(sorted(v, key=len, reverse=True))
    return rules


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    r = _rules()
    return {k: frozenset(v) for k, v in r.items()}


@lru_cache(maxsize=1)
def _region_prefixes() -> tuple[str, ...]:
    path = DATA / "region_prefixes.txt"
    if not path.exists():
        return ()
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _product_words() -> frozenset[str]:
    path = DATA / "product_words.txt"
    if not path.exists():
        return frozenset()
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#"))


def _strip_region(name: str) -> str:
    """湖南五洲通 -> 五洲通; keeps at least two characters."""
    regions = _region_set()
    longest = _region_maxlen()
    for _ in range(3):  # 江苏省常州市… has nested prefixes
        for n in range(min(longest, len(name) - 2), 1, -1):
            if name[:n] in regions:
                name = name[n:]
                break
        else:
            break
    if name[:1] in "省市县区" and len(name) > 3:
        name = name[1:]
    return name


def region_prefix_len(name: str) -> int:
    """Length of the region name (湖南, 湘潭, 株洲市) that starts `name`, 0 if none."""
    regions = _region_set()
    for n in range(min(_region_maxlen(), len(name)), 1, -1):
        if name[:n] in regions:
            return n
    return 0


def _strip_legal(name: str) -> str:
    for suf in _rules()["legal"]:
        if name.endswith(suf) and len(name) > len(suf):
            name = name[: -len(suf)]
            break
    if name.endswith(")") and "(" in name:  # 南光(集团) / 遨天科技(北京)
        name = name[: name.rindex("(")] or name
    return name


@lru_cache(maxsize=4096)
def derive_short_names(legal: str) -> tuple[str, ...]:
    """Short forms of a legal name, longest first: 湖南五洲通药业股份有限公司 -> 五洲通药业, 五洲通."""
    base = _strip_legal(normalise_name(legal))
    core = _strip_region(base)
    out = [core] if core != legal else []
    words = _rules()["industry_words"]
    changed = True
    while changed:
        changed = False
        for w in words:
            if core.endswith(w) and len(core) - len(w) >= 2:
                core = core[: -len(w)]
                out.append(core)
                changed = True
                break
    region = base[: len(base) - len(_strip_region(base))]
    if region and out:
        out.append(region.rstrip("省市县区") + out[-1])  # 常州普莱德
    seen, result = set(), []
    for s in out:
        if s and s not in seen and s != legal:
            seen.add(s)
            result.append(s)
    return tuple(result)


@lru_cache(maxsize=1)
def _known() -> dict[str, Known]:
    """alias -> Known, from the curated groups (first) and the listed firms."""
    out: dict[str, Known] = {}
    groups = yaml.safe_load((DATA / "company_groups.yaml").read_text(encoding="utf-8"))
    for g in groups:
        gkey = normalise_name(g["legal"])
        entries = [(g, "")] + [(s, gkey) for s in g.get("subsidiaries", []) or []]
        for e, parent in entries:
            key = normalise_name(e["legal"])
            k = Known(key, e.get("name", key), parent)
            for a in [key, *(e.get("aliases") or [])]:
                out.setdefault(normalise_name(a), k)
            for a in e.get("ambiguous") or []:
                out.setdefault(a, Known(key, e.get("name", key), parent, ambiguous=True))
    path = DATA / "companies.csv"
    if path.exists():
        from loaders.chains import chain_for

        freq = _jieba_freq()
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                k = Known(row["key"], row["short"] or row["key"], row["group_key"], source="companies.csv")
                out.setdefault(row["key"], k)
                short = row["short"]
                # short names that are common words (机器人, 中国医药) are too risky alone
                if len(short) < 3 or chain_for(short) or freq.get(short, 0) > 50 or short.startswith("中国"):
                    continue
                if len(short) == 3 and max(freq.get(short[1:], 0), freq.get(short[:2], 0)) > 3000:
                    continue  # 新产业 reads as 新 + 产业
                out.setdefault(short, k)
    return out


def company_record(name: str) -> Known | None:
    """The curated or listed firm a name refers to, if any."""
    return _known().get(normalise_name(name))


@lru_cache(maxsize=1)
def _jieba_freq() -> dict[str, int]:
    jieba.initialize()
    return jieba.dt.FREQ


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    jieba.initialize()
    return jieba.posseg.dt.word_tag_tab


@lru_cache(maxsize=1)
def known_words() -> tuple[str, ...]:
    """Every known alias of two or more characters: found by the scan shared with the
    gazetteers (loaders.places.scan), one byte-level automaton pass per document."""
    return tuple(a for a in _known() if len(a) >= 2)


@lru_cache(maxsize=1)
def _longer_trade() -> dict[str, tuple[str, ...]]:
    """Trade suffix -> the longer trade suffixes that start with it (新材 -> 新材料)."""
    trade = _rules()["trade"]
    out = {s: tuple(t for t in trade if len(t) > len(s) and t.startswith(s)) for s in trade}
    return {s: v for s, v in out.items() if v}


@lru_cache(maxsize=1)
def suffix_words() -> tuple[str, ...]:
    """Legal and trade suffixes: found in documents by the scan shared with the gazetteers."""
    r = _rules()
    return tuple({**dict.fromkeys(r["legal"]), **dict.fromkeys(r["trade"])})


@lru_cache(maxsize=1)
def _suffix_automaton() -> ahocorasick.Automaton:
    r = _rules()
    auto = ahocorasick.Automaton()
    for suf in r["legal"]:
        auto.add_word(suf, (suf, True))
    for suf in r["trade"]:
        if suf not in r["legal"]:
            auto.add_word(suf, (suf, False))
    auto.make_automaton()
    return auto


# ----------------------------------------------------------------------------- helpers


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_stop(tok: str) -> bool:
    s = _sets()
    if tok in s["stop_words"] or tok in _title_words():
        return True
    if any(ch.isdigit() for ch in tok):
        return True
    tag = _tags().get(tok)
    # single-character function words only: 高新 (tagged d) is part of many firm names
    return bool(tag) and tag.startswith(_STOP_TAGS) and len(tok) == 1


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    path = DATA / "titles.yaml"
    if not path.exists():
        return frozenset()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(data.get("titles", []))


@lru_cache(maxsize=1)
def _stop_regex() -> re.Pattern[str]:
    words = [w for w in _rules()["stop_words"] if len(w) >= 2]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _window_start(text: str, end: int, limit: int) -> int:
    """Leftmost possible start: back to punctuation, at most `limit` characters."""
    lo = max(0, end - limit)
    i = end
    while i > lo:
        ch = text[i - 1]
        if ch in ")）":
            # 汉德车桥(株洲)齿轮有限公司: a short bracketed place belongs to the name
            j = max(text.rfind("(", lo, i), text.rfind("（", lo, i))
            if j >= 0 and 1 <= i - 1 - j - 1 <= 6 and all(_is_han(c) for c in text[j + 1:i - 1]) and j > lo:
                i = j
                continue
            break
        if ch in _BOUNDARY:
            break
        i -= 1
    return i


@lru_cache(maxsize=1)
def _risky_chars() -> frozenset[str]:
    """Characters that may form a one-character stop token (的, 在, 2...): where one of them
    stands in a name's tail, only the tokenizer can tell whether it ends the name."""
    chars = {w for w in _rules()["stop_words"] if len(w) == 1}
    chars |= {w for w in _title_words() if len(w) == 1}
    chars |= {w for w, t in _tags().items() if len(w) == 1 and t.startswith(_STOP_TAGS)}
    chars |= _LEADING_PREPS
    chars |= {chr(c) for c in range(0x10000) if chr(c).isdigit()}  # 2, ２, ①: digit tokens stop
    return frozenset(chars)


@lru_cache(maxsize=1)
def _word_stops() -> ahocorasick.Automaton:
    """Stop words and title words of two or more characters, wherever they occur."""
    auto = ahocorasick.Automaton()
    for w in (*_rules()["stop_words"], *_title_words()):
        if len(w) >= 2:
            auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def _stop_cut(text: str, i: int, end: int) -> int:
    """Just after the rightmost stop word of two or more characters in text[i:end] (or i)."""
    cut = i
    for m in _stop_regex().finditer(text, i, end):
        cut = m.end()
    return cut


def _fast_start(text: str, i: int, end: int) -> int | None:
    """The name start without the tokenizer, when the tokenizer could not change it: no
    one-character stop and no stop or title word in the part after the last stop word.
    None when the tokenizer is needed."""
    cut = _stop_cut(text, i, end)
    if not _risky_chars().isdisjoint(text[cut:end]):
        return None
    for last, n in _word_stops().iter(text, max(i, cut - 12), end):
        if last + 1 > cut:
            return None  # a stop or title word ends inside the tail (or straddles the cut)
    return cut


@lru_cache(maxsize=65536)
def _name_start(window: str) -> int:
    """Offset in `window` (a name's window, back to punctuation) where the name starts. It
    depends on the window alone, and firm names recur across articles: memoised (bounded)."""
    cut = _fast_start(window, 0, len(window))
    if cut is None:
        cut = _token_start(window, _stop_cut(window, 0, len(window)), len(window))
    return cut


def _extend_left(text: str, end: int, limit: int = 24) -> int:
    """Start of the name that ends at `end`: back over tokens until a boundary or stop word.
    It depends on the `limit` characters before `end` and the one before them (a date's
    digit) alone, and names recur: memoised on that window (bounded)."""
    lo = max(0, end - limit - 1)
    return lo + _extend_left_in(text[lo:end], limit)


@lru_cache(maxsize=65536)
def _extend_left_in(text: str, limit: int) -> int:
    """_extend_left(text, len(text), limit)."""
    end = len(text)
    i = _window_start(text, end, limit)
    if i == end:
        return end
    cut = i + _name_start(text[i:end])
    # 2023年初湖南省…: a date never starts a name
    while cut < end and text[cut] in "年月日号" and cut > 0 and text[cut - 1].isdigit():
        cut += 1
    return cut


_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")  # jieba's re_han_default


def _tokens(s: str) -> list[str]:
    """jieba.lcut(s, HMM=True) as far as the name start can tell, for a short string that is
    one jieba block: the same DAG route; runs of single characters unknown to the dictionary
    go through the (slow) HMM only when they hold a character that may be a one-character
    stop token, since how the HMM splits any other run cannot move the name start."""
    if len(s) == 1:
        return [s]
    if not _JIEBA_BLOCK.fullmatch(s):
        return jieba.lcut(s, HMM=True)
    dt = jieba.dt
    route: dict[int, tuple[float, int]] = {}
    dt.calc(s, dt.get_DAG(s), route)
    out: list[str] = []
    buf = ""
    x, n = 0, len(s)
    while x < n:
        y = route[x][1] + 1
        if y - x == 1:
            buf += s[x]
        else:
            if buf:
                _flush(buf, out)
                buf = ""
            out.append(s[x:y])
        x = y
    if buf:
        _flush(buf, out)
    return out


def _flush(buf: str, out: list[str]) -> None:
    if len(buf) == 1:
        out.append(buf)
    elif not jieba.dt.FREQ.get(buf):
        if not _risky_chars().isdisjoint(buf):
            out.extend(finalseg.cut(buf))
        else:
            out.append(buf)
    else:
        out.extend(buf)


def _token_start(text: str, i: int, end: int) -> int:
    """The name start found by walking jieba tokens of text[i:end] leftwards; i is already
    after the last stop word, so only the short tail is segmented."""
    toks = _tokens(text[i:end])
    start = end
    for tok in reversed(toks):
        if _is_stop(tok):
            break
        start -= len(tok)
    # a preposition glued to the name by the tokenizer (像宏工智能): drop it
    while end - start > 4 and text[start] in _LEADING_PREPS:
        start += 1
    # stop words the tokenizer split (培强 -> 培/强): cut after the rightmost one in the span
    cut = start
    for m in _stop_regex().finditer(text, start, end):
        cut = max(cut, m.end())
    return cut


def _cut_markers(name: str) -> str:
    """株洲高新区产投公司 -> 产投公司: a firm name never contains a park or body name."""
    cut = 0
    for m in _marker_regex().finditer(name):
        cut = max(cut, m.end(1))
    return name[cut:]


@lru_cache(maxsize=1)
def _marker_regex() -> re.Pattern[str]:
    # overlapping markers (产业园 / 园区) are all found by the lookahead
    words = sorted(_rules()["not_firm_markers"], key=len, reverse=True)
    return re.compile("(?=(" + "|".join(map(re.escape, words)) + "))")


@lru_cache(maxsize=65536)  # a pure function of the word and the (static) data
def _generic_core(core: str) -> bool:
    from loaders.chains import chain_for

    if len(core) < 2 or core in _sets()["generic_cores"] or chain_for(core):
        return True
    if _is_region(core):  # 泰州医药, 湘潭市智能: a place plus an industry is no firm
        return True
    return _jieba_freq().get(core, 0) > 300


def _is_region(word: str) -> bool:
    regions = _region_set()
    return word in regions or (word[-1:] in "省市县区镇" and word[:-1] in regions)


@lru_cache(maxsize=1)
def _region_set() -> frozenset[str]:
    return frozenset(_region_prefixes())


@lru_cache(maxsize=1)
def _region_maxlen() -> int:
    return max((len(p) for p in _region_prefixes()), default=0)


def _right_ok(text: str, end: int, suffix: str) -> bool:
    """A trade suffix closes a name only before punctuation or a firm-context word."""
    if end >= len(text) or text[end] in _BOUNDARY:
        return True
    if text.startswith(_rules()["right_deny"], end):
        return False
    return text.startswith(_rules()["trade_right_ok"], end) or text.startswith(_title_tuple(), end)


@lru_cache(maxsize=1)
def _title_tuple() -> tuple[str, ...]:
    return tuple(_title_words())


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    name: str  # surface name (legal or short)
    key: str
    display: str
    rule: str
    conf: float
    group_key: str = ""
    priority: int = 0  # breaks ties between equal spans


def _from_known(text: str, alias: str, start: int, end: int) -> _Cand | None:
    k = _known()[alias]
    if text.startswith(_rules()["known_right_deny"], end):
        return None
    nxt = text[end:end + 2]
    if k.ambiguous and not (nxt[:1] in "、等" or nxt.startswith(("集团", "公司", "股份"))):
        return None
    # a 2-char alias glued into a longer word: 中车间 (车间), 华润滑 (润滑) are not 中车, 华润
    if len(alias) == 2 and end < len(text) and _is_han(text[end]) and text[end] not in "等和与及的在、为是也":
        freq = _jieba_freq()
        if freq.get(text[start:end + 1], 0) > 100 or freq.get(text[end - 1:end + 1], 0) > 100:
            return None
    if normalise_name(alias) == k.key:
        display = k.key
    else:
        display = k.name if k.source == "company_groups.yaml" else text[start:end]
    return _Cand(start, end, text[start:end], k.key, display, k.source, 0.9, k.group_key, priority=2)


# A legal suffix cut off by the end of a snippet: 株洲飞鹿高新材料技术股份有...
_TRUNCATED = re.compile(r"(股份有限公?|股份有|有限责任公?|有限责任|有限公)(?=\.{2,}|…|⋯|$)")


def _truncated_candidates(text: str) -> list[_Cand]:
    """A name whose legal suffix a snippet truncated: the whole name is kept (extended left
    fully) and its key completes the suffix; a name too short to be sure is dropped."""
    out = []
    for m in _TRUNCATED.finditer(text):
        partial = m.group(1)
        full = next(f for f in _rules()["legal"] if f.startswith(partial[:3]) and len(f) > len(partial))
        start = _extend_left(text, m.start())
        head = _cut_markers(text[start:m.start()])
        start = m.start() - len(head)
        core = _strip_region(re.sub(r"^\([^()]*\)", "", head))
        if len(core) < 2 or core in _sets()["generic_cores"] or any(mk in head for mk in ("记者", "通讯员")):
            continue
        key = normalise_name(head + full)
        known = _known().get(key)
        out.append(_Cand(start, m.end(), text[start:m.end()], known.key if known else key,
                         known.key if known else key, "suffix:truncated", 0.8,
                         known.group_key if known else "", priority=1))
    return out


def _type_words_only(core: str) -> bool:
    """控股集团, 投资发展: a core made only of firm-type words names no firm yet."""
    words = _rules()["industry_words"]
    changed = True
    while core and changed:
        changed = False
        for w in words:
            if core.endswith(w):
                core = core[: -len(w)]
                changed = True
                break
    return len(core) < 2


def _past_name_words(text: str, start: int, sstart: int) -> int:
    """株洲市国有资产投资控股集团有限公司: a stop word that legal names also hold (投资, 发展)
    ends the extension too early when only firm-type words follow it; extend on past it."""
    for _ in range(2):
        if not _type_words_only(text[start:sstart]):
            break
        word = next((w for w in _rules()["legal_name_words"] if text.endswith(w, 0, start)), None)
        if word is None:
            break
        start2 = _extend_left(text, start - len(word))
        if start2 >= start - len(word):
            break
        start = start2
    return start


def _suffix_candidates(text: str) -> list[_Cand]:
    out = []
    legal = _sets()["legal"]
    for sstart, end, suf in shared_scan().matches(text, "company-suffix"):
        strong = suf in legal
        if not strong and (not _right_ok(text, end, suf) or _PROJECT.match(text, end)):
            continue  # 科技创新 is no firm; 宏工智能自动化装备项目 is left to the project rule
        if not strong and text.startswith(_longer_trade().get(suf, ()), sstart):
            continue  # 新材 inside 新材料: the longer suffix decides
        if not strong and text[max(0, sstart - 2):sstart] in ("有限", "股份", "集团"):
            continue  # …有限公司 is handled by the legal suffix
        start = _extend_left(text, sstart)
        if strong:
            start = _past_name_words(text, start, sstart)
        name = _cut_markers(text[start:end])
        if strong and len(name) <= len(suf):
            name = text[start:end]  # 中国建筑第五工程局有限公司: the marker is part of the firm's name
        start = end - len(name)
        if len(name) <= len(suf):
            continue
        core = _strip_region(re.sub(r"^\([^()]*\)", "", name[: -len(suf)]))
        if _strip_legal(core) != core:
            core = _strip_legal(core)
        if any(m in name for m in ("记者", "通讯员")):
            continue
        if strong:
            if len(core) < 2 or core in _sets()["generic_cores"]:
                continue
            conf = 0.9
        else:
            if _generic_core(core) or _generic_core(name[: -len(suf)]):
                continue
            if suf in _sets()["industry_like"] and core == name[: -len(suf)]:
                continue  # 广式食品: an industry word needs a region prefix or an enumeration
            conf = 0.75
        key = normalise_name(name)
        # 中车电动公司: a known short name plus 公司/集团 is that known firm
        known = _known().get(key) or (_known().get(key[: -len(suf)]) if suf in ("公司", "集团") else None)
        if known:
            out.append(_Cand(start, end, name, known.key, known.name, "suffix:" + suf, conf, known.group_key, 1))
            continue
        out.append(_Cand(start, end, name, key, name, "suffix:" + suf, conf, "", priority=1))
    return out


_ENUM_SPLIT = re.compile(r"[、]|以及|和|及|与")


def _clean_item(item: str) -> str:
    """昭成科技汽车生产线 -> 昭成科技; 天津滨环脱硫脱硝项目 -> 天津滨环."""
    item = item.strip()
    for last, _ in _suffix_automaton().iter(item):
        rest = item[last + 1:]
        if rest and (rest.endswith(("生产线", "项目", "基地", "工厂", "厂房")) or rest in ("公司",)):
            return item[: last + 1]
    if item.endswith(("生产线", "项目")):
        firm = project_firm(item)
        return firm or ""
    return item


def _enumeration_candidates(text: str) -> list[_Cand]:
    """A、B、C等(N个)…项目/企业: every item is a firm."""
    from loaders.chains import chain_for

    r = _rules()
    out = []
    head_re = _enum_head_regex()
    pos = text.find("等")
    while pos >= 0:
        head = head_re.match(text[pos + 1: pos + 16])
        if not head:
            pos = text.find("等", pos + 1)
            continue
        # the enumeration: back to the clause start
        i = pos
        while i > 0 and text[i - 1] not in _CLAUSE_BOUNDARY and pos - i < 90:
            i -= 1
        span = text[i:pos]  # a single item counts too when it is a clause of its own (伍子醉等19家企业)
        # cut at the last introducing verb
        cut = 0
        for v in r["enum_verbs"]:
            p = span.rfind(v, 0, span.find("、") if "、" in span else len(span))
            if p >= 0 and p + len(v) > cut and v not in ("和", "与"):
                cut = p + len(v)
        base = i + cut
        items_text = text[base:pos]
        offset = base
        for piece in re.split(r"(、|以及|和|及|与)", items_text):
            if piece in ("、", "以及", "和", "及", "与") or not piece:
                offset += len(piece)
                continue
            p_start = offset
            offset += len(piece)
            item = _clean_item(piece)
            if item and p_start == base and cut == 0:
                # the first item may still carry words before it (园区在原有凯依克)
                ext = _extend_left(text, p_start + len(item), limit=len(item))
                item = item[ext - p_start:] if ext > p_start else item
                p_start = max(p_start, ext)
            if not item or not 2 <= len(item) <= 14:
                continue
            if _marker_regex().search(item) or item.endswith(("城", "区", "中心", "馆")):
                continue
            # 绿信农产品物流园 among 物流企业 is an operator firm; a park otherwise
            if item.endswith("园") and not head.group(2).endswith(("企业", "公司")):
                continue
            stripped = re.sub("(产业化|产业|类)$", "", item)
            if chain_for(stripped) or chain_for(item) or _generic_core(_strip_region(item)) and len(item) <= 3:
                continue
            if _tags().get(item, "").startswith(("ns",)) or _jieba_freq().get(item, 0) > 300:
                continue
            start = p_start
            key = normalise_name(item)
            known = _known().get(key)
            out.append(_Cand(start, start + len(item), item, known.key if known else key,
                             known.name if known else item, "enumeration", 0.7,
                             known.group_key if known else "", priority=0))
        pos = text.find("等", pos + 1)
    return out


_CLAUSE_BOUNDARY = _BOUNDARY - {"、"}  # an enumeration runs over 、 up to any other boundary


@lru_cache(maxsize=1)
def _enum_head_regex() -> re.Pattern[str]:
    """What follows 等 in an enumeration of firms: (N个)…企业/项目 (data: enum_heads)."""
    heads = "|".join(_rules()["enum_heads"])
    return re.compile(r"^(?:\d+|[一二三四五六七八九十百几多余]+)?(?:[个家项多余])*([^，。；,;、]{0,8}?)(" + heads + ")")


@lru_cache(maxsize=4096)
def project_firm(project: str) -> str | None:
    """The firm at the head of a project name: 宏工智能自动化装备项目 -> 宏工智能, else None."""
    from loaders.chains import chain_for

    r = _rules()
    name = re.sub(r"(\([^()]{0,8}\))?(的)?(项目|生产线)$", "", normalise_name(project))
    body = _strip_region(name)
    # a known firm at the head (比亚迪长沙基地项目 -> 比亚迪)
    for n in range(min(len(body) - 1, 12), 1, -1):
        if body[:n] in _known() and len(_known()[body[:n]].name) >= 2:
            return body[:n]
    products = _product_words()
    descriptors = r["project_descriptors"]
    words = _token_spans(body)
    for i in range(2, min(len(body), 8)):
        rest = body[i:]
        if not (rest.startswith(descriptors) or any(rest.startswith(p) for p in _prefixes(rest, products))
                or chain_for(rest[:2]) or chain_for(rest[:3]) or chain_for(rest[:4])):
            continue
        # 威立特尔寡核苷酸: a dictionary word across the cut (寡核苷酸) starts the product
        across = next((a for a, b in words if a < i < b and b - a >= 3 and a >= 2), None)
        if across is not None:
            i, rest = across, body[across:]
        if _industry_zone(rest):
            return None  # 北京亦庄生命健康产业区…: a place, an industry and a zone, no firm
        firm = body[:i]
        for w in r["project_firm_words"]:
            if rest.startswith(w) and len(rest) > len(w):
                firm = body[: i + len(w)]
                break
        for n in range(len(firm) - 2, 1, -1):
            if firm[n:] in _region_set():  # 某某长沙: the place after the firm is the site
                firm = firm[:n]
                break
        if firm.startswith(r["project_generic"]) or _generic_core(body[:i]) or chain_for(firm):
            return None
        toks = jieba.lcut(firm, HMM=False)
        if all(len(t) >= 2 and _jieba_freq().get(t, 0) > 200 for t in toks):
            return None  # 关键核心技术项目: ordinary words, no firm name
        if firm[0] in "个家项多余年期" or any(chain_for(firm[j:]) for j in range(len(firm) - 1)):
            return None  # 13个食品医药类项目: a count and an industry, no firm
        if _jieba_freq().get(body[:i], 0) > 1000 or any(ch.isdigit() for ch in firm):
            return None
        return firm
    return None


def _token_spans(s: str) -> list[tuple[int, int]]:
    """(start, end) of the dictionary tokens of a short string."""
    out, pos = [], 0
    for tok in jieba.lcut(s, HMM=False):
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out


def _industry_zone(rest: str) -> bool:
    """生命健康产业区…: an industry name followed by a zone word names a place, not a product."""
    from loaders.chains import chain_for

    for n in range(min(6, len(rest)), 1, -1):
        if chain_for(rest[:n]):
            return rest.startswith(_rules()["project_zone_words"], n)
    return False


def _prefixes(s: str, vocab: frozenset[str]) -> list[str]:
    return [s[:n] for n in range(2, min(6, len(s)) + 1) if s[:n] in vocab]


_PROJECT = re.compile(r"(?:\([^()（）]{1,8}\))?(?:的)?项目")
_PROJECT_REACH = 11  # characters a _PROJECT match may start before its 项目: (…8…) and 的


def extend_left(text: str, end: int, limit: int = 24) -> int:
    """Start of a name ending at `end` (shared with the organization recogniser)."""
    return _extend_left(text, end, limit)


def project_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every …项目 with at least four characters of name before it."""
    return list(_project_spans(text))


@lru_cache(maxsize=2)  # the firm and the project recognisers both ask for the same document
def _project_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    out = []
    # _PROJECT.finditer(text), but the regex (no literal prefix) is tried only near a 项目:
    # a match ends with one and starts at most _PROJECT_REACH characters before it
    pos = 0
    while (p := text.find("项目", pos)) >= 0:
        m = _PROJECT.search(text, max(pos, p - _PROJECT_REACH))
        if m is None:  # cannot happen: 项目 at p matches by itself
            break
        pos = m.end()
        start = _extend_left(text, m.start(), limit=20)
        if m.start() - start >= 4:
            out.append((start, m.end(), text[start:m.start()] + "项目"))
    return tuple(out)


def _project_candidates(text: str) -> list[_Cand]:
    out = []
    for start, pend, pname in project_spans(text):
        end = start + len(pname) - 2  # the name without 项目
        firm = project_firm(pname)
        if not firm:
            continue
        # the firm starts after an optional region prefix
        fpos = text.find(firm, start, end)
        if fpos < 0:
            continue
        key = normalise_name(firm)
        known = _known().get(key)
        out.append(_Cand(fpos, fpos + len(firm), firm, known.key if known else key,
                         known.name if known else firm, "project-head", 0.65,
                         known.group_key if known else "", priority=0))
    return out


def _known_candidates(text: str) -> list[_Cand]:
    out = []
    # by start, shorter first: the order a left-to-right probe would give
    for start, end, alias in sorted(shared_scan().matches(text, "company")):
        c = _from_known(text, alias, start, end)
        if c:
            out.append(c)
    return out


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Longest span first; a candidate overlapping a kept one is dropped."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    kept: list[_Cand] = []
    taken = bytearray(max((c.end for c in cands), default=0))  # 1 = inside a kept span
    for c in cands:
        if any(taken[c.start:c.end]):
            continue
        kept.append(c)
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    kept.sort(key=lambda c: c.start)
    return kept


def _short_name_candidates(text: str, found: list[_Cand]) -> list[_Cand]:
    """Search the short forms of every legal name found (五洲通) through the document."""
    out = []
    freq = _jieba_freq()
    for c in found:
        if c.rule.startswith("suffix:") and c.conf >= 0.9 or c.rule == "company_groups.yaml" and c.key == normalise_name(c.name):
            for short in derive_short_names(c.name):
                if len(short) < 2 or (len(short) <= 3 and freq.get(short, 0) > 50) or _generic_core(short) and len(short) <= 3:
                    continue
                pos = text.find(short)
                while pos >= 0:
                    out.append(_Cand(pos, pos + len(short), short, c.key, c.display, "short-name", 0.8, c.group_key, priority=1))
                    pos = text.find(short, pos + 1)
    return out


def warm() -> None:
    """Load now what the first document would otherwise load lazily: the rules, the known
    firms, jieba's tables, the shared automaton (loaders.places.scan)."""
    from loaders.places.scan import warm as warm_scan

    warm_scan()
    _rules(), _sets(), _known(), _tags(), _risky_chars(), _word_stops(), _stop_regex(), _marker_regex()
    _suffix_automaton(), _product_words(), _region_set(), _title_words(), _longer_trade(), _enum_head_regex()
    find_companies(Document(name="warm", text=_WARM_TEXT, original=_WARM_TEXT))


_WARM_TEXT = "株洲市引进了湖南五洲通药业股份有限公司、宏工智能等13个项目，宏工智能自动化装备项目开工。"


def find_companies(doc: Document) -> list[Mention]:
    """Company mentions in doc.text (key: normalised legal name when known, else the name)."""
    text = doc.text
    cands = _known_candidates(text) + _suffix_candidates(text) + _truncated_candidates(text)
    cands += _enumeration_candidates(text) + _project_candidates(text)
    first = _resolve(list(cands))
    cands += _short_name_candidates(text, first)
    kept = _resolve(cands)
    # one key per firm in the document: a short name seen with its legal name takes its key
    by_surface: dict[str, _Cand] = {}
    for c in kept:
        if c.key == normalise_name(c.name) and c.rule.startswith("suffix:") and c.conf >= 0.9:
            for short in derive_short_names(c.name):
                by_surface.setdefault(short, c)
    mentions = []
    for c in kept:
        owner = by_surface.get(c.name)
        key, display, group_key = (owner.key, owner.display, owner.group_key) if owner else (c.key, c.display, c.group_key)
        attrs = {"group_key": group_key} if group_key and group_key != key else {}
        mentions.append(Mention(Label.COMPANY, c.start, c.end, text[c.start:c.end], key, display, c.rule, c.conf, attrs))
    return mentions
