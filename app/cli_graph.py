"""kg ingest / kg load-reference / kg query … / kg serve: thin commands over graph/ and loaders/.

kg ingest data/samples/dev            extract + write (files, folders, JSONL), progress + summary
kg load-reference                     gazetteer and taxonomy facts (ingest does it if missing)
kg query suppliers 中车 --in 天易      suppliers with evidence
kg query gaps 株洲高新区               chain gaps and candidate firms
kg query visits --person 吴勇强        visit timeline
kg serve                              the API on 127.0.0.1:8000
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

console = Console()
query_app = typer.Typer(no_args_is_help=True, help="Ask the graph (tables with evidence).")


@contextmanager
def _graph_errors() -> Iterator[None]:
    """GraphError → a red message with its hint and exit code 1 (no traceback)."""
    from graph.errors import GraphError

    try:
        yield
    except GraphError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        if exc.hint:
            console.print(f"[dim]hint: {exc.hint}[/dim]")
        for c in getattr(exc, "candidates", None) or getattr(exc, "suggestions", None) or []:
            console.print(f"  {c.get('label')}  {c.get('key')}  {c.get('name')}")
        raise typer.Exit(1) from exc


def _driver() -> Any:
    from graph.db import apply_schema, create_driver, verify_connectivity

    driver = create_driver()
    verify_connectivity(driver)
    apply_schema(driver)
    return driver


def _count_inputs(paths: list[Path]) -> int | None:
    """Files to read (a progress total); None when JSONL lines make it unknowable up front."""
    n = 0
    for p in paths:
        files = [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else [p]
        for f in files:
            if f.suffix == ".jsonl":
                return None
            if f.suffix in (".txt", ".html", ".htm", ".md", ".json"):
                n += 1
    return n or None


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files, folders or JSONL files")],
    batch: Annotated[int, typer.Option(help="documents per write transaction")] = 50,
    force: Annotated[bool, typer.Option(help="rewrite documents already in the graph")] = False,
    reference: Annotated[bool, typer.Option(help="load gazetteer/taxonomy facts if missing")] = True,
) -> None:
    """Extract articles and write them to Neo4j (idempotent: unchanged documents are skipped)."""
    from graph.db import neo4j_info
    from graph.reference import load_reference, reference_loaded
    from graph.writer import GraphWriter, WriteStats
    from loaders.pipeline import Extractor, iter_extract
    from loaders.types import Extraction

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        console.print(f"[red]error:[/red] not found: {', '.join(missing)}")
        raise typer.Exit(2)
    with _graph_errors():
        driver = _driver()
        before = neo4j_info(driver)
        if reference and not reference_loaded(driver):
            with console.status("loading gazetteer and taxonomy facts…"):
                ref = load_reference(driver)
            console.print(
                f"reference: {ref.regions} regions, {ref.parks} parks, {ref.chains} chains, "
                f"{ref.segments} segments, {ref.companies} companies"
            )
        with console.status("loading the extractor…"):
            extractor = Extractor.load()
        writer = GraphWriter(driver, batch_docs=batch, force=force)
        total = WriteStats()
        failures: list[str] = []
        pending: list[Extraction] = []
        t0 = time.perf_counter()
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("extracting + writing", total=_count_inputs(paths))
            seen_sources: set[str] = set()
            for item in iter_extract(paths, extractor):
                src = getattr(item, "source", None) or getattr(getattr(item, "document", None), "source", "")
                if src not in seen_sources:
                    seen_sources.add(src)
                    bar.advance(task)
                if isinstance(item, Extraction):
                    # an article and its related-article stubs go in one batch (stale stubs
                    # of a new version are found within the batch)
                    if len(pending) >= batch and item.document.parent is None:
                        total.add(writer.write_batch(pending))
                        pending = []
                    pending.append(item)
                else:
                    total.documents_read += 1
                    total.documents_failed += 1
                    failures.append(f"{item.source}: {item.reason}")
            if pending:
                total.add(writer.write_batch(pending))
        after = neo4j_info(driver)
        driver.close()
    _summary(
        total,
        failures,
        before.nodes,
        before.relationships,
        after.nodes,
        after.relationships,
        time.perf_counter() - t0,
    )
    if total.documents_failed and not total.documents_written and not total.documents_unchanged:
        raise typer.Exit(1)


def _summary(st: Any, failures: list[str], n0: int, r0: int, n1: int, r1: int, secs: float) -> None:
    t = Table(title="kg ingest", show_header=True)
    t.add_column("")
    t.add_column("count", justify="right")
    for label, value in [
        ("documents read", st.documents_read),
        ("written (new or new version)", st.documents_written),
        ("  of which replaced an old version", st.documents_replaced),
        ("skipped as unchanged", st.documents_unchanged),
        ("failed", st.documents_failed),
        ("nodes created", st.nodes_created),
        ("relationships created", st.relationships_created),
        ("evidence written", st.evidence_written),
        ("graph nodes (before → after)", f"{n0} → {n1}"),
        ("graph relationships (before → after)", f"{r0} → {r1}"),
        ("seconds", f"{secs:.1f}"),
    ]:
        t.add_row(label, str(value))
    console.print(t)
    for f in (failures + st.errors)[:20]:
        console.print(f"[yellow]failed:[/yellow] {f}")


def load_reference_cmd(
    towns: Annotated[bool, typer.Option(help="also the ~38k towns/streets")] = True,
) -> None:
    """Load regions, parks, the chain taxonomy and company groups (safe to repeat)."""
    from graph.reference import load_reference

    with _graph_errors():
        driver = _driver()
        t0 = time.perf_counter()
        with console.status("loading…"):
            st = load_reference(driver, towns=towns)
        driver.close()
    t = Table(title="kg load-reference")
    t.add_column("")
    t.add_column("count", justify="right")
    for k in ("regions", "parks", "chains", "segments", "companies", "focus_links", "unmatched_industries"):
        t.add_row(k, str(getattr(st, k)))
    t.add_row("nodes created", str(st.write.nodes_created))
    t.add_row("relationships created", str(st.write.relationships_created))
    t.add_row("seconds", f"{time.perf_counter() - t0:.1f}")
    console.print(t)
    if st.missing_files:
        console.print(f"[yellow]missing data files:[/yellow] {', '.join(st.missing_files)}")


def _ev(evidence: list[dict[str, Any]], n: int = 2) -> str:
    return "\n".join(
        f"“{e.get('sentence') or ''}” — {e.get('title') or e.get('doc_name') or ''}" for e in evidence[:n]
    )


@query_app.command("suppliers")
def q_suppliers(
    buyer: Annotated[str, typer.Argument(help="buyer firm (中车)")],
    place: Annotated[str, typer.Option("--in", help="park or region (天易)")],
    limit: int = 50,
) -> None:
    """Who supplies BUYER (and its subsidiaries) in a park or region."""
    from graph import queries
    from loaders.types import Label

    with _graph_errors():
        driver = _driver()
        b = queries.resolve(driver, buyer, [Label.COMPANY])
        p = queries.resolve(driver, place, [Label.PARK, Label.REGION])
        rows = queries.find_suppliers(driver, b["key"], p["key"], limit=limit)
        driver.close()
    t = Table(title=f"suppliers of {b['name']} in {p['name']}", show_lines=True)
    for col in ("kind", "supplier", "buyer", "count / segments", "conf.", "evidence"):
        t.add_column(col, overflow="fold")
    for r in rows:
        extra = " ".join(
            x
            for x in [
                str(r["count"]) if r.get("count") else "",
                "、".join(r.get("segments") or []),
                f"via {r['via']['name']}" if r.get("via") else "",
            ]
            if x
        )
        conf = f"{r['confidence']:.2f}" if r.get("confidence") is not None else ""
        t.add_row(r["kind"], r["supplier"]["name"], r["buyer"]["name"], extra, conf, _ev(r["evidence"]))
    console.print(t if rows else f"no suppliers of {b['name']} found in {p['name']}")


@query_app.command("gaps")
def q_gaps(park: Annotated[str, typer.Argument(help="park (株洲高新区)")], candidates: int = 3) -> None:
    """A park's chains, their stated and taxonomy gaps, and candidate firms (招商线索)."""
    from graph import queries
    from loaders.types import Label

    with _graph_errors():
        driver = _driver()
        p = queries.resolve(driver, park, [Label.PARK])
        rows = queries.find_chain_gaps(driver, p["key"], candidates=candidates)
        driver.close()
    t = Table(title=f"chain gaps of {p['name']}", show_lines=True)
    for col in ("chain", "kind", "gap", "evidence", "candidates"):
        t.add_column(col, overflow="fold")
    for r in rows:
        for g in r["gaps"]:
            if g["kind"] == "taxonomy" and not g["candidates"]:
                continue  # taxonomy gaps without leads are noise in a terminal
            cands = ", ".join(f"{c['name']} ({c['proximity']})" for c in g["candidates"])
            chain = r["chain"]["name"] + (" ★" if r["focus"] else "")
            what = g["target"]["name"] + (f": {g['gap']}" if g.get("gap") else "")
            t.add_row(chain, g["kind"], what, _ev(g["evidence"]), cands)
        if not r["gaps"]:
            t.add_row(r["chain"]["name"] + (" ★" if r["focus"] else ""), "", "(no gap known)", "", "")
    console.print(t if rows else f"no chains known for {p['name']}")
    console.print("[dim]★ = a focus chain of the park[/dim]")


@query_app.command("visits")
def q_visits(
    person: Annotated[str | None, typer.Option(help="visitor (吴勇强)")] = None,
    place: Annotated[str | None, typer.Option(help="visited place or firm")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    limit: int = 100,
) -> None:
    """A timeline of official visits by person and/or place."""
    from graph import queries
    from loaders.types import Label

    if not person and not place:
        console.print("[red]error:[/red] give --person or --place")
        raise typer.Exit(2)
    with _graph_errors():
        driver = _driver()
        pk = queries.resolve(driver, person, [Label.PERSON])["key"] if person else None
        lk = (
            queries.resolve(driver, place, [Label.PARK, Label.REGION, Label.COMPANY])["key"]
            if place
            else None
        )
        rows = queries.find_visits(
            driver, person=pk, place=lk, date_from=date_from, date_to=date_to, limit=limit
        )
        driver.close()
    t = Table(title="visits", show_lines=True)
    for col in ("date", "person", "posts", "visited", "evidence"):
        t.add_column(col, overflow="fold")
    for r in rows:
        posts = "; ".join(f"{p['org']['name']} {p.get('title') or ''}".strip() for p in r["posts"][:3])
        t.add_row(
            r.get("date") or "?",
            r["person"]["name"],
            posts,
            f"{r['target']['name']} ({r['target']['label']})",
            _ev([r["evidence"]], 1),
        )
    console.print(t if rows else "no visits found")


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    reload: Annotated[bool, typer.Option(help="restart on code changes (development)")] = False,
) -> None:
    """Run the API (OpenAPI docs at /docs)."""
    import uvicorn

    uvicorn.run("app.main:app", host=host, port=port, reload=reload)


def register(cli: typer.Typer) -> None:
    cli.command("ingest")(ingest)
    cli.command("load-reference")(load_reference_cmd)
    cli.add_typer(query_app, name="query")
    cli.command("serve")(serve)
