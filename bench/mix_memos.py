"""What one worker of the mix finds in its memories: hits and misses per process memo.

`bench/mix_cpu.py` warms its one process with every page of every municipality; a worker of
`bench/mixed.py`'s server sees only its share of the warm-up pass and of the run (4 workers: a
quarter). This script serves, in one process with the test client, a warm-up of `--share` of
the pages of every municipality, then the mix's read requests, and counts for each process
memo (core.memo.BoundedMemo: rendered_once's renderings, the module menus, the store's small
values kept in the process, the last unpickled immutable values; the page cache's values by
name: kept in the process, read from the store, computed) what was found and what was not,
with the CPU time per request.

    BENCH_DATABASE=hg_b357 SAMPLAN_REDIS_URL=redis://127.0.0.1:6391/0 \\
        .venv/bin/python bench/mix_memos.py 2000 --share 0.25
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import mix_cpu  # noqa: E402
import mixed  # noqa: E402
import run  # noqa: E402


class Counted:
    """Hits and misses of every BoundedMemo, by the memo's name, and the page cache's values
    by name and where they came from."""

    def __init__(self) -> None:
        from samplan.core import freshness, memo
        from samplan.core.templatetags import samplan as tags
        from samplan.municipalities.templatetags import module_nav

        self.on = False
        self.memos: Counter[tuple[str, str]] = Counter()
        self.rendered: Counter[tuple[str, str]] = Counter()
        self.values: Counter[tuple[str, str]] = Counter()
        names = {
            id(tags._RENDERED): "rendered_once",
            id(module_nav._MENUS): "module menus",
            id(freshness._decoded): "unpickled immutable values",
            id(freshness._recent): "small store values in the process",
        }
        original_get = memo.BoundedMemo.get
        counter = self

        def get(self_memo, key):  # noqa: ANN001, ANN202
            found = original_get(self_memo, key)
            if counter.on:
                name = names.get(id(self_memo), "other")
                counter.memos[(name, "miss" if found is memo.MISSING else "hit")] += 1
                if name == "rendered_once":
                    counter.rendered[(str(key[3]), "miss" if found is memo.MISSING else "hit")] += 1
            return found

        memo.BoundedMemo.get = get  # type: ignore[method-assign]

        original_cached = freshness.cached
        original_stored = freshness._stored

        def stored(key):  # noqa: ANN001, ANN202
            kept = freshness._recent.values.get(key, memo.MISSING) is not memo.MISSING
            data = original_stored(key)
            if counter.on:
                where = "kept" if kept else ("store" if data is not memo.MISSING else "absent")
                counter.values[(counter.current, where)] += 1
            return data

        def cached(name, compute, *parts, **kwargs):  # noqa: ANN001, ANN202, ANN003
            counter.current = name
            return original_cached(name, compute, *parts, **kwargs)

        self.current = ""
        freshness._stored = stored
        freshness.cached = cached


def report(counts: Counter[tuple[str, str]], title: str) -> None:
    print(f"\n{title}")
    names = sorted(
        {name for name, _ in counts},
        key=lambda n: -sum(counts[(n, w)] for w in ("hit", "miss", "kept", "store", "absent")),
    )
    for name in names:
        row = {where: count for (n, where), count in counts.items() if n == name}
        total = sum(row.values())
        print(
            f"  {name[:70]:70} {total:7} "
            + " ".join(f"{k} {v / total:.0%}" for k, v in sorted(row.items()))
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="A mix worker's memories: hits and misses")
    parser.add_argument("requests", type=int, nargs="?", default=2000)
    parser.add_argument("--share", type=float, default=0.25, help="of the warm-up pass (0.25)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.update(run.environment())
    sys.path.insert(0, str(run.ROOT))
    import django

    django.setup()
    counted = Counted()
    users = mixed._users(357)
    rng = random.Random(args.seed + 7)
    warm = [
        (name, user, mixed.page_url(user, name, rng))
        for user in users
        for name in mixed.PAGES
        if rng.random() < args.share
    ]
    mix_cpu.serve(warm)
    drawn = mix_cpu.requests_of(users, args.requests, args.seed)
    counted.on = True
    started = time.process_time()
    statuses = mix_cpu.serve(drawn)
    spent = time.process_time() - started
    print(f"{len(drawn)} requests, {dict(statuses)}: {1000 * spent / len(drawn):.2f} ms CPU each")
    report(counted.memos, "process memos")
    report(counted.rendered, "rendered_once by template")
    report(counted.values, "page cache values by name (kept in process / read from store / absent)")


if __name__ == "__main__":
    main()
