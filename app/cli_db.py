"""kg db assemble|start|stop|status|logs — the project's local Neo4j server (graph/localdb.py).

With NEO4J_URI set the project uses that server: these commands then say so and start nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from graph.db import apply_schema, create_driver, neo4j_info
from graph.errors import GraphError
from graph.localdb import LocalServer
from graph.settings import get_settings

db = typer.Typer(no_args_is_help=True, help="Run the local Neo4j server.")
out = Console()
err = Console(stderr=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Every graph error ends the command with its message, the fix, and exit code 1."""
    try:
        yield
    except GraphError as exc:
        err.print(f"[bold red]error:[/] {exc.message}", highlight=False, markup=True)
        if exc.hint:
            err.print(f"[yellow]fix:[/] {exc.hint}", highlight=False)
        raise typer.Exit(1) from None


def _local_server() -> LocalServer | None:
    settings = get_settings()
    if not settings.uses_local_server:
        out.print(
            f"NEO4J_URI is set ({settings.neo4j_uri}): the project uses that server and runs none of its own."
        )
        return None
    return LocalServer(settings)


@db.command()
def assemble() -> None:
    """Download Neo4j, Browser and APOC from Maven Central into the server home (cached in ~/.m2)."""
    server = LocalServer(get_settings())
    with _errors():
        if server.is_assembled():
            out.print(f"Neo4j is assembled in {server.home}")
            if not server.class_archive.is_file():
                out.print("Recording the start-up class archive (AppCDS; makes every start faster) …")
                server.build_class_archive()
            return
        out.print(f"Assembling Neo4j into {server.home} with Maven (first run downloads ~160 MB) …")
        began = time.monotonic()
        server.assemble(quiet=False)
        out.print(f"[green]done[/] in {time.monotonic() - began:.0f} s")


@db.command()
def start(
    timeout: float | None = typer.Option(
        None, help="Seconds to wait for Bolt (default KG_NEO4J_START_TIMEOUT)."
    ),
) -> None:
    """Start the local server; returns once Bolt answers, then applies the schema."""
    server = _local_server()
    if server is None:
        return
    with _errors():
        if not server.is_assembled():
            out.print("Neo4j is not assembled yet; assembling with Maven (first run downloads ~160 MB) …")
            server.assemble(quiet=False)
        result = server.start(timeout=timeout)
        if result.already_running:
            out.print(f"Neo4j is already running (pid {result.pid}) at {result.bolt_uri}")
        else:
            out.print(f"[green]Neo4j started[/] (pid {result.pid}) in {result.seconds:.1f} s")
        driver = create_driver(server.settings)
        try:
            apply_schema(driver, server.settings.neo4j_database)
            info = neo4j_info(driver, server.settings.neo4j_database)
        finally:
            driver.close()
        out.print(
            f"  Neo4j {info.version} {info.edition}: {info.nodes} nodes, {info.relationships} relationships"
        )
        out.print(f"  Bolt    {result.bolt_uri}  (user {server.settings.neo4j_user})")
        out.print(f"  Browser {result.http_url}/browser/")
        out.print(f"  Data    {server.data_dir}")


@db.command()
def stop() -> None:
    """Stop the local server cleanly (SIGTERM, wait for shutdown; the store lock is released)."""
    server = _local_server()
    if server is None:
        return
    with _errors():
        pid = server.read_pid()
        if server.stop():
            out.print(f"Neo4j stopped (pid {pid}).")
        else:
            out.print("Neo4j is not running.")


@db.command()
def status() -> None:
    """Is the server running, does Bolt answer, where are its data?"""
    settings = get_settings()
    if not settings.uses_local_server:
        driver = create_driver(settings)
        try:
            with _errors():
                info = neo4j_info(driver, settings.neo4j_database)
                out.print(f"External Neo4j {info.version} {info.edition} at {settings.neo4j_uri}: answers")
        finally:
            driver.close()
        return
    server = LocalServer(settings)
    st = server.status()
    if not st.assembled:
        out.print("Neo4j is not assembled: run `make neo4j` or `kg db assemble`.")
    if st.running:
        state = "[green]answers[/]" if st.bolt_answers else "[yellow]does not answer yet[/]"
        out.print(f"Neo4j is running (pid {st.pid}); Bolt {st.bolt_uri} {state}")
        if st.auth_error:
            err.print(f"[bold red]error:[/] {st.auth_error}", highlight=False)
        out.print(f"  Browser {st.http_url}/browser/")
    else:
        out.print("Neo4j is not running (start it with `kg db start`).")
    out.print(f"  Data    {st.data_dir}")
    if not st.running or not st.bolt_answers:
        raise typer.Exit(3)  # like `systemctl status`: scripts can test it


@db.command()
def logs(
    lines: int = typer.Option(40, "--lines", "-n", help="How many lines to show."),
    debug: bool = typer.Option(False, "--debug", help="Show debug.log instead of the console log."),
    follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing new lines (Ctrl-C to end)."),
) -> None:
    """The tail of the local server's log."""
    server = LocalServer(get_settings())
    path = server.logs_dir / "debug.log" if debug else server.console_log
    if not path.exists():
        err.print(f"no log at {path} (has the server been started?)")
        raise typer.Exit(1)
    with open(path, encoding="utf-8", errors="replace") as fh:
        tail = fh.readlines()[-lines:]
        out.out("".join(tail), end="", highlight=False)
        while follow:
            try:
                line = fh.readline()
                if line:
                    out.out(line, end="", highlight=False)
                else:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                break
