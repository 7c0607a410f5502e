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


def written_date(value: object, month_name: bool = True) -> str:
    """`date:"j. F Y"` (3. desember 2026, the month in the active language) or, without
    `month_name`, `date:"j.n.Y"` (3.12.2026), for a date written without Django's general date
    formatting (some 25 µs a date); anything else through the date filter as before."""
    if type(value) is not datetime.date:
        return date_filter(value, "j. F Y" if month_name else "j.n.Y")
    if month_name:
        return f"{value.day}. {MONTHS[value.month]} {value.year:04d}"
    return f"{value.day}.{value.month}.{value.year:04d}"


def period_label(start: int) -> str:
    """An election period of four years from its first year, as the pages write it: 2023–2027."""
    return f"{start}–{start + 4}"
