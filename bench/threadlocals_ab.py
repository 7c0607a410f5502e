"""Django's request state in asgiref's Local against plain thread-locals, in one process.

`core/threadlocals.py` saves some 150 reads of asgiref's `Local` a request. Against the shared
VM's noise (separate `mix_cpu.py` runs a minute apart differ by more than the effect), this
serves the mix's read requests (`bench/mix_cpu.py`'s pages, weights and seed) in one warmed
process, in rounds that alternate the two: Django's own `Local`s put back, then
`use_thread_locals()`; it prints each round's CPU per request and the median of each.

    BENCH_DATABASE=hn_b357 SAMPLAN_REDIS_URL=redis://127.0.0.1:16421/0 \\
        .venv/bin/python bench/threadlocals_ab.py 1000 --rounds 6
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import mix_cpu  # noqa: E402
import mixed  # noqa: E402
import run  # noqa: E402


def asgiref_locals() -> None:
    """Django's own request state: asgiref's Local, as Django makes it."""
    from asgiref.local import Local
    from django.urls import base
    from django.utils.translation import trans_real

    trans_real._active = Local()
    base._prefixes = Local()
    base._urlconfs = Local()


def main() -> None:
    parser = argparse.ArgumentParser(description="asgiref's Local against thread-locals")
    parser.add_argument("requests", type=int, nargs="?", default=1000)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.update(run.environment())
    sys.path.insert(0, str(run.ROOT))
    import django

    django.setup()
    from samplan.core.threadlocals import use_thread_locals

    users = mixed._users(357)
    mix_cpu.serve(mix_cpu.requests_of(users, len(users) * len(mixed.PAGES), args.seed + 1000))
    drawn = mix_cpu.requests_of(users, args.requests, args.seed)
    mix_cpu.serve(drawn)  # the measured requests' own values in the process, for both sides
    spent: dict[str, list[float]] = {"asgiref Local": [], "threading.local": []}
    sides = (("asgiref Local", asgiref_locals), ("threading.local", use_thread_locals))
    for _ in range(args.rounds):
        for name, swap in sides:
            swap()
            started = time.process_time()
            mix_cpu.serve(drawn)
            spent[name].append(1000 * (time.process_time() - started) / len(drawn))
            print(f"{name}: {spent[name][-1]:.3f} ms CPU per request", flush=True)
    for name, values in spent.items():
        print(f"{name}: median {statistics.median(values):.3f} ms ({len(values)} rounds)")


if __name__ == "__main__":
    main()
