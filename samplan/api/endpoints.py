"""The endpoints of /api/v1/: the objects users see in the pages, with their rights.

Every endpoint of a municipality starts as the pages do, with `get_municipality_for_user`
(404 for outsiders, 403 when the role is too low), and fetches objects within it. Here: the
municipalities and the plan register's list with its filters; one plan is read and written
through the table of endpoints_versioned, as the other modules' objects are."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query

from samplan.municipalities.permissions import access_map, get_municipality_for_user
from samplan.plans.models import Plan, PlanStatus, PlanType
from samplan.plans.selectors import plan_url_maker

from . import schemas
from .machinery import LIMIT, OFFSET, READ_ERRORS, cached_page, page_of, router
from .selectors import plan_out


@router.get(
    "/kommuner",
    response={200: schemas.MunicipalityPage, **READ_ERRORS},
    operation_id="municipalities_list",
    summary="Kommunene du har tilgang til",
)
def municipalities_list(
    request: HttpRequest, limit: int = LIMIT, offset: int = OFFSET
) -> dict[str, object]:
    accesses = list(access_map(request.user).values())
    return page_of(
        request,
        accesses,
        limit=limit,
        offset=offset,
        item=lambda access: {
            "number": access.municipality.number,
            "name": access.municipality.name,
            "capability": access.capability.name.lower(),
        },
    )


class PlanFilters(schemas.Schema):
    status: PlanStatus | None = None
    plan_type: PlanType | None = None
    updated_since: datetime.datetime | None = None


@router.get(
    "/kommuner/{knr}/planer",
    response={200: schemas.PlanPage, **READ_ERRORS},
    operation_id="plans_list",
    summary="Planregisteret",
)
def plans_list(
    request: HttpRequest,
    knr: str,
    filters: Query[PlanFilters],
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> dict[str, object] | HttpResponse:
    access = get_municipality_for_user(request, knr)

    def plans() -> QuerySet[Plan]:
        found = Plan.objects.for_municipality(access.municipality).order_by("title", "pk")
        if filters.status:
            found = found.filter(status=filters.status)
        if filters.plan_type:
            found = found.filter(plan_type=filters.plan_type)
        if filters.updated_since:
            since = filters.updated_since
            if timezone.is_naive(since):
                since = timezone.make_aware(since, datetime.UTC)
            found = found.filter(updated_at__gte=since)
        return found

    url = plan_url_maker(access.municipality.number)

    def item(plan: Plan) -> dict[str, object]:
        return plan_out(plan, url(plan.pk))

    if filters.updated_since:  # a client's sync, each time since another moment: not kept
        return page_of(request, plans(), limit=limit, offset=offset, item=item)
    # The register's pages, the same for every user who may read it: cached as their JSON.
    return cached_page(
        request,
        "api.plans_list",
        plans,
        filters.status,
        filters.plan_type,
        municipality=access.municipality.pk,
        limit=limit,
        offset=offset,
        item=item,
        schema=schemas.PlanPage,
    )
