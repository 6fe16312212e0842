"""Shared fixtures: a real, throw-away Neo4j for the whole test session.

- NEO4J_TEST_URI set: use that server (NEO4J_TEST_USER / NEO4J_TEST_PASSWORD); its graph is
  wiped by `clean_graph`, so never point it at data you want to keep.
- Otherwise: start the project's local server (graph/localdb.py) on other ports (Bolt 17687,
  HTTP 17474, or free ports if those are taken, e.g. by a parallel run) with its own temporary
  data folder, never the user's graph. It is started once, right after collection if any selected test
  needs it (the output then shows the real server's version), and stopped at session end.
  Tests using these fixtures are marked `neo4j` automatically: `pytest -m "not neo4j"` skips
  starting the server.

If the server cannot start, every test that needs it FAILS with the reason; none is skipped.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

# Starlette 1.x warns (an error under our filterwarnings) that its TestClient should use the
# `httpx2` package; httpx still works and is the stack's client. Importing it once here, with the
# warning silenced, caches the module for every test file.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

from graph.db import apply_schema, create_driver, neo4j_info
from graph.errors import GraphError, PortInUse
from graph.localdb import LocalServer
from graph.settings import Settings

DEFAULT_TEST_BOLT_PORT = 17687
DEFAULT_TEST_HTTP_PORT = 17474


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pick_port(env: str, default: int, attempt: int = 0) -> int:
    if os.environ.get(env):
        return int(os.environ[env])
    return default if attempt == 0 and _port_free(default) else _free_port()


class _TestServer:
    """The session's Neo4j: started at most once, its error remembered for every test."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.server: LocalServer | None = None
        self.error: str | None = None
        self.description = ""
        self._tmp: Path | None = None
        self._started = False

    def ensure(self) -> Settings:
        if not self._started:
            self._started = True
            try:
                self._start()
            except (GraphError, OSError, neo4j.exceptions.Neo4jError) as exc:
                self.error = f"{type(exc).__name__}: {exc}"
        if self.error is not None:
            pytest.fail(f"the Neo4j test server is not available: {self.error}", pytrace=False)
        assert self.settings is not None
        return self.settings

    def _start(self) -> None:
        external = os.environ.get("NEO4J_TEST_URI")
        if external:
            self.settings = Settings(
                neo4j_uri=external,
                neo4j_user=os.environ.get("NEO4J_TEST_USER", "neo4j"),
                neo4j_password=os.environ.get("NEO4J_TEST_PASSWORD", "chainkg-local"),
                neo4j_database=os.environ.get("NEO4J_TEST_DATABASE", "neo4j"),
            )
            where = f"external {external}"
        else:
            self._tmp = Path(tempfile.mkdtemp(prefix="kg-neo4j-test-"))
            for attempt in range(3):
                # Explicit values: the user's NEO4J_URI / KG_NEO4J_* must not leak into the test
                # server. A random password: a parallel session's server can never pass for ours.
                self.settings = Settings(
                    neo4j_uri=None,
                    neo4j_user="neo4j",
                    neo4j_password=f"test-{secrets.token_hex(8)}",
                    neo4j_database="neo4j",
                    data_dir=self._tmp,
                    bolt_port=_pick_port("KG_TEST_BOLT_PORT", DEFAULT_TEST_BOLT_PORT, attempt),
                    http_port=_pick_port("KG_TEST_HTTP_PORT", DEFAULT_TEST_HTTP_PORT, attempt),
                    heap="1g",
                    pagecache="512m",
                )
                self.server = LocalServer(self.settings)
                try:
                    result = self.server.start()
                    break
                except PortInUse:
                    # Lost a race for the port with a parallel run: new ports, fresh store.
                    if attempt == 2:
                        raise
                    shutil.rmtree(self._tmp / "data", ignore_errors=True)
            where = f"local {result.bolt_uri}, started in {result.seconds:.1f} s, data {self._tmp}"
        driver = create_driver(self.settings)
        try:
            info = neo4j_info(driver, self.settings.neo4j_database)
        finally:
            driver.close()
        self.description = f"Neo4j {info.version} {info.edition} ({where})"

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self._tmp is not None and not os.environ.get("KG_TEST_KEEP_DATA"):
            shutil.rmtree(self._tmp, ignore_errors=True)


_SERVER = _TestServer()


# Fixtures that need the server; tests using them get the `neo4j` marker automatically, so
# `pytest -m "not neo4j"` runs the pure unit tests without starting Neo4j at all.
_NEO4J_FIXTURES = {"neo4j_settings", "neo4j_server", "neo4j_driver", "clean_graph", "api_client"}


def pytest_report_header(config: pytest.Config) -> str:
    external = os.environ.get("NEO4J_TEST_URI")
    if external:
        return f"Neo4j test server: external {external} (NEO4J_TEST_URI)"
    from graph.localdb import pom_versions

    return (
        f"Neo4j test server: local Neo4j {pom_versions()['neo4j']} (db/pom.xml), started if a test needs it"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _NEO4J_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the server once, before the first test, and print what it really is."""
    if not any(item.get_closest_marker("neo4j") for item in session.items):
        return
    try:
        _SERVER.ensure()
        line = f"Neo4j test server: {_SERVER.description}"
    except pytest.fail.Exception:
        line = f"Neo4j test server: FAILED to start: {_SERVER.error}"
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _SERVER.stop()


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    """Settings that point at the session's test server (never the user's graph)."""
    return _SERVER.ensure()


@pytest.fixture(scope="session")
def neo4j_server(neo4j_settings: Settings) -> LocalServer:
    """The LocalServer behind the test settings (for stop/start tests); fails for NEO4J_TEST_URI."""
    if _SERVER.server is None:
        pytest.fail("this test manages the local test server; unset NEO4J_TEST_URI to run it", pytrace=False)
    return _SERVER.server


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    """A driver to the test server with cypher/schema.cypher applied."""
    driver = create_driver(neo4j_settings)
    apply_schema(driver, neo4j_settings.neo4j_database)
    yield driver
    driver.close()


@pytest.fixture
def clean_graph(neo4j_driver: neo4j.Driver, neo4j_settings: Settings) -> neo4j.Driver:
    """The driver, with every node and relationship deleted first (schema kept)."""
    # In batches: one transaction deleting a whole loaded reference graph (hundreds of thousands
    # of commands) can exhaust the test server's heap.
    with neo4j_driver.session(database=neo4j_settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS").consume()
    return neo4j_driver


@pytest.fixture
def api_client(neo4j_settings: Settings, neo4j_driver: neo4j.Driver) -> Iterator[TestClient]:
    """A TestClient for create_app() wired to the test server (lifespan run)."""
    from app.main import create_app

    with TestClient(create_app(neo4j_settings)) as client:
        yield client
