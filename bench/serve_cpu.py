"""Where a served page's CPU goes under the bench's load: workers, database, load generator.

`bench/profile_pages.py` measures a page in-process (the test client, one connection);
`bench/run.py` gives the served figures (req/s, p95) but not what they cost. This script serves
the chosen pages as `run.py` does (`samplan serve`, 4 sync workers, wrk with 16 connections, the
page cache off unless --cached) and reads from /proc, over the timed run, the CPU time of the
gunicorn workers (user and system apart), of the database server's processes of the bench's
connections, and of wrk, each divided by the requests served; and the size of a response.
The sum against the machine's two cores shows how much of the served time is the page's own
work and how much waits or goes elsewhere.

    BENCH_DATABASE=hm_b357 .venv/bin/python bench/serve_cpu.py "status board, national"
    BENCH_DATABASE=hm_b357 .venv/bin/python bench/serve_cpu.py --seconds 10 dashboard "process plan"
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import run  # noqa: E402
from mix_server_cpu import cpu_times  # noqa: E402


def backend_times(pids: list[int]) -> dict[int, float]:
    """Each live database backend's user + system CPU seconds (one that has ended is left out:
    a connection older than CONN_MAX_AGE, 60 s, is closed at a request's start)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def database_pids() -> list[int]:
    """The database server's processes serving the bench's database (one per worker)."""
    import psycopg

    with psycopg.connect(f"{run.SERVER.rstrip('/')}/postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'",  # not an autovacuum worker that ends
            [run.DATABASE],
        ).fetchall()
    return [row[0] for row in rows]


def response_size(port: int, page: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{page['path']}")
    if page.get("cookie"):
        request.add_header("Cookie", page["cookie"])
    for header in page.get("headers", []):
        name, value = header.split(": ", 1)
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read())


def wrk(port: int, page: dict, seconds: int, connections: int) -> tuple[dict, float]:
    """`run.load`'s figures, and wrk's own CPU seconds (its rusage)."""
    before = os.times()
    figures = run.load(port, page, seconds, connections)
    after = os.times()
    used = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return figures, used


def measure(port: int, server: subprocess.Popen, page: dict, seconds: int, connections: int):  # noqa: ANN201
    run.load(port, page, 2, connections)  # warm up every worker and its connection
    workers = [
        int(pid)
        for pid in subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    before_w, before_d = cpu_times(workers), backend_times(database_pids())
    wall = time.monotonic()
    figures, wrk_cpu = wrk(port, page, seconds, connections)
    wall = time.monotonic() - wall
    after_w, after_d = cpu_times(workers), backend_times(database_pids())
    # A backend that ended during the run took its CPU with it (the figure is then low: see
    # `backends_ended`); one that began during it counts whole.
    ended = len(set(before_d) - set(after_d))
    database_s = sum(after_d.values()) - sum(
        value for pid, value in before_d.items() if pid in after_d
    )
    served = figures["rps"] * seconds
    per = 1000 / served if served else 0.0
    return {
        **figures,
        "bytes": response_size(port, page),
        "worker_user_ms": round((after_w[0] - before_w[0]) * per, 2),
        "worker_sys_ms": round((after_w[1] - before_w[1]) * per, 2),
        "database_ms": round(database_s * per, 2),
        "backends_ended": ended,
        "wrk_ms": round(wrk_cpu * per, 2),
        "cores_busy": round((sum(after_w) - sum(before_w) + database_s + wrk_cpu) / wall, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+", help="pages by name, as run.py's --pages")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cached", action="store_true", help="the page cache on")
    args = parser.parse_args()
    pages, _knr, _extra = run.logged_in_pages(tuple(args.pages))
    port = run.free_port()
    server = run.start_server(port, args.workers, args.cached)
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    try:
        for page in pages:
            for _ in range(args.repeat):
                result = measure(port, server, page, args.seconds, args.connections)
                text = " ".join(f"{key}={value}" for key, value in result.items())
                print(f"{page['name']:<28} {text}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
