"""What a server worker's memory is made of: the mix's requests served in one process.

Starts as a gunicorn worker does (`import samplan.wsgi`: Django, the apps, WeasyPrint's warm-up,
the heap frozen), then serves the mix's read pages (`bench/mixed.py`'s pages and weights, each of
a random municipality, its planner logged in) with Django's test client against the bench
database and the page cache the server would use (SAMPLAN_REDIS_URL: a shared Redis; else the
process's own). A worker of `bench/mixed.py` (4 workers) sees about a fourth of the warm-up pass
over every page, then its share of the mix: so does this process (`--share`). Prints the
resident memory (VmRSS, and its peak VmHWM, the figure `bench/mixed.py` reports) after each
stage, the requests that raised the peak, and the size of each of the process's memos and
caches. With --tracemalloc, the Python allocations alive at the end by the Samplan (or else
innermost) line that made them.

    BENCH_DATABASE=hk_b357 SAMPLAN_REDIS_URL=redis://127.0.0.1:6391/0 \\
        .venv/bin/python bench/memory.py 2000
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import random
import re
import sys
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import mix_cpu  # noqa: E402  (the mix's read requests)
import mixed  # noqa: E402  (the pages and their weights, the users)
import run  # noqa: E402  (the database and the environment)


def status_mb(field: str) -> float:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", text).group(1)) / 1024  # type: ignore[union-attr]


def stage(name: str) -> None:
    print(f"{name:<46} RSS {status_mb('VmRSS'):6.1f} MB, peak {status_mb('VmHWM'):6.1f} MB")


def serve(drawn: list[tuple[str, dict, str]], raised: Counter[str]) -> None:
    """The requests, as mix_cpu.serve, noting which pages raised the peak (by MB)."""
    from django.test import Client

    client = Client()
    for name, user, url in drawn:
        before = status_mb("VmHWM")
        client.cookies["sessionid"] = user["session"]
        client.get(url)
        first = "" if f"{name} (first)" in raised else " (first)"
        raised[f"{name}{first}"] += status_mb("VmHWM") - before


def deep_size(value: Any, seen: set[int] | None = None, depth: int = 0) -> int:
    """The bytes of `value` and what it holds (containers and instances' attributes)."""
    seen = set() if seen is None else seen
    if id(value) in seen or depth > 40:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        for key, item in value.items():
            size += deep_size(key, seen, depth + 1) + deep_size(item, seen, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            size += deep_size(item, seen, depth + 1)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        size += deep_size(vars(value), seen, depth + 1)
    return size


def memos() -> list[tuple[str, int, int]]:
    """(name, entries, bytes) of each memo and cache of the process."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from samplan.core.memo import BoundedMemo

    found = []
    gc.unfreeze()  # frozen objects (core/warmup.py) are not listed by gc.get_objects()
    for value in gc.get_objects():
        if isinstance(value, BoundedMemo):
            referrers = [
                f"{module.__name__}.{name}"
                for module in list(sys.modules.values())
                for name, item in list(getattr(module, "__dict__", {}).items())
                if item is value
            ]
            name = referrers[0] if referrers else "BoundedMemo"
            found.append((name, len(value.values), deep_size(value.values)))
        elif isinstance(value, functools._lru_cache_wrapper):
            info = value.cache_info()
            if info.currsize:
                name = f"{value.__module__}.{value.__qualname__}"
                # lru_cache keeps its entries in the closure; their sum is approximated by the
                # results of the cached calls (the keys are small).
                found.append((f"lru_cache {name}", info.currsize, 0))
    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        found.append(("LocMemCache (page cache)", len(cache._cache), deep_size(cache._cache)))
    from django.template import engines

    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            cached = getattr(loader, "get_template_cache", None)
            if cached is not None:
                found.append(("templates compiled", len(cached), deep_size(cached)))
    return sorted(found, key=lambda item: -item[2])


def allocations(snapshot: tracemalloc.Snapshot, top: int) -> None:
    """The live Python allocations by the innermost Samplan line of their traceback."""
    by_line: Counter[str] = Counter()
    for trace in snapshot.traces:
        frames = list(trace.traceback)
        ours = [frame for frame in frames if "/samplan/" in frame.filename]
        frame = ours[-1] if ours else frames[-1]
        filename = frame.filename.split("/samplan/")[-1].split("site-packages/")[-1]
        by_line[f"{filename}:{frame.lineno}"] += trace.size
    total = sum(by_line.values())
    print(f"\nPython allocations alive: {total / 2**20:.1f} MB; the top {top} lines:")
    for line, size in by_line.most_common(top):
        print(f"  {size / 2**20:6.2f} MB  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description="A server worker's memory, in one process")
    parser.add_argument("requests", type=int, nargs="?", default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--share", type=int, default=4, help="a worker of this many (4)")
    parser.add_argument("--municipalities", type=int, default=357)
    parser.add_argument("--tracemalloc", type=int, default=0, help="frames kept (0: off)")
    args = parser.parse_args()
    os.environ.update(run.environment())
    sys.path.insert(0, str(run.ROOT))
    if args.tracemalloc:
        tracemalloc.start(args.tracemalloc)
    stage("python")
    import samplan.wsgi  # noqa: F401  (as a gunicorn worker starts)

    stage("worker started (samplan.wsgi imported)")
    users = mixed._users(args.municipalities)  # the bench's own sessions (not the worker's)
    stage("bench users read")
    raised: Counter[str] = Counter()
    warm = mix_cpu.requests_of(users, len(users) * len(mixed.PAGES), args.seed + 1000)
    serve(random.Random(args.seed).sample(warm, len(warm) // args.share), raised)
    stage(f"after its share of the warm-up ({len(warm) // args.share})")
    serve(mix_cpu.requests_of(users, args.requests, args.seed), raised)
    gc.collect()
    stage(f"after {args.requests} requests of the mix")
    print("\nThe pages that raised the peak (MB):")
    for name, mb in raised.most_common():
        print(f"  {mb:6.1f}  {name}")
    print("\nMemos and caches (entries, bytes by getsizeof, deep):")
    for name, entries, size in memos():
        print(f"  {size / 2**20:7.2f} MB {entries:6d}  {name}")
    if args.tracemalloc:
        allocations(tracemalloc.take_snapshot(), 40)


if __name__ == "__main__":
    main()
