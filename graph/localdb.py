"""The project's own Neo4j Community server, assembled from Maven Central and run with plain java.

Layout (paths from graph.settings.Settings):
    <neo4j_home>/lib/*.jar        server + Neo4j Browser   (db/pom.xml, shared by all instances)
    <neo4j_home>/plugins/*.jar    APOC
    <data_dir>/conf/neo4j.conf    generated on every start from Settings
    <data_dir>/data/              the store (databases, transactions, dbms/auth.ini)
    <data_dir>/logs/console.log   the JVM's stdout/stderr (neo4j.log content) + debug.log
    <data_dir>/run/neo4j.pid      pid of the running server

We run org.neo4j.server.CommunityEntryPoint directly in console mode (not the launcher, which
forks a second JVM: killing only the launcher can leave the store locked). SIGTERM makes the
entry point shut down cleanly and release the store lock.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from graph.db import create_driver, verify_connectivity
from graph.errors import (
    JavaMissing,
    LocalServerError,
    MavenMissing,
    Neo4jAuthError,
    Neo4jUnavailable,
    PortInUse,
    StartTimeout,
    StoreLocked,
)
from graph.settings import PROJECT_ROOT, Settings

__all__ = ["POM", "LocalServer", "ServerStatus", "StartResult", "pom_versions"]

POM = PROJECT_ROOT / "db" / "pom.xml"
MIN_JAVA = 17
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

# What bin/neo4j adds to the java command line (neo4j.conf's server.jvm.additional defaults).
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]

# Failure signatures in the server log -> the error to raise (checked in order).
_LOG_DIAGNOSES: list[tuple[re.Pattern[str], type[LocalServerError], str]] = [
    (
        re.compile(r"Address already in use|BindException|Port .* already in use", re.IGNORECASE),
        PortInUse,
        "another process uses the Bolt or HTTP port: stop it, or set KG_NEO4J_BOLT_PORT / KG_NEO4J_HTTP_PORT",
    ),
    (
        re.compile(r"FileLockException|Lock file has been locked|store_lock|database_lock", re.IGNORECASE),
        StoreLocked,
        (
            "another process holds the store lock: stop the other Neo4j using this data folder, "
            "or set KG_NEO4J_DATA_DIR to another folder"
        ),
    ),
]


@dataclass(frozen=True)
class StartResult:
    pid: int
    already_running: bool
    seconds: float
    bolt_uri: str
    http_url: str


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_answers: bool
    auth_error: str | None
    bolt_uri: str
    http_url: str
    data_dir: Path
    assembled: bool


def pom_versions(pom: Path = POM) -> dict[str, str]:
    """Versions pinned in db/pom.xml: {'neo4j': '5.26.x', 'browser': '5.24.0'}."""
    text = pom.read_text(encoding="utf-8")
    found = dict(re.findall(r"<(neo4j\.version|neo4j\.browser\.version)>([^<]+)<", text))
    return {"neo4j": found["neo4j.version"], "browser": found["neo4j.browser.version"]}


def _port_taken(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own exited child not yet reaped) is not a running server.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return True


def _is_neo4j_process(pid: int) -> bool:
    """Guards against pid reuse: the pid must still be a java running our entry point."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return _pid_alive(pid)  # no /proc (macOS): trust the pid file
    return ENTRY_POINT in cmdline


class LocalServer:
    """One local Neo4j instance described by Settings (home, data_dir, ports, memory)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.neo4j_home.resolve()
        self.data_dir = settings.data_dir.resolve()
        self.conf_dir = self.data_dir / "conf"
        self.store_dir = self.data_dir / "data"
        self.logs_dir = self.data_dir / "logs"
        self.run_dir = self.data_dir / "run"
        self.pid_file = self.run_dir / "neo4j.pid"
        self.console_log = self.logs_dir / "console.log"
        self._child: subprocess.Popen[bytes] | None = None

    # --- addresses -----------------------------------------------------------------------
    @property
    def bolt_uri(self) -> str:
        return f"bolt://{self.settings.listen_host}:{self.settings.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://{self.settings.listen_host}:{self.settings.http_port}"

    # --- prerequisites -------------------------------------------------------------------
    def check_java(self) -> int:
        """The major version of Settings.java; JavaMissing if absent or older than 17."""
        java = shutil.which(self.settings.java)
        hint = "install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless) or set KG_JAVA"
        if java is None:
            raise JavaMissing(f"java not found ({self.settings.java!r} is not on PATH)", hint)
        out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
        match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
        if not match:
            raise JavaMissing(f"cannot read the version of {java}: {out.stderr.strip()[:200]}", hint)
        major = int(match.group(1))
        if major == 1:  # "1.8.0" style
            major = int(match.group(2) or 0)
        if major < MIN_JAVA:
            raise JavaMissing(f"{java} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA} or later", hint)
        return major

    def check_maven(self) -> str:
        mvn = shutil.which(self.settings.mvn)
        if mvn is None:
            raise MavenMissing(
                f"Maven not found ({self.settings.mvn!r} is not on PATH); it assembles the Neo4j server",
                "install Maven (Debian: apt-get install maven) or set KG_MVN",
            )
        return mvn

    # --- assembly ------------------------------------------------------------------------
    def is_assembled(self) -> bool:
        """True when home holds exactly the server version pinned in db/pom.xml (+ APOC, Browser)."""
        v = pom_versions()
        needed = [
            self.home / "lib" / f"neo4j-{v['neo4j']}.jar",
            self.home / "lib" / f"neo4j-browser-{v['browser']}.jar",
            self.home / "plugins" / f"apoc-core-{v['neo4j']}.jar",
        ]
        return all(p.is_file() for p in needed)

    def assemble(self, *, quiet: bool = True) -> bool:
        """Download (into ~/.m2) and copy the jars into home; returns False if already there.

        Builds into a temporary sibling folder and swaps it in, so an interrupted download
        never leaves a half-filled lib/ and an old version's jars never mix with a new one's.
        """
        if self.is_assembled():
            return False
        mvn = self.check_maven()
        self.check_java()
        self.home.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="home-", dir=self.home.parent))
        cmd = [mvn, "-B", "--no-transfer-progress", "-f", str(POM), f"-Dneo4j.home={staging}", "package"]
        if quiet:
            cmd.insert(1, "-q")
        try:
            proc = subprocess.run(cmd, capture_output=quiet, text=True, check=False)
            if proc.returncode != 0:
                tail = "\n".join(((proc.stdout or "") + (proc.stderr or "")).splitlines()[-30:])
                raise LocalServerError(
                    f"assembling Neo4j with Maven failed (exit {proc.returncode}):\n{tail}",
                    "check network access to Maven Central (or a mirror in ~/.m2/settings.xml) and retry "
                    "`make neo4j`",
                )
            if self.pid_file.exists() and self.is_running():
                raise LocalServerError(
                    "cannot replace the server jars while it runs", "run `kg db stop` first"
                )
            old = self.home.with_name(self.home.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.home.exists():
                self.home.rename(old)
            staging.rename(self.home)
            self.home.chmod(0o755)  # mkdtemp made it private
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self.build_class_archive()
        return True

    # --- configuration -------------------------------------------------------------------
    def write_config(self) -> Path:
        s = self.settings
        host = s.listen_host
        lines = {
            "server.directories.data": self.store_dir,
            "server.directories.logs": self.logs_dir,
            "server.directories.run": self.run_dir,
            "server.directories.plugins": self.home / "plugins",
            "server.directories.lib": self.home / "lib",
            "server.directories.import": self.data_dir / "import",
            "server.default_listen_address": host,
            "server.default_advertised_address": host,
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"{host}:{s.bolt_port}",
            "server.bolt.advertised_address": f"{host}:{s.bolt_port}",
            "server.http.enabled": "true",
            "server.http.listen_address": f"{host}:{s.http_port}",
            "server.http.advertised_address": f"{host}:{s.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.heap.initial_size": s.heap,
            "server.memory.heap.max_size": s.heap,
            "server.memory.pagecache.size": s.pagecache,
            "dbms.usage_report.enabled": "false",
            # Nothing may download at run time: the Browser may only load remote guides from here.
            "browser.remote_content_hostname_whitelist": host,
            "dbms.security.procedures.unrestricted": "apoc.*",
            "db.logs.query.enabled": "OFF",
            # Bolt waits 2 x 5 s for idle connections/threads on shutdown by default; a local dev
            # server has nothing to drain, and `kg db stop` / test restarts should be quick.
            "internal.server.bolt.connection_shutdown_wait_time": "1s",
            "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
        }
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        path = self.conf_dir / "neo4j.conf"
        body = "\n".join(f"{k}={v}" for k, v in lines.items())
        path.write_text(
            f"# Generated by graph/localdb.py from Settings on every start; edits are lost.\n{body}\n"
        )
        return path

    def _classpath(self) -> str:
        # plugins/ must be on the classpath too: APOC registers its extension (ApocConfig) through
        # ServiceLoader, which only sees the JVM classpath (bin/neo4j does the same).
        return f"{self.home / 'plugins'}/*{os.pathsep}{self.home / 'lib'}/*"

    def _java_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _set_initial_password(self) -> None:
        """First start only: the store takes NEO4J_PASSWORD as the neo4j user's password."""
        if (self.store_dir / "dbms" / "auth.ini").exists() or (
            self.store_dir / "databases" / "system"
        ).exists():
            return
        cmd = [
            self.settings.java,
            "-cp",
            self._classpath(),
            ADMIN_TOOL,
            "dbms",
            "set-initial-password",
            self.settings.neo4j_password,
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self._java_env(), check=False)
        if proc.returncode != 0:
            raise LocalServerError(
                f"setting the initial password failed: {(proc.stdout + proc.stderr).strip()[-500:]}",
                "check NEO4J_PASSWORD (at least 8 characters)",
            )

    # --- process state -------------------------------------------------------------------
    def read_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def is_running(self) -> bool:
        pid = self.read_pid()
        return pid is not None and _pid_alive(pid) and _is_neo4j_process(pid)

    def _clear_stale_pid(self) -> None:
        if self.pid_file.exists() and not self.is_running():
            self.pid_file.unlink(missing_ok=True)

    def bolt_answers(self, timeout: float = 3.0) -> bool:
        """True when Bolt accepts our credentials (not merely an open port).

        Raises Neo4jAuthError when the server answers but refuses NEO4J_PASSWORD: waiting longer
        would not help.
        """
        probe = self.settings.model_copy(
            update={"neo4j_uri": self.bolt_uri, "neo4j_connect_timeout": timeout}
        )
        driver = create_driver(probe)
        try:
            verify_connectivity(driver)
            return True
        except Neo4jAuthError as exc:
            raise Neo4jAuthError(
                f"the local server at {self.bolt_uri} rejects NEO4J_USER/NEO4J_PASSWORD",
                "set NEO4J_PASSWORD to the password the data folder was first started with; or, for a "
                f"fresh graph, `kg db stop` and delete {self.store_dir}",
            ) from exc
        except Neo4jUnavailable:
            return False
        finally:
            driver.close()

    def _check_store_lock(self) -> None:
        lock = self.store_dir / "databases" / "store_lock"
        if not lock.exists():
            return
        with open(lock, "r+b") as fh:
            try:
                # Neo4j (Java FileChannel.tryLock) takes a POSIX record lock; so does lockf.
                fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                raise StoreLocked(
                    f"the store in {self.store_dir} is locked by another process",
                    "stop the other Neo4j that uses this data folder (`kg db stop`, or its own stop command), "
                    "or set KG_NEO4J_DATA_DIR to another folder",
                ) from exc
            fcntl.lockf(fh, fcntl.LOCK_UN)

    def _check_ports(self) -> None:
        s = self.settings
        for name, port, var in (
            ("Bolt", s.bolt_port, "KG_NEO4J_BOLT_PORT"),
            ("HTTP", s.http_port, "KG_NEO4J_HTTP_PORT"),
        ):
            if _port_taken(s.listen_host, port):
                raise PortInUse(
                    f"{name} port {s.listen_host}:{port} is already in use by another process",
                    f"stop that process (see `ss -ltnp | grep {port}`), or choose another port with {var}",
                )

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.console_log, encoding="utf-8", errors="replace") as fh:
                return "".join(deque(fh, maxlen=lines))
        except FileNotFoundError:
            return f"(no log yet at {self.console_log})"

    def _log_since(self, offset: int, marker: str) -> bool:
        try:
            with open(self.console_log, "rb") as fh:
                fh.seek(offset)
                return marker.encode() in fh.read()
        except FileNotFoundError:
            return False

    def _diagnose(self, message: str) -> LocalServerError:
        log = self.log_tail(200)
        for pattern, error, hint in _LOG_DIAGNOSES:
            if pattern.search(log):
                return error(f"{message}\n--- {self.console_log} (tail) ---\n{self.log_tail(25)}", hint)
        return LocalServerError(
            f"{message}\n--- {self.console_log} (tail) ---\n{self.log_tail(40)}",
            f"read the full log with `kg db logs` ({self.console_log})",
        )

    # --- lifecycle -----------------------------------------------------------------------
    @property
    def class_archive(self) -> Path:
        """AppCDS archive of the server's classes: halves the JVM start-up (about 11 s -> 5 s)."""
        return self.home / "neo4j-classes.jsa"

    def _cds_flags(self, record_to: Path | None) -> list[str]:
        if record_to is not None:
            return [f"-XX:ArchiveClassesAtExit={record_to}"]
        if self.class_archive.is_file():
            # An archive from another JDK build is ignored by the JVM (-Xshare:auto), not fatal.
            return [f"-XX:SharedArchiveFile={self.class_archive}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
        return []

    def build_class_archive(self) -> bool:
        """Record the classes a start-up loads into home's AppCDS archive (once, after assembly).

        Runs a throw-away server (temporary data folder, free ports) and dumps the archive when
        it stops. Best effort: on failure the server simply starts without the archive.
        """
        if self.class_archive.is_file():
            return False
        scratch = Path(tempfile.mkdtemp(prefix="kg-neo4j-cds-"))
        partial = self.home / f"neo4j-classes.{os.getpid()}.jsa.part"
        trainer = LocalServer(
            self.settings.model_copy(
                update={
                    "data_dir": scratch,
                    "bolt_port": _free_port(),
                    "http_port": _free_port(),
                    "heap": "512m",
                    "pagecache": "128m",
                    "neo4j_password": "cds-training",
                }
            )
        )
        try:
            trainer.start(_record_classes_to=partial)
            trainer.stop()
            if partial.is_file() and partial.stat().st_size > 0:
                partial.replace(self.class_archive)
                return True
            return False
        except LocalServerError:
            return False
        finally:
            trainer.stop()
            partial.unlink(missing_ok=True)
            shutil.rmtree(scratch, ignore_errors=True)

    def start(self, timeout: float | None = None, *, _record_classes_to: Path | None = None) -> StartResult:
        """Start the server and return once Bolt answers; says so if it already runs."""
        timeout = timeout if timeout is not None else self.settings.start_timeout
        if self.is_running():
            pid = self.read_pid()
            assert pid is not None
            return StartResult(pid, True, 0.0, self.bolt_uri, self.http_url)
        self._clear_stale_pid()
        self.check_java()
        if not self.is_assembled():
            self.assemble()
        self._check_ports()
        self._check_store_lock()
        for d in (self.store_dir, self.logs_dir, self.run_dir, self.data_dir / "import"):
            d.mkdir(parents=True, exist_ok=True)
        self.write_config()
        self._set_initial_password()

        heap = self.settings.heap
        cmd = [
            self.settings.java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            *self._cds_flags(_record_classes_to),
            "-cp",
            self._classpath(),
            ENTRY_POINT,
            "--home-dir",
            str(self.home),
            "--config-dir",
            str(self.conf_dir),
            "--console-mode",
        ]
        began = time.monotonic()
        log_offset = self.console_log.stat().st_size if self.console_log.exists() else 0
        with open(self.console_log, "ab") as log:
            log.write(f"\n===== kg db start {time.strftime('%Y-%m-%d %H:%M:%S')} =====\n".encode())
            log.flush()
            # Own session: Ctrl-C in the terminal reaches the API, not the database; `make run`'s
            # trap stops the database with `kg db stop` (SIGTERM, clean shutdown).
            self._child = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._java_env(),
                cwd=self.data_dir,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{self._child.pid}\n")

        deadline = began + timeout
        while time.monotonic() < deadline:
            if self._child.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise self._diagnose(f"Neo4j exited during start-up (exit code {self._child.returncode})")
            # "Started." in OUR log first: another server on the same port (a parallel test run)
            # could otherwise answer the Bolt probe in our place.
            if self._log_since(log_offset, "Started.") and self.bolt_answers():
                return StartResult(
                    self._child.pid, False, time.monotonic() - began, self.bolt_uri, self.http_url
                )
            time.sleep(0.5)
        # Do not leave a half-started server holding the store lock.
        self.stop()
        err = self._diagnose(f"Bolt did not answer within {timeout:.0f} s")
        raise StartTimeout(err.message, "raise KG_NEO4J_START_TIMEOUT, or read `kg db logs`") from None

    def stop(self, timeout: float = 60.0) -> bool:
        """SIGTERM and wait for a clean shutdown (store lock released). False if it was not running."""
        pid = self.read_pid()
        if pid is None or not _pid_alive(pid) or not _is_neo4j_process(pid):
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._child is not None and self._child.pid == pid:
                self._child.poll()  # reap our own child so it does not linger as a zombie
            if not _pid_alive(pid):
                break
            time.sleep(0.2)
        else:
            # A JVM that ignores SIGTERM for a minute is stuck; the next start recovers the store.
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
        if self._child is not None and self._child.pid == pid:
            self._child.wait(timeout=10)  # reap it (it may have exited between two polls)
            self._child = None
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> ServerStatus:
        running = self.is_running()
        answers, auth_error = False, None
        if running:
            try:
                answers = self.bolt_answers()
            except Neo4jAuthError as exc:
                auth_error = str(exc)
        return ServerStatus(
            running=running,
            pid=self.read_pid() if running else None,
            bolt_answers=answers,
            auth_error=auth_error,
            bolt_uri=self.bolt_uri,
            http_url=self.http_url,
            data_dir=self.data_dir,
            assembled=self.is_assembled(),
        )
