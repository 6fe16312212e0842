"""kg extract / kg eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)


def register(cli: typer.Typer) -> None:
    cli.command("extract")(extract)
    cli.command("eval")(evaluate)


def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .html .md .jsonl")],
    all_relations: Annotated[
        bool, typer.Option("--all", help="Also print relation types the annotation guide does not score.")
    ] = False,
) -> None:
    """Print the contract's JSONL, one line per document (stubs as <doc>#related-<n>)."""
    from loaders.pipeline import ExtractFailure, Extractor, contract_line, iter_extract
    from loaders.types import ReadError

    failed: list[tuple[str, str]] = []
    n = 0
    out = sys.stdout
    for item in iter_extract(paths, Extractor.load()):
        if isinstance(item, (ReadError, ExtractFailure)):
            failed.append((item.source, item.reason))
            err.print(f"[red]error[/red] {item.source}: {item.reason}")
            continue
        out.write(json.dumps(contract_line(item, all_relations), ensure_ascii=False) + "\n")
        n += 1
    out.flush()
    err.print(f"{n} documents extracted, {len(failed)} failed")
    if failed:
        for src, reason in failed:
            err.print(f"  {src}: {reason}")
        raise typer.Exit(1)


def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL")],
    pred: Annotated[Path, typer.Argument(help="Extractor JSONL")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Also list missed and spurious items.")] = False,
) -> None:
    """Score an extraction against gold (the contract's matching rules)."""
    from loaders.evaluate import evaluate as run

    score = run(gold, pred)
    rows = []
    for kind in ("entities", "relations"):
        for name, t in sorted(getattr(score, kind).items()):
            rows.append((kind, name, t))
        rows.append((kind, "ALL (micro)", score.micro(kind)))
    if as_json:
        print(json.dumps([
            {"kind": k, "type": n, "gold": t.gold, "pred": t.pred, "hit": t.hit,
             "p": round(t.prf()[0], 4), "r": round(t.prf()[1], 4), "f1": round(t.prf()[2], 4)}
            for k, n, t in rows
        ], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{pred} vs {gold}")
    for col in ("kind", "type", "gold", "pred", "hit", "P", "R", "F1"):
        table.add_column(col, justify="right" if col not in ("kind", "type") else "left")
    for k, n, t in rows:
        p, r, f = t.prf()
        table.add_row(k, n, str(t.gold), str(t.pred), str(t.hit), f"{p:.3f}", f"{r:.3f}", f"{f:.3f}")
    Console().print(table)
    if diff:
        for doc, what, kind, desc in sorted(score.errors):
            print(f"{doc}\t{what}\t{kind}\t{desc}")
