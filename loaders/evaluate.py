"""Score extractor output against gold, with the contract's matching rules.

- An entity matches a gold entity of the same type when its name or any
  mention equals the gold name or any alias (after t2s and removal of
  spaces); each gold entity matches at most once.
- A relation matches when its type matches and both ends match gold
  entities (a gold target may list several acceptable names).
- Documents not in gold (related-article stubs) are ignored; gold documents
  missing from the prediction count as all missed.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from opencc import OpenCC

SCORED_ENTITY_TYPES = ("Region", "Park", "Company", "Chain", "Person")


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def norm(s: Any) -> str:
    text = unicodedata.normalize("NFKC", str(s))
    return _t2s().convert("".join(text.split()))


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    hit: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.hit / self.pred if self.pred else 0.0
        r = self.hit / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Score:
    entities: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    relations: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # (doc, "missed" | "spurious", kind, description) for `kg eval --diff`
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)

    def micro(self, which: str) -> Tally:
        t = Tally()
        for x in getattr(self, which).values():
            t.gold += x.gold
            t.pred += x.pred
            t.hit += x.hit
        return t


def load_jsonl(path: str | Path) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON: {e}") from e
            docs[str(d["doc"])] = d
    return docs


def _names(ent: dict[str, Any]) -> set[str]:
    out = {norm(ent.get("name", ""))}
    for k in ("aliases", "mentions"):
        out.update(norm(x) for x in ent.get(k) or [])
    out.discard("")
    return out


def _index(ents: list[dict[str, Any]]) -> dict[str, list[int]]:
    by: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(ents):
        for n in _names(e):
            by[n].append(i)
    return by


def _resolve(end: Any, ents: list[dict[str, Any]], by: dict[str, list[int]]) -> int | None:
    t, n = (end.get("type"), norm(end.get("name", ""))) if isinstance(end, dict) else (None, norm(end))
    for i in by.get(n, []):
        if t is None or ents[i]["type"] == t:
            return i
    return None


def score_doc(gold: dict[str, Any], pred: dict[str, Any] | None, score: Score) -> None:
    gents = gold.get("entities", [])
    pents = (pred or {}).get("entities", [])
    used: set[int] = set()
    p2g: dict[int, int] = {}
    for pi, p in enumerate(pents):
        pn = _names(p)
        for gi, g in enumerate(gents):
            if gi not in used and g["type"] == p.get("type") and pn & _names(g):
                used.add(gi)
                p2g[pi] = gi
                break
    for g in gents:
        if g["type"] in SCORED_ENTITY_TYPES:
            score.entities[g["type"]].gold += 1
    doc = str(gold.get("doc"))
    for pi, p in enumerate(pents):
        if p.get("type") in SCORED_ENTITY_TYPES:
            score.entities[p["type"]].pred += 1
            if pi in p2g:
                score.entities[p["type"]].hit += 1
            else:
                score.errors.append((doc, "spurious", "entity", f"{p['type']} {p.get('name')}"))
    for gi, g in enumerate(gents):
        if g["type"] in SCORED_ENTITY_TYPES and gi not in used:
            score.errors.append((doc, "missed", "entity", f"{g['type']} {g['name']}"))

    gby, pby = _index(gents), _index(pents)
    gold_rels = []
    for r in gold.get("relations", []):
        s = _resolve(r["source"], gents, gby)
        targets = r["target"] if isinstance(r["target"], list) else [r["target"]]
        ts = {_resolve(t, gents, gby) for t in targets} - {None}
        if s is None or not ts:
            raise ValueError(f"gold {gold['doc']}: relation end not among its entities: {r}")
        gold_rels.append((r["type"], s, ts))
        score.relations[r["type"]].gold += 1
    taken: set[int] = set()
    seen: set[Any] = set()
    for r in (pred or {}).get("relations", []):
        rt = r.get("type", "?")
        ps = _resolve(r.get("source", {}), pents, pby)
        tgt = r.get("target", {})
        pt = _resolve(tgt[0] if isinstance(tgt, list) and tgt else tgt, pents, pby)
        gs = p2g.get(ps) if ps is not None else None
        gt = p2g.get(pt) if pt is not None else None
        key = (rt, gs, gt) if gs is not None and gt is not None else (rt, "unmatched", id(r))
        if key in seen:
            continue
        seen.add(key)
        score.relations[rt].pred += 1
        for k, (gtype, s, ts) in enumerate(gold_rels):
            if k not in taken and gtype == rt and gs == s and gt in ts:
                taken.add(k)
                score.relations[rt].hit += 1
                break
        else:
            src = r.get("source", {}).get("name") if isinstance(r.get("source"), dict) else r.get("source")
            dst = tgt.get("name") if isinstance(tgt, dict) else tgt
            score.errors.append((doc, "spurious", "relation", f"{rt} {src} -> {dst} [{r.get('rule', '')}]"))
    for k, (gtype, s, ts) in enumerate(gold_rels):
        if k not in taken:
            names = "|".join(sorted(gents[t]["name"] for t in ts))
            score.errors.append((doc, "missed", "relation", f"{gtype} {gents[s]['name']} -> {names}"))


def evaluate(gold_path: str | Path, pred_path: str | Path) -> Score:
    return evaluate_docs(load_jsonl(gold_path), load_jsonl(pred_path))


def evaluate_docs(gold: dict[str, dict[str, Any]], pred: dict[str, dict[str, Any]]) -> Score:
    score = Score()
    for doc_id, g in gold.items():
        score_doc(g, pred.get(doc_id), score)
    return score
