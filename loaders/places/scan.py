"""One automaton scan per document for the word lists of several recognisers.

Scanning a text with pyahocorasick costs about the same per byte whatever the number of
words, and most of it is spent walking the trie (cache misses on a large one): four scans
(regions, parks, known firms, chain names) cost ~4x one scan over the union of their words.
So the union is scanned once per document and each recogniser takes its group's matches:

    hits = shared_scan().matches(text, "company")   # every match, overlapping ones too

Groups: "region", "park" (words of the default gazetteers, get_places()), "company" (known
firm aliases) and "company-suffix" (loaders/companies/), "chain" (chain surface forms, chains.py),
"title" and "org-suffix" (people.py). Built on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import ahocorasick

__all__ = ["SharedScan", "shared_scan"]

Hit = tuple[int, int, str]  # start, end (character offsets), word


class SharedScan:
    def __init__(self, groups: dict[str, Iterable[str]]):
        member: dict[str, list[str]] = {}
        for group, words in groups.items():
            for w in words:
                gs = member.setdefault(w, [])
                if group not in gs:
                    gs.append(group)
        self.groups = tuple(groups)
        # a byte-level automaton (see ByteAutomaton) whose values name the groups too
        self._ac = ahocorasick.Automaton()
        for w, gs in member.items():
            self._ac.add_word(w.encode("utf-8").decode("latin-1"), (w, len(w), tuple(gs)))
        self._ac.make_automaton()
        # the last two texts' matches: the recognisers of one document ask one after another
        self._memo: list[tuple[str, dict[str, list[Hit]]]] = []

    def matches(self, text: str, group: str) -> list[Hit]:
        """Every match of the group's words in text, ordered by end (longest first on a tie)."""
        for t, hits in self._memo:
            if t is text or t == text:
                return hits[group]
        hits: dict[str, list[Hit]] = {g: [] for g in self.groups}
        raw = text.encode("utf-8")
        bpos = cpos = 0
        for last, (w, n, gs) in self._ac.iter(raw.decode("latin-1")):
            if last + 1 != bpos:  # ends only grow: byte to character offsets incrementally
                cpos += len(raw[bpos:last + 1].decode("utf-8"))
                bpos = last + 1
            h = (cpos - n, cpos, w)
            for g in gs:
                hits[g].append(h)
        self._memo = [(text, hits), *self._memo[:1]]
        return hits[group]


@lru_cache(maxsize=1)
def shared_scan() -> SharedScan:
    """The scan over the default gazetteers and the firm and chain word lists (once)."""
    from loaders import chains, companies, people
    from loaders.places import get_places

    places = get_places()
    return SharedScan({
        "region": places.region_recognizer.words,
        "park": places.park_recognizer.words,
        "company": companies.known_words(),
        "chain": chains.chain_forms(),
        "company-suffix": companies.suffix_words(),
        "title": people.title_kinds(),
        "org-suffix": people.org_suffixes(),
    })


def warm() -> None:
    """Build now what the first document would otherwise build lazily: the gazetteers, the
    shared automaton (with the firm and chain lists), the inner-word sets, jieba's
    dictionary and part-of-speech table, the town-name index."""
    import jieba
    import jieba.posseg

    from loaders.places import get_places

    jieba.initialize()
    _ = jieba.posseg.dt.word_tag_tab
    places = get_places()
    shared_scan()
    places.region_recognizer._ac.inner_words()
    places.park_recognizer._ac.inner_words()
    _ = places.park_recognizer._town_names
