"""Random and hostile form posts to every form of the plan register and the planning strategy:
never a server error, and either the whole change is saved (redirect) or nothing is (400)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samplan.plans.models import CleanupDecision, Plan
from samplan.plans.tests.factories import PlanFactory
from samplan.strategy import services as strategy_services
from samplan.strategy.models import ConsultationBody, Priority, Strategy

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "\x00",
            "<script>alert(1)</script>",
            "'; DROP TABLE plans_plan; --",
            '=HYPERLINK("http://x")',
            "áŋšŧžčđ æøå ÆØÅ",
            "x" * 25000,
            "2024-02-30",
            "31.12.9999",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
        ]
    ),
)

FORMS = {
    "plans:create": [
        "title",
        "plan_type",
        "status",
        "adopted_year",
        "adopted_date",
        "revision_interval_years",
        "next_revision_override",
        "pages",
        "link",
        "themes_text",
        "sdgs",
        "parent",
    ],
    "strategy:status": [
        "status",
        "constituted_on",
        "public_from",
        "council_meeting",
        "adopted_on",
        "master_plan_decision",
        "master_plan_parts",
        "shared_with_members",
    ],
    "strategy:section": ["text"],
    "strategy:body_add": ["kind", "neighbour", "name", "asked_on", "answered_on", "answer"],
    "strategy:priority_add": ["title", "description"],
    "plans:new_plan_decision": [
        "new_plan_title",
        "new_plan_type",
        "target_year",
        "rationale",
        "responsible",
        "periode",
    ],
}


def state() -> tuple:
    return (
        sorted(Plan.objects.values_list("pk", "title", "status", "pages", "adopted_year")),
        sorted(CleanupDecision.objects.values_list("pk", "decision", "new_plan_title")),
        sorted(Strategy.objects.values_list("pk", "status", "trends", "public_from", "adopted_on")),
        sorted(ConsultationBody.objects.values_list("pk", "name", "asked_on", "answered_on")),
        sorted(Priority.objects.values_list("pk", "title")),
        Plan.history.count(),
        Strategy.history.count(),
    )


def target(name: str) -> str:
    kwargs: dict[str, object] = {"knr": "5033"}
    if name.startswith("strategy:"):
        kwargs["period"] = 2023
    if name == "strategy:section":
        kwargs["key"] = "trends"
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(FORMS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_posts_never_give_a_server_error_or_a_partial_write(client, personas, name, data):
    strategy_services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    if not Plan.objects.exists():
        PlanFactory(title="Eksisterende plan")
    client.force_login(personas.editor)
    fields = FORMS[name]
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True), label="fields")
    post = {field: data.draw(HOSTILE_TEXT, label=field) for field in chosen}
    before = state()

    response = client.post(target(name), post)

    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert state() == before
