"""The deadline engine against the dates the law gives (docs/sources.md), for 2019–2023 and
2023–2027.

The expected dates are written out by hand from the rules as docs/sources.md states them, not
computed with the engine's helpers, so a wrong rule in the engine fails here. No database is used.
"""

from __future__ import annotations

import datetime

import pytest

from samplan.plantakt import engine
from samplan.plantakt.engine import PeriodError, PeriodInput, compute

D = datetime.date


def period(year: int, **kwargs: object) -> engine.Period:
    return compute(PeriodInput(municipality="5033", election_year=year, **kwargs))


# Election and constitution (KL § 7-1; docs/sources.md 1.1) -----------------------------------


@pytest.mark.parametrize(
    ("year", "election_date", "confirmed"),
    [(2019, D(2019, 9, 9), True), (2023, D(2023, 9, 11), True), (2027, D(2027, 9, 13), False)],
)
def test_election_days_come_from_domain_and_projected_ones_are_unconfirmed(
    year, election_date, confirmed
):
    result = period(year)
    assert result.election_date == election_date
    assert result.election_confirmed is confirmed


def test_an_unknown_future_election_is_the_second_monday_of_september_and_unconfirmed():
    result = period(2035)
    assert result.election_date == D(2035, 9, 10)
    assert result.election_date.weekday() == 0
    assert not result.election_confirmed


@pytest.mark.parametrize("year", [2019, 2023])
def test_council_is_constituted_by_31_october_of_the_election_year(year):
    item = period(year).item("council.constitution")
    assert item.date == D(year, 10, 31)
    assert item.kind == engine.LOVKRAV
    assert item.legal_basis == "KL § 7-1"


def test_without_a_constitution_date_31_october_is_assumed_and_said_so():
    result = period(2023)
    assert result.constitution_assumed
    assert result.constituted_on == D(2023, 10, 31)
    assert result.item("planning_strategy.adopted").date == D(2024, 10, 31)


# Planning strategy (PBL § 10-1; docs/sources.md 1.2) ------------------------------------------


@pytest.mark.parametrize(
    ("year", "constituted", "adopted_by", "public_by"),
    [
        # Constituted 19 Oct 2023 → adopted by 19 Oct 2024 (one year after).
        (2023, D(2023, 10, 19), D(2024, 10, 19), D(2024, 9, 19)),
        (2019, D(2019, 10, 15), D(2020, 10, 15), D(2020, 9, 15)),
        (2019, None, D(2020, 10, 31), D(2020, 10, 1)),
    ],
)
def test_planning_strategy_is_adopted_within_a_year_and_public_30_days_before(
    year, constituted, adopted_by, public_by
):
    result = period(year, constituted_on=constituted)
    adopted = result.item("planning_strategy.adopted")
    public = result.item("planning_strategy.draft_public")
    assert (adopted.date, adopted.date_rule, adopted.kind) == (adopted_by, "latest", "lovkrav")
    assert adopted.legal_basis == "PBL § 10-1 (1)"
    assert (public.date, public.kind, public.legal_basis) == (
        public_by,
        "lovkrav",
        "PBL § 10-1 (2)",
    )
    assert public.depends_on == ("planning_strategy.adopted",)


def test_entering_the_council_meeting_date_moves_the_publication_deadline():
    before = period(2023, constituted_on=D(2023, 10, 19))
    after = period(
        2023,
        constituted_on=D(2023, 10, 19),
        decisions={"planning_strategy.adopted": D(2024, 6, 13)},
    )
    assert before.item("planning_strategy.draft_public").date == D(2024, 9, 19)
    assert after.item("planning_strategy.adopted").done_on == D(2024, 6, 13)
    assert after.item("planning_strategy.draft_public").date == D(2024, 5, 14)
    # The legal deadline itself stays one year after the constitution.
    assert after.item("planning_strategy.adopted").date == D(2024, 10, 19)


def test_entering_the_constitution_date_moves_the_strategy_deadline():
    early = period(2019, constituted_on=D(2019, 10, 1))
    late = period(2019, constituted_on=D(2019, 10, 30))
    assert early.item("planning_strategy.adopted").date == D(2020, 10, 1)
    assert late.item("planning_strategy.adopted").date == D(2020, 10, 30)


def test_strategy_work_is_recommended_in_the_first_months_after_constitution():
    start = period(2023, constituted_on=D(2023, 10, 19)).item("planning_strategy.start")
    assert start.kind == engine.ANBEFALING
    assert start.date == D(2023, 12, 19)


@pytest.mark.parametrize(
    ("year", "constituted", "start", "started"),
    [
        (2023, D(2023, 10, 19), D(2023, 12, 19), D(2023, 11, 6)),
        (2019, D(2019, 10, 31), D(2019, 12, 31), D(2020, 1, 15)),
    ],
)
def test_public_health_overview_must_be_ready_when_strategy_work_starts(
    year, constituted, start, started
):
    # Until the start of the strategy work is recorded, its date is Samplan's pacing, so the
    # overview is a recommendation dated before the election (as guidance says), not a lovkrav.
    result = period(year, constituted_on=constituted)
    assert result.item("planning_strategy.start").date == start
    overview = result.item("public_health.overview")
    assert (overview.kind, overview.date) == (engine.ANBEFALING, result.election_date)
    assert "folkehelseloven" in overview.legal_basis.lower()
    assert overview.basis_unconfirmed  # which paragraph of the regulation is not confirmed
    # Once the start is recorded, the law's deadline is that date.
    moved = period(year, constituted_on=constituted, decisions={"planning_strategy.start": started})
    overview = moved.item("public_health.overview")
    assert (overview.kind, overview.date, overview.date_rule) == (
        engine.LOVKRAV,
        started,
        engine.LATEST,
    )


def test_a_period_before_the_public_health_act_has_no_overview_item():
    # Folkehelseloven took effect on 1 January 2012; the 2011 election came before it.
    assert "public_health.overview" not in {item.key for item in period(2011).items}
    assert period(2015).item("public_health.overview")


# Master plan revision (PBL §§ 11-12 to 11-15; docs/sources.md 1.4) ------------------------------


def test_master_plan_steps_appear_only_when_the_strategy_revises_the_plan():
    assert not [i for i in period(2023).items if i.module == engine.MASTER_PLAN]
    keys = [i.key for i in period(2023, revise_master_plan=True).items]
    for key in (
        "master_plan.notice_of_start",
        "master_plan.programme_consultation",
        "master_plan.programme_adopted",
        "master_plan.draft_public",
        "master_plan.draft_consultation",
        "master_plan.adopted",
    ):
        assert key in keys


def test_planning_programme_consultation_is_at_least_six_weeks_and_moves_with_the_notice():
    decisions = {
        "planning_strategy.adopted": D(2020, 6, 18),
        "master_plan.notice_of_start": D(2020, 8, 20),
    }
    result = period(2019, revise_master_plan=True, decisions=decisions)
    consultation = result.item("master_plan.programme_consultation")
    assert (consultation.date, consultation.date_rule) == (D(2020, 10, 1), "earliest")
    assert consultation.legal_basis == "PBL § 11-13"
    programme = result.item("master_plan.programme_adopted")
    assert programme.legal_earliest == D(2020, 10, 2)
    assert programme.date >= D(2020, 10, 2)


def test_draft_master_plan_consultation_is_six_weeks_and_adoption_follows_it():
    decisions = {"master_plan.draft_public": D(2025, 2, 3)}
    result = period(2023, revise_master_plan=True, decisions=decisions)
    consultation = result.item("master_plan.draft_consultation")
    assert consultation.date == D(2025, 3, 17)
    assert consultation.legal_basis == "PBL § 11-14"
    adopted = result.item("master_plan.adopted")
    assert adopted.legal_basis == "PBL § 11-15"
    assert adopted.legal_earliest == D(2025, 3, 18)
    assert adopted.date >= adopted.legal_earliest


def test_notice_of_start_follows_the_strategy_decision():
    result = period(
        2023,
        revise_master_plan=True,
        decisions={"planning_strategy.adopted": D(2024, 6, 13)},
    )
    assert result.item("master_plan.notice_of_start").date == D(2024, 7, 13)


# Economy (KL §§ 14-3 to 14-7; docs/sources.md 1.5) ---------------------------------------------


@pytest.mark.parametrize("year", [2019, 2023])
def test_budget_and_okonomiplan_are_adopted_before_each_new_year(year):
    result = period(year)
    for budget_year in range(year + 1, year + 5):
        item = result.item(f"budget.{budget_year}")
        assert item.date == D(budget_year - 1, 12, 31)
        assert item.kind == engine.LOVKRAV
        if budget_year > 2020:
            assert "KL §§ 14-3, 14-4" in item.legal_basis
        recommendation = result.item(f"budget_recommendation.{budget_year}")
        assert recommendation.date == D(budget_year - 1, 12, 17)


def test_budget_decision_moves_the_recommendation_deadline():
    result = period(2023, decisions={"budget.2025": D(2024, 12, 12)})
    assert result.item("budget_recommendation.2025").date == D(2024, 11, 28)


@pytest.mark.parametrize("year", [2019, 2023])
def test_accounts_and_annual_report_by_their_statutory_dates(year):
    result = period(year)
    for accounts_year in range(year, year + 4):
        following = accounts_year + 1
        assert result.item(f"accounts_presented.{accounts_year}").date == D(following, 2, 22)
        assert result.item(f"annual_report.{accounts_year}").date == D(following, 3, 31)
        assert result.item(f"auditor_report.{accounts_year}").date == D(following, 4, 15)
        adopted = result.item(f"accounts_adopted.{accounts_year}")
        assert adopted.date == D(following, 6, 30)
        assert adopted.unconfirmed
        assert not result.item(f"accounts_presented.{accounts_year}").unconfirmed


def test_a_corrected_rule_replaces_the_unconfirmed_default():
    rules = {"accounts_adopted": engine.RuleValue(6, 15, True)}
    result = period(2023, rules=rules)
    adopted = result.item("accounts_adopted.2024")
    assert adopted.date == D(2025, 6, 15)
    assert not adopted.unconfirmed


@pytest.mark.parametrize(("year", "due"), [(2019, D(2020, 12, 31)), (2023, D(2024, 12, 31))])
def test_delegation_regulation_is_unconfirmed_and_due_the_year_after_the_election(year, due):
    item = period(year).item("council.delegation_regulation")
    assert item.date == due
    assert item.unconfirmed
    assert item.legal_basis == "KL § 5-14"


# Plan register and own items -------------------------------------------------------------------


def test_plan_revisions_falling_due_in_the_period_are_included():
    revisions = [
        engine.PlanRevision(1, "Arealdelen", D(2024, 1, 1), "PBL § 11-5"),
        engine.PlanRevision(2, "Gammel plan", D(2020, 1, 1)),
        engine.PlanRevision(3, "Framtidig plan", D(2031, 1, 1)),
    ]
    result = period(2023, plan_revisions=revisions)
    keys = {item.key for item in result.items if item.module == engine.REGISTER}
    assert keys == {"plan_revision.1"}
    assert result.item("plan_revision.1").legal_basis == "PBL § 11-5"


def test_own_items_are_of_kind_egen_and_keep_their_completion():
    own = [engine.OwnItem(7, "Møte", D(2025, 3, 1), "Om plan", D(2025, 3, 1))]
    item = period(2023, own_items=own).item("own.7")
    assert (item.kind, item.module, item.done_on, item.own_id) == ("egen", "egen", D(2025, 3, 1), 7)


def test_items_are_sorted_by_date_and_keys_are_unique():
    items = period(2023, revise_master_plan=True).items
    assert [item.date for item in items] == sorted(item.date for item in items)
    assert len({item.key for item in items}) == len(items)


def test_every_dependency_names_an_item_of_the_period():
    result = period(2019, revise_master_plan=True)
    keys = {item.key for item in result.items}
    for item in result.items:
        assert set(item.depends_on) <= keys, item.key


# Bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2024-2028", "2022", "2007-2011", "2023-2028", "tjuetjuetre", ""])
def test_periods_that_are_not_election_periods_are_refused(text):
    with pytest.raises(PeriodError):
        engine.parse_period(text)


@pytest.mark.parametrize(
    ("text", "year"), [("2023-2027", 2023), ("2019–2023", 2019), ("2027", 2027)]
)
def test_real_election_periods_are_parsed(text, year):
    assert engine.parse_period(text) == year


def test_constitution_before_or_on_the_election_day_is_refused():
    with pytest.raises(PeriodError, match="11.09.2023"):
        period(2023, constituted_on=D(2023, 9, 1))
    with pytest.raises(PeriodError):
        period(2023, constituted_on=D(2023, 9, 11))


def test_constitution_after_31_october_is_refused():
    with pytest.raises(PeriodError, match="31.10.2023"):
        period(2023, constituted_on=D(2023, 11, 2))


def test_json_shape_is_stable():
    data = period(2023, constituted_on=D(2023, 10, 19)).as_json(D(2024, 1, 1))
    assert set(data) == {
        "kommune",
        "periode",
        "election_date",
        "election_confirmed",
        "constituted_on",
        "constitution_assumed",
        "items",
    }
    assert data["periode"] == "2023-2027"
    first = data["items"][0]
    assert set(first) == {
        "key",
        "date",
        "date_rule",
        "title",
        "kind",
        "module",
        "legal_basis",
        "depends_on",
        "explanation",
        "unconfirmed",
        "done_on",
        "late_by_days",
        "basis_unconfirmed",
        "assumed",
        "year_only",
        "holiday_warning",
        "overdue",
        "overdue_by_days",
    }


def test_item_title_names_a_table_item_without_computing_a_period():
    computed = {item.key: item.title for item in period(2023).items}

    assert engine.item_title("planning_strategy.adopted") == computed["planning_strategy.adopted"]
    assert engine.item_title("budget.2025") == computed["budget.2025"]
    assert "2025" in engine.item_title("budget.2025")
    assert engine.item_title("plan_revision.12") is None
    assert engine.item_title("budget.next") is None


def test_a_period_is_computed_once_per_process_for_the_same_input_and_language():
    """selectors.computed remembers engine.compute's period by its whole input and the language:
    the same input gives the same period without computing it again, and any change in it (a
    decision recorded, another language) gives a new one at once."""
    from dataclasses import replace

    from django.utils import translation

    from samplan.plantakt.selectors import computed

    data = PeriodInput(
        municipality="5033",
        election_year=2023,
        constituted_on=datetime.date(2023, 10, 19),
        own_items=(engine.OwnItem(7, "Eige møte", datetime.date(2024, 3, 1), "", None),),
    )
    with translation.override("nb"):
        first = computed(data)
        assert first == compute(data)
        assert computed(replace(data, own_items=list(data.own_items))) is first
        decided = replace(data, decisions={"planning_strategy.adopted": datetime.date(2024, 6, 3)})
        changed = computed(decided)
        assert changed == compute(decided)
        assert changed.item("planning_strategy.adopted").done_on == datetime.date(2024, 6, 3)
        assert first.item("planning_strategy.adopted").done_on is None
    with translation.override("nn"):
        nynorsk = computed(data)
        assert nynorsk == compute(data)
    assert nynorsk is not first
    with pytest.raises(PeriodError):
        computed(replace(data, election_year=2024))
