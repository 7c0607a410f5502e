"""core/validation.py on the plan register's rows: the errors of Django's `full_clean`, without
reading again the rows a plan or a clean-up decision holds, and with the conditions of its
constraints that can be told on the row told there."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from samplan.core import validation
from samplan.municipalities.models import Municipality
from samplan.plans.models import CleanupDecision, Plan

from .factories import DecisionFactory, PlanFactory

pytestmark = pytest.mark.django_db


def held(decision: CleanupDecision) -> CleanupDecision:
    """The decision as a view holds it: read with its plan and municipality."""
    return CleanupDecision.objects.select_related("plan", "municipality").get(pk=decision.pk)


def a_kept_plan() -> CleanupDecision:
    return held(DecisionFactory())


def a_new_plan_with_a_plan() -> CleanupDecision:
    decision = a_kept_plan()
    decision.decision = "ny_plan"
    decision.new_plan_title = "Ny"
    return decision


def a_second_decision_for_a_plan() -> CleanupDecision:
    first = a_kept_plan()
    return CleanupDecision(
        plan=first.plan, municipality=first.municipality, period_start=2023, decision="oppheve"
    )


def a_merge_into_itself_out_of_the_period() -> CleanupDecision:
    decision = a_kept_plan()
    decision.decision, decision.merge_into, decision.target_year = "slå_sammen", decision.plan, 2030
    return decision


def a_new_plan() -> CleanupDecision:
    return CleanupDecision(
        municipality=Municipality.objects.get(number="5033"),
        period_start=2027,
        decision="ny_plan",
        new_plan_title="Ny plan",
    )


def an_unsaved_plan() -> CleanupDecision:
    decision = a_kept_plan()
    decision.plan = PlanFactory.build()
    return decision


def a_taken_external_id() -> Plan:
    PlanFactory(external_id="P-1")
    return PlanFactory.build(external_id="P-1")


def an_empty_external_id() -> Plan:
    PlanFactory(external_id="")
    return PlanFactory(external_id="")


def a_parent_elsewhere() -> Plan:
    plan = PlanFactory()
    plan.parent = PlanFactory(municipality=Municipality.objects.get(number="1151"))
    return plan


def errors(clean: Callable[[], None]) -> dict[str, list[str]] | None:
    try:
        clean()
    except ValidationError as error:
        return error.message_dict
    return None


@pytest.mark.parametrize(
    "make",
    [
        a_kept_plan,
        a_new_plan_with_a_plan,
        a_second_decision_for_a_plan,
        a_merge_into_itself_out_of_the_period,
        a_new_plan,
        an_unsaved_plan,
        a_taken_external_id,
        an_empty_external_id,
        a_parent_elsewhere,
    ],
)
def test_the_errors_are_djangos(make):
    row = make()
    ours = errors(lambda: validation.full_clean(row))
    assert ours == errors(row.full_clean)
    assert ours is not None or make in (a_kept_plan, a_new_plan, an_empty_external_id)


def test_a_held_decision_is_checked_in_one_query_and_a_plan_without_external_id_in_none():
    decision = a_kept_plan()
    with CaptureQueriesContext(connection) as ours:
        validation.full_clean(decision)
    with CaptureQueriesContext(connection) as djangos:
        decision.full_clean()
    # One per plan and period, in a savepoint (the test runs in a transaction, as a service);
    # Django also reads the plan and the municipality, and evaluates the check's condition.
    assert [query["sql"].split()[0] for query in ours] == ["SAVEPOINT", "SELECT", "RELEASE"]
    assert len(djangos) > len(ours)
    plan = PlanFactory()
    with CaptureQueriesContext(connection) as ours:
        validation.full_clean(plan)
    assert len(ours) == 0


def test_a_related_row_not_held_is_read():
    decision = CleanupDecision.objects.get(pk=DecisionFactory().pk)
    assert validation.held_relations(decision) == set()
    assert validation.held_relations(held(decision)) == {"plan", "municipality"}
    decision.plan = PlanFactory.build()
    assert validation.held_relations(decision) == set()


def test_conditions_are_told_on_the_row_only_when_the_database_would_agree():
    decision = CleanupDecision(decision="oppheve", plan_id=1, period_start=2023)
    new_or_plan = Q(decision="ny_plan", plan__isnull=True) | (
        ~Q(decision="ny_plan") & Q(plan__isnull=False)
    )
    assert validation.holds(new_or_plan, decision) is True
    decision.decision = "ny_plan"
    assert validation.holds(new_or_plan, decision) is False
    assert validation.holds(Q(period_start="2023"), decision) is True
    assert validation.holds(Q(target_year=2027), decision) is None  # NULL: the database's logic
    assert validation.holds(Q(rationale__icontains="x"), decision) is None
    assert validation.holds(Q(plan__title="x"), decision) is None
    assert validation.holds(Q(plan=1), decision) is None
    assert validation.holds(Q(target_year=F("period_start")), decision) is None
    assert validation.holds(Q(decision="ny_plan") ^ Q(plan__isnull=True), decision) is None
    assert validation.holds(~Q(external_id=""), Plan(external_id="")) is False
    assert validation.holds(~Q(external_id=""), Plan(external_id="P-1")) is True
