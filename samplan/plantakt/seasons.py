"""Holiday awareness for consultation periods (høringsperioder).

A consultation that overlaps the summer holiday (July), Christmas or Easter reaches fewer people,
so Samplan warns and suggests a longer period. Norway's public holidays come from the maintained
`holidays` library; the holiday *seasons* around them are Samplan's own convention (docs/sources.md
part 2, docs/plantakt.md): Easter from Palm Sunday to Easter Monday, Christmas from 24 December to
New Year's Day, and summer as the whole of July (not a public holiday, but the common holiday
month).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays

SUMMER = "summer"
CHRISTMAS = "christmas"
EASTER = "easter"


@dataclass(frozen=True)
class Season:
    """One holiday season in one year."""

    key: str
    start: datetime.date
    end: datetime.date

    def overlap_days(self, start: datetime.date, end: datetime.date) -> int:
        first = max(start, self.start)
        last = min(end, self.end)
        return max(0, (last - first).days + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[datetime.date, str]:
    """Norway's public holidays in `year` (English names, from the `holidays` library)."""
    return dict(holidays.Norway(years=year, language="en_US"))


def _named(year: int, name: str) -> datetime.date:
    for day, holiday_name in public_holidays(year).items():
        if holiday_name == name:
            return day
    raise LookupError(f"{name} not found in Norway's holidays for {year}")


def seasons(year: int) -> list[Season]:
    """The holiday seasons that start in `year`."""
    easter_monday = _named(year, "Easter Monday")
    palm_sunday = _named(year, "Easter Sunday") - datetime.timedelta(days=7)
    christmas_day = _named(year, "Christmas Day")
    new_year = _named(year + 1, "New Year's Day")
    return [
        Season(EASTER, palm_sunday, easter_monday),
        Season(SUMMER, datetime.date(year, 7, 1), datetime.date(year, 7, 31)),
        Season(CHRISTMAS, christmas_day - datetime.timedelta(days=1), new_year),
    ]


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def previous_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class HolidayCheck:
    """Which seasons a period overlaps, by how many days, and a suggested new boundary: a later
    end (`extend="end"`) or an earlier start (`extend="start"`, when the end is a fixed meeting).
    """

    seasons: tuple[str, ...]
    overlap_days: int
    suggested: datetime.date | None


def _overlap(start: datetime.date, end: datetime.date, hit: list[str]) -> int:
    total = 0
    for year in range(start.year - 1, end.year + 1):
        for season in seasons(year):
            days = season.overlap_days(start, end)
            if days:
                total += days
                if season.key not in hit:
                    hit.append(season.key)
    return total


def check_period(start: datetime.date, end: datetime.date, *, extend: str = "end") -> HolidayCheck:
    """Check a consultation period from `start` to `end` (both inclusive).

    The suggestion lengthens the period by the overlapping holiday days (repeatedly, since the
    longer period may reach another season) and lands on a working day.
    """
    if end < start:
        return HolidayCheck((), 0, None)
    hit: list[str] = []
    counted = 0
    new_start, new_end = start, end
    for _round in range(6):
        overlap = _overlap(new_start, new_end, hit)
        if overlap == counted:
            break
        counted = overlap
        if extend == "start":
            new_start = start - datetime.timedelta(days=overlap)
        else:
            new_end = end + datetime.timedelta(days=overlap)
    if not hit:
        return HolidayCheck((), 0, None)
    if extend == "start":
        return HolidayCheck(tuple(hit), counted, previous_working_day(new_start))
    return HolidayCheck(tuple(hit), counted, next_working_day(new_end))
