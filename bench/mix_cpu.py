"""The mix's read requests in one process: CPU time and round trips per request.

The pages of `bench/mixed.py`, in its weights, each of a random municipality (its planner
logged in), served in-process by Django's test client against the bench database and the page
cache the server would use (SAMPLAN_REDIS_URL: a shared Redis; else each process's memory).
Unlike `profile_pages.py`, which repeats one page of one municipality, the requests spread
over every municipality as the mix's do, so what a process keeps for the last few values
misses as it does in the server. Prints the CPU time per request (the process's own, so other
work on the machine moves it less than wall time), the SQL queries and Redis commands per
request, and with --profile a cProfile of the measured requests.

    BENCH_DATABASE=hb_b357 SAMPLAN_REDIS_URL=redis://127.0.0.1:6391/0 \\
        .venv/bin/python bench/mix_cpu.py 2000 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import mixed  # noqa: E402  (the pages and their weights, the users)
import run  # noqa: E402  (the database and the environment)


def requests_of(users: list[dict], count: int, seed: int) -> list[tuple[str, dict, str]]:
    """`count` (page name, user, address) drawn as the mix draws its read requests."""
    rng = random.Random(seed)
    names = list(mixed.PAGES)
    weights = [mixed.PAGES[name][1] for name in names]
    drawn = []
    for _ in range(count):
        user = rng.choice(users)
        name = rng.choices(names, weights)[0]
        drawn.append((name, user, mixed.page_url(user, name, rng)))
    return drawn


class RoundTrips:
    """SQL queries and Redis commands made, counted by wrapping their clients."""

    def __init__(self) -> None:
        import redis
        from django.db import connection, connections

        self.counts: Counter[str] = Counter()
        original = redis.Redis.execute_command

        def counted(client: object, *args: object, **kwargs: object) -> object:
            self.counts["redis"] += 1
            return original(client, *args, **kwargs)

        redis.Redis.execute_command = counted  # type: ignore[method-assign]

        def query(execute, sql, params, many, context):  # noqa: ANN001, ANN202
            self.counts["sql"] += 1
            return execute(sql, params, many, context)

        connection.execute_wrappers.append(query)
        # Django's health check of a kept connection (a SELECT 1 at a request's first query)
        # does not pass the wrappers.
        wrapper = type(connections["default"])
        usable = wrapper.is_usable

        def checked(database: object) -> bool:
            self.counts["sql"] += 1
            return usable(database)

        wrapper.is_usable = checked  # type: ignore[method-assign]


def serve(drawn: list[tuple[str, dict, str]]) -> Counter[int]:
    from django.test import Client

    statuses: Counter[int] = Counter()
    client = Client()  # one handler, as a server's worker has (each Client loads the middleware)
    for _name, user, url in drawn:
        client.cookies["sessionid"] = user["session"]
        statuses[client.get(url).status_code] += 1
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description="The mix's read requests, in one process")
    parser.add_argument("requests", type=int, nargs="?", default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="a cProfile of the requests")
    args = parser.parse_args()
    os.environ.update(run.environment())
    sys.path.insert(0, str(run.ROOT))
    import django

    django.setup()
    users = mixed._users(357)
    warm = requests_of(users, len(users) * len(mixed.PAGES), args.seed + 1000)
    serve(warm)  # every page of the process made once (templates, prepared queries)
    drawn = requests_of(users, args.requests, args.seed)
    trips = RoundTrips()
    # Of CPU time: the machine is shared, and the waits are counted apart (round trips).
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    statuses = serve(drawn)
    if profiler:
        profiler.disable()
    spent = time.process_time() - started
    print(
        f"{len(drawn)} requests, statuses {dict(statuses)}: "
        f"{1000 * spent / len(drawn):.2f} ms CPU per request, "
        f"{trips.counts['sql'] / len(drawn):.2f} SQL queries, "
        f"{trips.counts['redis'] / len(drawn):.2f} Redis commands per request"
    )
    if profiler:
        profiler.dump_stats("mix.prof")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
