"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` for every command, and
redis-py fills a table of some 170 response callbacks in each: in the mixed run at 357
municipalities that was about a fifth of a millisecond of CPU per request, for two or three
reads (docs/performance-log.md, "Ninth round"). A `redis.Redis` on a connection pool is safe to
share between threads (each command takes a connection from the pool) and across a fork (the
pool notices a new process and opens its own connections), so one per pool is kept.

Its keys begin with the installation's fingerprint (`core.installation`): a Redis outlives a
deploy, and a value pickled by other code (a class with other fields, a template since changed)
would otherwise be read by the new code until it expires. A deploy starts with its own keys; the
old ones expire (a day, `freshness`).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis

from . import installation


class _Client(django_redis.RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """`django.core.cache.backends.redis.RedisCache`, its client made once per pool and its keys
    prefixed with the installation's fingerprint."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        prefix = ".".join(filter(None, [params.get("KEY_PREFIX"), installation.fingerprint()]))
        super().__init__(server, {**params, "KEY_PREFIX": prefix})
        self._class = _Client
