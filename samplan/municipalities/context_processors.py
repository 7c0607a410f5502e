"""Context every page needs: the user's municipalities and organisations for the switcher."""

from __future__ import annotations

from itertools import chain, compress
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .permissions import AccessMap, Entry, access_map

# The switcher lists at most this many municipalities; a user with more gets a link to the
# list of all of them (a national adviser follows 357: not 357 links on every page).
SWITCHER_SIZE = 10
# The header's tools that say when they are the current page (aria-current).
HEADER_TOOLS = frozenset({"municipalities:list", "core:help"})
# Of the tuples, without their properties.
_NUMBER = itemgetter(Entry._fields.index("number"))
_OWN = itemgetter(Entry._fields.index("own"))


def switcher_entries(accesses: AccessMap, current: str | None) -> list[Entry]:
    """The municipalities the header's switcher lists, by name: all of them for a user with
    few; otherwise the user's own (through a municipality's own organisation) and the current
    one, filled up with the first by name (the current one kept if the own are more than ten)."""
    entries = accesses.entries
    if len(entries) <= SWITCHER_SIZE:
        return list(entries)
    # The current one first, then the user's own, then the others by name: the first ten, in
    # the entries' order. Picked by position without sorting every entry (a national adviser's
    # 357 at every page): the loops over all of them are the C ones of compress and index.
    count = len(entries)
    numbers = list(map(_NUMBER, entries))
    ranked = chain(
        [numbers.index(current)] if current in numbers else [],
        compress(range(count), map(_OWN, entries)),
        range(count),
    )
    chosen: list[int] = []
    for position in ranked:
        if position not in chosen:
            chosen.append(position)
            if len(chosen) == SWITCHER_SIZE:
                break
    return [entries[position] for position in sorted(chosen)]


def samplan(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    accesses = access_map(user)
    match = getattr(request, "resolver_match", None)
    current_number = getattr(match, "kwargs", {}).get("knr")
    view_name = getattr(match, "view_name", "")
    return {
        "my_accesses": switcher_entries(accesses, current_number),
        "my_access_count": len(accesses),
        "my_memberships": accesses.organisations,
        "current_knr": current_number,
        # Which header tool is the current page, if one is (the header's fixed part's key).
        "header_current": view_name if view_name in HEADER_TOOLS else "",
        "languages": settings.LANGUAGES,
    }
