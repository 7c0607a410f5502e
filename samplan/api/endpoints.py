"""The endpoints of /api/v1/: the objects users see in the pages, with their rights.

Every endpoint of a municipality starts as the pages do, with `get_municipality_for_user`
(404 for outsiders, 403 when the role is too low), and fetches objects within it."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Header, Query, Router, Status

from samplan.municipalities.permissions import Capability, access_map, get_municipality_for_user
from samplan.plans.models import Plan, PlanStatus, PlanType
from samplan.plans.permissions import get_plan_for_user
from samplan.plans.selectors import plan_url_maker

from . import schemas
from .machinery import ID, LIMIT, OFFSET, READ_ERRORS, WRITE_ERRORS, page_of
from .selectors import plan_etag
from .services import plan_change, plan_create, plan_remove

router = Router()


def _plan_out(plan: Plan, url: str | None = None) -> dict[str, object]:
    """A plan as the API shows it; `url`, its address, when the caller has it already."""
    return {
        **{
            name: getattr(plan, name)
            for name in schemas.PlanOut.model_fields
            if name not in ("municipality", "url")
        },
        "municipality": plan.municipality_id,
        "url": url or plan.get_absolute_url(),
    }


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
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    plans = Plan.objects.for_municipality(access.municipality).order_by("title", "pk")
    if filters.status:
        plans = plans.filter(status=filters.status)
    if filters.plan_type:
        plans = plans.filter(plan_type=filters.plan_type)
    if filters.updated_since:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since, datetime.UTC)
        plans = plans.filter(updated_at__gte=since)
    url = plan_url_maker(access.municipality.number)
    return page_of(
        request, plans, limit=limit, offset=offset, item=lambda plan: _plan_out(plan, url(plan.pk))
    )


@router.get(
    "/kommuner/{knr}/planer/{pk}",
    response={200: schemas.PlanOut, **READ_ERRORS},
    operation_id="plans_read",
    summary="Én plan",
)
def plans_read(request: HttpRequest, knr: str, response: HttpResponse, pk: int = ID) -> dict:
    access = get_municipality_for_user(request, knr)
    plan = get_plan_for_user(access, pk)
    response["ETag"] = plan_etag(plan)
    return _plan_out(plan)


@router.post(
    "/kommuner/{knr}/planer",
    response={201: schemas.PlanOut, **WRITE_ERRORS},
    operation_id="plans_create",
    summary="Ny plan",
)
def plans_create(
    request: HttpRequest, knr: str, payload: schemas.PlanCreate, response: HttpResponse
) -> Status:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    plan = plan_create(
        access=access, data=payload.model_dump(exclude_unset=True), user=request.user
    )
    response["ETag"] = plan_etag(plan)
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{plan.pk}")
    return Status(201, _plan_out(plan))


@router.patch(
    "/kommuner/{knr}/planer/{pk}",
    response={200: schemas.PlanOut, **WRITE_ERRORS},
    operation_id="plans_change",
    summary="Endre en plan (med If-Match)",
)
def plans_change(
    request: HttpRequest,
    knr: str,
    payload: schemas.PlanFields,
    response: HttpResponse,
    pk: int = ID,
    if_match: str | None = Header(None, alias="If-Match"),
) -> dict:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    changes = payload.model_dump(exclude_unset=True)
    plan = plan_change(access=access, pk=pk, if_match=if_match, data=changes, user=request.user)
    response["ETag"] = plan_etag(plan)
    return _plan_out(plan)


@router.delete(
    "/kommuner/{knr}/planer/{pk}",
    response={204: None, **WRITE_ERRORS},
    operation_id="plans_delete",
    summary="Slette en plan (med If-Match)",
)
def plans_delete(
    request: HttpRequest,
    knr: str,
    pk: int = ID,
    if_match: str | None = Header(None, alias="If-Match"),
) -> Status:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    plan_remove(access=access, pk=pk, if_match=if_match, user=request.user)
    return Status(204, None)
