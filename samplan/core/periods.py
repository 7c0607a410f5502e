"""Election periods: municipal elections are held every fourth year (2019, 2023, 2027, …) and a
period is named by its election year, e.g. 2023 for 2023–2027."""

from __future__ import annotations

import argparse


def is_election_year(year: int) -> bool:
    return 2000 <= year <= 2100 and (year - 2023) % 4 == 0


def period_argument(text: str) -> int:
    """An argparse type: '2023-2027' (or '2023–2027', or just '2023') → 2023."""
    start, _, end = text.replace("–", "-").partition("-")
    try:
        year = int(start)
        if end and int(end) != year + 4:
            raise ValueError
    except ValueError:
        message = f"not an election period: {text!r} (e.g. 2023-2027)"
        raise argparse.ArgumentTypeError(message) from None
    if not is_election_year(year):
        raise argparse.ArgumentTypeError(
            f"not an election period: {text!r} (periods start 2019, 2023, 2027, …)"
        )
    return year
