"""Dates written in article text, as ISO 8601 strings.

Values:
- a full date            2019-12-25, 2019年12月25日      -> '2019-12-25'
- a month and day        12月2日                          -> '--12-02'  (ISO 8601 "no year")
- a year and month       2011年3月                        -> '2011-03'
- a range                11月27日至29日, 2月14日-3月2日     -> {'start': '--11-27', 'end': '--11-29',
                                                             'raw': '11月27日至29日'}
A missing year stays missing: the article rarely says it, and guessing it from the
publication date is the caller's decision (`with_year`). Year-only mentions (2018年)
are not dates here: they are too often counts or plan names.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["DateValue", "find_dates", "parse_date", "with_year"]

DateValue = str | dict[str, Any]

# 2019-12-25 / 2019/12/25 / 2019.12.25, optionally with a time that is swallowed.
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d])"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)

# 2019年12月25日 / 12月25日 / 2011年3月, with an optional range tail
# (至29日, -29日, 至12月2日, 至2020年1月3日).
_CJK = re.compile(
    r"(?<!\d)(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>[01]?\d)\s*月(?:份)?\s*(?:(?P<d>[0-3]?\d)\s*[日号])?"
    r"(?:\s*(?:至|到|-|—|－|~|～)\s*"
    r"(?:(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>[01]?\d)\s*月\s*)?(?P<d2>[0-3]?\d)\s*[日号])?"
)


def _iso(year: str | None, month: int, day: int | None) -> str | None:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if day is None:
        return f"{year}-{month:02d}" if year else None
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def find_dates(text: str) -> list[tuple[int, int, DateValue]]:
    """All dates in `text` as (start, end, value), in text order, non-overlapping."""
    found: list[tuple[int, int, DateValue]] = []
    taken: list[tuple[int, int]] = []
    for m in _NUMERIC.finditer(text):
        value = _iso(m["y"], int(m["m"]), int(m["d"]))
        if value:
            found.append((m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    for m in _CJK.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        year, month = m["y"], int(m["m"])
        day = int(m["d"]) if m["d"] else None
        start = _iso(year, month, day)
        if start is None:
            continue  # 2+2 产业, 3月 without a year: not a date we can use
        if m["d2"] and day is not None:
            end = _iso(m["y2"] or year, int(m["m2"]) if m["m2"] else month, int(m["d2"]))
            if end is None:
                continue
            found.append((m.start(), m.end(), {"start": start, "end": end, "raw": m.group(0)}))
        elif m["d2"]:
            continue
        else:
            found.append((m.start(), m.end(), start))
    found.sort(key=lambda t: t[0])
    return found


_WHOLE = re.compile(
    r"\s*(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*"
)


def parse_date(value: str | None) -> str | None:
    """A metadata date string (JSONL `published`, HTML meta) as ISO 'YYYY-MM-DD'.

    Anything that is not a full date is returned stripped and unchanged (kept raw,
    never guessed); empty input gives None.
    """
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    m = _WHOLE.fullmatch(value)
    if m:
        iso = _iso(m["y"], int(m["m"]), int(m["d"]))
        if iso:
            return iso
    return value


def with_year(value: DateValue, year: int | str) -> DateValue:
    """Fill a missing year ('--11-27' -> '2019-11-27'); ranges get it on both ends."""
    if isinstance(value, dict):
        return {**value, "start": with_year(value["start"], year), "end": with_year(value["end"], year)}
    if value.startswith("--"):
        return f"{int(year):04d}{value[1:]}"
    return value
