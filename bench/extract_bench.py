"""Extraction throughput (MB/s) and its ratio to plain jieba.lcut on the same text.

The dev articles are cleaned once, then their documents are repeated until the
text reaches the target size (default 20 MB). Both contestants see exactly the
same documents in the same process; the ratio is what to compare across runs.
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

    t0 = time.perf_counter()
    for d in corpus:
        jieba.lcut(d.text)
    jieba_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_rel = 0
    for d in corpus:
        n_rel += len(ex.extract(d).relations)
    ex_s = time.perf_counter() - t0

    print(f"text: {mb:.1f} MB ({len(corpus)} documents, dev set x{reps})")
    print(f"extractor load: {load_s:.2f} s")
    print(f"jieba.lcut:  {mb / jieba_s:7.2f} MB/s ({jieba_s:.1f} s)")
    print(f"extract:     {mb / ex_s:7.2f} MB/s ({ex_s:.1f} s, {n_rel} relations)")
    print(f"ratio extract/jieba: {jieba_s / ex_s:.2f} (goal >= 1.0)")


if __name__ == "__main__":
    main()
