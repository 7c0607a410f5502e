"""The mix's read requests through the real server: the workers' CPU per request, user and
system time apart.

`bench/mix_cpu.py` serves the mix's reads in one process with the test client (no sockets, no
gunicorn); `bench/mixed.py` reports the workers' CPU per request under the whole mix. This
script sits between them: `samplan serve` (the bench's server, `run.start_server`), the same
read requests as mix_cpu (its pages, weights and seed), sent one at a time over a new
connection each (as the sync workers close every connection), after a warm-up over `--share`
of every municipality's pages; it prints the workers' user and system CPU time per request
(from /proc), so the part of a request spent in the kernel's network stack and in gunicorn
shows apart from Django's.

`--server` serves the same application with another WSGI server instead of `samplan serve`
(`run.OTHER_SERVERS`: the same workers count and environment, an access log), to measure what
the server itself costs per request; `--floor N` first sends N requests of the framework's
floor (`/bench/hello`) and prints the workers' CPU per request of those apart.

    BENCH_DATABASE=hg_b357 SAMPLAN_REDIS_URL=redis://127.0.0.1:16397/0 \\
        .venv/bin/python bench/mix_server_cpu.py 2000
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import mix_cpu  # noqa: E402
import mixed  # noqa: E402
import run  # noqa: E402


def cpu_times(pids: list[int]) -> tuple[float, float]:
    """The processes' user and system CPU seconds so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    user = system = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        user += int(fields[11]) / ticks
        system += int(fields[12]) / ticks
    return user, system


def workers_of(server: subprocess.Popen) -> list[int]:
    """The server's worker processes (its master's children)."""
    return [
        int(pid)
        for pid in subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
    ]


def get(port: int, url: str, session: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def main() -> None:
    parser = argparse.ArgumentParser(description="The mix's reads through the real server")
    parser.add_argument("requests", type=int, nargs="?", default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--share", type=float, default=1.0, help="of the warm-up pass (1.0)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server", choices=["gunicorn", *run.OTHER_SERVERS], default="gunicorn")
    parser.add_argument("--floor", type=int, default=0, help="requests of /bench/hello first")
    parser.add_argument(
        "--spy", help="py-spy's raw samples of each worker to files with this prefix"
    )
    args = parser.parse_args()
    os.environ.update(run.environment())
    users = mixed.inside("users", "357")
    port = run.free_port()
    os.environ["BENCH_SERVER"] = args.server
    server = run.start_server(port, args.workers)
    try:
        if args.floor:
            workers = workers_of(server)
            before = cpu_times(workers)
            for _ in range(args.floor):
                get(port, "/bench/hello", "")
            after = cpu_times(workers)
            print(
                f"floor, {args.floor} requests: workers' CPU per request "
                f"{1000 * (sum(after) - sum(before)) / args.floor:.2f} ms"
            )
        rng = random.Random(args.seed + 7)
        for user in users:
            for name in mixed.PAGES:
                if rng.random() < args.share:
                    get(port, mixed.page_url(user, name, rng), user["session"])
        workers = workers_of(server)
        drawn = mix_cpu.requests_of(users, args.requests, args.seed)
        spies = [
            subprocess.Popen(
                ["py-spy", "record", "--pid", str(pid), "--rate", "250", "--format", "raw"]
                + ["--output", f"{args.spy}-{pid}.txt"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for pid in (workers if args.spy else [])
        ]
        before = cpu_times(workers)
        statuses = [get(port, url, user["session"]) for _name, user, url in drawn]
        after = cpu_times(workers)
        for spy in spies:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    count = len(drawn)
    user_ms = 1000 * (after[0] - before[0]) / count
    system_ms = 1000 * (after[1] - before[1]) / count
    print(
        f"{count} requests ({dict(Counter(statuses))}): workers' CPU per request "
        f"{user_ms + system_ms:.2f} ms (user {user_ms:.2f}, system {system_ms:.2f})"
    )


if __name__ == "__main__":
    main()
