"""The `kg` command: a thin layer over loaders/, graph/ and app/.

Each group lives in its own module so that the CLI stays small:
  kg db ...        app/cli_db.py       (local Neo4j server)
  kg extract/eval  app/cli_extract.py  (loaders)
  kg ingest/query  app/cli_graph.py    (graph writer and queries)
  kg serve         app/cli_graph.py    (the API)
"""

from __future__ import annotations

import typer

from app import cli_db, cli_extract, cli_graph

cli = typer.Typer(no_args_is_help=True, add_completion=False, help="产业链知识图谱 (chain knowledge graph)")
cli.add_typer(cli_db.db, name="db")
cli_extract.register(cli)
cli_graph.register(cli)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
