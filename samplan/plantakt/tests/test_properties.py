"""Property tests: whatever the inputs, no legal requirement falls after its legal limit (and no
minimum consultation period is cut short). The limits are restated here from the law as
docs/sources.md gives it, independently of the engine's own `legal_latest` fields."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from samplan.plantakt import engine

D = datetime.date
DAY = datetime.timedelta(days=1)

ELECTION_YEARS = st.sampled_from(list(range(2011, 2060, 4)))

DECIDABLE = [
    "planning_strategy.start",
    "planning_strategy.adopted",
    "master_plan.notice_of_start",
    "master_plan.programme_consultation",
    "master_plan.programme_adopted",
    "master_plan.draft_public",
    "master_plan.draft_consultation",
]


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@st.composite
def period_inputs(draw: st.DrawFn) -> engine.PeriodInput:
    year = draw(ELECTION_YEARS)
    election = engine.second_monday_of_september(year)
    constituted = draw(
        st.one_of(st.none(), st.dates(min_value=election + DAY, max_value=D(year, 10, 31)))
    )
    keys = draw(st.lists(st.sampled_from(DECIDABLE), unique=True))
    decisions = {
        key: draw(st.dates(min_value=D(year, 1, 1), max_value=D(year + 4, 12, 31))) for key in keys
    }
    budget_years = draw(st.lists(st.integers(year + 1, year + 4), unique=True))
    for budget_year in budget_years:
        decisions[f"budget.{budget_year}"] = draw(
            st.dates(min_value=D(budget_year - 1, 10, 1), max_value=D(budget_year, 2, 28))
        )
    return engine.PeriodInput(
        municipality="5033",
        election_year=year,
        election_date=election,
        constituted_on=constituted,
        revise_master_plan=draw(st.booleans()),
        decisions=decisions,
    )


def ref(period: engine.Period, key: str) -> datetime.date:
    item = period.item(key)
    return item.done_on or item.date


@settings(max_examples=300, deadline=None)
@given(period_inputs())
def test_no_legal_requirement_falls_after_its_legal_limit(data: engine.PeriodInput) -> None:
    period = engine.compute(data)
    year = data.election_year
    constituted = data.constituted_on or D(year, 10, 31)
    limits: dict[str, datetime.date] = {
        "council.constitution": D(year, 10, 31),
        "planning_strategy.adopted": one_year_after(constituted),
        "planning_strategy.draft_public": ref(period, "planning_strategy.adopted")
        - datetime.timedelta(days=30),
        "public_health.overview": ref(period, "planning_strategy.start"),
    }
    for budget_year in range(year + 1, year + 5):
        limits[f"budget.{budget_year}"] = D(budget_year - 1, 12, 31)
        limits[f"budget_recommendation.{budget_year}"] = ref(
            period, f"budget.{budget_year}"
        ) - datetime.timedelta(days=14)
    for accounts_year in range(year, year + 4):
        limits[f"accounts_presented.{accounts_year}"] = D(accounts_year + 1, 2, 22)
        limits[f"annual_report.{accounts_year}"] = D(accounts_year + 1, 3, 31)
        limits[f"accounts_adopted.{accounts_year}"] = D(accounts_year + 1, 6, 30)

    for item in period.items:
        if item.kind != engine.LOVKRAV:
            continue
        if item.key in limits:
            assert item.date <= limits[item.key], item.key
        if item.date_rule == engine.LATEST:
            assert item.legal_latest is not None and item.date <= item.legal_latest, item.key
        if item.date_rule == engine.EARLIEST:
            assert item.legal_earliest is not None and item.date >= item.legal_earliest, item.key
    # The planning strategy is never later than one year after the constitution.
    assert period.item("planning_strategy.adopted").date <= one_year_after(constituted)


@settings(max_examples=200, deadline=None)
@given(period_inputs())
def test_consultations_are_never_shorter_than_six_weeks(data: engine.PeriodInput) -> None:
    period = engine.compute(data)
    if not data.revise_master_plan:
        return
    pairs = [
        ("master_plan.notice_of_start", "master_plan.programme_consultation"),
        ("master_plan.draft_public", "master_plan.draft_consultation"),
    ]
    for opened, closes in pairs:
        assert period.item(closes).date - ref(period, opened) >= datetime.timedelta(weeks=6)
    programme = period.item("master_plan.programme_adopted")
    assert programme.date > ref(period, "master_plan.programme_consultation")
    adopted = period.item("master_plan.adopted")
    assert adopted.date > ref(period, "master_plan.draft_consultation")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2040, 12, 31)), st.integers(1, 120))
def test_holiday_suggestion_is_never_shorter_and_lands_on_a_working_day(
    start: datetime.date, length: int
) -> None:
    from samplan.plantakt import seasons

    end = start + datetime.timedelta(days=length)
    check = seasons.check_period(start, end)
    if check.suggested is None:
        assert check.overlap_days == 0
        return
    assert check.suggested >= end + datetime.timedelta(days=check.overlap_days)
    assert seasons.is_working_day(check.suggested)
