"""Addresses that every page links to, reversed once per process.

`reverse()` walks the URL patterns at each call (some 30–40 µs); the header, the footer and the
module menu of every page link to the same addresses. The URL patterns do not change while the
process runs, so an address is reversed once for each name, arguments, script prefix and URL
configuration (a test may switch the configuration or the prefix).
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=8192)
def _reverse(urlconf: str, prefix: str, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args or None)


def link(name: str, *args: object) -> str:
    """`reverse(name, args=args)`, computed once per process."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(urlconf, get_script_prefix(), name, tuple(str(arg) for arg in args))
