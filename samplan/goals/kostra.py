"""The KOSTRA functions of the municipalities' accounts (funksjonskontoplanen), shipped as data
(data/kostra_funksjoner.csv; its source is in docs/sources.md). Pure: reads the file only."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "kostra_funksjoner.csv"


@cache
def functions() -> dict[str, str]:
    """Function number (three digits) → its name."""
    with DATA.open(encoding="utf-8", newline="") as file:
        return {row["funksjon"]: row["navn"] for row in csv.DictReader(file, delimiter=";")}


def function_name(number: str) -> str:
    return functions().get(number, "")
