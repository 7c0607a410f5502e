"""Django's per-request state of the active language and the URL prefix in plain thread-locals.

Django keeps the active language (`translation.trans_real._active`), the request's script
prefix and its URLconf (`urls.base._prefixes`, `_urlconfs`) in asgiref's `Local`, made to
follow async code as well as threads: every read takes a lock, reads a context variable and
compares the thread's id, some 1.5 µs of Python. A page reads them about 150 times (every
`gettext` and `get_language`: `{% translate %}`, number and date formatting, the URL
resolver's per-language caches; every `reverse`), about 0.2 ms of a mix request's 6 ms of CPU
(docs/performance-log.md, "Eleventh round").

Samplan runs only synchronous code, each request in one thread from start to end (gunicorn's
sync workers, runserver's threads, the test client, `samplan worker`); it has no async view
(`core/tests/test_threadlocals.py` fails on one) and no ASGI entry point. In a thread with no
event loop asgiref's `Local` behaves as a thread-local, so a `threading.local`, read in C,
holds the same values for the same code. Async code would need asgiref's `Local` again (an
async view runs in another thread, where these values would not follow it).
"""

from __future__ import annotations

import asyncio
import threading

from django.urls import base
from django.utils.translation import trans_real

# The module attributes Django reads at every use (never imported by name elsewhere).
_LOCALS = ((trans_real, "_active"), (base, "_prefixes"), (base, "_urlconfs"))


def use_thread_locals() -> None:
    """Put Django's active language, script prefix and URLconf in `threading.local`s, keeping
    the values the current thread has set. Refused in a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError("Samplan keeps Django's request state in thread-locals: no ASGI")
    for module, name in _LOCALS:
        old = getattr(module, name)
        if isinstance(old, threading.local):
            continue
        new = threading.local()
        if hasattr(old, "value"):
            new.value = old.value
        setattr(module, name, new)
