"""Holiday awareness for consultation periods (høringsperioder).

A consultation that overlaps the summer holiday (July), Christmas or Easter reaches fewer people,
so Samplan warns and suggests a longer period. Norway's public holidays are the law's: the
helligdager of lov om helligdager og helligdagsfred § 2 (Sundays apart) and the høgtidsdager
1 and 17 May (lov om 1. og 17. mai som høgtidsdager § 1), all but Easter's on fixed dates or at
fixed distances from Easter Sunday, which is computed here (the Gregorian computus). The holiday
*seasons* around them are Samplan's own convention (docs/sources.md part 2, docs/plantakt.md):
Easter from Palm Sunday to Easter Monday, Christmas from 24 December to New Year's Day, and summer
as the whole of July (not a public holiday, but the common holiday month).

No library is used for this: the one used before (`holidays`) loaded every country's calendar,
some 17 MB in each app process, for these twelve days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

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


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus, as in Meeus's
    *Astronomical Algorithms*): the first Sunday after the ecclesiastical full moon on or after
    21 March."""
    golden = year % 19
    century, of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    lunar_correction = (century + 8) // 25
    lunar = (century - lunar_correction + 1) // 3
    moon = (19 * golden + century - leap_centuries - lunar + 15) % 30
    quarters, year_rest = divmod(of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * quarters - moon - year_rest) % 7
    shift = (golden + 11 * moon + 22 * weekday) // 451
    month, day = divmod(moon + weekday - 7 * shift + 114, 31)
    return datetime.date(year, month, day + 1)


# Days after Easter Sunday of the movable holidays (helligdagsfredloven § 2 c–i).
_FROM_EASTER = (
    (-3, "Maundy Thursday"),
    (-2, "Good Friday"),
    (0, "Easter Sunday"),
    (1, "Easter Monday"),
    (39, "Ascension Day"),
    (49, "Pentecost"),
    (50, "Pentecost Monday"),
)
# (month, day) of the fixed ones: helligdagsfredloven § 2 b, j, k and the høgtidsdager.
_FIXED = (
    (1, 1, "New Year's Day"),
    (5, 1, "Labor Day"),
    (5, 17, "Constitution Day"),
    (12, 25, "Christmas Day"),
    (12, 26, "Second Day of Christmas"),
)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[datetime.date, str]:
    """Norway's public holidays in `year` other than Sundays, by date, with English names (when
    two fall on one day, as 17 May on Ascension Day, the names are joined by "; ")."""
    easter = easter_sunday(year)
    days = [(easter + datetime.timedelta(days=offset), name) for offset, name in _FROM_EASTER]
    days += [(datetime.date(year, month, day), name) for month, day, name in _FIXED]
    found: dict[datetime.date, str] = {}
    for day, name in sorted(days):
        found[day] = f"{found[day]}; {name}" if day in found else name
    return found


def seasons(year: int) -> list[Season]:
    """The holiday seasons that start in `year`."""
    easter = easter_sunday(year)
    return [
        Season(EASTER, easter - datetime.timedelta(days=7), easter + datetime.timedelta(days=1)),
        Season(SUMMER, datetime.date(year, 7, 1), datetime.date(year, 7, 31)),
        Season(CHRISTMAS, datetime.date(year, 12, 24), datetime.date(year + 1, 1, 1)),
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
