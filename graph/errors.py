"""Exceptions raised by graph/ (and the local server manager).

Hierarchy::

    GraphError                      root: catch this to catch everything from graph/
    ├── Neo4jUnavailable            the server does not answer (down, wrong URI, auth)
    │   └── Neo4jAuthError          it answers but refuses the credentials
    ├── SchemaError                 cypher/schema.cypher could not be applied
    ├── CypherFileError             cypher/<name>.cypher missing or unreadable
    └── LocalServerError            the project's own Neo4j cannot be assembled/started/stopped
        ├── JavaMissing             no java, or older than 17
        ├── MavenMissing            no mvn to assemble the server
        ├── PortInUse               bolt/http port taken by another process
        ├── StoreLocked             another process holds the store lock
        └── StartTimeout            started but Bolt never answered

Every message says what to do next (``hint``), so the CLI and API can show it as is.
"""

from __future__ import annotations

__all__ = [
    "CypherFileError",
    "GraphError",
    "JavaMissing",
    "LocalServerError",
    "MavenMissing",
    "Neo4jAuthError",
    "Neo4jUnavailable",
    "PortInUse",
    "SchemaError",
    "StartTimeout",
    "StoreLocked",
]


class GraphError(Exception):
    """Root of every error raised by graph/."""

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} — {hint}" if hint else message)


class Neo4jUnavailable(GraphError):
    """Neo4j does not answer at the configured URI."""


class Neo4jAuthError(Neo4jUnavailable):
    """Neo4j answers but rejects NEO4J_USER/NEO4J_PASSWORD."""


class SchemaError(GraphError):
    """A statement of cypher/schema.cypher failed."""


class CypherFileError(GraphError):
    """A cypher/<name>.cypher file is missing or its name is not allowed."""


class LocalServerError(GraphError):
    """The project's local Neo4j server could not be managed."""


class JavaMissing(LocalServerError):
    pass


class MavenMissing(LocalServerError):
    pass


class PortInUse(LocalServerError):
    pass


class StoreLocked(LocalServerError):
    pass


class StartTimeout(LocalServerError):
    pass
