"""Statistics data shared by the accessibility table and the statistics flows."""

from __future__ import annotations

from typing import Any

KNR = "5033"  # Tydal, the personas' municipality
FIGURES = f"/kommune/{KNR}/statistikk/"
CHALLENGES = f"/kommune/{KNR}/utfordringsbilde/"


def snapshot(municipality: Any = None) -> None:
    """The SSB snapshot shipped with Samplan."""
    from samplan.municipalities.models import Municipality
    from tests.snapshot import example_data

    example_data("ssb", municipality or Municipality.objects.get(number=KNR))


def refreshed(municipality: Any) -> None:
    """The snapshot plus births, deaths, migration and a projection "fetched" from SSB (answers
    built by samplan/stats/tests/conftest.py; no network is used)."""
    from tests.snapshot import example_data

    example_data("ssb-refreshed", municipality)
