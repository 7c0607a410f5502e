"""The strategy page and document show plantakt's lateness in days and an unknown constitution
date as missing (issue 13 parts 3 and 4)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from samplan.documents.content import Table
from samplan.strategy import services
from samplan.strategy.documents import strategy_document

D = datetime.date


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2025, 2, 1, 12, 0), tick=False):
        yield


def test_the_strategy_page_prompts_for_the_constitution_date(client, personas):
    services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    client.force_login(personas.editor)
    page = client.get(reverse("strategy:detail", args=["5033", 2023])).content.decode()
    assert "Konstitueringsdato mangler" in page
    assert "registrer den" in page
    assert "senest mulige dato, regnet fra 31. oktober" in page


def test_a_late_adoption_shows_its_days_on_the_page_and_in_the_document(client, personas):
    strategy = services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )
    strategy.public_from = D(2024, 10, 1)
    strategy.council_meeting = D(2024, 11, 7)
    strategy.adopted_on = D(2024, 11, 7)
    strategy.status = "vedtatt"
    strategy.master_plan_decision = "videreføre"
    services.strategy_save(strategy=strategy, constituted_on=D(2023, 10, 19))

    client.force_login(personas.reader)
    page = client.get(reverse("strategy:detail", args=["5033", 2023])).content.decode()
    assert "07.11.2024 (19 dager etter fristen)" in page
    assert "01.10.2024 (innen fristen)" in page

    tables = [
        block for block in strategy_document(strategy, "nb").blocks if isinstance(block, Table)
    ]
    done = {row[1]: row[4] for table in tables if len(table.header) == 5 for row in table.rows}
    assert done["Planstrategien vedtatt av kommunestyret"] == (
        "Gjort 07.11.2024, 19 dager etter fristen"
    )
    assert done["Forslag til planstrategi offentliggjort"] == "Gjort 01.10.2024, innen fristen"


def test_strategy_rules_with_a_missing_constitution_date_use_the_latest_possible_date():
    from samplan.strategy import rules

    def findings(decided: datetime.date) -> list[str]:
        return [
            finding.message
            for finding in rules.date_findings(
                constitution=D(2023, 10, 31),
                constitution_known=False,
                public_from=None,
                council_meeting=decided,
                adopted_on=None,
            )
        ]

    # Before 31 October the council may well have been constituted already: not judged.
    assert findings(D(2023, 10, 20)) == []
    assert findings(D(2024, 10, 31)) == []
    (message,) = findings(D(2024, 11, 5))
    assert "Konstitueringsdato mangler" in message and "31.10.2024" in message


def test_a_year_only_next_revision_is_recognised_on_the_plan():
    from samplan.plans.models import Plan

    assert Plan(next_revision_override=D(2026, 1, 1)).next_revision_year_only
    assert not Plan(next_revision_override=D(2026, 3, 1)).next_revision_year_only
    computed = Plan(adopted_year=2014, revision_interval_years=12)
    computed.next_revision_computed = computed.compute_next_revision()
    assert computed.next_revision_year_only
    dated = Plan(adopted_year=2014, adopted_date=D(2014, 5, 2), revision_interval_years=12)
    dated.next_revision_computed = dated.compute_next_revision()
    assert not dated.next_revision_year_only
