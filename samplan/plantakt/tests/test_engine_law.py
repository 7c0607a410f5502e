"""The engine on unknown dates, lateness in days, and the law that applied in each period
(docs/sources.md 1.1, 1.3, 1.5; issue 13 parts 3 to 5). Pure functions, no database; the expected
dates are written out by hand."""

from __future__ import annotations

import datetime

import pytest

from samplan.plantakt import engine
from samplan.plantakt.engine import PeriodInput, PlanRevision, compute

D = datetime.date


def period(year: int, **kwargs: object) -> engine.Period:
    return compute(PeriodInput(municipality="5033", election_year=year, **kwargs))


# Unknown is not a date ---------------------------------------------------------------------------


def test_without_a_constitution_date_the_deadlines_are_latest_possible_dates():
    result = period(2023)
    constitution = result.item("council.constitution")
    assert constitution.needs_date and result.constitution_assumed
    # A missing date is a fact to register, not an overdue task.
    assert not constitution.overdue(D(2024, 3, 1))
    adopted = result.item("planning_strategy.adopted")
    assert adopted.assumed and adopted.date == D(2024, 10, 31)
    assert result.item("planning_strategy.draft_public").assumed
    assert result.item("planning_strategy.start").assumed
    # Rules that do not run from the constitution are not marked.
    assert not result.item("budget.2024").assumed
    assert not result.item("council.delegation_regulation").assumed


def test_the_warning_uses_the_latest_possible_date():
    adopted = period(2023).item("planning_strategy.adopted")
    assert not adopted.overdue(D(2024, 10, 31))
    assert adopted.overdue(D(2024, 11, 1))
    assert adopted.overdue_by_days(D(2024, 11, 20)) == 20


def test_a_recorded_constitution_date_is_a_fact():
    result = period(2023, constituted_on=D(2023, 10, 19))
    assert not result.constitution_assumed
    assert not result.item("council.constitution").needs_date
    assert not any(item.assumed for item in result.items)
    assert result.item("planning_strategy.adopted").date == D(2024, 10, 19)


def test_a_recorded_decision_ends_the_assumption_for_what_follows_it():
    result = period(
        2023, revise_master_plan=True, decisions={"planning_strategy.adopted": D(2024, 6, 13)}
    )
    assert result.item("planning_strategy.adopted").assumed  # its deadline is still unknown
    assert not result.item("master_plan.notice_of_start").assumed
    # The 18-month target of the master plan still runs from the constitution.
    assert result.item("master_plan.adopted").assumed


def test_a_decision_for_the_constitution_counts_as_the_constitution_date():
    result = period(2023, decisions={"council.constitution": D(2023, 10, 12)})
    assert not result.constitution_assumed
    assert result.constituted_on == D(2023, 10, 12)
    assert result.item("planning_strategy.adopted").date == D(2024, 10, 12)


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (D(2026, 1, 1), False),
        (D(2026, 6, 1), False),
        (D(2026, 12, 31), False),
        (D(2027, 1, 1), True),
    ],
)
def test_a_year_only_revision_is_due_during_that_year(today, overdue):
    revision = PlanRevision(4, "Kommuneplanens arealdel", D(2026, 1, 1), "PBL § 11-5", True)
    item = period(2023, plan_revisions=[revision]).item("plan_revision.4")
    assert item.year_only and item.date == D(2026, 12, 31)
    assert item.overdue(today) is overdue


def test_a_year_only_revision_in_the_next_election_year_is_in_the_period():
    revision = PlanRevision(5, "Samfunnsdelen", D(2027, 1, 1), "", True)
    assert period(2023, plan_revisions=[revision]).item("plan_revision.5").date == D(2027, 12, 31)
    exact = PlanRevision(6, "Samfunnsdelen", D(2027, 11, 15), "")
    keys = {item.key for item in period(2023, plan_revisions=[exact]).items}
    assert "plan_revision.6" not in keys


# Lateness in days --------------------------------------------------------------------------------


def test_a_done_item_says_how_late_it_was():
    late = period(
        2023,
        constituted_on=D(2023, 10, 19),
        decisions={"planning_strategy.adopted": D(2024, 11, 7)},
    ).item("planning_strategy.adopted")
    assert late.late_by_days() == 19 and late.late()
    in_time = period(
        2023,
        constituted_on=D(2023, 10, 19),
        decisions={"planning_strategy.adopted": D(2024, 10, 19)},
    ).item("planning_strategy.adopted")
    assert in_time.late_by_days() == 0 and not in_time.late()


def test_lateness_with_an_unknown_constitution_is_counted_from_the_latest_possible_date():
    item = period(2023, decisions={"planning_strategy.adopted": D(2024, 11, 4)}).item(
        "planning_strategy.adopted"
    )
    assert item.assumed and item.late_by_days() == 4


def test_an_open_item_says_how_many_days_overdue_and_json_carries_both():
    result = period(2023, constituted_on=D(2023, 10, 19), decisions={"budget.2024": D(2024, 1, 9)})
    data = {item["key"]: item for item in result.as_json(D(2024, 11, 1))["items"]}
    assert data["budget.2024"]["late_by_days"] == 9
    assert data["planning_strategy.adopted"]["overdue_by_days"] == 13
    assert data["planning_strategy.adopted"]["late_by_days"] is None
    assert data["budget.2026"]["overdue_by_days"] is None


def test_an_earliest_date_is_not_a_deadline():
    result = period(
        2023,
        revise_master_plan=True,
        decisions={"master_plan.programme_consultation": D(2025, 12, 1)},
    )
    assert result.item("master_plan.programme_consultation").late_by_days() is None


# Legal requirement means the law says so ---------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["master_plan.programme_adopted", "master_plan.adopted", "master_plan.notice_of_start"]
)
def test_dates_samplan_chose_for_pacing_are_recommendations(key):
    item = period(2023, revise_master_plan=True).item(key)
    assert item.kind == engine.ANBEFALING
    assert item.date_rule == engine.PLANNED


def test_the_minimum_consultations_stay_legal_requirements():
    result = period(2023, revise_master_plan=True)
    for key in ("master_plan.programme_consultation", "master_plan.draft_consultation"):
        assert result.item(key).kind == engine.LOVKRAV
    # The adoption keeps the law's earliest date (the day after the consultation).
    adopted = result.item("master_plan.adopted")
    assert (
        adopted.legal_earliest == result.item("master_plan.draft_consultation").date + D.resolution
    )


@pytest.mark.parametrize(
    ("year", "kl_2018"), [(2011, False), (2015, False), (2019, True), (2023, True)]
)
def test_council_items_cite_the_kommunelov_of_the_period(year, kl_2018):
    result = period(year)
    constitution = result.item("council.constitution").legal_basis
    delegation = result.item("council.delegation_regulation")
    if kl_2018:
        assert constitution == "KL § 7-1"
        assert delegation.legal_basis == "KL § 5-14"
        assert delegation.basis_unconfirmed == "KL § 5-14"
    else:
        assert "1992" in constitution and "§" not in constitution
        assert "1992" in delegation.legal_basis and not delegation.basis_unconfirmed


def test_economy_paragraphs_switch_to_kl_2018_on_1_january_2020():
    result = period(2019)
    budget_2020 = result.item("budget.2020")  # adopted by 31 December 2019
    assert "1992" in budget_2020.legal_basis and "§§ 44, 45" in budget_2020.legal_basis
    assert budget_2020.basis_unconfirmed == "kommuneloven 1992 § 45"
    assert "1992 § 44 nr. 7" in result.item("budget_recommendation.2020").legal_basis
    assert result.item("budget.2021").legal_basis.startswith("KL §§ 14-3, 14-4")
    assert not result.item("budget.2021").basis_unconfirmed
    # The 2019 accounts are presented in February 2020: KL 2018, 22 February.
    accounts = result.item("accounts_presented.2019")
    assert (accounts.date, accounts.legal_basis) == (D(2020, 2, 22), "KL § 14-6")
    # The council's deadline for the accounts rests on a paragraph no source confirmed.
    assert result.item("accounts_adopted.2020").basis_unconfirmed == "KL § 14-3 (3)"


def test_accounts_before_2020_follow_the_1992_act_and_its_15_february():
    result = period(2015)
    accounts = result.item("accounts_presented.2017")
    assert accounts.date == D(2018, 2, 15)
    assert "1992 § 48" in accounts.legal_basis
    assert "1992 § 48" in result.item("annual_report.2017").legal_basis
    assert result.item("annual_report.2017").date == D(2018, 3, 31)


def test_overall_ros_follows_the_master_plan_revision():
    assert "risk_analysis.updated" not in {item.key for item in period(2023).items}
    result = period(2023, revise_master_plan=True)
    ros = result.item("risk_analysis.updated")
    assert ros.kind == engine.ANBEFALING
    assert ros.date == result.item("master_plan.draft_public").date
    assert "Sivilbeskyttelsesloven § 14" in ros.legal_basis
    assert ros.depends_on == ("master_plan.draft_public",)


@pytest.mark.parametrize("year", [2011, 2019, 2023])
def test_the_alcohol_policy_plan_is_dealt_with_in_every_period(year):
    item = period(year).item("alcohol_policy.handled")
    assert item.legal_basis == "Alkoholloven § 1-7d"
    assert item.date == D(year + 4, 10, 31)


def test_the_calendar_file_names_unconfirmed_paragraphs_lateness_and_assumed_dates():
    import icalendar

    from samplan.plantakt import ical

    result = period(2023, decisions={"planning_strategy.adopted": D(2024, 11, 4)})
    calendar = icalendar.Calendar.from_ical(ical.calendar_bytes(result, name="Test"))
    descriptions = {
        str(event["uid"]).split(".5033.")[0]: str(event["description"])
        for event in calendar.walk("VEVENT")
    }
    assert "Paragraf ikke bekreftet: KL § 5-14" in descriptions["council.delegation_regulation"]
    assert "Gjort 04.11.2024, 4 dager etter fristen" in descriptions["planning_strategy.adopted"]
    assert "senest: konstitueringsdato mangler" in descriptions["planning_strategy.start"]
