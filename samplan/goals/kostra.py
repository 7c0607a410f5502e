"""The KOSTRA functions of the municipalities' accounts (funksjonskontoplanen), shipped as data
(data/kostra_funksjoner.csv; its source is in docs/sources.md). Pure: reads the file only.

A row with a year in `utgått` is a function that has left the list: from that reporting year a
municipality may no longer report it, and `erstattet_av` names the functions that took over its
costs (space-separated, empty when none did). Such a function is not in `functions()` but keeps
its name, so last year's budget lines are still named (`function_name`) and explained
(`expired`)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "kostra_funksjoner.csv"


@dataclass(frozen=True)
class Expired:
    """A function that has left the list: the first reporting year it may not be used in, and
    the functions that took over its costs (none when the costs go back to the functions served)."""

    number: str
    name: str
    year: int
    successors: tuple[str, ...]


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with DATA.open(encoding="utf-8", newline="") as file:
        return tuple(csv.DictReader(file, delimiter=";"))


@cache
def functions() -> dict[str, str]:
    """Function number (three digits) → its name, for the functions in use."""
    return {row["funksjon"]: row["navn"] for row in _rows() if not row["utgått"]}


@cache
def expired_functions() -> dict[str, Expired]:
    """Function number → the function that has left the list, the year and its successors."""
    return {
        row["funksjon"]: Expired(
            row["funksjon"], row["navn"], int(row["utgått"]), tuple(row["erstattet_av"].split())
        )
        for row in _rows()
        if row["utgått"]
    }


def expired(number: str) -> Expired | None:
    return expired_functions().get(number)


def function_name(number: str) -> str:
    """The name of a function in use or of one that has left the list ("" when unknown)."""
    old = expired(number)
    return functions().get(number, old.name if old else "")
