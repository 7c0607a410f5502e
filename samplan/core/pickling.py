"""Pickling of cached values whose lazy translations unpickle cheaply.

Django pickles a lazy translation (`gettext_lazy("Draft")`, a field's choice label) as a call of
`lazy(func, str)` again, which builds a new proxy class for every string: some 0.2 ms each, so a
cached page value with 40 lazy labels (a process plan's phases, activities and actors) took
10 ms to unpickle, more than computing it. Here a lazy string is pickled as a call of the same
proxy class, made once per function and result classes: the value unpickles to the same lazy
strings (still translated when shown, as before), at the cost of an ordinary object.
"""

from __future__ import annotations

import gc
import io
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
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
    return _dumped(_Pickler, value)


def _dumped(pickler: type[pickle.Pickler], value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler(buffer, pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    return pickle.loads(data)  # noqa: S301 -- our own cache's values, pickled by dumps()


def _instance(model: type) -> Any:
    return model.__new__(model)


def _instance_state(instance: Any, state: tuple) -> None:
    """A model instance's fields and its ModelState (as Model.__setstate__ and ModelState)."""
    from django.db.models.base import ModelState

    values, db, fields_cache, prefetched = state
    instance.__dict__.update(values)
    model_state = instance._state = ModelState()
    model_state.db = db
    model_state.adding = False
    if fields_cache:
        model_state.fields_cache = fields_cache
    if prefetched is not None:
        instance._prefetched_objects_cache = prefetched


class _InstancePickler(_Pickler):
    """Model instances pickled as their class (a reference, pickled once) and their fields,
    without Django's version tag and ModelState object: they unpickle in about half the time
    (no app registry look-up per instance). Only for values whose instances are not being
    added (read from the database)."""

    def reducer_override(self, obj: Any) -> Any:
        from django.db.models import Model

        if isinstance(obj, Model) and not obj._state.adding:
            values = {
                key: value
                for key, value in obj.__dict__.items()
                if key not in ("_state", "_prefetched_objects_cache")
            }
            state = (
                values,
                obj._state.db,
                obj._state.fields_cache or None,
                getattr(obj, "_prefetched_objects_cache", None),
            )
            return (_instance, (type(obj),), state, None, None, _instance_state)
        return super().reducer_override(obj)


def dumps_instances(value: Any) -> bytes:
    """`dumps(value)`, its model instances pickled lean (see _InstancePickler): loads() reads it."""
    return _dumped(_InstancePickler, value)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while many objects are unpickled (a national
    adviser's memberships with the 357 municipalities their organisation follows, some 1,000
    model instances). It would otherwise run every 700 new objects, walking the young objects
    each time, and take three quarters of the time; nothing unpickled is garbage. Left enabled
    if another thread paused it first (that thread enables it again)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def loads_many(data: bytes) -> Any:
    """`loads(data)` for a value of many objects, the garbage collector paused meanwhile."""
    with collector_paused():
        return loads(data)
