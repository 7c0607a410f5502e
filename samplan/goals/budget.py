"""Reading a budget and økonomiplan file from the accounting system (pure: text in, checked rows
out; nothing here touches the database).

Municipal systems export one row per ansvar/funksjon/art/prosjekt with an amount per year. The
columns are found by their headers (`guess_mapping`), and the planner may map them by hand. Each
row is checked on its own and gets its messages: an unknown KOSTRA function or text in an amount
is an error; a function that has left the KOSTRA list (e.g. 254 from 2024, last year's file) is
read with a warning naming what replaced it, and the file gets one note per such function; a
totals row is skipped; thousands separators (space or dot), a decimal comma, a minus sign or
parentheses (income) are read; a year without a column is empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .kostra import expired, functions

KEY_FIELDS = ("ansvar", "funksjon", "art", "prosjekt")
TEXT_FIELDS = (*KEY_FIELDS, "beskrivelse")
HEADER_SYNONYMS = {
    "ansvar": ("ansvar", "ansvarsnr", "ansvarsnummer", "ansvarssted", "ansvarleg"),
    "funksjon": ("funksjon", "kostra", "kostrafunksjon", "kostra-funksjon", "funksjonsnr"),
    "art": ("art", "kontoart", "artskonto", "konto"),
    "prosjekt": ("prosjekt", "prosjektnr", "prosjektnummer", "prosj"),
    "beskrivelse": ("beskrivelse", "tekst", "navn", "namn", "kontotekst", "forklaring"),
}
TOTAL_WORDS = ("sum", "total", "totalt", "i alt", "sammendrag")
HEADER_SEARCH_ROWS = 15
MAX_ROWS = 5000
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(frozen=True)
class Mapping:
    """Which column (index) holds each field and each plan year (None: not in the file)."""

    fields: dict[str, int | None]
    years: dict[int, int | None]


@dataclass
class Row:
    number: int
    cells: dict[str, str] = field(default_factory=dict)
    amounts: list[int | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: bool = False

    @property
    def key(self) -> tuple[str, str, str, str]:
        return tuple(self.cells.get(name, "") for name in KEY_FIELDS)  # type: ignore[return-value]

    def as_data(self) -> dict:
        return {
            "number": self.number,
            "cells": self.cells,
            "amounts": self.amounts,
            "notes": self.notes,
        }


@dataclass
class Parsed:
    header_row: int
    headers: list[str]
    mapping: Mapping
    rows: list[Row]
    notes: list[str] = field(default_factory=list)

    @property
    def good(self) -> list[Row]:
        return [row for row in self.rows if not row.skipped and not row.errors]

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def ok(self) -> bool:
        return bool(self.good) and not self.error_count

    def totals(self) -> list[int]:
        """The sum of each plan year over the rows that will be stored."""
        return [
            sum(row.amounts[index] or 0 for row in self.good)
            for index in range(len(self.mapping.years))
        ]


def _norm(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.strip().lower().lstrip("\ufeff")).rstrip(":*").strip()


def find_header(grid: Sequence[Sequence[str]]) -> int:
    """The index of the header row: the first of the first rows that names a function column."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        names = [_norm(cell) for cell in row]
        if any(name in HEADER_SYNONYMS["funksjon"] for name in names):
            return index
    return next((index for index, row in enumerate(grid) if any(row)), 0)


def guess_mapping(headers: Sequence[str], years: Sequence[int]) -> Mapping:
    names = [_norm(cell) for cell in headers]
    fields = {
        name: next((i for i, cell in enumerate(names) if cell in synonyms), None)
        for name, synonyms in HEADER_SYNONYMS.items()
    }
    year_columns: dict[int, int | None] = {}
    for year in years:
        found = [i for i, cell in enumerate(names) if str(year) in _YEAR.findall(cell)]
        year_columns[year] = found[0] if found else None
    return Mapping(fields, year_columns)


def parse_amount(text: str) -> tuple[int | None, str]:
    """An amount in whole kroner and a note; (None, "") for an empty cell. Raises ValueError for
    text that is not a number. Spaces and dots between thousands, a decimal comma, a minus (also
    "−") or parentheses are read; øre are rounded to whole kroner (with a note)."""
    value = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("−", "-")
    value = value.removeprefix("kr").removesuffix("kr").strip()
    if value in ("", "-"):
        return None, ""
    negative = value.startswith("(") and value.endswith(")")
    if negative:
        value = value[1:-1].strip()
    value = value.replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", value):
        value = value.replace(".", "")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+", value):
        value = value.replace(",", "")
    value = value.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise ValueError(text)
    try:
        number = Decimal(value)
    except InvalidOperation as error:
        raise ValueError(text) from error
    whole = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    note = ""
    if whole != number:
        note = _("“%(value)s” has øre; rounded to %(whole)s kr.") % {"value": text, "whole": whole}
    return (-whole if negative else whole), note


def _is_total(cells: dict[str, str], raw: Sequence[str]) -> bool:
    if cells.get("funksjon"):
        return False
    text = " ".join(cell.lower() for cell in raw if cell)
    return any(re.search(rf"(?<!\w){re.escape(word)}", text) for word in TOTAL_WORDS)


def _cell(raw: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(raw):
        return ""
    return raw[index].strip()


def _successors(numbers: Sequence[str]) -> str:
    if len(numbers) == 1:
        return numbers[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(numbers[:-1]), "last": numbers[-1]}


def _old(function: str) -> dict[str, object]:
    old = expired(function)
    assert old is not None
    return {"function": old.number, "name": old.name, "year": old.year}


def _use_instead(function: str) -> str:
    old = expired(function)
    if not old or not old.successors:
        return ""
    return " " + _("Use %(successors)s instead.") % {"successors": _successors(old.successors)}


def expired_note(function: str) -> str:
    """The warning on a line with a function that has left the KOSTRA list: the year it left,
    what replaced it, and that the line is read as it is."""
    return (
        _("%(function)s (%(name)s) left the KOSTRA list in %(year)s.") % _old(function)
        + _use_instead(function)
        + " "
        + _("The line is read as it is; change the function in the accounting system.")
    )


def expired_summary(function: str, count: int) -> str:
    """The note on the whole file for the lines with a function that has left the list."""
    text = ngettext(
        "%(count)s line uses %(function)s (%(name)s) and is read as it is, but the function left "
        "the KOSTRA list in %(year)s.",
        "%(count)s lines use %(function)s (%(name)s) and are read as they are, but the function "
        "left the KOSTRA list in %(year)s.",
        count,
    ) % {"count": count, **_old(function)}
    return text + _use_instead(function) + " " + _("Change the function in the accounting system.")


def read_row(number: int, raw: Sequence[str], mapping: Mapping) -> Row:
    row = Row(number=number)
    row.cells = {name: _cell(raw, mapping.fields.get(name)) for name in TEXT_FIELDS}
    if _is_total(row.cells, raw):
        row.skipped = True
        row.notes.append(_("A totals row: not read (the sums are computed)."))
        return row
    function = row.cells["funksjon"]
    if not function:
        row.errors.append(_("No KOSTRA function."))
    elif function not in functions() and expired(function):
        row.notes.append(expired_note(function))
    elif function not in functions():
        row.errors.append(
            _("“%(function)s” is not a KOSTRA function (three digits, e.g. 202).")
            % {"function": function}
        )
    for year, index in mapping.years.items():
        text = _cell(raw, index)
        try:
            amount, note = parse_amount(text)
        except ValueError:
            row.errors.append(
                _("The amount for %(year)s is not a number: “%(value)s”.")
                % {"year": year, "value": text[:40]}
            )
            amount, note = None, ""
        row.amounts.append(amount)
        if note:
            row.notes.append(note)
    if not row.errors and all(amount is None for amount in row.amounts):
        row.notes.append(_("No amounts."))
    return row


def parse(
    grid: Sequence[Sequence[str]], years: Sequence[int], mapping: Mapping | None = None
) -> Parsed:
    """Check every row of a budget file for the plan years `years`."""
    header_index = find_header(grid)
    headers = [str(cell) for cell in grid[header_index]] if grid else []
    mapping = mapping or guess_mapping(headers, years)
    parsed = Parsed(header_index + 1, headers, mapping, [])
    if mapping.fields.get("funksjon") is None:
        parsed.notes.append(_("Choose the column that holds the KOSTRA function."))
    for year, index in mapping.years.items():
        if index is None:
            parsed.notes.append(
                _("No column for %(year)s: the amounts for %(year)s are left empty.")
                % {"year": year}
            )
    seen: dict[tuple[str, ...], Row] = {}
    old_functions: dict[str, int] = {}
    for offset, raw in enumerate(grid[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in raw):
            continue
        row = read_row(offset, raw, mapping)
        parsed.rows.append(row)
        if row.skipped or row.errors:
            continue
        if expired(row.cells["funksjon"]):
            old_functions[row.cells["funksjon"]] = old_functions.get(row.cells["funksjon"], 0) + 1
        first = seen.get(row.key)
        if first is None:
            seen[row.key] = row
            continue
        first.amounts = [_add(a, b) for a, b in zip(first.amounts, row.amounts, strict=True)]
        first.notes.append(_("Row %(row)s has the same line: added here.") % {"row": row.number})
        row.skipped = True
        row.notes.append(_("The same line as row %(row)s: added to it.") % {"row": first.number})
    for function, count in sorted(old_functions.items()):
        parsed.notes.append(expired_summary(function, count))
    return parsed


def _add(a: int | None, b: int | None) -> int | None:
    if a is None and b is None:
        return None
    return (a or 0) + (b or 0)
