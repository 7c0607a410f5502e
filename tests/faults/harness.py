"""Processes for the fault tests: the production server (`samplan serve`) and a PostgreSQL
cluster of the test's own, each in a temporary folder that is removed afterwards.

Missing parts (PostgreSQL binaries) skip a test, except with CI=true, where they fail it.
"""

from __future__ import annotations

import atexit
import glob
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
KNR = "5033"  # Tydal, the municipality whose workspace the tests write to
EDITOR_EMAIL = "editor@tydal.test"
EDITOR_PASSWORD = "feiltest-passord-som-er-langt"  # noqa: S105
START_TIMEOUT = 180.0
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip the test, or fail it under CI=true where nothing may be skipped."""
    if is_ci():
        pytest.fail(f"{reason} (CI=true: the fault tests must run)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `check` until it is true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# The app's own commands -------------------------------------------------------------------


_static_root: Path | None = None


def static_root() -> Path:
    """The static files' folder of every server this test process starts, removed at its exit.

    `samplan serve` collects (hashes and compresses) the static files into an empty folder at
    start, about 1-2 s of CPU, and skips it when the folder holds these very files already (and
    one server at a time collects: `serve._one_at_a_time`). The fault tests' servers each have a
    data folder of their own, but the static files are the same: collected by the first server
    of the worker, not by each."""
    global _static_root  # noqa: PLW0603
    if _static_root is None:
        folder = Path(tempfile.mkdtemp(prefix="samplan-static-"))  # and serve's lock file
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _static_root = folder / "static"
    return _static_root


def app_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    """The environment of a production Samplan process on `data_dir` (and PostgreSQL if given),
    with the worker's shared static files folder (`static_root`)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAMPLAN_", "DATABASE_URL", "PYTEST", "DJANGO_"))
    }
    env.update(
        SAMPLAN_SECRET_KEY=secrets.token_urlsafe(64),
        SAMPLAN_HTTPS="false",
        SAMPLAN_ALLOWED_HOSTS="127.0.0.1",
        SAMPLAN_DATA_DIR=str(data_dir),
        SAMPLAN_STATIC_ROOT=str(static_root()),
        PYTHONDONTWRITEBYTECODE="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def samplan(env: dict[str, str], *args: str, timeout: float = 480) -> str:
    """Run a `samplan` command; its stdout, or an assertion error with its output."""
    result = subprocess.run(
        [sys.executable, "-m", "samplan.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"samplan {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def db_tool(env: dict[str, str], command: str) -> dict[str, Any]:
    """Run tests/faults/dbtool.py (`prepare` or `inspect`) in its own process; its JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.dbtool", command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=480,
    )
    assert result.returncode == 0, f"dbtool {command}: {result.stdout}{result.stderr}"
    return json.loads(result.stdout)


def prepare_database(env: dict[str, str]) -> dict[str, Any]:
    """Migrate from scratch, load the municipalities and add an editor in Tydal's workspace.

    Only the PostgreSQL restart test (a cluster of its own) still does this; the others start
    from a copy of the worker's test database (tests/faults/conftest.py, `server_env`)."""
    samplan(env, "migrate", "--verbosity", "0")
    samplan(env, "load-municipalities")
    return db_tool(env, "prepare")


def process_group(pgid: int) -> set[int]:
    """The live (not zombie) processes of a process group."""
    members = set()
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.add(int(Path(stat).parent.name))
    return members


class AppServer:
    """`samplan serve` (gunicorn master and workers) in its own process group."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.env = env
        self.log = log
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        # One client for the server's life (a new one per request builds an SSL context each
        # time: 25 ms of CPU); closed by `stop`.
        self.client = httpx.Client(base_url=self.url, timeout=10)

    def start(self, healthy: bool = True) -> None:
        """Start, and wait for /healthz to say ok (or, if not `healthy`, for the port)."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "samplan.cli", "serve"),
                    *("--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)),
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        ready = self._healthy if healthy else self._listening
        wait_until(ready, START_TIMEOUT, f"the server to answer\n{tail(self.log)}")
        # All workers are up once the master has forked them.
        wait_until(
            lambda: len(self.pids()) == self.workers + 1,
            START_TIMEOUT,
            f"{self.workers} gunicorn workers",
        )

    def _running(self) -> None:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"the server exited:\n{tail(self.log)}")

    def _healthy(self) -> bool:
        self._running()
        try:
            return self.client.get("/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def _listening(self) -> bool:
        self._running()
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
        except OSError:
            return False
        return True

    def pids(self) -> set[int]:
        """The master and its workers."""
        return process_group(self.process.pid) if self.process else set()

    def kill(self) -> None:
        """SIGKILL the whole process group, master and workers at once."""
        assert self.process is not None
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        wait_until(lambda: not self.pids(), 10, "the killed workers to disappear")

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), and kill whatever is left; close the client. Safe to call
        twice."""
        self.client.close()
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if self.process.poll() is None:
            self.process.wait(timeout=10)
        self.process = None


def login(url: str, timeout: float = 10) -> httpx.Client:
    """An httpx client logged in as the editor (the login form is CSRF protected)."""
    client = httpx.Client(base_url=url, timeout=timeout)
    page = client.get("/logg-inn/")
    assert page.status_code == 200, page.status_code
    response = client.post(
        "/logg-inn/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": EDITOR_EMAIL,
            "password": EDITOR_PASSWORD,
        },
    )
    assert response.status_code == 302, f"login failed: {response.status_code}"
    return client


def csrf_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token in the form"
    return match.group(1)


# PostgreSQL ---------------------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
    """The newest PostgreSQL server binaries: SAMPLAN_PG_BIN, Debian's folders, or PATH."""
    configured = os.environ.get("SAMPLAN_PG_BIN")
    if configured:
        directory = Path(configured)
        return directory if (directory / "initdb").is_file() else None
    candidates = sorted(
        (Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda path: int(re.sub(r"\D", "", path.parent.name) or 0),
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    # Debian puts only wrappers on PATH, if anything; the real binaries sit in the versioned
    # folders above.
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


class PostgresCluster:
    """A PostgreSQL instance of our own: initdb in a temporary folder, a free port, and its
    unix socket in that folder. Run as the `postgres` OS user when the tests run as root."""

    def __init__(self) -> None:
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            unavailable(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in "
                "/usr/lib/postgresql/*/bin or on PATH: apt-get install postgresql, "
                "or set SAMPLAN_PG_BIN"
            )
        self.bin_dir = bin_dir
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                unavailable("running as root, but there is no `postgres` OS user for initdb")
            runuser = shutil.which("runuser")
            if runuser is None:
                unavailable("running as root, but runuser is missing to run initdb as postgres")
            self.as_user = [runuser, "-u", "postgres", "--"]
        self.folder = Path(tempfile.mkdtemp(prefix="samplan-pg-"))
        if self.as_user:
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        result = subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, f"{args[0]}: {result.stdout}{result.stderr}"

    def init(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            *("--locale", "C", "--no-sync"),
        )
        settings = (
            f"\nport = {self.port}\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.folder}'\n"
            "fsync = off\n"
            "shared_buffers = 16MB\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)

    def start(self) -> None:
        self._pg_ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("stop", "-m", mode)

    def _pg_ctl(self, *args: str) -> None:
        self._run(
            str(self.bin_dir / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args),
            timeout=90,
        )

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"{self.url}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"

    def destroy(self) -> None:
        """Stop the server whatever state it is in, and remove the folder."""
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except (AssertionError, subprocess.TimeoutExpired):
                pid = int((self.data / "postmaster.pid").read_text().split()[0])
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        shutil.rmtree(self.folder, ignore_errors=True)
