"""Two planners saving the same plan or clean-up decision: the second is told, nothing is lost.

The forms carry the version they were made from (core.versioning); a save from an older form is
refused, the page shows what the other planner saved and, beside it, what this planner wrote.
A plan's first decision for a period, saved by two planners at once, gives one decision and one
refusal, not a database error."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.urls import reverse

from samplan.core.testing import at_once, form_fields, saved_then_refused
from samplan.core.versioning import StaleEdit
from samplan.plans import services
from samplan.plans.models import CleanupDecision, Plan

from .factories import DecisionFactory, PlanFactory

KNR = "5033"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def url(name: str, **kwargs: object) -> str:
    return reverse(f"plans:{name}", kwargs={"knr": KNR, **kwargs})


def test_a_plan_saved_from_an_older_form_is_refused_and_the_text_is_kept_to_copy(client, personas):
    plan = PlanFactory(title="Kulturplan", responsible_person="Kari", pages=12)
    client.force_login(personas.editor)
    first, page = saved_then_refused(
        client,
        url("edit", pk=plan.pk),
        {"responsible_person": "Ola"},
        {"responsible_person": "Per"},
    )
    assert first["expected_version"] == "1"
    assert "Nokon andre" in page or "Noen andre" in page or "Someone else" in page
    assert 'value="Ola"' in page  # the form now shows what was saved
    assert "<dd>Per</dd>" in page  # and what this planner wrote, to copy from
    assert 'name="expected_version" value="2"' in page
    plan.refresh_from_db()
    assert (plan.responsible_person, plan.version) == ("Ola", 2)
    assert [record.responsible_person for record in plan.history.order_by("history_id")] == [
        "Kari",
        "Ola",
    ]

    again = client.post(url("edit", pk=plan.pk), {**form_fields(page), "responsible_person": "Per"})
    assert again.status_code == 302
    plan.refresh_from_db()
    assert (plan.responsible_person, plan.version) == ("Per", 3)


def test_a_decision_saved_from_an_older_form_is_refused(client, personas):
    plan = PlanFactory(title="Kulturplan")
    decision = DecisionFactory(plan=plan, decision="videreføre", period_start=2023, rationale="")
    client.force_login(personas.editor)
    address = url("decision_edit", pk=plan.pk) + "?periode=2023"
    first = form_fields(client.get(address).content.decode())
    assert first["expected_version"] == "1"

    assert client.post(address, {**first, "rationale": "Vedtatt i 2024"}).status_code == 302
    refused = client.post(address, {**first, "decision": "oppheve", "rationale": "Utgått"})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "<dd>Utgått</dd>" in page and "Vedtatt i 2024" in page
    decision.refresh_from_db()
    assert (decision.decision, decision.rationale, decision.version) == (
        "videreføre",
        "Vedtatt i 2024",
        2,
    )


def test_a_first_decision_saved_after_someone_elses_is_refused_not_an_overwrite(client, personas):
    """Both planners opened the form while the plan had no decision for the period."""
    plan = PlanFactory(title="Kulturplan")
    client.force_login(personas.editor)
    address = url("decision_edit", pk=plan.pk) + "?periode=2023"
    mine = form_fields(client.get(address).content.decode())
    assert mine["expected_version"] == "0"
    theirs = {**mine, "decision": "revidere", "target_year": "2025", "rationale": "Først"}
    assert client.post(address, theirs).status_code == 302

    refused = client.post(address, {**mine, "decision": "oppheve", "rationale": "Sist"})

    assert refused.status_code == 400
    assert "<dd>Sist</dd>" in refused.content.decode()
    assert list(CleanupDecision.objects.values_list("decision", "rationale")) == [
        ("revidere", "Først")
    ]


def test_the_service_refuses_a_second_first_decision_with_a_message_not_a_database_error(
    personas,
):
    plan = PlanFactory(title="Kulturplan")
    DecisionFactory(plan=plan, decision="videreføre", period_start=2023)
    second = CleanupDecision(
        municipality=plan.municipality, plan=plan, period_start=2023, decision="oppheve"
    )
    with pytest.raises(StaleEdit):
        services.decision_save(decision=second, user=personas.editor)
    assert CleanupDecision.objects.count() == 1


@pytest.mark.run_once("postgresql")  # concurrent connections (SQLite serialises the writes)
@pytest.mark.django_db(transaction=True)
def test_two_first_decisions_at_the_same_moment_give_one_decision_and_one_refusal(
    reference_data,
):
    from samplan.accounts.models import User  # noqa: PLC0415

    plan = PlanFactory(title="Kulturplan")
    user = User.objects.create_user(email="a@tydal.example", password="x")

    def save(choice: str) -> Callable[[], CleanupDecision]:
        decision = CleanupDecision(
            municipality=plan.municipality, plan=plan, period_start=2023, decision=choice
        )
        return lambda: services.decision_save(decision=decision, user=user)

    kinds = {StaleEdit: "refused", CleanupDecision: "saved"}
    outcome = [kinds.get(type(each), each) for each in at_once(save("oppheve"), save("revidere"))]
    assert sorted(outcome) == ["refused", "saved"]
    assert CleanupDecision.objects.filter(plan=plan).count() == 1
    assert Plan.objects.get(pk=plan.pk).title == "Kulturplan"


def test_the_version_is_bookkeeping_in_the_history_not_a_change(personas):
    """Not editable, so the history's comparison leaves it out (as "changed at")."""
    from samplan.core.audit import history_entries  # noqa: PLC0415

    plan = PlanFactory(title="Kulturplan", responsible_person="Kari")
    plan.responsible_person = "Ola"
    services.plan_save(plan=plan, expected_version=1, user=personas.editor)
    services.plan_save(plan=plan, expected_version=2, user=personas.editor)  # nothing changed

    entries = history_entries(plan.history.all(), complete=True)
    changed = [[change.field for change in entry.changes] for entry in entries[:2]]
    assert plan.version == 3
    assert changed == [[], ["responsible person"]] or changed == [[], ["ansvarlig person"]]
