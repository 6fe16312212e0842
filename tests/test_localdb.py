"""graph/localdb.py and `kg db`: the real local server, and each start-up error naming its fix."""

from __future__ import annotations

import fcntl
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from app.cli import cli
from graph.db import neo4j_info
from graph.errors import (
    JavaMissing,
    LocalServerError,
    MavenMissing,
    Neo4jAuthError,
    PortInUse,
    StoreLocked,
)
from graph.localdb import LocalServer, pom_versions
from graph.settings import Settings, get_settings


@pytest.fixture
def cli_env(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point `kg` (which reads the environment) at the test server."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.neo4j_password)
    monkeypatch.setenv("KG_NEO4J_DATA_DIR", str(neo4j_settings.data_dir))
    monkeypatch.setenv("KG_NEO4J_BOLT_PORT", str(neo4j_settings.bolt_port))
    monkeypatch.setenv("KG_NEO4J_HTTP_PORT", str(neo4j_settings.http_port))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _offline_settings(tmp_path: Path, **kw: object) -> Settings:
    """Settings for a server that never gets as far as launching Neo4j."""
    base = {
        "neo4j_uri": None,
        "data_dir": tmp_path / "inst",
        "bolt_port": _free_port(),
        "http_port": _free_port(),
    }
    return Settings(**{**base, **kw})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the running test server ------------------------------------------------------------------


def test_second_start_says_already_running(neo4j_server: LocalServer) -> None:
    pid = neo4j_server.read_pid()
    again = neo4j_server.start()
    assert again.already_running
    assert again.pid == pid


def test_cli_start_twice_says_already_running(cli_env: None, neo4j_server: LocalServer) -> None:
    result = CliRunner().invoke(cli, ["db", "start"])
    assert result.exit_code == 0, result.output
    assert "already running" in result.output
    assert "5.26." in result.output


def test_cli_status_reports_bolt_answers(cli_env: None, neo4j_server: LocalServer) -> None:
    result = CliRunner().invoke(cli, ["db", "status"])
    assert result.exit_code == 0, result.output
    assert f"pid {neo4j_server.read_pid()}" in result.output
    assert "answers" in result.output


def test_wrong_password_is_reported_as_such(neo4j_settings: Settings) -> None:
    wrong = LocalServer(neo4j_settings.model_copy(update={"neo4j_password": "not-the-password"}))
    with pytest.raises(Neo4jAuthError, match="rejects") as info:
        wrong.bolt_answers()
    assert "NEO4J_PASSWORD" in info.value.hint
    status = wrong.status()
    assert status.running and not status.bolt_answers
    assert status.auth_error is not None


def test_browser_is_served(neo4j_settings: Settings) -> None:
    import httpx

    resp = httpx.get(f"http://127.0.0.1:{neo4j_settings.http_port}/browser/", timeout=10)
    assert resp.status_code == 200
    assert "<title>Neo4j Browser</title>" in resp.text


def test_stop_then_start_keeps_the_data_and_releases_the_lock(
    neo4j_server: LocalServer, clean_graph: neo4j.Driver
) -> None:
    clean_graph.execute_query("CREATE (:Region {key: 'r-keep', name: '湘潭县'})", database_="neo4j")
    old_pid = neo4j_server.read_pid()
    assert neo4j_server.stop() is True
    try:
        assert not neo4j_server.pid_file.exists()
        assert not neo4j_server.is_running()
        # No stale store lock: another process can take it right away.
        lock = neo4j_server.store_dir / "databases" / "store_lock"
        with open(lock, "r+b") as fh:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(fh, fcntl.LOCK_UN)
        assert neo4j_server.stop() is False  # stopping a stopped server is harmless
    finally:
        result = neo4j_server.start()
    assert not result.already_running
    assert result.pid != old_pid
    records, _, _ = clean_graph.execute_query(
        "MATCH (r:Region {key: 'r-keep'}) RETURN r.name AS name", database_="neo4j"
    )
    assert [r["name"] for r in records] == ["湘潭县"]
    assert neo4j_info(clean_graph).version == pom_versions()["neo4j"]


# --- errors that name their fix (no Neo4j launched) -------------------------------------------


def test_port_in_use_is_reported_before_launching(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = LocalServer(_offline_settings(tmp_path, bolt_port=port))
        with pytest.raises(PortInUse, match=str(port)) as info:
            server.start()
    assert "KG_NEO4J_BOLT_PORT" in info.value.hint
    assert not server.pid_file.exists()


def test_store_locked_by_another_process(tmp_path: Path) -> None:
    server = LocalServer(_offline_settings(tmp_path))
    lock = server.store_dir / "databases" / "store_lock"
    lock.parent.mkdir(parents=True)
    lock.touch()
    script = (
        "import fcntl, sys, time; f = open(sys.argv[1], 'r+b'); fcntl.lockf(f, fcntl.LOCK_EX); "
        "print('locked', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLocked) as info:
            server.start()
        assert "KG_NEO4J_DATA_DIR" in info.value.hint
    finally:
        holder.kill()
        holder.communicate()


def _fake_java(tmp_path: Path, version_line: str) -> str:
    java = tmp_path / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(0o755)
    return str(java)


def test_java_too_old(tmp_path: Path) -> None:
    java = _fake_java(tmp_path, 'openjdk version "11.0.22" 2024-01-16')
    with pytest.raises(JavaMissing, match="Java 11") as info:
        LocalServer(_offline_settings(tmp_path, java=java)).start()
    assert "KG_JAVA" in info.value.hint


def test_java_8_style_version_is_too_old(tmp_path: Path) -> None:
    java = _fake_java(tmp_path, 'java version "1.8.0_392"')
    with pytest.raises(JavaMissing, match="Java 8"):
        LocalServer(_offline_settings(tmp_path, java=java)).check_java()


def test_java_missing(tmp_path: Path) -> None:
    with pytest.raises(JavaMissing, match="not on PATH"):
        LocalServer(_offline_settings(tmp_path, java=str(tmp_path / "no-java"))).start()


def test_maven_missing_when_assembly_is_needed(tmp_path: Path) -> None:
    server = LocalServer(_offline_settings(tmp_path, neo4j_home=tmp_path / "home", mvn="no-such-mvn"))
    assert not server.is_assembled()
    with pytest.raises(MavenMissing) as info:
        server.assemble()
    assert "KG_MVN" in info.value.hint


def test_a_crash_at_start_up_shows_the_log_tail(tmp_path: Path) -> None:
    # A real launch with an impossible heap: the JVM exits at once; the error carries its output.
    server = LocalServer(_offline_settings(tmp_path, heap="1k"))
    with pytest.raises(LocalServerError, match="exited during start-up") as info:
        server.start(timeout=60)
    assert "heap" in info.value.message.lower()
    assert "kg db logs" in info.value.hint
    assert not server.pid_file.exists()


def test_stale_pid_file_is_not_a_running_server(tmp_path: Path) -> None:
    server = LocalServer(_offline_settings(tmp_path))
    server.run_dir.mkdir(parents=True)
    # Our own pid is alive but is not Neo4j (as after a reboot reused the number).
    server.pid_file.write_text(f"{__import__('os').getpid()}\n")
    assert not server.is_running()
    assert server.stop() is False
    assert not server.pid_file.exists()


# --- configuration ----------------------------------------------------------------------------


def test_neo4j_uri_means_no_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://example.databases.neo4j.io")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert not settings.uses_local_server
        assert settings.bolt_uri == "neo4j+s://example.databases.neo4j.io"
        result = CliRunner().invoke(cli, ["db", "start"])
        assert result.exit_code == 0
        assert "runs none of its own" in " ".join(result.output.split())
    finally:
        get_settings.cache_clear()


def test_blank_neo4j_uri_means_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "  ")
    monkeypatch.setenv("KG_NEO4J_BOLT_PORT", "17999")
    settings = Settings()
    assert settings.uses_local_server
    assert settings.bolt_uri == "bolt://127.0.0.1:17999"


@pytest.mark.parametrize(
    ("field", "value"), [("heap", "lots"), ("bolt_port", 70000), ("neo4j_password", "short")]
)
def test_bad_settings_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        Settings(**{field: value})


def test_generated_config_has_ports_memory_and_apoc(tmp_path: Path) -> None:
    settings = _offline_settings(tmp_path, heap="768m", pagecache="300m")
    conf = LocalServer(settings).write_config().read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{settings.bolt_port}" in conf
    assert f"server.http.listen_address=127.0.0.1:{settings.http_port}" in conf
    assert "server.memory.heap.max_size=768m" in conf
    assert "server.memory.pagecache.size=300m" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "dbms.security.procedures.unrestricted=apoc.*" in conf


def test_docker_compose_api_reads_the_same_variables_as_settings() -> None:
    import yaml

    from graph.settings import PROJECT_ROOT

    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j_service, api = compose["services"]["neo4j"], compose["services"]["api"]
    assert neo4j_service["image"].startswith("neo4j:5.26")
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    aliases = {field.validation_alias for field in Settings.model_fields.values()}
    assert set(api["environment"]) <= aliases
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    # The password given to the Neo4j image is the one the API uses.
    password = api["environment"]["NEO4J_PASSWORD"]
    assert neo4j_service["environment"]["NEO4J_AUTH"] == f"neo4j/{password}"


def test_start_uses_the_class_archive_only_when_it_exists(tmp_path: Path) -> None:
    server = LocalServer(_offline_settings(tmp_path, neo4j_home=tmp_path / "home"))
    assert server._cds_flags(None) == []
    server.class_archive.parent.mkdir(parents=True)
    server.class_archive.write_bytes(b"x")
    assert f"-XX:SharedArchiveFile={server.class_archive}" in server._cds_flags(None)
    record = tmp_path / "new.jsa"
    assert server._cds_flags(record) == [f"-XX:ArchiveClassesAtExit={record}"]
