"""A process's bounded memo of values that never change for their key.

For what a key fully determines (a page cache key holds every version its value was computed
from; a rendered panel's key holds its template, language and values): the most recently used
values are kept, the least recently used forgotten beyond a number of entries or a total
weight (bytes). Shared by the process's threads behind one lock. Used by core/freshness.py (the
values of the shared store kept in the process, and the last few unpickled) and by
`{% rendered_once %}`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

MISSING: object = object()


class BoundedMemo(Generic[V]):
    """At most `size` values (and, with `weigh`, at most `max_weight` of their weights), the
    least recently used forgotten first."""

    def __init__(
        self,
        size: int,
        weigh: Callable[[V], int] | None = None,
        max_weight: int = 0,
    ) -> None:
        self.size = size
        self.weigh = weigh
        self.max_weight = max_weight
        self.weight = 0
        self.lock = threading.Lock()
        self.values: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable) -> V | object:
        """The value of `key` (now the most recently used), or MISSING."""
        with self.lock:
            value = self.values.get(key, MISSING)
            if value is not MISSING:
                self.values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        weight = self.weigh(value) if self.weigh else 0
        if self.weigh and weight > self.max_weight:
            return  # would push out everything else
        with self.lock:
            old = self.values.pop(key, MISSING)
            if old is not MISSING and self.weigh:
                self.weight -= self.weigh(old)  # type: ignore[arg-type]
            self.values[key] = value
            self.weight += weight
            while len(self.values) > self.size or (self.weigh and self.weight > self.max_weight):
                _, dropped = self.values.popitem(last=False)
                if self.weigh:
                    self.weight -= self.weigh(dropped)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()
            self.weight = 0

    def __len__(self) -> int:
        return len(self.values)
