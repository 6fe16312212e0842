"""Firms that only their context names as firms, without a suffix or a known name:
来自重庆的植恩生物 / 总部位于上海的Cytiva (a firm from a place), 金斯瑞是一家生物科技公司
(the subject of "is a … firm")."""

from __future__ import annotations

import re

from loaders.companies.candidate import Cand
from loaders.companies.data import tags
from loaders.companies.known import known_firms
from loaders.companies.names import generic_core, normalise_name, ordinary_words
from loaders.places.scan import shared_scan

# 来自<place>的<name>, the name ending at a joiner, a verb of agreement or punctuation
_ORIGIN_NAME = re.compile(r"的([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,9}?)(?=与|和|、|等|签署|签约|达成|将|在|，|,|。|；)")
_FROM = ("来自", "总部位于", "总部设在")
# <name>是一家…企业/公司 at the start of a clause
_IS_A = re.compile(r"(?:^|(?<=[，,。；;：:\n“]))([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{1,7}?)(?:是|系|作为)一家[^，,。；;]{0,20}?(?:企业|公司|厂商|制造商|供应商)")


_PEOPLE_WORDS = ("先生", "女士", "老师", "同志", "专家", "团队", "代表", "市民", "游客", "客商", "企业家",
                 "嘉宾", "学生", "工人", "朋友", "一行", "领导", "干部", "记者")


def context_candidates(text: str) -> list[Cand]:
    out: list[Cand] = []
    for s, e, _ in shared_scan().matches(text, "region"):
        if not text.endswith(_FROM, 0, s):
            continue
        m = _ORIGIN_NAME.match(text, e)
        if m and _looks_like_a_name(m.group(1)):
            out.append(_cand(m.start(1), m.group(1), "context:origin"))
    for m in _IS_A.finditer(text):
        if _looks_like_a_name(m.group(1)):
            out.append(_cand(m.start(1), m.group(1), "context:is-a"))
    return out


def _cand(start: int, name: str, rule: str) -> Cand:
    key = normalise_name(name)
    known = known_firms().get(key)
    return Cand(start, start + len(name), name, known.key if known else key,
                known.name if known else name, rule, 0.65, known.group_key if known else "", priority=0)


def _looks_like_a_name(name: str) -> bool:
    """Not a pronoun, a common word or words (该公司, 企业, 专家团队), nor a generic core."""
    if name.isascii():
        return len(name) >= 3 and name[0].isupper()
    if generic_core(name) or name.startswith(("该", "这", "其", "本", "一")):
        return False
    if name.endswith(_PEOPLE_WORDS) or tags().get(name, "").startswith("nr"):
        return False  # 来自株洲的王先生, 来自北京的客商
    return not ordinary_words(name)
