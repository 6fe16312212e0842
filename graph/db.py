"""Driver factory, schema, server info and running the queries kept in cypher/.

Every query lives in cypher/<verb_noun>.cypher; callers run it with ``run_file`` and
parameters — never by formatting user text into Cypher.
Driver errors are translated into graph.errors.Neo4jUnavailable so the API and CLI can
answer "database down" in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_exc
from pydantic import BaseModel

from graph.errors import CypherFileError, Neo4jAuthError, Neo4jUnavailable, SchemaError
from graph.settings import PROJECT_ROOT, Settings, get_settings

__all__ = [
    "CYPHER_DIR",
    "Neo4jInfo",
    "apply_schema",
    "create_driver",
    "load_cypher",
    "neo4j_info",
    "run_file",
    "split_statements",
    "translate_errors",
    "verify_connectivity",
]

CYPHER_DIR = PROJECT_ROOT / "cypher"
# Query files are named verb_noun; anything else (paths, dots) is refused.
_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class Neo4jInfo(BaseModel):
    version: str
    edition: str
    nodes: int
    relationships: int


def create_driver(settings: Settings | None = None) -> neo4j.Driver:
    """A driver for Settings.bolt_uri. Creating it does not connect; failures show on first use."""
    settings = settings or get_settings()
    return GraphDatabase.driver(
        settings.bolt_uri,
        auth=settings.auth,
        connection_timeout=settings.neo4j_connect_timeout,
        # Fail fast when the server is down instead of retrying for 30 s (the default).
        max_transaction_retry_time=settings.neo4j_connect_timeout,
        connection_acquisition_timeout=settings.neo4j_connect_timeout * 2,
    )


@contextmanager
def translate_errors(uri: str = "") -> Iterator[None]:
    """Turn the driver's connection errors into graph.errors with a hint."""
    where = f" at {uri}" if uri else ""
    try:
        yield
    except neo4j_exc.AuthError as exc:
        raise Neo4jAuthError(
            f"Neo4j{where} rejected the credentials: {exc.message or exc}",
            "check NEO4J_USER / NEO4J_PASSWORD (the local server takes them on its first start; "
            "to reset, stop it and delete its data folder)",
        ) from exc
    except (neo4j_exc.ServiceUnavailable, neo4j_exc.SessionExpired, OSError) as exc:
        raise Neo4jUnavailable(
            f"Neo4j{where} is not reachable: {exc}",
            "start the local server with `kg db start`, or set NEO4J_URI to a running server",
        ) from exc


def _uri(driver: neo4j.Driver) -> str:
    address = getattr(driver, "_pool", None)
    address = getattr(address, "address", None)
    return str(address) if address else ""


def _database(database: str | None) -> str:
    return database or get_settings().neo4j_database


def verify_connectivity(driver: neo4j.Driver) -> None:
    """Raise Neo4jUnavailable unless the server answers and accepts the credentials."""
    with translate_errors(_uri(driver)):
        driver.verify_connectivity()


def load_cypher(name: str) -> str:
    """The text of cypher/<name>.cypher."""
    if not _NAME_PATTERN.match(name):
        raise CypherFileError(f"invalid query name {name!r}", "use the file's stem, e.g. 'schema'")
    path = CYPHER_DIR / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CypherFileError(f"no query file {path}", f"create cypher/{name}.cypher") from exc


def split_statements(text: str) -> list[str]:
    """Statements of a multi-statement file: `//` comment lines dropped, split on `;`.

    Quoted semicolons are not expected in schema files; a statement must not contain one.
    """
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return [stmt.strip() for stmt in "\n".join(lines).split(";") if stmt.strip()]


def run_file(
    driver: neo4j.Driver, name: str, /, *, database_: str | None = None, **params: Any
) -> list[dict[str, Any]]:
    """Run cypher/<name>.cypher with ``params``; records as dicts (graph values as driver objects)."""
    query = load_cypher(name)
    with translate_errors(_uri(driver)):
        records, _, _ = driver.execute_query(query, params, database_=_database(database_))
    return [record.data() for record in records]


def apply_schema(driver: neo4j.Driver, database: str | None = None) -> int:
    """Create the constraints and indexes of cypher/schema.cypher; returns the statement count.

    Idempotent (every statement is IF NOT EXISTS). Waits until the indexes are online so
    that callers can query the full-text index right away.
    """
    statements = split_statements(load_cypher("schema"))
    db = _database(database)
    with translate_errors(_uri(driver)):
        for stmt in statements:
            try:
                driver.execute_query(stmt, database_=db)
            except neo4j_exc.AuthError:
                raise  # a ClientError too, but a connection problem: translate_errors handles it
            except neo4j_exc.ClientError as exc:
                raise SchemaError(
                    f"schema statement failed: {exc.message}\n{stmt}",
                    "fix cypher/schema.cypher; Community edition supports only uniqueness constraints",
                ) from exc
        driver.execute_query("CALL db.awaitIndexes(300)", database_=db)
    return len(statements)


def neo4j_info(driver: neo4j.Driver, database: str | None = None) -> Neo4jInfo:
    """Server version and edition, node and relationship counts (from the count store: cheap)."""
    db = _database(database)
    # Auto-commit queries in a plain session, not execute_query: no retry loop, so a down server
    # is reported at once. One quick second attempt covers pooled connections that went stale
    # when the server restarted.
    with translate_errors(_uri(driver)):
        for attempt in (1, 2):
            try:
                with driver.session(database=db) as session:
                    comp = session.run(
                        "CALL dbms.components() YIELD name, versions, edition "
                        "WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version, edition"
                    ).data()
                    counts = session.run(
                        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
                        "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
                        "RETURN nodes, relationships"
                    ).data()
                break
            except (neo4j_exc.ServiceUnavailable, neo4j_exc.SessionExpired):
                if attempt == 2:
                    raise
    return Neo4jInfo(
        version=comp[0]["version"],
        edition=comp[0]["edition"],
        nodes=counts[0]["nodes"],
        relationships=counts[0]["relationships"],
    )
