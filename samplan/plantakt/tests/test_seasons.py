"""Holiday awareness: consultations overlapping July, Christmas or Easter get a warning and a
longer period; Norway's public holidays are computed from the law's rules."""

from __future__ import annotations

import datetime

from samplan.plantakt import engine, seasons

D = datetime.date


def test_easter_sunday_follows_the_gregorian_computus():
    # Known dates, among them 2076, the year the law's old wording ("20 March in a leap year")
    # would have put Easter on 22 March instead of 19 April (Prop. 81 L (2010–2011) chapter 5).
    known = {1818: D(1818, 3, 22), 1943: D(1943, 4, 25), 2024: D(2024, 3, 31)}
    known |= {2025: D(2025, 4, 20), 2026: D(2026, 4, 5), 2038: D(2038, 4, 25), 2076: D(2076, 4, 19)}
    assert {year: seasons.easter_sunday(year) for year in known} == known
    # dateutil (a development dependency) computes it another way, over its whole range.
    from dateutil.easter import easter

    assert all(seasons.easter_sunday(year) == easter(year) for year in range(1583, 4100))


def test_public_holidays_are_the_law_s_twelve_days_as_the_holidays_library_has_them():
    # The `holidays` library (a development dependency since Samplan computes them itself)
    # covers 1950–2100: every year's days and names are the same.
    import holidays

    for year in range(1950, 2101):
        expected = dict(holidays.Norway(years=year, language="en_US"))
        assert seasons.public_holidays(year) == expected, year
    # 2007: Ascension Day fell on 17 May; one day, both names.
    assert seasons.public_holidays(2007)[D(2007, 5, 17)] == "Ascension Day; Constitution Day"
    assert len(seasons.public_holidays(2026)) == 12


def test_no_app_process_loads_the_holidays_library():
    import subprocess
    import sys

    code = (
        "import sys; from samplan.plantakt import seasons; seasons.check_period("
        "__import__('datetime').date(2026, 7, 1), __import__('datetime').date(2026, 8, 1)); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('holidays', 'dateutil')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_easter_and_christmas_seasons():
    by_key = {season.key: season for season in seasons.seasons(2024)}
    # Easter Sunday 2024 was 31 March: Palm Sunday 24 March to Easter Monday 1 April.
    assert (by_key["easter"].start, by_key["easter"].end) == (D(2024, 3, 24), D(2024, 4, 1))
    assert (by_key["christmas"].start, by_key["christmas"].end) == (D(2024, 12, 24), D(2025, 1, 1))
    assert (by_key["summer"].start, by_key["summer"].end) == (D(2024, 7, 1), D(2024, 7, 31))


def test_a_consultation_in_july_gets_a_warning_and_a_longer_deadline():
    check = seasons.check_period(D(2025, 6, 16), D(2025, 7, 28))
    assert check.seasons == ("summer",)
    # 28 days of July are inside; the longer period then covers all 31 days of July, so the
    # suggestion is 28 July + 31 days = 28 August 2025 (a Thursday).
    assert check.overlap_days == 31
    assert check.suggested == D(2025, 8, 28)


def test_the_suggestion_counts_the_holiday_days_the_longer_period_reaches():
    # Six weeks from 1 July end on 12 August: 31 days of July; the suggestion does not grow further.
    check = seasons.check_period(D(2026, 7, 1), D(2026, 8, 12))
    assert check.overlap_days == 31
    assert check.suggested == D(2026, 9, 14)  # 12 Aug + 31 = 12 Sep (Sat) → Monday 14 Sep


def test_a_consultation_over_christmas_and_new_year_is_warned():
    check = seasons.check_period(D(2024, 12, 2), D(2025, 1, 13))
    assert check.seasons == ("christmas",)
    assert check.overlap_days == 9


def test_a_consultation_over_easter_is_warned():
    check = seasons.check_period(D(2025, 3, 10), D(2025, 4, 21))
    assert check.seasons == ("easter",)
    assert check.overlap_days == 9  # Palm Sunday 13 April to Easter Monday 21 April 2025


def test_a_consultation_outside_holidays_gets_no_warning():
    check = seasons.check_period(D(2025, 9, 1), D(2025, 10, 13))
    assert check == seasons.HolidayCheck((), 0, None)


def test_a_fixed_council_meeting_gets_an_earlier_publication_suggestion():
    check = seasons.check_period(D(2024, 7, 5), D(2024, 8, 4), extend="start")
    assert check.seasons == ("summer",)
    assert check.suggested is not None and check.suggested < D(2024, 7, 5)
    assert seasons.is_working_day(check.suggested)


def test_engine_attaches_the_warning_to_the_planning_programme_consultation():
    result = engine.compute(
        engine.PeriodInput(
            municipality="5033",
            election_year=2023,
            revise_master_plan=True,
            decisions={"master_plan.notice_of_start": D(2025, 6, 20)},
        )
    )
    item = result.item("master_plan.programme_consultation")
    assert item.holiday is not None
    assert item.holiday.seasons == ("summer",)
    assert item.holiday.moves == "end"
    assert item.holiday.suggested > item.date
    assert result.item("budget.2025").holiday is None
