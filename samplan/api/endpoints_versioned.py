"""Read and write one object of a module (plans, goals, measures, process plans, own deadlines,
clean-up decisions, planning strategies): GET gives it with an ETag of its version, PATCH with
If-Match changes it through the module's own service; where the table says so, POST on the
module's list makes one and DELETE with If-Match removes it. Declared in one table
(`VERSIONED`), like the read lists."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Header, Schema, Status

from samplan.goals.permissions import get_goal_for_user, get_measure_for_user
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user
from samplan.plans.models import CleanupDecision
from samplan.plans.permissions import get_plan_for_user
from samplan.plantakt.permissions import get_own_item_for_user
from samplan.processes.permissions import get_process_for_user
from samplan.strategy.models import Strategy

from . import schemas
from .machinery import ID, READ_ERRORS, WRITE_ERRORS, router
from .permissions import within_municipality
from .selectors import (
    deadline_etag,
    decision_etag,
    goal_etag,
    measure_etag,
    measure_out,
    plan_etag,
    plan_out,
    process_etag,
    strategy_etag,
)
from .services import (
    deadline_change,
    deadline_create,
    deadline_remove,
    decision_change,
    decision_create,
    goal_change,
    measure_change,
    plan_change,
    plan_create,
    plan_remove,
    process_change,
    strategy_change,
)


@dataclass(frozen=True)
class VersionedEndpoint:
    segment: str  # the address under the municipality: /kommuner/{knr}/<segment>/{pk}
    name: str  # the operations' prefix: <name>_read, <name>_change, <name>_create, <name>_delete
    what: str  # "et mål", for the summaries
    out: type[Schema]
    fields: type[Schema]
    get: Callable[[Access, int], Any]
    etag: Callable[[Any], str]
    show: Callable[[Any], dict]
    change: Callable[..., Any]
    create: Callable[..., Any] | None = None  # POST on the list, with `new_fields`
    new_fields: type[Schema] | None = None
    remove: Callable[..., Any] | None = None  # DELETE with If-Match


def _fields_of(schema: type[Schema]) -> Callable[[Any], dict]:
    """An object as the schema shows it: its attributes of the schema's field names."""
    return lambda found: {name: getattr(found, name) for name in schema.model_fields}


VERSIONED = (
    VersionedEndpoint(
        "planer",
        "plans",
        "en plan",
        schemas.PlanOut,
        schemas.PlanFields,
        get_plan_for_user,
        plan_etag,
        plan_out,
        plan_change,
        create=plan_create,
        new_fields=schemas.PlanCreate,
        remove=plan_remove,
    ),
    VersionedEndpoint(
        "maal",
        "goals",
        "et mål",
        schemas.GoalOut,
        schemas.GoalFields,
        get_goal_for_user,
        goal_etag,
        _fields_of(schemas.GoalOut),
        goal_change,
    ),
    VersionedEndpoint(
        "tiltak",
        "measures",
        "et tiltak",
        schemas.MeasureOut,
        schemas.MeasureFields,
        get_measure_for_user,
        measure_etag,
        measure_out,
        measure_change,
    ),
    VersionedEndpoint(
        "prosessplaner",
        "processes",
        "en prosessplan",
        schemas.ProcessDetail,
        schemas.ProcessFields,
        get_process_for_user,
        process_etag,
        _fields_of(schemas.ProcessDetail),
        process_change,
    ),
    VersionedEndpoint(
        "frister",
        "deadlines",
        "en egen frist",
        schemas.DeadlineOut,
        schemas.DeadlineFields,
        get_own_item_for_user,
        deadline_etag,
        _fields_of(schemas.DeadlineOut),
        deadline_change,
        create=deadline_create,
        new_fields=schemas.DeadlineCreate,
        remove=deadline_remove,
    ),
    VersionedEndpoint(
        "ryddevedtak",
        "cleanup_decisions",
        "et vedtak om rydding",
        schemas.CleanupDecisionOut,
        schemas.CleanupDecisionFields,
        within_municipality(CleanupDecision),
        decision_etag,
        _fields_of(schemas.CleanupDecisionOut),
        decision_change,
        create=decision_create,
        new_fields=schemas.CleanupDecisionCreate,
    ),
    VersionedEndpoint(
        "planstrategier",
        "strategies",
        "en planstrategi",
        schemas.StrategyDetail,
        schemas.StrategyFields,
        within_municipality(Strategy),
        strategy_etag,
        _fields_of(schemas.StrategyDetail),
        strategy_change,
    ),
)


def _add(
    view: Callable, endpoint: VersionedEndpoint, verb: str, method: str, path: str, **route: Any
) -> None:
    """Route `view` as the operation <name>_<verb> (its operation id and URL name)."""
    view.__name__ = f"{endpoint.name}_{verb}"
    getattr(router, method)(path, operation_id=view.__name__, url_name=view.__name__, **route)(view)


def _register(endpoint: VersionedEndpoint) -> None:
    path = f"/kommuner/{{knr}}/{endpoint.segment}/{{pk}}"
    fields = endpoint.fields

    def read(request: HttpRequest, knr: str, response: HttpResponse, pk: int = ID) -> dict:
        access = get_municipality_for_user(request, knr)
        found = endpoint.get(access, pk)
        response["ETag"] = endpoint.etag(found)
        return endpoint.show(found)

    def change(
        request: HttpRequest,
        knr: str,
        payload: fields,  # type: ignore[valid-type]
        response: HttpResponse,
        pk: int = ID,
        if_match: str | None = Header(None, alias="If-Match"),
    ) -> dict:
        access = get_municipality_for_user(request, knr, Capability.EDIT)
        changes = payload.model_dump(exclude_unset=True)
        changed = endpoint.change(
            access=access, pk=pk, if_match=if_match, data=changes, user=request.user
        )
        response["ETag"] = endpoint.etag(changed)
        return endpoint.show(changed)

    for view, verb, method, errors, summary in (
        (read, "read", "get", READ_ERRORS, f"Les {endpoint.what}"),
        (change, "change", "patch", WRITE_ERRORS, f"Endre {endpoint.what} (med If-Match)"),
    ):
        _add(
            view,
            endpoint,
            verb,
            method,
            path,
            response={200: endpoint.out, **errors},
            summary=summary,
        )
    if endpoint.create is not None:
        _register_create(endpoint)
    if endpoint.remove is not None:
        _register_delete(endpoint, path)


def _register_create(endpoint: VersionedEndpoint) -> None:
    """POST on the list's address: a new object (201, with its address and ETag)."""
    new_fields = endpoint.new_fields

    def create(
        request: HttpRequest,
        knr: str,
        payload: new_fields,  # type: ignore[valid-type]
        response: HttpResponse,
    ) -> Status:
        access = get_municipality_for_user(request, knr, Capability.EDIT)
        data = payload.model_dump(exclude_unset=True)
        made = endpoint.create(access=access, data=data, user=request.user)
        response["ETag"] = endpoint.etag(made)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{made.pk}")
        return Status(201, endpoint.show(made))

    _add(
        create,
        endpoint,
        "create",
        "post",
        f"/kommuner/{{knr}}/{endpoint.segment}",
        response={201: endpoint.out, **WRITE_ERRORS},
        summary=f"Lag {endpoint.what}",
    )


def _register_delete(endpoint: VersionedEndpoint, path: str) -> None:
    """DELETE with If-Match: the object removed through its module's service (204)."""

    def delete(
        request: HttpRequest,
        knr: str,
        pk: int = ID,
        if_match: str | None = Header(None, alias="If-Match"),
    ) -> Status:
        access = get_municipality_for_user(request, knr, Capability.EDIT)
        endpoint.remove(access=access, pk=pk, if_match=if_match, user=request.user)
        return Status(204, None)

    _add(
        delete,
        endpoint,
        "delete",
        "delete",
        path,
        response={204: None, **WRITE_ERRORS},
        summary=f"Slett {endpoint.what} (med If-Match)",
    )


for _endpoint in VERSIONED:
    _register(_endpoint)
