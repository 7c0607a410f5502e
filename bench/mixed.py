"""`make bench`, mixed run: a host that has been running, as its users see it.

16 connections (each a process of its own with a plain-socket HTTP/1.1 client, bench/loadgen.py;
`--generator httpx` runs the earlier generator, 16 threads with httpx in one process), each request
a random main page of a random municipality, weighted as real traffic (the register, dashboard and
plantakt most); 5 % of the requests are writes through the real forms (GET the form, POST it with
its CSRF token, as the planner of that municipality, logged in): plan edits, clean-up decisions and
new calendar items. Before it, one warm-up pass over every page of every municipality. Reports
p50/p95/p99, throughput as a share of the framework floor (Django's hello view, measured with the
same load generator right before), errors and lost writes: every write the server acknowledged
(302) is looked up in the database afterwards (plan edits and clean-up decisions in their audit
history, since later writes overwrite the row; calendar items by title). Then a second server on
another port: a change through one is seen at once through the other. The generator's own CPU per
request is reported with the rest (the earlier one's was 2 ms, a fifth of the 2-core machine).

The servers share a Redis as their page cache (`--cache redis`, the default: a host with several
app server processes, as a national host runs; the bench starts a `redis-server` of its own on a
free port, or uses `SAMPLAN_REDIS_URL`), or each worker keeps its own cache in its memory
(`--cache process`, Samplan's zero-setup default). In the mix each worker sees a fourth of the
requests, and a write cools its municipality's pages in every worker, so with per-process caches
most requests find their page cold there.

    .venv/bin/python bench/mixed.py --municipalities 357 --seconds 60   # the full run
    .venv/bin/python bench/mixed.py --quick                             # 20 municipalities, 15 s

Uses the database `samplan_bench` of bench/run.py (made afresh unless --reuse).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen  # noqa: E402  (bench/loadgen.py: the mix's HTTP client)
import run  # noqa: E402  (bench/run.py: database, server and environment)

# Main pages and their share of the traffic (%).
PAGES = {
    "plan register": ("/kommune/{knr}/planer/", 24),
    "dashboard": ("/kommune/{knr}/oversikt/", 20),
    "plantakt": ("/kommune/{knr}/plantakt/", 18),
    "strategy": ("/kommune/{knr}/planstrategi/2023/", 8),
    "plan health": ("/kommune/{knr}/planer/planhelse/", 8),
    "clean-up": ("/kommune/{knr}/rydding/", 7),
    "plan": ("/kommune/{knr}/planer/{plan}/", 7),
    "statistics": ("/kommune/{knr}/statistikk/", 5),
    "public municipality page": ("/kommune/{knr}/", 3),
}
CACHE_TEXT = {
    "redis": "in a Redis the servers share",
    "process": "in each worker's memory",
}
# The load generator's HTTP client: httpx's, or bench/loadgen.py's plain-socket one.
Client = httpx.Client | loadgen.RawClient
WRITES = ("plan edit", "clean-up decision", "calendar item")
FORM_FIELD = re.compile(
    r"<(input|textarea|select)\b([^>]*)>(.*?)(?:</\1>|(?=<(?:input|textarea|select)\b)|$)",
    re.S,
)
ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def form_data(html: str, marker_field: str) -> dict[str, object]:
    """The fields (with their current values) of the page's form that has `marker_field`."""
    for form in re.findall(r"<form\b.*?</form>", html, re.S):
        if f'name="{marker_field}"' not in form:
            continue
        data: dict[str, object] = {}
        for tag, attributes, inner in FORM_FIELD.findall(form):
            attrs = {key: value for key, value in ATTRIBUTE.findall(attributes)}
            name = attrs.get("name")
            if not name or attrs.get("type") in ("submit", "button", "file"):
                continue
            if tag == "input":
                if attrs.get("type") in ("checkbox", "radio"):
                    if "checked" in attributes:
                        data.setdefault(name, [])
                        data[name].append(attrs.get("value", "on"))  # type: ignore[union-attr]
                    continue
                data[name] = attrs.get("value", "")
            elif tag == "textarea":
                data[name] = inner.split("</textarea>")[0]
            else:
                chosen = re.search(r'<option value="([^"]*)"[^>]*\bselected', inner)
                data[name] = chosen.group(1) if chosen else ""
        return data
    raise ValueError(f"no form with the field {marker_field!r}")


def inside(command: str, argument: str = "", stdin: str = "") -> object:
    """Run `command` of this file in a Django process on the bench database; its JSON."""
    result = subprocess.run(
        [str(run.BIN / "python"), __file__, "--inside", command, argument],
        env=run.environment(),
        cwd=run.ROOT,
        input=stdin,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"{command} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _users(count: int) -> list[dict]:
    """Per municipality with a planner: a logged-in session and a few of its plans."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from samplan.municipalities.models import Municipality
    from samplan.plans.models import Plan

    users = []
    for municipality in Municipality.objects.order_by("number"):
        planner = (
            get_user_model()
            .objects.filter(email=f"planlegger-{municipality.number}@syntetisk.example")
            .first()
        )
        plans = list(
            Plan.objects.filter(municipality=municipality)
            .order_by("pk")
            .values_list("pk", flat=True)[:5]
        )
        if planner is None or not plans:
            continue
        client = Client()
        client.force_login(planner)
        session = client.cookies["sessionid"].value
        users.append({"knr": municipality.number, "session": session, "plans": plans})
        if len(users) == count:
            break
    return users


def _lost(writes: list[tuple[str, str]]) -> list[str]:
    """The markers of acknowledged writes that are not in the database."""
    from samplan.plans.models import CleanupDecision, Plan
    from samplan.plantakt.models import OwnItem

    lookups = {
        "plan edit": lambda marker: Plan.history.filter(responsible_person=marker),
        "clean-up decision": lambda marker: CleanupDecision.history.filter(rationale=marker),
        "calendar item": lambda marker: OwnItem.objects.filter(title=marker),
    }
    return [marker for kind, marker in writes if not lookups[kind](marker).exists()]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    # Each request's latency by what it was: a page's name, or a write kind's form or post.
    by_label: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[tuple[str, str]] = field(default_factory=list)  # (kind, marker)
    # Writes refused because another connection saved the same row since the form was fetched
    # (the page says so; nothing was written): correct behaviour, counted apart from errors.
    refused_stale: list[str] = field(default_factory=list)
    # The CPU time the generator's connection processes spent in their loops (no start-up).
    loop_cpu: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


# What the page of a save refused as stale shows (templates/includes/conflict.html).
STALE_MARKER = 'data-testid="conflict"'


def is_refused_stale(response: httpx.Response) -> bool:
    """A form post refused because someone else saved the row first (the page says so)."""
    return response.status_code == 400 and STALE_MARKER in response.text


def _timed(
    client: Client, tally: Tally, label: str, method: str, url: str, **kwargs: object
) -> httpx.Response:
    started = time.perf_counter()
    response = client.request(method, url, **kwargs)
    elapsed = time.perf_counter() - started
    with tally.lock:
        tally.latencies.append(elapsed)
        tally.by_label.setdefault(label, []).append(elapsed)
        if response.status_code >= 400 and not is_refused_stale(response):
            tally.errors.append(f"{method} {url}: {response.status_code}")
    return response


def _cookies(user: dict) -> dict[str, str]:
    """The planner's session (and a CSRF cookie) as a header: each request is another user's."""
    csrf = user.setdefault("csrf", uuid.uuid4().hex)
    return {"Cookie": f"sessionid={user['session']}; csrftoken={csrf}"}


def page_url(user: dict, name: str, rng: random.Random) -> str:
    return PAGES[name][0].format(knr=user["knr"], plan=rng.choice(user["plans"]))


def write(client: Client, tally: Tally, user: dict, rng: random.Random) -> None:
    """One write through its form: GET the form, POST it changed; the marker is unique."""
    kind = rng.choice(WRITES)
    marker = f"bench-{uuid.uuid4().hex[:12]}"
    plan = rng.choice(user["plans"])
    if kind == "plan edit":
        url, field_name = f"/kommune/{user['knr']}/planer/{plan}/endre/", "title"
        change = {"responsible_person": marker}
    elif kind == "clean-up decision":
        # The next period's: the seeded 2023 strategies are adopted, so their clean-up is frozen.
        url, field_name = f"/kommune/{user['knr']}/rydding/{plan}/?periode=2027", "rationale"
        change = {"rationale": marker}
    else:
        url, field_name = f"/kommune/{user['knr']}/plantakt/ny/", "title"
        change = {"title": marker, "date": "2027-03-15"}
    page = _timed(client, tally, f"{kind}: form", "GET", url, headers=_cookies(user))
    if page.status_code != 200:
        return
    try:
        data = form_data(page.text, field_name)
    except ValueError as error:
        with tally.lock:
            tally.errors.append(f"{url}: {error}")
        return
    data.update(change)
    if data.get("decision") == "slå_sammen" and not data.get("merge_into"):
        # A suggested merge needs the planner to choose the plan to merge into (the form refuses
        # it without one, as it should): the bench's planner decides to keep the plan instead.
        data["decision"] = "videreføre"
    response = _timed(
        client, tally, f"{kind}: post", "POST", url, data=data, headers=_cookies(user)
    )
    if response.status_code == 302:
        with tally.lock:
            tally.acknowledged.append((kind, marker))
    elif is_refused_stale(response):
        with tally.lock:
            tally.refused_stale.append(f"POST {url}")
    elif response.status_code < 400:  # 4xx and 5xx are counted by _timed
        with tally.lock:
            tally.errors.append(f"POST {url} not acknowledged: {response.status_code}")


GENERATORS = {
    "processes": "a process per connection, each with a plain-socket HTTP/1.1 client",
    "httpx": "Python threads with httpx in one process",
}
# What a connection of the load generator can fail with (and the mix counts as an error).
TRANSPORT_ERRORS = (httpx.HTTPError, OSError, loadgen.ProtocolError)


def _client(generator: str, base: str, timeout: float) -> Client:
    if generator == "httpx":
        return httpx.Client(base_url=base, timeout=timeout, follow_redirects=False)
    return loadgen.RawClient(base, timeout=timeout)


def _in_processes(count: int, target: Callable[..., object], *args: object) -> list:
    """`target(index, *args)` in `count` processes of their own (forked, so the users and
    pages are there without pickling); their results in the order they finished."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child(index: int) -> None:
        try:
            results.put((True, target(index, *args)))
        except BaseException:
            results.put((False, traceback.format_exc()))

    processes = [context.Process(target=child, args=(index,)) for index in range(count)]
    for process in processes:
        process.start()
    collected = [results.get() for _ in processes]  # before join: a full pipe would block
    for process in processes:
        process.join()
    if failed := [value for ok, value in collected if not ok]:
        raise SystemExit(f"a connection's process failed:\n{failed[0]}")
    return [value for _, value in collected]


def _mix_loop(
    client: Client,
    tally: Tally,
    users: list[dict],
    writes: float,
    deadline: float,
    seed: int,
) -> None:
    """One connection's requests until `deadline`: a page, or now and then a write."""
    rng = random.Random(seed)
    names = list(PAGES)
    weights = [PAGES[name][1] for name in names]
    while time.monotonic() < deadline:
        user = rng.choice(users)
        try:
            if rng.random() < writes:
                write(client, tally, user, rng)
            else:
                name = rng.choices(names, weights)[0]
                _timed(
                    client, tally, name, "GET", page_url(user, name, rng), headers=_cookies(user)
                )
        except TRANSPORT_ERRORS as error:
            with tally.lock:
                tally.errors.append(f"{type(error).__name__}: {error}")


def _mix_process(
    index: int, base: str, users: list[dict], writes: float, start: float, deadline: float
) -> tuple:
    """A connection of its own in a process of its own, from `start` to `deadline`."""
    time.sleep(max(0.0, start - time.monotonic()))
    tally = Tally()
    cpu = time.process_time()
    with loadgen.RawClient(base, timeout=30) as client:
        _mix_loop(client, tally, users, writes, deadline, seed=index)
    tally.loop_cpu = time.process_time() - cpu
    return (
        tally.latencies,
        tally.by_label,
        tally.errors,
        tally.acknowledged,
        tally.refused_stale,
        tally.loop_cpu,
    )


def drive(
    base: str,
    users: list[dict],
    seconds: float,
    connections: int,
    writes: float,
    generator: str = "processes",
) -> Tally:
    """The mixed load for `seconds` on `connections` connections."""
    if generator == "processes":
        # Every process starts at the same moment, after all of them are forked.
        start = time.monotonic() + 0.2 + 0.02 * connections
        parts = _in_processes(
            connections, _mix_process, base, users, writes, start, start + seconds
        )
        tally = Tally()
        for latencies, by_label, errors, acknowledged, refused_stale, loop_cpu in parts:
            tally.loop_cpu += loop_cpu
            tally.latencies += latencies
            for label, values in by_label.items():
                tally.by_label.setdefault(label, []).extend(values)
            tally.errors += errors
            tally.acknowledged += acknowledged
            tally.refused_stale += refused_stale
        return tally
    tally = Tally()
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        with _client(generator, base, 30) as client:
            _mix_loop(client, tally, users, writes, deadline, seed)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _floor_process(index: int, base: str, start: float, deadline: float) -> int:
    time.sleep(max(0.0, start - time.monotonic()))
    count = 0
    with loadgen.RawClient(base, timeout=30) as client:
        while time.monotonic() < deadline:
            client.get("/bench/hello")
            count += 1
    return count


def floor(base: str, seconds: float, connections: int, generator: str = "processes") -> float:
    """Requests per second of the hello view with the same load generator."""
    if generator == "processes":
        start = time.monotonic() + 0.2 + 0.02 * connections
        counts = _in_processes(connections, _floor_process, base, start, start + seconds)
        return sum(counts) / (time.monotonic() - start)
    count = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        with _client(generator, base, 30) as client:
            while time.monotonic() < deadline:
                client.get("/bench/hello")
                with lock:
                    count[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count[0] / (time.monotonic() - started)


def _warm_up_process(index: int, base: str, jobs: list[tuple[dict, str]], step: int) -> list:
    rng = random.Random(0)
    failures = []
    with loadgen.RawClient(base, timeout=60) as client:
        for user, name in jobs[index::step]:
            response = client.get(page_url(user, name, rng), headers=_cookies(user))
            if response.status_code != 200:
                failures.append(f"{name} {user['knr']}: {response.status_code}")
    return failures


def warm_up(base: str, users: list[dict], connections: int, generator: str = "processes") -> int:
    """One pass over every page of every municipality (a host that has been running)."""
    jobs = [(user, name) for user in users for name in PAGES]
    if generator == "processes":
        parts = _in_processes(connections, _warm_up_process, base, jobs, connections)
        failures = [failure for part in parts for failure in part]
    else:
        failures = _warm_up_threads(base, jobs, connections)
    if failures:
        raise SystemExit(f"the warm-up pass failed: {failures[:5]}")
    return len(users) * len(PAGES)


def _warm_up_threads(base: str, jobs: list[tuple[dict, str]], connections: int) -> list[str]:
    lock = threading.Lock()
    failures = []

    def worker() -> None:
        rng = random.Random(0)
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                with lock:
                    if not jobs:
                        return
                    user, name = jobs.pop()
                response = client.get(page_url(user, name, rng), headers=_cookies(user))
                if response.status_code != 200:
                    failures.append(f"{name} {user['knr']}: {response.status_code}")

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def two_servers(first: str, workers: int, user: dict) -> bool:
    """A plan edit through the first server is seen at once through a second one."""
    port = run.free_port()
    second = run.start_server(port, workers)
    try:
        tally = Tally()
        marker = f"bench-two-{uuid.uuid4().hex[:8]}"
        plan = user["plans"][0]
        with httpx.Client(timeout=120) as client:
            deadline = time.monotonic() + 120
            while client.get(f"http://127.0.0.1:{port}/healthz").status_code != 200:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.5)
            # Make the second server render the plan before the change (and cache what it caches).
            client.get(
                f"http://127.0.0.1:{port}/kommune/{user['knr']}/planer/{plan}/",
                headers=_cookies(user),
            )
            url = f"{first}/kommune/{user['knr']}/planer/{plan}/endre/"
            data = form_data(client.get(url, headers=_cookies(user)).text, "title")
            data["responsible_person"] = marker
            if (
                _timed(
                    client, tally, "two servers", "POST", url, data=data, headers=_cookies(user)
                ).status_code
                != 302
            ):
                return False
            seen = client.get(
                f"http://127.0.0.1:{port}/kommune/{user['knr']}/planer/{plan}/",
                headers=_cookies(user),
            )
            return marker in seen.text
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def per_label(tally: Tally) -> dict[str, dict[str, float]]:
    """Requests, p50 and p95 (ms) of each page and each write kind's form and post."""
    return {
        label: {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        }
        for label, values in sorted(tally.by_label.items(), key=lambda item: -len(item[1]))
    }


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """Each process's CPU time so far (user and system, from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        with suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def _processes(server: subprocess.Popen) -> dict[str, list[int]]:
    """The processes that serve the mix: the app server's workers, the database's backends
    connected to the bench database, and the bench's Redis."""
    import psycopg

    workers = subprocess.run(
        ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    with psycopg.connect(f"{run.SERVER.rstrip('/')}/{run.DATABASE}", autocommit=True) as db:
        backends = db.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    redis = subprocess.run(
        ["pgrep", "-x", "-f", f"redis-server 127.0.0.1:{_redis_port()}"],
        capture_output=True,
        text=True,
    ).stdout.split()
    return {
        "app server workers": [int(pid) for pid in workers],
        "PostgreSQL": [pid for (pid,) in backends],
        "Redis": [int(pid) for pid in redis],
    }


def _redis_port() -> str:
    return (
        os.environ.get("SAMPLAN_REDIS_URL", "redis://127.0.0.1:0").rsplit(":", 1)[1].split("/")[0]
    )


class CpuMeter:
    """The CPU time each part of the machine spent on the mix, per request: the app server's
    workers, PostgreSQL's backends of the bench database, the Redis and the load generator
    (this process and the processes it started and waited for: its connections' processes).
    Read from /proc and os.times() before and after."""

    def __init__(self, server: subprocess.Popen) -> None:
        self.server = server
        self.before = {name: _cpu_seconds(pids) for name, pids in _processes(server).items()}
        self.generator = sum(os.times()[:4])

    def per_request_ms(self, requests: int) -> dict[str, float]:
        generator = sum(os.times()[:4]) - self.generator
        # A process that started during the run (a database connection opened afresh) counts
        # from nothing; one that ended during it is missed.
        spent = {
            name: sum(
                seconds - self.before[name].get(pid, 0.0)
                for pid, seconds in _cpu_seconds(pids).items()
            )
            for name, pids in _processes(self.server).items()
        }
        spent["load generator"] = generator
        return {name: round(1000 * value / max(requests, 1), 2) for name, value in spent.items()}


def store_reads() -> dict[str, int] | None:
    """Redis's own count of the reads that found a value and those that did not (nothing is
    added to the servers' work), or None without a Redis."""
    url = os.environ.get("SAMPLAN_REDIS_URL")
    if not url:
        return None
    import redis

    stats = redis.Redis.from_url(url).info("stats")
    return {"hits": int(stats["keyspace_hits"]), "misses": int(stats["keyspace_misses"])}


def hit_rate(before: dict[str, int] | None, after: dict[str, int] | None) -> float | None:
    """The share of the store's reads during the run that found their value."""
    if before is None or after is None:
        return None
    hits = after["hits"] - before["hits"]
    reads = hits + after["misses"] - before["misses"]
    return round(hits / reads, 3) if reads else None


@contextmanager
def page_cache(kind: str) -> Iterator[None]:
    """The servers' page cache: a Redis they share (SAMPLAN_REDIS_URL, or a redis-server of the
    bench's own on a free port), or each process's memory."""
    if kind == "process":
        os.environ.pop("SAMPLAN_REDIS_URL", None)
        yield
        return
    if os.environ.get("SAMPLAN_REDIS_URL"):
        yield
        return
    if not shutil.which("redis-server"):
        raise SystemExit(
            "Install redis-server (apt-get install -y redis-server) or use --cache process"
        )
    port = run.free_port()
    # A cache only: nothing written to disk.
    options = f"--port {port} --bind 127.0.0.1 --save '' --appendonly no"
    redis = subprocess.Popen(
        ["redis-server", *shlex.split(options)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.environ["SAMPLAN_REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    try:
        yield
    finally:
        os.environ.pop("SAMPLAN_REDIS_URL", None)
        redis.terminate()
        redis.wait(timeout=30)


def mixed_run(args: argparse.Namespace) -> dict:
    if not args.reuse:
        run.prepare_database(args.municipalities)
    else:
        run.bring_up_to_date()
    users = inside("users", str(args.municipalities))
    with page_cache(args.cache):
        return {**_measured(args, users), "cache": args.cache}


def _measured(args: argparse.Namespace, users: list[dict]) -> dict:
    port = run.free_port()
    server = run.start_server(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.monotonic()
        if not args.no_warm_up:
            warmed = warm_up(base, users, args.connections, args.generator)
            print(f"   warm-up: {warmed} pages in {time.monotonic() - started:.0f} s", flush=True)
        floor_rps = floor(base, args.floor_seconds, args.connections, args.generator)
        started, reads_before, meter = time.monotonic(), store_reads(), CpuMeter(server)
        tally = drive(base, users, args.seconds, args.connections, args.writes, args.generator)
        duration, reads_after = time.monotonic() - started, store_reads()
        cpu = meter.per_request_ms(len(tally.latencies))
        lost = inside("lost", stdin=json.dumps(tally.acknowledged))
        consistent = two_servers(base, args.workers, users[0])
        peak = run.worker_peak_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    rps = len(tally.latencies) / duration
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "municipalities": len(users),
        "connections": args.connections,
        "generator": args.generator,
        "seconds": args.seconds,
        "workers": args.workers,
        "requests": len(tally.latencies),
        "rps": round(rps, 1),
        "p50_ms": round(percentile(tally.latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(tally.latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(tally.latencies, 0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(tally.latencies) * 1000, 1) if tally.latencies else 0,
        "floor_rps": round(floor_rps, 1),
        "ratio_to_floor": round(rps / floor_rps, 3) if floor_rps else None,
        "errors": len(tally.errors),
        "error_examples": tally.errors[:5],
        "writes_acknowledged": len(tally.acknowledged),
        "writes_lost": len(lost),
        "writes_refused_stale": len(tally.refused_stale),
        "two_servers_consistent": consistent,
        "peak_rss_mb_per_worker": peak,
        "store_hit_rate": hit_rate(reads_before, reads_after),
        "cpu_ms_per_request": cpu,
        "generator_loop_cpu_ms_per_request": round(
            1000 * tally.loop_cpu / max(len(tally.latencies), 1), 2
        ),
        "per_page": per_label(tally),
    }


def markdown(result: dict) -> str:
    return "\n".join(
        [
            f"### Mixed run, {result['municipalities']} municipalities — {result['date']}",
            "",
            f"{result['connections']} connections "
            f"({GENERATORS[result.get('generator', 'httpx')]}) for "
            f"{result['seconds']} s, {result['workers']} gunicorn workers, page cache "
            f"{CACHE_TEXT[result.get('cache', 'process')]}, after a warm-up pass "
            "over every page of every municipality; writes 5 % (plan edits, clean-up "
            "decisions, calendar items through their forms).",
            "",
            "| req/s | p50 ms | p95 ms | p99 ms | floor req/s | share of floor | errors "
            "| writes acknowledged | writes lost | two servers consistent |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            f"| {result['rps']} | {result['p50_ms']} | {result['p95_ms']} | {result['p99_ms']} "
            f"| {result['floor_rps']} | {result['ratio_to_floor']:.0%} | {result['errors']} "
            f"| {result['writes_acknowledged']} | {result['writes_lost']} "
            f"| {'yes' if result['two_servers_consistent'] else 'NO'} |",
            "",
            f"Writes refused because another connection had saved the same row since its form "
            f"was fetched (the page says so, nothing is written): "
            f"{result.get('writes_refused_stale', 0)}.",
            "",
            f"Peak memory per worker {result['peak_rss_mb_per_worker']} MB; reads of the shared "
            f"store that found their value: {_share(result.get('store_hit_rate'))}.",
            "",
            "CPU time per request (ms): "
            + ", ".join(f"{name} {ms}" for name, ms in result.get("cpu_ms_per_request", {}).items())
            + _loop_cpu(result.get("generator_loop_cpu_ms_per_request"))
            + ".",
            "",
            "| page or write | requests | p50 ms | p95 ms |",
            "|---|---:|---:|---:|",
            *(
                f"| {label} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} |"
                for label, row in result.get("per_page", {}).items()
            ),
            "",
        ]
    )


def _loop_cpu(value: float | None) -> str:
    """The generator's connection processes in their loops (without forking and exiting)."""
    return f" (of which the connections' loops {value})" if value else ""


def _share(value: float | None) -> str:
    return "no shared store" if value is None else f"{value:.0%}"


def main() -> None:
    if sys.argv[1:2] == ["--inside"]:
        import django

        os.environ.update(run.environment())
        sys.path.insert(0, str(run.ROOT))
        django.setup()
        if sys.argv[2] == "users":
            print(json.dumps(_users(int(sys.argv[3]))))
        else:
            print(json.dumps(_lost(json.load(sys.stdin))))
        return
    parser = argparse.ArgumentParser(description="Samplan under a mixed load, as a real host")
    parser.add_argument("--municipalities", type=int, default=357)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--floor-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--writes", type=float, default=0.05, help="share of writes (0.05)")
    parser.add_argument("--reuse", action="store_true", help="reuse the samplan_bench database")
    parser.add_argument(
        "--cache",
        choices=sorted(CACHE_TEXT),
        default="redis",
        help="page cache: a Redis the servers share (default) or each worker's memory",
    )
    parser.add_argument(
        "--generator",
        choices=sorted(GENERATORS),
        default="processes",
        help="the load generator: a process per connection with a plain-socket client "
        "(default), or the earlier threads with httpx in one process",
    )
    parser.add_argument(
        "--server",
        choices=["gunicorn", *run.OTHER_SERVERS],
        default="gunicorn",
        help="`samplan serve` (gunicorn, the default) or the same application in another WSGI "
        "server, for comparison (bench/run.py's OTHER_SERVERS)",
    )
    parser.add_argument(
        "--no-warm-up",
        action="store_true",
        help="no warm-up pass (a shared Redis of SAMPLAN_REDIS_URL warmed by an earlier run)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="20 municipalities, 15 s (while developing)"
    )
    args = parser.parse_args()
    os.environ["BENCH_SERVER"] = args.server
    if args.quick:
        args.municipalities, args.seconds, args.floor_seconds = 20, 15, 5
    result = mixed_run(args)
    out = run.ROOT / "bench"
    stem = "results-mixed" if args.cache == "redis" else f"results-mixed-{args.cache}"
    (out / f"{stem}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    table = markdown(result)
    (out / f"{stem}.md").write_text(table)
    print(table)
    if result["error_examples"]:
        print("errors, for example:", *result["error_examples"], sep="\n  ")


if __name__ == "__main__":
    main()
