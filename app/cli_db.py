"""kg db start|stop|status|logs (owned by the infrastructure work)."""

import typer

db = typer.Typer(no_args_is_help=True, help="Run the local Neo4j server.")
