"""PostgreSQL stopped and started again under load, on a cluster of the test's own.

While the database is down /healthz answers 503 with JSON that says so (no hang, no HTML error
page); once it is back the same server processes serve again, without a restart.

Its cluster is new and empty, so it prepares its database with `samplan migrate` from scratch
(`prepare_database`): this is the suite's test that the migrations run on an empty PostgreSQL
database. (The other fault tests start from a copy of the worker's test database, which is made
from the models; `samplan demo` and the wheel test migrate an empty SQLite database.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from .harness import KNR, AppServer, PostgresCluster, app_env, login, prepare_database, wait_until

pytestmark = pytest.mark.run_once("postgresql")

PAGE_CLIENTS = 3
PAGE = f"/kommune/{KNR}/planer/"  # the plan register: session, membership and plan queries
OUTAGE = 2.0  # seconds the database stays down


@dataclass
class Sample:
    kind: str  # "page" or "healthz"
    started: float
    ended: float
    status: int | None = None  # None: no HTTP answer (see error)
    content_type: str = ""
    body: dict | None = None
    error: str = ""


@dataclass
class Load:
    """Client threads that keep requesting the plan register and /healthz."""

    url: str
    samples: list[Sample] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        clients = [(login(self.url), "page", PAGE) for _ in range(PAGE_CLIENTS)]
        clients.append((httpx.Client(base_url=self.url, timeout=10), "healthz", "/healthz"))
        for client, kind, path in clients:
            thread = threading.Thread(target=self._run, args=(client, kind, path), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _run(self, client: httpx.Client, kind: str, path: str) -> None:
        try:
            while not self.stop.is_set():
                sample = Sample(kind, time.monotonic(), 0.0)
                try:
                    response = client.get(path)
                except httpx.TransportError as error:
                    sample.error = type(error).__name__
                else:
                    sample.status = response.status_code
                    sample.content_type = response.headers.get("content-type", "")
                    if kind == "healthz" and sample.content_type == "application/json":
                        sample.body = response.json()
                sample.ended = time.monotonic()
                with self.lock:
                    self.samples.append(sample)
                time.sleep(0.1 if kind == "healthz" else 0.05)
        finally:
            client.close()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in self.threads), "a client hangs"

    def select(self, kind: str, after: float, before: float = float("inf")) -> list[Sample]:
        """The samples of a kind that started at or after `after` and ended before `before`."""
        with self.lock:
            return [
                sample
                for sample in self.samples
                if sample.kind == kind and sample.started >= after and sample.ended <= before
            ]

    def first_ok(self, kind: str, after: float) -> float | None:
        ends = [sample.ended for sample in self.select(kind, after) if sample.status == 200]
        return min(ends) if ends else None


@pytest.fixture
def cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster of the test's own, stopped and removed afterwards."""
    cluster = PostgresCluster()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


def test_database_restart_gives_503_then_the_same_server_recovers(
    cluster: PostgresCluster, servers: list[AppServer], tmp_path: Path
) -> None:
    env = app_env(tmp_path / "data", cluster.create_database("samplan"))
    prepare_database(env)
    server = AppServer(env, tmp_path / "server.log")
    servers.append(server)
    server.start()
    pids = server.pids()
    load = Load(server.url)
    load.start()
    try:
        start = time.monotonic()
        wait_until(
            lambda: load.first_ok("page", start) and load.first_ok("healthz", start),
            30,
            "the page and /healthz under load",
        )
        stopping = time.monotonic()
        cluster.stop("fast")
        down = time.monotonic()
        time.sleep(OUTAGE)
        wait_until(lambda: len(load.select("healthz", down)) >= 3, 30, "/healthz answers")
        starting = time.monotonic()
        cluster.start()
        up = time.monotonic()
        wait_until(
            lambda: load.first_ok("page", up) and load.first_ok("healthz", up),
            60,
            f"the app to serve again\n{server.log.read_text()[-3000:]}",
        )
        recovered = max(load.first_ok("page", up), load.first_ok("healthz", up))
        time.sleep(1)  # keep the load on: every later answer must be 200
    finally:
        load.finish()

    assert [s.error for s in load.samples if s.error] == [], "requests that got no answer"
    before = load.select("page", 0, stopping) + load.select("healthz", 0, stopping)
    assert {sample.status for sample in before} == {200}

    outage = load.select("healthz", down, starting)
    assert outage, "no /healthz answer while the database was down"
    for sample in outage:
        assert sample.status == 503, sample
        assert sample.content_type == "application/json", sample
        assert sample.body is not None and sample.body["status"] == "error", sample
        assert sample.body["database"] == "unreachable", sample
    pages_down = load.select("page", down, starting)

    after = load.select("page", recovered) + load.select("healthz", recovered)
    assert after and {sample.status for sample in after} == {200}, [
        sample for sample in after if sample.status != 200
    ]
    assert server.pids() == pids, "the app server was restarted"
    health = server.client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    statuses = sorted({sample.status for sample in pages_down})
    print(
        f"\nPostgreSQL restart: down {starting - down:.1f} s; /healthz gave {len(outage)} x 503 "
        f"while down; the page gave {len(pages_down)} answers {statuses} while down; "
        f"the app served again {recovered - up:.2f} s after PostgreSQL was up, with the "
        f"same {len(pids)} processes; {len(load.samples)} requests in all"
    )
