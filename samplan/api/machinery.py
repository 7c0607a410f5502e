"""What every endpoint shares: pages of a list, ETags and the error statuses it documents."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.renderers import JSONRenderer

from samplan.core import freshness

from .problems import MAX_LIMIT, ApiProblem, Problem, page_problem

DEFAULT_LIMIT = 50

# The API's renderer (api.py gives it to the API): cached_page writes what it would.
RENDERER = JSONRenderer()

# The one router of the API's endpoints (endpoints, endpoints_reads, endpoints_versioned): a
# POST on a list's address must be in the same router as the list's GET, since django-ninja
# makes one URL pattern per router and address and Django answers with the first.
router = Router()

# The page parameters of every list, documented with their bounds; a value out of them is
# answered with 400 (problems.on_validation_error).
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Høyst 100 per side.")
OFFSET = Query(0, ge=0)

# An id or a year out of any range the database stores is 422, not a database error.
MAX_ID = 2**63 - 1
ID = Path(..., ge=1, le=MAX_ID)
YEAR = Query(None, ge=1900, le=2200)

# The error statuses every endpoint documents (all answered as problem+json).
READ_ERRORS = {status: Problem for status in (400, 401, 403, 404, 422, 429)}
WRITE_ERRORS = {**READ_ERRORS, **{status: Problem for status in (409, 412, 428)}}

T = TypeVar("T")


class Page(Schema):
    """What a list answers: the items of one page and where the next page is."""

    count: int
    limit: int
    offset: int
    next: str | None


def check_page(limit: int, offset: int) -> None:
    problem = page_problem(limit, offset)
    if problem is not None:
        raise problem


def page_of(
    request: HttpRequest,
    rows: QuerySet | Sequence[Any],
    *,
    limit: int,
    offset: int,
    item: Callable[[Any], T],
) -> dict[str, object]:
    """One page of `rows` (a query: one SELECT of at most `limit` rows, and a COUNT unless the
    page is the last one, whose rows say how many there are)."""
    check_page(limit, offset)
    page = list(rows[offset : offset + limit])
    if len(page) < limit and (page or not offset):
        count = offset + len(page)
    else:
        count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    items = [item(row) for row in page]
    following = next_page(request, count, limit=limit, offset=offset)
    return {"count": count, "limit": limit, "offset": offset, "next": following, "items": items}


def next_page(request: HttpRequest, count: int, *, limit: int, offset: int) -> str | None:
    """The address of the page after this one of a list of `count` rows (None: the last)."""
    if offset + limit >= count:
        return None
    query = request.GET.copy()
    query["offset"] = str(offset + limit)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def cached_page(
    request: HttpRequest,
    name: str,
    rows: Callable[[], QuerySet],
    *parts: Hashable,
    municipality: str,
    limit: int,
    offset: int,
    item: Callable[[Any], T],
    schema: type[Schema],
) -> HttpResponse:
    """`page_of`'s page of `rows()` as the JSON the endpoint answers (`schema`, its response,
    validated and written as django-ninja does), its count and items cached per version of the
    municipality's data, the day, the language and `parts` (core.freshness): a cache hit reads
    no row and validates nothing; the address of the next page is the request's own."""
    check_page(limit, offset)
    renderer = RENDERER

    def compute() -> tuple[int, str]:
        page = page_of(request, rows(), limit=limit, offset=offset, item=item)
        shown = schema.model_validate(page, context={"request": request, "response_status": 200})
        items = shown.model_dump(context={"request": request, "response_status": 200})["items"]
        return page["count"], renderer.render(request, items, response_status=200)

    count, items = freshness.cached(
        name, compute, *parts, limit, offset, municipality=municipality, immutable=True
    )
    head = {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": next_page(request, count, limit=limit, offset=offset),
    }
    # The page's fields in the schema's order, the items last, as the renderer writes them.
    written = renderer.render(request, head, response_status=200)
    return HttpResponse(
        f'{written[:-1]}, "items": {items}}}',
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )


def etag_of(*parts: object) -> str:
    """A strong ETag of what identifies a version (a key and its time of change)."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()
    return f'"{digest[:32]}"'


def check_if_match(if_match: str | None, current: str) -> None:
    """A write must name the version it changes: no If-Match → 428, another version → 412."""
    if not if_match:
        raise ApiProblem(
            428,
            "precondition-required",
            _("If-Match is missing"),
            _("Send the ETag you read with GET in an If-Match header, so no change is lost."),
        )
    offered = {part.strip().removeprefix("W/") for part in if_match.split(",")}
    if "*" not in offered and current not in offered:
        raise ApiProblem(
            412,
            "precondition-failed",
            _("Changed since you read it"),
            _("Someone changed it after you read it. Read it again and repeat your change."),
        )
