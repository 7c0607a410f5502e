"""Schemathesis against the generated OpenAPI document: every operation, called in-process
through Django's WSGI application with a member's API key, answers without a server error and
as its schema says (status, content type, body)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from samplan.api.api import api
from samplan.api.services import token_create
from samplan.plans.models import CleanupDecision, Plan
from samplan.plantakt.models import OwnItem
from samplan.strategy.models import Strategy


class InTestTransaction:
    """Django's WSGI application, without closing the database connection when a request
    starts or ends (as Django's own test client does): the test's transaction stays open on
    PostgreSQL."""

    def __init__(self) -> None:
        self.application = get_wsgi_application()

    def __call__(self, environ: dict, start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.application(environ, start_response)
            body = list(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return body


schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = InTestTransaction()


@pytest.fixture
def editor_key(personas) -> tuple[str, str, dict[str, int]]:  # noqa: ANN001
    """An editor's key, the editor's municipality and an object in it per address segment (a
    plan, an own deadline, a clean-up decision and a planning strategy; any other `{pk}` gets
    the plan's, a 404)."""
    municipality = personas.municipality
    plan = Plan.objects.create(
        municipality=municipality, title="Kommuneplanens samfunnsdel", plan_type="samfunnsdel"
    )
    item = OwnItem.objects.create(
        municipality=municipality,
        election_year=2023,
        title="Budsjettmøte",
        date=datetime.date(2025, 11, 20),
    )
    decision = CleanupDecision.objects.create(
        municipality=municipality, period_start=2023, plan=plan, decision="revidere"
    )
    strategy = Strategy.objects.create(municipality=municipality, period_start=2023)
    objects = {"planer": plan, "frister": item, "ryddevedtak": decision, "planstrategier": strategy}
    return (
        token_create(name="schemathesis", user=personas.editor)[1],
        municipality.number,
        {segment: found.pk for segment, found in objects.items()},
    )


# Once, on SQLite: whether an answer matches the document is decided by the same views and
# schemas on either database; the API's queries run on both in test_api.py and in the tenant
# matrix (test_tenant_isolation.py). About 1,800 requests, so it is not run twice.
@pytest.mark.run_once("sqlite")
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_matches_its_document(case, editor_key) -> None:  # noqa: ANN001
    key, knr, pks = editor_key
    # Most calls go to the member's own municipality and objects, so that the 2xx answers are
    # checked too, not only the 404 of a random municipality number.
    if "knr" in (case.path_parameters or {}):
        case.path_parameters["knr"] = knr
    if "pk" in (case.path_parameters or {}):
        segment = case.path.split("/{pk}")[0].rsplit("/", 1)[-1]
        case.path_parameters["pk"] = pks.get(segment, pks["planer"])
    # A write that names a version names "whatever version", so that its 2xx answer is checked
    # too, not only the 412 of a random ETag (a write without If-Match stays a 428).
    if "If-Match" in (case.headers or {}):
        case.headers["If-Match"] = "*"
    # Every check but two: the plan register's own rules (a date in the year adopted, no
    # adoption in the future) refuse some values the document allows, with a 422 problem, and
    # lenient parsing accepts some the document does not (a number as a time).
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
