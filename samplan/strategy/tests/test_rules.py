"""The date rules of PBL § 10-1 and KL § 7-1 against the dates of the 2019–2023 and 2023–2027
periods (docs/sources.md 1.1, 1.2), including what moves when a date is entered."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samplan.strategy import rules

D = datetime.date


def findings(**dates: object) -> list[rules.DateFinding]:
    defaults = {"public_from": None, "council_meeting": None, "adopted_on": None}
    return rules.date_findings(**{**defaults, **dates})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("constitution", "deadline"),
    [
        (D(2019, 10, 31), D(2020, 10, 31)),  # 2019–2023: latest legal constitution
        (D(2023, 10, 19), D(2024, 10, 19)),  # 2023–2027: constituted 19 Oct
        (D(2023, 10, 31), D(2024, 10, 31)),
    ],
)
def test_adoption_deadline_is_one_year_after_the_constitution(constitution, deadline):
    assert rules.adoption_deadline(constitution) == deadline


def test_adoption_deadline_of_a_leap_day_falls_back_to_28_february():
    assert rules.adoption_deadline(D(2024, 2, 29)) == D(2025, 2, 28)


def test_latest_public_display_is_30_days_before_the_meeting():
    assert rules.latest_public_display(D(2024, 6, 20)) == D(2024, 5, 21)


def test_dates_that_keep_the_rules_give_no_findings():
    assert (
        findings(
            constitution=D(2023, 10, 19),
            public_from=D(2024, 5, 21),
            council_meeting=D(2024, 6, 20),
            adopted_on=D(2024, 6, 20),
        )
        == []
    )


def test_29_days_of_public_display_is_too_short():
    [finding] = findings(
        constitution=D(2023, 10, 19), public_from=D(2024, 5, 22), council_meeting=D(2024, 6, 20)
    )
    assert finding.field == "public_from"
    assert "29" in finding.message and "21.05.2024" in finding.message


def test_moving_the_council_meeting_moves_the_latest_public_date():
    early = findings(
        constitution=D(2023, 10, 19), public_from=D(2024, 5, 22), council_meeting=D(2024, 6, 20)
    )
    later = findings(
        constitution=D(2023, 10, 19), public_from=D(2024, 5, 22), council_meeting=D(2024, 6, 21)
    )
    assert early and not later


def test_adopting_after_a_year_is_too_late_and_depends_on_the_constitution_date():
    too_late = findings(constitution=D(2023, 10, 19), council_meeting=D(2024, 10, 24))
    assert [finding.field for finding in too_late] == ["council_meeting"]
    assert "19.10.2024" in too_late[0].message
    # Constituted later (31 October): the same meeting is in time.
    assert findings(constitution=D(2023, 10, 31), council_meeting=D(2024, 10, 24)) == []


def test_the_adoption_date_is_judged_when_it_is_entered():
    [finding] = findings(
        constitution=D(2019, 10, 31), council_meeting=D(2020, 10, 1), adopted_on=D(2020, 11, 2)
    )
    assert finding.field == "adopted_on"


def test_deciding_before_the_constitution_or_before_publication_is_impossible():
    fields = {
        finding.field
        for finding in findings(
            constitution=D(2023, 10, 19), public_from=D(2024, 3, 1), adopted_on=D(2023, 10, 1)
        )
    }
    assert fields == {"adopted_on", "public_from"}


@given(
    constitution=st.dates(D(2019, 9, 1), D(2031, 10, 31)),
    public_offset=st.integers(-400, 400),
    meeting_offset=st.integers(-100, 800),
)
def test_no_decision_date_breaking_a_rule_goes_unreported(
    constitution, public_offset, meeting_offset
):
    public_from = constitution + datetime.timedelta(days=public_offset)
    meeting = constitution + datetime.timedelta(days=meeting_offset)
    reported = findings(constitution=constitution, public_from=public_from, council_meeting=meeting)
    breaks_display = (meeting - public_from).days < rules.PUBLIC_DISPLAY_DAYS
    breaks_deadline = meeting > rules.adoption_deadline(constitution)
    breaks_order = meeting < constitution
    assert bool(reported) == (breaks_display or breaks_deadline or breaks_order)
