"""Statistics data shared by the accessibility table and the statistics flows."""

from __future__ import annotations

from typing import Any

KNR = "5033"  # Tydal, the personas' municipality
FIGURES = f"/kommune/{KNR}/statistikk/"
CHALLENGES = f"/kommune/{KNR}/utfordringsbilde/"


def snapshot() -> None:
    """The SSB snapshot shipped with Samplan (the live-server database is emptied per test)."""
    from samplan.stats.snapshot import snapshot_load

    snapshot_load()


def refreshed(municipality: Any) -> None:
    """The snapshot plus births, deaths, migration and a projection "fetched" from SSB.

    The SSB answers come from httpx.MockTransport with constructed test values (see
    samplan/stats/tests/conftest.py); no network is used.
    """
    import httpx

    from samplan.stats import services
    from samplan.stats.ssb import SsbClient
    from samplan.stats.tests.conftest import ssb_answer

    snapshot()
    client = SsbClient(transport=httpx.MockTransport(ssb_answer()), sleep=lambda s: None)
    with client:
        services.refresh(services.regions_for(municipality), client=client)
