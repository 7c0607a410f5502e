"""Plantakt data for the browser tests: Tydal's example period 2023–2027."""

from __future__ import annotations

from typing import Any

KNR = "5033"
BASE = f"/kommune/{KNR}/plantakt/"
PERIOD = 2023


def example_period(municipality: Any) -> None:
    from tests.snapshot import example_data

    example_data("plantakt", municipality)


def editor(site: Any) -> None:
    """The example period in Tydal, and the editor logged in."""
    example_period(site.personas.municipality)
    site.login_as(site.personas.editor)


def own_item(title_start: str = "Eksempeldata: Innbyggermøte") -> Any:
    from samplan.plantakt.models import OwnItem

    return OwnItem.objects.get(title__startswith=title_start)
