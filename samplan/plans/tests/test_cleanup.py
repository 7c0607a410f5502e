"""The clean-up table's suggestions: kept plans, and the history of rolling plans (issue 13)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from samplan.core.modules import panel_data
from samplan.municipalities.models import Municipality
from samplan.plans.cleanup import _suggestion_for, cleanup_counts_read, cleanup_table
from samplan.plans.health import Finding

from .factories import DecisionFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def test_a_finding_with_a_keep_reason_blocks_repeal_and_merge_whatever_else_suggests_them():
    findings = [
        Finding("older_than_two_periods", "medium", "Gammel.", 1, "P", "oppheve"),
        Finding("theme_overlap", "medium", "Felles tema.", 1, "P", "slå_sammen"),
        Finding("no_owner", "medium", "Ingen eier.", 1, "P", "", keep_reason="Beholdes."),
    ]

    assert _suggestion_for(findings) == "videreføre"
    assert _suggestion_for(
        [*findings, Finding("revision_overdue", "high", "", 1, "P", "revidere")]
    ) == ("revidere")
    assert _suggestion_for(findings[:2]) == "oppheve"


def test_the_table_leaves_out_older_versions_and_says_why_a_plan_is_kept():
    tydal = Municipality.objects.get(number="5033")
    older = PlanFactory(title="Handlingsprogram 2024–2027", plan_type="handlingsdel")
    newest = PlanFactory(title="Handlingsprogram 2026–2029", plan_type="handlingsdel")
    replaced = PlanFactory(title="Energiplan 2009")
    PlanFactory(title="Klimaplan 2024", replaces=replaced)
    sports = PlanFactory(
        title="Kommunedelplan for idrett og fysisk aktivitet 2012–2015",
        plan_type="kommunedelplan",
        adopted_year=2012,
        revision_interval_years=None,
    )

    with translation.override("nb"):
        table = cleanup_table(tydal, 2023)

    rows = {row.plan.title: row for row in table.rows}
    assert older.title not in rows and replaced.title not in rows
    assert newest.title in rows
    assert rows[sports.title].suggestion == "revidere"
    assert any("spillemidler" in reason for reason in rows[sports.title].reasons)


def test_the_counts_alone_are_the_tables_counts_in_one_query(django_assert_num_queries):
    tydal = Municipality.objects.get(number="5033")
    PlanFactory(title="Handlingsprogram 2024–2027", plan_type="handlingsdel", pages=3)
    PlanFactory(title="Handlingsprogram 2026–2029", plan_type="handlingsdel", pages=4)
    replaced = PlanFactory(title="Energiplan 2009", pages=7)
    PlanFactory(title="Klimaplan 2024", replaces=replaced, pages=None)
    repealed = PlanFactory(title="Trafikksikkerhetsplan", status="opphevet", pages=5)
    PlanFactory(title="Gammel plan", status="utgaatt", pages=11)
    DecisionFactory(plan=repealed, decision="oppheve")
    DecisionFactory(plan=PlanFactory(title="Tema A", pages=20), decision="slå_sammen")
    DecisionFactory(plan=PlanFactory(title="Tema B", pages=30), decision="revidere")
    DecisionFactory(plan=None, municipality=tydal, new_plan_title="Ny plan", decision="ny_plan")
    DecisionFactory(plan=PlanFactory(title="Tema C"), period_start=2019, decision="oppheve")

    table = cleanup_table(tydal, 2023)
    panel_data(cleanup_counts_read(tydal, 2023))  # its SQL made (SQLite checks its JSON once)
    with django_assert_num_queries(1):
        counts = panel_data(cleanup_counts_read(tydal, 2023))

    names = ("plans_before", "pages_before", "plans_after", "pages_after", "undecided")
    assert [getattr(counts, name) for name in names] == [getattr(table, name) for name in names]
    assert (table.plans_before, table.plans_after, table.undecided) == (6, 5, 3)
