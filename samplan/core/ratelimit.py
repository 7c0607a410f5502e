"""Per-IP limits for the public forms that need no login (log in, forgotten password, the public
strategy document).

django-axes locks out one e-mail address from one IP after wrong passwords; these limits cap what
one client address may send in total, whatever the e-mail address. Counters live in the database
(`RateLimitCounter`), in fixed windows, so all app processes share them; a new window's first
request prunes old rows. Over the limit: 429 with a Norwegian page and Retry-After.

The client address is REMOTE_ADDR, unless SAMPLAN_PROXY_COUNT says how many proxies in front
append to X-Forwarded-For: then it is the address the outermost trusted proxy saw. IPv6 clients
are counted per /64, the block one subscriber usually gets.
"""

from __future__ import annotations

import datetime
import ipaddress
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import RateLimitCounter

# Rows older than this are deleted when a new window starts (longer than any window).
KEEP = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """At most `requests` per `seconds` from one client address."""

    requests: int
    seconds: int


def client_ip(request: HttpRequest) -> str:
    """The client's address (IPv6: its /64 network), honouring X-Forwarded-For only from the
    number of trusted proxies in settings.RATE_LIMIT_PROXY_COUNT."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.RATE_LIMIT_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # Each trusted proxy appends the address it was contacted from: the client's address is
        # the one the outermost of them appended. Entries left of it are the client's word.
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _window_start(now: datetime.datetime, seconds: int) -> datetime.datetime:
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def _increment(scope: str, ip: str, start: datetime.datetime) -> int | None:
    """One request more in the window's row, in one statement (one round trip, atomic on its
    own): the row's new count, or None when the window has no row yet."""
    connection = connections[router.db_for_write(RateLimitCounter)]
    quote = connection.ops.quote_name
    table, count = quote(RateLimitCounter._meta.db_table), quote("count")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count} = {count} + 1 WHERE {quote('scope')} = %s "
            f"AND {quote('ip')} = %s AND {quote('window_start')} = %s RETURNING {count}",
            [scope, ip, connection.ops.adapt_datetimefield_value(start)],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def hit(scope: str, ip: str, limit: Limit, now: datetime.datetime | None = None) -> int:
    """Count one request; return the number of seconds to wait if it is over the limit, else 0.

    Safe under concurrency: the increment is one UPDATE that returns the new count; the first
    request of a window inserts, and a concurrent insert that loses on the unique constraint
    increments instead."""
    now = now or timezone.now()
    start = _window_start(now, limit.seconds)
    count = _increment(scope, ip, start)
    if count is None:
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(scope=scope, ip=ip, window_start=start, count=1)
        except IntegrityError:
            count = _increment(scope, ip, start)
        else:
            count = 1
            RateLimitCounter.objects.filter(window_start__lt=now - KEEP).delete()
    if count is None or count <= limit.requests:
        return 0
    return max(1, math.ceil((start - now).total_seconds() + limit.seconds))


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 page, with Retry-After."""
    response = render(
        request,
        "429.html",
        {"retry_minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(
    scope: str, methods: tuple[str, ...] = ("POST",)
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a view's `methods` per client address, by settings.RATE_LIMITS[scope]."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method in methods:
                requests, seconds = settings.RATE_LIMITS[scope]
                retry_after = hit(scope, client_ip(request), Limit(requests, seconds))
                if retry_after:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorator
