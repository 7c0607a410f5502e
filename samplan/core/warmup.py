"""A server process's long-lived objects kept out of the garbage collector's way.

A worker's heap after start-up and its first requests is mostly objects that live as long as the
process: Django's and the apps' modules, compiled templates, prepared queries, cached values.
Python's cyclic garbage collector walks all of them again in every full collection, and a page
that makes many objects (the national status board: 357 rows) triggers collections often: about
half of that page's CPU time was the collector (docs/performance-log.md, "large users' every-page
cost"). `gc.freeze()` moves the objects alive at that moment into a permanent generation that
collections skip; they are still freed by reference counting. Done once at start-up and once
more when the worker is warm (after its first requests), each time after a full collection, so
no garbage is frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any

WARM_AFTER = 50  # requests: templates compiled, queries prepared, caches filled


def freeze() -> None:
    """Collect what is garbage now, then move everything alive out of later collections."""
    gc.collect()
    gc.freeze()


def freeze_when_warm(
    application: Callable[..., Iterable[bytes]], after: int = WARM_AFTER
) -> Callable[..., Iterable[bytes]]:
    """`application` (a WSGI callable) that freezes the worker's heap after its `after`-th
    request. Frozen at most once; the requests are served as before."""
    served = 0

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        nonlocal served
        response = application(environ, start_response)
        if served < after:
            served += 1
            if served == after:
                freeze()
        return response

    return wsgi
