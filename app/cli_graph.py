"""kg ingest / kg query / kg serve (owned by the graph work)."""

import typer


def register(cli: typer.Typer) -> None:
    pass
