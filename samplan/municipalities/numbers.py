"""Old municipality numbers: which number a municipality had before, and what it has now.

`data/number_history.csv` lists every municipality number that went out of use from 1972 to
1 January 2024 (SSB's classification KLASS 131, see the folder's README and docs/sources.md):
the old number and name, the dates it was valid, the number it went to and the date of the
change. One old number can go to several new ones (a split: 1507 Ålesund → 1508 Ålesund and
1580 Haram in 2024), and a number can change twice (2011 Kautokeino → 5430 in 2020 → 5612 in
2024). `renumbering(number)` follows such chains to today's numbers.

Pure: reads the CSV file once and imports no models.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HISTORY_FILE = Path(__file__).resolve().parent / "data" / "number_history.csv"
COLUMNS = (
    "gammelt_nummer",
    "gammelt_navn",
    "gyldig_fra",
    "gyldig_til",
    "nytt_nummer",
    "nytt_navn",
    "endret",
)


@dataclass(frozen=True)
class Change:
    """One row of the history: `old_number` went (wholly or partly) to `new_number`."""

    old_number: str
    old_name: str
    valid_from: datetime.date | None  # None: in use already in 1971, the earliest version read
    valid_to: datetime.date
    new_number: str
    new_name: str
    changed_on: datetime.date


@dataclass(frozen=True)
class Renumbering:
    """What an old number has become: today's numbers and the first change on the way."""

    number: str
    name: str
    valid_from: datetime.date | None
    changed_on: datetime.date  # the date the number went out of use
    current: tuple[str, ...]  # today's numbers, sorted; several = the municipality was split

    @property
    def is_split(self) -> bool:
        return len(self.current) > 1

    @property
    def last_year(self) -> int:
        """The last year the old number was in use."""
        return self.changed_on.year - 1

    def valid_during(self, first_year: int, last_year: int) -> bool:
        """Whether the old number was in use in some part of the years first_year–last_year."""
        started = self.valid_from.year if self.valid_from else 0
        return started <= last_year and self.last_year >= first_year


class HistoryError(ValueError):
    """The history file is not as described in the data README."""


def _date(text: str, *, optional: bool = False) -> datetime.date | None:
    if not text and optional:
        return None
    return datetime.date.fromisoformat(text)


def read_history(path: Path = HISTORY_FILE) -> tuple[Change, ...]:
    """Every row of the history file, checked. Raises HistoryError."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise HistoryError(f"{path.name}: the columns must be {', '.join(COLUMNS)}")
        changes = []
        for line, row in enumerate(reader, start=2):
            try:
                change = Change(
                    old_number=row["gammelt_nummer"],
                    old_name=row["gammelt_navn"],
                    valid_from=_date(row["gyldig_fra"], optional=True),
                    valid_to=_date(row["gyldig_til"]),  # type: ignore[arg-type]
                    new_number=row["nytt_nummer"],
                    new_name=row["nytt_navn"],
                    changed_on=_date(row["endret"]),  # type: ignore[arg-type]
                )
            except ValueError as error:
                raise HistoryError(f"{path.name} line {line}: {error}") from error
            for number in (change.old_number, change.new_number):
                if len(number) != 4 or not number.isdigit():
                    raise HistoryError(f"{path.name} line {line}: number {number!r}")
            if change.valid_to != change.changed_on - datetime.timedelta(days=1):
                raise HistoryError(f"{path.name} line {line}: valid to must be the day before")
            changes.append(change)
    return tuple(changes)


@lru_cache(maxsize=1)
def _by_old_number() -> dict[str, tuple[Change, ...]]:
    result: dict[str, list[Change]] = {}
    for change in read_history():
        result.setdefault(change.old_number, []).append(change)
    return {number: tuple(changes) for number, changes in result.items()}


def _current(number: str, after: datetime.date, seen: frozenset[str]) -> set[str]:
    """Today's numbers for `number` as it was after the date `after` (following later changes)."""
    if number in seen:
        raise HistoryError(f"number_history.csv: the numbers after {number} go round in a circle")
    later = [c for c in _by_old_number().get(number, ()) if c.changed_on > after]
    if not later:
        return {number}
    first = min(c.changed_on for c in later)
    result: set[str] = set()
    for change in later:
        if change.changed_on == first:
            result |= _current(change.new_number, first, seen | {number})
    return result


def renumbering(number: str) -> Renumbering | None:
    """What the old municipality number `number` is today; None if it is not an old number."""
    changes = _by_old_number().get(number.strip())
    if not changes:
        return None
    latest = max(c.changed_on for c in changes)
    last = [c for c in changes if c.changed_on == latest]
    current: set[str] = set()
    for change in last:
        current |= _current(change.new_number, latest, frozenset({change.old_number}))
    return Renumbering(
        number=last[0].old_number,
        name=last[0].old_name,
        valid_from=last[0].valid_from,
        changed_on=latest,
        current=tuple(sorted(current)),
    )


def history() -> tuple[Change, ...]:
    """All rows, in file order (for checks and documentation)."""
    return tuple(change for changes in _by_old_number().values() for change in changes)
