"""Dates as people write them. The plan import and the command line read the same forms:
19.10.2023, 2023-10-19, 19.10.23 and 19/10/2023."""

from __future__ import annotations

import argparse
import datetime

from django.template.defaultfilters import date as date_filter
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y")
FIRST_YEAR, LAST_YEAR = 1900, 2200


def parse_date(text: str) -> datetime.date:
    """'19.10.2023', '2023-10-19', '19.10.23' or '19/10/2023' → the date. Raises ValueError for
    anything else, an impossible date (31.02.2023) or a year outside 1900–2200."""
    text = text.strip()
    for date_format in DATE_FORMATS:
        try:
            value = datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(text)
        return value
    raise ValueError(text)


def date_argument(text: str) -> datetime.date:
    """An argparse type: a date in one of the forms of `parse_date`, with a message in the
    active language otherwise."""
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(text)s” is not a date; write it as 19.10.2023 or 2023-10-19.") % {"text": text}
        ) from None


# How Samplan writes a date, as the date filter's formats: 04.03.2025 (tables and lists),
# 4. mars 2025 (running text, the month in the active language), 4.3.2025 (short mentions).
NUMERIC = "d.m.Y"
LONG = "j. F Y"
SHORT = "j.n.Y"


def written_date(value: object, date_format: str = LONG) -> str:
    """`value|date:date_format` for Samplan's formats (NUMERIC, LONG, SHORT) written without
    Django's general date formatting (some 25 µs a date, most of a table row's rendering); a
    date and time, a value that is no date or another format through the date filter as before.
    The `dmy` template filter is this with NUMERIC."""
    if type(value) is datetime.date:
        if date_format == NUMERIC:
            return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
        if date_format == LONG:
            return f"{value.day}. {MONTHS[value.month]} {value.year:04d}"
        if date_format == SHORT:
            return f"{value.day}.{value.month}.{value.year:04d}"
    return date_filter(value, date_format)


def period_label(start: int) -> str:
    """An election period of four years from its first year, as the pages write it: 2023–2027."""
    return f"{start}–{start + 4}"
