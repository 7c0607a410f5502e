"""Single-row rules on Plan and CleanupDecision, and the plan QuerySet."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samplan.municipalities.models import Municipality
from samplan.plans.models import CleanupDecision, Plan

from .factories import DecisionFactory, PlanFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def errors_of(plan: Plan) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        plan.full_clean()
    return set(caught.value.message_dict)


def test_a_plain_plan_is_valid():
    PlanFactory.build().full_clean()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"adopted_year": 2027, "adopted_date": None}, "adopted_year"),
        ({"adopted_year": None, "adopted_date": datetime.date(2026, 11, 23)}, "adopted_year"),
        ({"adopted_year": 2019, "adopted_date": datetime.date(2020, 3, 1)}, "adopted_date"),
        (
            {"adopted_year": 2020, "next_revision_override": datetime.date(2019, 12, 31)},
            "next_revision_override",
        ),
        ({"sdgs": [0]}, "sdgs"),
        ({"sdgs": [18]}, "sdgs"),
        ({"sdgs": ["3"]}, "sdgs"),
        ({"themes": "klima"}, "themes"),
    ],
)
def test_clean_rejects_impossible_values(values, field):
    plan = PlanFactory.build(**values)
    assert field in errors_of(plan)


def test_adoption_today_and_revision_in_the_year_of_adoption_are_allowed():
    plan = PlanFactory.build(
        adopted_year=2026,
        adopted_date=TODAY,
        next_revision_override=datetime.date(2026, 1, 1),
        sdgs=[1, 17],
    )
    plan.full_clean()


def test_a_plan_cannot_refer_to_itself():
    plan = PlanFactory()
    for field in ("parent", "replaces", "merged_into"):
        plan.refresh_from_db()
        setattr(plan, field, plan)
        assert field in errors_of(plan)


def test_a_plan_cannot_refer_to_a_plan_of_another_municipality():
    foreign = PlanFactory(municipality=Municipality.objects.get(number="1151"))
    plan = PlanFactory()
    for field in ("parent", "replaces", "merged_into"):
        plan.refresh_from_db()
        setattr(plan, field, foreign)
        assert field in errors_of(plan)


def test_next_revision_is_computed_from_adoption_and_interval():
    by_year = PlanFactory(adopted_year=2019, revision_interval_years=4)
    by_date = PlanFactory(
        adopted_year=None, adopted_date=datetime.date(2020, 2, 29), revision_interval_years=1
    )
    without_interval = PlanFactory(revision_interval_years=None)
    assert by_year.next_revision == datetime.date(2023, 1, 1)
    assert by_date.next_revision == datetime.date(2021, 2, 28)
    assert by_date.adopted_year == 2020
    assert without_interval.next_revision is None
    by_year.next_revision_override = datetime.date(2030, 6, 1)
    by_year.save()
    assert by_year.next_revision == datetime.date(2030, 6, 1)


def test_overdue_uses_the_override_before_the_computed_date_and_only_current_plans():
    overdue = PlanFactory(title="Overdue", adopted_year=2015, revision_interval_years=4)
    overridden = PlanFactory(
        title="Postponed",
        adopted_year=2015,
        revision_interval_years=4,
        next_revision_override=datetime.date(2027, 1, 1),
    )
    pulled_forward = PlanFactory(
        title="Pulled forward",
        adopted_year=2025,
        revision_interval_years=4,
        next_revision_override=datetime.date(2026, 6, 1),
    )
    PlanFactory(title="Expired", adopted_year=2015, status="utgaatt")
    PlanFactory(title="No interval", adopted_year=2015, revision_interval_years=None)
    PlanFactory(title="Due today", adopted_date=TODAY.replace(year=2022), adopted_year=2022)
    under_revision = PlanFactory(title="Under revision", adopted_year=2010, status="under_revisjon")
    PlanFactory(
        title="Foreign", adopted_year=2010, municipality=Municipality.objects.get(number="1151")
    )

    found = Plan.objects.for_municipality("5033").overdue(on=TODAY)

    assert set(found) == {overdue, pulled_forward, under_revision}
    assert overridden not in found


def test_a_revision_known_only_by_its_year_is_overdue_from_the_next_new_year():
    this_year = PlanFactory(title="This year", adopted_year=2022, revision_interval_years=4)
    last_year = PlanFactory(title="Last year", adopted_year=2021, revision_interval_years=4)
    typed_year = PlanFactory(
        title="Typed year",
        adopted_year=2025,
        revision_interval_years=4,
        next_revision_override=datetime.date(TODAY.year, 1, 1),
    )
    dated = PlanFactory(
        title="Dated", adopted_date=datetime.date(2022, 1, 1), revision_interval_years=4
    )

    found = set(Plan.objects.for_municipality("5033").overdue(on=TODAY))

    assert this_year.next_revision == datetime.date(TODAY.year, 1, 1)
    assert found == {last_year, dated}
    assert this_year not in found and typed_year not in found


def test_external_ids_are_unique_per_municipality_but_may_be_empty_many_times():
    PlanFactory(external_id="P-1")
    PlanFactory(external_id="")
    PlanFactory(external_id="")
    PlanFactory(external_id="P-1", municipality=Municipality.objects.get(number="1151"))
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(external_id="P-1")


def test_one_decision_per_plan_and_period():
    decision = DecisionFactory()
    DecisionFactory(plan=decision.plan, period_start=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory(plan=decision.plan)


def test_a_new_plan_decision_has_no_plan_and_other_decisions_have_one():
    tydal = Municipality.objects.get(number="5033")
    with pytest.raises(IntegrityError), transaction.atomic():
        CleanupDecision.objects.create(municipality=tydal, period_start=2023, decision="oppheve")
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory(decision="ny_plan", new_plan_title="Ny")
    CleanupDecision.objects.create(
        municipality=tydal, period_start=2023, decision="ny_plan", new_plan_title="Ny"
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"decision": "slå_sammen"}, "merge_into"),
        ({"decision": "revidere", "target_year": 2028}, "target_year"),
        ({"decision": "revidere", "target_year": 2022}, "target_year"),
    ],
)
def test_decision_clean_rejects_incomplete_decisions(values, field):
    decision = DecisionFactory.build(plan=PlanFactory(), **values)
    with pytest.raises(ValidationError) as caught:
        decision.full_clean()
    assert field in caught.value.message_dict


def test_decision_cannot_merge_a_plan_into_itself_or_a_foreign_plan():
    plan = PlanFactory()
    itself = DecisionFactory.build(plan=plan, decision="slå_sammen", merge_into=plan)
    with pytest.raises(ValidationError) as caught:
        itself.full_clean()
    assert "merge_into" in caught.value.message_dict
    foreign = PlanFactory(municipality=Municipality.objects.get(number="1151"))
    across = DecisionFactory.build(plan=plan, decision="slå_sammen", merge_into=foreign)
    with pytest.raises(ValidationError) as caught:
        across.full_clean()
    assert "merge_into" in caught.value.message_dict


def test_decision_for_a_plan_of_another_municipality_is_rejected():
    decision = DecisionFactory.build(
        plan=PlanFactory(), municipality=Municipality.objects.get(number="1151")
    )
    with pytest.raises(ValidationError) as caught:
        decision.full_clean()
    assert "plan" in caught.value.message_dict


def test_a_new_plan_decision_needs_a_title():
    decision = CleanupDecision(
        municipality=Municipality.objects.get(number="5033"),
        period_start=2023,
        decision="ny_plan",
        new_plan_title="  ",
    )
    with pytest.raises(ValidationError) as caught:
        decision.full_clean()
    assert "new_plan_title" in caught.value.message_dict


def test_target_year_at_the_ends_of_the_period_is_allowed():
    for year in (2023, 2027):
        DecisionFactory.build(
            plan=PlanFactory(), decision="revidere", target_year=year
        ).full_clean()


def test_a_plan_replaced_by_an_adopted_plan_is_not_current():
    old = PlanFactory(title="Handlingsprogram 2024–2027")
    PlanFactory(title="Handlingsprogram 2025–2028", replaces=old)
    draft_target = PlanFactory(title="Klimaplan 2020")
    PlanFactory(title="Klimaplan 2027", replaces=draft_target, status="i_arbeid")

    current = set(Plan.objects.current().values_list("title", flat=True))

    assert current == {"Handlingsprogram 2025–2028", "Klimaplan 2020"}


def test_the_plans_in_force_are_the_same_read_in_python_as_by_the_query():
    from samplan.plans.selectors import current_of

    old = PlanFactory(title="Kommuneplanens samfunnsdel 2015–2027")
    PlanFactory(title="Kommuneplanens samfunnsdel 2023–2035", replaces=old)
    draft_of = PlanFactory(title="Trafikksikkerhetsplan 2020–2024")
    PlanFactory(title="Trafikksikkerhetsplan 2025–2029", replaces=draft_of, status="i_arbeid")
    PlanFactory(title="Næringsplan", status="utgaatt")
    every = list(Plan.objects.all())

    in_force = {plan.pk for plan in current_of(every)}

    assert in_force == set(Plan.objects.current().values_list("pk", flat=True))
    assert old.pk not in in_force and draft_of.pk in in_force
