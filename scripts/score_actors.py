"""Score the Company / Chain / Person recognisers alone against a gold file.

Usage: .venv/bin/python scripts/score_actors.py [DEV_DIR] [-v]
Matching follows the contract: an entity (mentions grouped by key) matches a gold entity of
the same type when its name or any surface equals the gold name or an alias; each gold
entity matches at most once. The text is converted t2s and cut at 相关文章 (the stub tail),
a stand-in for loaders/clean.py.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import opencc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.chains import find_chains
from loaders.companies import find_companies
from loaders.people import find_people
from loaders.types import Document

FINDERS = {"Company": find_companies, "Chain": find_chains, "Person": find_people}


def _doc(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    text = opencc.OpenCC("t2s").convert(raw).split("相关文章")[0]
    text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text)  # pinyin glosses
    return Document(name=path.stem, text=text, original=text)


def main(dev: Path, verbose: bool) -> None:
    gold = {}
    for line in (dev.parent / "dev-gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        gold[g["doc"]] = g
    totals = {t: [0, 0, 0] for t in FINDERS}  # tp, n_pred, n_gold
    for path in sorted(dev.glob("*.txt")):
        doc = _doc(path)
        g = gold.get(path.stem, {"entities": []})
        for typ, finder in FINDERS.items():
            ents: dict[str, set[str]] = defaultdict(set)
            names: dict[str, str] = {}
            for m in finder(doc):
                ents[m.key].add(m.surface)
                names[m.key] = m.name
            golds = [(e["name"], {e["name"], *e.get("aliases", [])}) for e in g["entities"] if e["type"] == typ]
            used, tp, fps = set(), 0, []
            for key, surfaces in ents.items():
                forms = surfaces | {names[key]}
                hit = next((i for i, (_, al) in enumerate(golds) if i not in used and forms & al), None)
                if hit is None:
                    fps.append(names[key] + str(sorted(surfaces)))
                else:
                    used.add(hit)
                    tp += 1
            fns = [n for i, (n, _) in enumerate(golds) if i not in used]
            totals[typ][0] += tp
            totals[typ][1] += len(ents)
            totals[typ][2] += len(golds)
            if verbose and (fps or fns):
                print(f"{path.stem} {typ}\n  FP: {fps}\n  FN: {fns}")
    for typ, (tp, npred, ngold) in totals.items():
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{typ:8s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp} pred={npred} gold={ngold})")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    main(Path(args[0]) if args else Path("data/samples/dev"), "-v" in sys.argv)
