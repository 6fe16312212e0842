"""kg extract / kg eval (owned by the loaders work)."""

import typer


def register(cli: typer.Typer) -> None:
    pass
