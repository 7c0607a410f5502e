"""Election periods: municipal elections are held every fourth year (2019, 2023, 2027, …) and a
period is named by its election year, e.g. 2023 for 2023–2027."""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _


def is_election_year(year: int) -> bool:
    return 2000 <= year <= 2100 and (year - 2023) % 4 == 0


def period_argument(text: str) -> int:
    """An argparse type: '2023-2027' (or '2023–2027', or just '2023') → 2023."""
    start, _dash, end = text.replace("–", "-").partition("-")
    try:
        year = int(start)
        if end and int(end) != year + 4:
            raise ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(text)s” is not an election period; write it like 2023-2027.") % {"text": text}
        ) from None
    if not is_election_year(year):
        raise argparse.ArgumentTypeError(
            _("“%(text)s” is not an election period; periods start 2019, 2023, 2027 …")
            % {"text": text}
        )
    return year
