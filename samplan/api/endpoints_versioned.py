"""Read and change one object of a module that keeps a version number (goals, measures, process
plans): GET
gives it with an ETag of its version, PATCH with If-Match changes it through the module's own
service. Declared in one table (`VERSIONED`), like the read lists."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Header, Router, Schema

from samplan.goals.permissions import get_goal_for_user, get_measure_for_user
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user
from samplan.processes.permissions import get_process_for_user

from . import schemas
from .machinery import ID, READ_ERRORS, WRITE_ERRORS
from .selectors import goal_etag, measure_etag, measure_out, process_etag
from .services import goal_change, measure_change, process_change

router = Router()


@dataclass(frozen=True)
class VersionedEndpoint:
    segment: str  # the address under the municipality: /kommuner/{knr}/<segment>/{pk}
    name: str  # the operations' prefix: <name>_read, <name>_change
    what: str  # "ett mål", for the summaries
    out: type[Schema]
    fields: type[Schema]
    get: Callable[[Access, int], Any]
    etag: Callable[[Any], str]
    show: Callable[[Any], dict]
    change: Callable[..., Any]


def _fields_of(schema: type[Schema]) -> Callable[[Any], dict]:
    """An object as the schema shows it: its attributes of the schema's field names."""
    return lambda found: {name: getattr(found, name) for name in schema.model_fields}


VERSIONED = (
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
)


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
        (read, "read", router.get, READ_ERRORS, f"Les {endpoint.what}"),
        (change, "change", router.patch, WRITE_ERRORS, f"Endre {endpoint.what} (med If-Match)"),
    ):
        view.__name__ = f"{endpoint.name}_{verb}"
        method(
            path,
            response={200: endpoint.out, **errors},
            operation_id=view.__name__,
            url_name=view.__name__,
            summary=summary,
        )(view)


for _endpoint in VERSIONED:
    _register(_endpoint)
