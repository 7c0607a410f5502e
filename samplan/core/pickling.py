"""Pickling of cached values whose lazy translations unpickle cheaply.

Django pickles a lazy translation (`gettext_lazy("Draft")`, a field's choice label) as a call of
`lazy(func, str)` again, which builds a new proxy class for every string: some 0.2 ms each, so a
cached page value with 40 lazy labels (a process plan's phases, activities and actors) took
10 ms to unpickle, more than computing it. Here a lazy string is pickled as a call of the same
proxy class, made once per function and result classes: the value unpickles to the same lazy
strings (still translated when shown, as before), at the cost of an ordinary object.
"""

from __future__ import annotations

import io
import pickle
from functools import lru_cache
from typing import Any

from django.utils import functional
from django.utils.functional import Promise, lazy

# What Django pickles a lazy string as a call of (a private function of django.utils.functional).
_UNPICKLE = getattr(functional, "_lazy_proxy_unpickle", None)


@lru_cache(maxsize=256)
def _proxy_class(function: Any, result_classes: tuple[type, ...]) -> Any:
    return lazy(function, *result_classes)


def _lazy_again(function: Any, args: tuple, kwargs: dict, *result_classes: type) -> Promise:
    """`lazy(function, *result_classes)(*args, **kwargs)`, the proxy class made once."""
    return _proxy_class(function, result_classes)(*args, **kwargs)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Promise):
            reduced = obj.__reduce__()
            if isinstance(reduced, tuple) and len(reduced) == 2 and reduced[0] is _UNPICKLE:
                return (_lazy_again, reduced[1])
        return NotImplemented


def dumps(value: Any) -> bytes:
    """`pickle.dumps(value)`, lazy strings pickled as cheap calls (see the module docstring)."""
    buffer = io.BytesIO()
    _Pickler(buffer, pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    return pickle.loads(data)  # noqa: S301 -- our own cache's values, pickled by dumps()
