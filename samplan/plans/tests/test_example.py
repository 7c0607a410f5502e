"""The example register of Tydal: 36 plans, idempotent, and every finding and decision type."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from samplan.municipalities.models import Municipality
from samplan.plans import health
from samplan.plans.cleanup import cleanup_table
from samplan.plans.example import example_plans_create
from samplan.plans.models import CleanupDecision, Decision, Plan
from samplan.plans.selectors import plan_health

pytestmark = pytest.mark.django_db

ALL_KINDS = {
    health.REVISION_OVERDUE,
    health.REVISION_DUE_IN_PERIOD,
    health.STATUTORY_MISSING,
    health.STATUTORY_OUTDATED,
    health.NO_OWNER,
    health.THEME_OVERLAP,
    health.OLDER_THAN_TWO_PERIODS,
    health.PORTFOLIO_SIZE,
}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def tydal() -> Municipality:
    return Municipality.objects.get(number="5033")


def test_example_register_has_36_plans_and_is_idempotent(tydal):
    assert example_plans_create(tydal) == 36
    plans_first = sorted(Plan.objects.values_list("pk", "external_id", "title", "parent_id"))
    decisions_first = sorted(
        CleanupDecision.objects.values_list("pk", "plan_id", "decision", "new_plan_title")
    )

    example_plans_create(tydal)

    assert Plan.objects.for_municipality(tydal).count() == 36
    assert sorted(Plan.objects.values_list("pk", "external_id", "title", "parent_id")) == (
        plans_first
    )
    assert (
        sorted(CleanupDecision.objects.values_list("pk", "plan_id", "decision", "new_plan_title"))
        == decisions_first
    )
    assert CleanupDecision.objects.filter(municipality=tydal).count() == 5


def test_example_register_is_valid_by_the_model_rules(tydal):
    example_plans_create(tydal)
    for plan in Plan.objects.for_municipality(tydal):
        plan.full_clean()
    for decision in CleanupDecision.objects.filter(municipality=tydal):
        decision.full_clean()


def test_example_health_shows_every_finding_kind(tydal):
    example_plans_create(tydal)

    findings = plan_health(tydal)

    assert {finding.kind for finding in findings} == ALL_KINDS
    missing = {f.plan_title for f in findings if f.kind == health.STATUTORY_MISSING}
    assert "Helhetlig risiko- og sårbarhetsanalyse (ROS)" in missing
    outdated = {f.plan_title for f in findings if f.kind == health.STATUTORY_OUTDATED}
    assert "Folkehelseoversikt 2019" in outdated
    assert all(finding.reason for finding in findings)


def test_example_cleanup_table_has_every_decision_type(tydal):
    example_plans_create(tydal)

    table = cleanup_table(tydal, 2023)

    shown = {row.decision.decision for row in table.rows if row.decision}
    shown |= {decision.decision for decision in table.new_plans}
    assert shown == set(Decision.values)
    assert table.plans_after < table.plans_before
    assert table.pages_after < table.pages_before
    suggestions = {row.suggestion for row in table.rows if row.decision is None}
    assert {"revidere", "oppheve", "slå_sammen", "videreføre"} <= suggestions


def test_example_data_is_created_through_the_module_hook(tydal):
    from samplan.plans.apps import _example_data

    assert _example_data(tydal) == 36
    assert Plan.objects.for_municipality(tydal).count() == 36
