"""Extraction throughput (MB/s) and its ratio to plain jieba.lcut on the same text.

The dev articles are cleaned once, then their documents are repeated until the
text reaches the target size (default 20 MB). Both contestants see exactly the
same documents in the same process, in interleaved rounds (jieba, extract, jieba,
extract…) so that the machine's changing load hits both alike; the ratio is what
to compare across runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jieba

from loaders.clean import clean
from loaders.pipeline import Extractor
from loaders.read import read_paths
from loaders.types import RawDocument

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    target_mb = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    raws = [r for r in read_paths([ROOT / "data" / "samples" / "dev"]) if isinstance(r, RawDocument)]
    docs = [d for r in raws for d in clean(r)]
    unit = sum(len(d.text.encode("utf-8")) for d in docs)
    reps = max(1, int(target_mb * 1e6 // unit) + 1)
    corpus = docs * reps
    mb = unit * reps / 1e6

    t0 = time.perf_counter()
    ex = Extractor.load()
    load_s = time.perf_counter() - t0
    jieba.initialize()
    ex.extract(docs[0])  # warm caches on both sides before timing
    jieba.lcut(docs[0].text)

    # interleaved rounds: a drift in the machine's load hits both sides alike
    rounds = 4
    size = -(-len(corpus) // rounds)
    jieba_s = ex_s = 0.0
    n_rel = 0
    per_round = []
    for r in range(rounds):
        part = corpus[r * size : (r + 1) * size]
        j, e, n = _time_both(ex, part)
        jieba_s, ex_s, n_rel = jieba_s + j, ex_s + e, n_rel + n
        per_round.append(j / e)

    print(f"text: {mb:.1f} MB ({len(corpus)} documents, dev set x{reps})")
    print(f"extractor load: {load_s:.2f} s")
    print(f"jieba.lcut:  {mb / jieba_s:7.2f} MB/s ({jieba_s:.1f} s)")
    print(f"extract:     {mb / ex_s:7.2f} MB/s ({ex_s:.1f} s, {n_rel} relations)")
    print(f"ratio extract/jieba: {jieba_s / ex_s:.2f} (goal >= 1.0); "
          f"per round {min(per_round):.2f}-{max(per_round):.2f} over {rounds} interleaved rounds")
    distinct_pass(ex)


def _time_both(ex: Extractor, docs: list) -> tuple[float, float, int]:
    """Seconds of jieba.lcut over docs, then of the extractor over the same docs, and the
    number of relations extracted."""
    t0 = time.perf_counter()
    for d in docs:
        jieba.lcut(d.text)
    j = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_rel = sum(len(ex.extract(d).relations) for d in docs)
    return j, time.perf_counter() - t0, n_rel


def distinct_pass(ex: Extractor) -> None:
    """One pass over the synthetic sample articles (not the dev set timed above): what a
    stream of new articles costs, with none of the per-name and per-window memos warm for it.
    Too little text for a stable figure; shown beside the main one, not instead of it."""
    samples = ROOT / "data" / "samples"
    raws = [r for r in read_paths([samples / "synthetic"]) if isinstance(r, RawDocument)]
    docs = [d for r in raws for d in clean(r)]
    kb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e3
    j, e, _ = _time_both(ex, docs)
    print(f"distinct text, one pass ({kb:.0f} KB, {len(docs)} documents not seen before): "
          f"jieba {j * 1e3:.0f} ms, extract {e * 1e3:.0f} ms, ratio {j / e:.2f}")


if __name__ == "__main__":
    main()
