"""Two versions' servers at once, the mix's reads sent to each in turn: the workers' CPU per
request of each, measured in the same minutes.

On the shared VM two `mix_server_cpu.py` runs a minute apart differ by more than a change of a
few per cent (the machine's load moves them). This starts `samplan serve` twice, once with this
checkout's code and once with another version's (`--base DIR`, e.g. `git archive <commit> | tar
-x -C DIR`, put first on PYTHONPATH and made the server's working directory, which `python -m
gunicorn` puts before PYTHONPATH; the same database, each its own Redis database (the first
server to meet a page would otherwise compute it and the second read it), each version's static
files), warms each over
`--share` of every municipality's pages, then sends every drawn read request
(`bench/mix_cpu.py`'s pages, weights and seed) to one server and then the other, one at a time
on a new connection each, and adds up each server's workers' CPU time (from /proc) around its
own requests. Prints each round's CPU per request of both.

    BENCH_DATABASE=hn_b357 SAMPLAN_REDIS_URL=redis://127.0.0.1:16421/0 \\
        .venv/bin/python bench/ab_server_cpu.py --base /tmp/base 800 --rounds 4
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import mix_cpu  # noqa: E402
import mix_server_cpu  # noqa: E402
import mixed  # noqa: E402
import run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description="Two versions' servers, requests in turn")
    parser.add_argument("requests", type=int, nargs="?", default=800)
    parser.add_argument("--base", required=True, help="the other version's source folder")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--share", type=float, default=0.5, help="of the warm-up pass (0.5)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.update(run.environment())
    users = mixed.inside("users", "357")
    servers = {}
    try:
        redis = os.environ.get("SAMPLAN_REDIS_URL")
        for number, (name, path) in enumerate((("base", args.base), ("this", str(run.ROOT)))):
            os.environ["PYTHONPATH"] = path
            os.chdir(path)  # not this checkout's code first on sys.path for both servers
            if redis:
                own = urlsplit(redis)._replace(path=f"/{number + 1}")
                os.environ["SAMPLAN_REDIS_URL"] = urlunsplit(own)
            port = run.free_port()
            servers[name] = (port, run.start_server(port, args.workers))
        for port, _server in servers.values():
            rng = random.Random(args.seed + 7)
            for user in users:
                for page in mixed.PAGES:
                    if rng.random() < args.share:
                        mix_server_cpu.get(port, mixed.page_url(user, page, rng), user["session"])
        drawn = mix_cpu.requests_of(users, args.requests, args.seed)
        workers = {name: mix_server_cpu.workers_of(server) for name, (_, server) in servers.items()}
        rounds: list[dict[str, float]] = []
        for round_ in range(args.rounds):
            spent = dict.fromkeys(servers, 0.0)
            # Each round the other server first: neither always meets a request second.
            order = list(servers.items())[:: 1 if round_ % 2 == 0 else -1]
            for _page, user, url in drawn:
                for name, (port, _server) in order:
                    before = sum(mix_server_cpu.cpu_times(workers[name]))
                    mix_server_cpu.get(port, url, user["session"])
                    spent[name] += sum(mix_server_cpu.cpu_times(workers[name])) - before
            count = len(drawn)
            each = ", ".join(f"{name} {1000 * cpu / count:.2f} ms" for name, cpu in spent.items())
            print(f"round {round_ + 1}: workers' CPU per request: {each}", flush=True)
            rounds.append({name: 1000 * cpu / count for name, cpu in spent.items()})
        differences = [each["this"] - each["base"] for each in rounds]
        print(
            f"this - base: median {statistics.median(differences):+.2f} ms "
            f"(from {min(differences):+.2f} to {max(differences):+.2f}; base's median "
            f"{statistics.median(each['base'] for each in rounds):.2f} ms)"
        )
    finally:
        for _port, server in servers.values():
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
