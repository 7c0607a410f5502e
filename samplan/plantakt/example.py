"""Example plan calendar for the example workspace (Tydal, 5033): the period 2023–2027 with the
constitution date, a recorded planning strategy decision, a few own items and a completed one.

Made up; labelled "Eksempeldata" in the UI through the workspace's is_example flag.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from samplan.municipalities.example import in_municipality_language
from samplan.municipalities.models import Municipality

from .models import ItemDecision, MunicipalityPeriod, OwnItem

EXAMPLE_YEAR = 2023

OWN_ITEMS = [
    (
        "Eksempeldata: Strategikonferanse for formannskapet",
        datetime.date(2025, 4, 24),
        "Vårkonferanse om handlings- og økonomiplanen.",
        datetime.date(2025, 4, 24),
    ),
    (
        "Eksempeldata: Innbyggermøte om samfunnsdelen",
        datetime.date(2026, 3, 12),
        "Åpent møte i Ås samfunnshus.",
        None,
    ),
    (
        "Eksempeldata: Oppdatere kunnskapsgrunnlaget før valget",
        datetime.date(2027, 5, 31),
        "Folketall, næring, bolig og folkehelse.",
        None,
    ),
]

DECISIONS = {
    "planning_strategy.start": datetime.date(2023, 11, 28),
    "public_health.overview": datetime.date(2023, 11, 20),
    "planning_strategy.draft_public": datetime.date(2024, 5, 3),
    "planning_strategy.adopted": datetime.date(2024, 6, 13),
    "council.delegation_regulation": datetime.date(2024, 12, 12),
    # The master plan revision: the programme is adopted; the draft is not yet out. Its
    # consultation then falls in July, so the list shows a holiday warning.
    "master_plan.notice_of_start": datetime.date(2024, 9, 5),
    "master_plan.programme_consultation": datetime.date(2024, 10, 18),
    "master_plan.programme_adopted": datetime.date(2024, 11, 14),
}
# The budget and accounts of 2023–2025 were handled in time.
for _year in (2024, 2025, 2026):
    DECISIONS[f"budget_recommendation.{_year}"] = datetime.date(_year - 1, 11, 28)
    DECISIONS[f"budget.{_year}"] = datetime.date(_year - 1, 12, 12)
for _year in (2023, 2024, 2025):
    DECISIONS[f"accounts_presented.{_year}"] = datetime.date(_year + 1, 2, 20)
    DECISIONS[f"annual_report.{_year}"] = datetime.date(_year + 1, 3, 27)
    DECISIONS[f"auditor_report.{_year}"] = datetime.date(_year + 1, 4, 14)
    DECISIONS[f"accounts_adopted.{_year}"] = datetime.date(_year + 1, 6, 19)


@transaction.atomic
@in_municipality_language
def example_plantakt_create(municipality: Municipality) -> int:
    """Create (or update) the example period. Idempotent; returns the number of own items."""
    MunicipalityPeriod.objects.update_or_create(
        municipality=municipality,
        election_year=EXAMPLE_YEAR,
        defaults={"constituted_on": datetime.date(2023, 10, 19), "revise_master_plan": True},
    )
    for key, decided_on in DECISIONS.items():
        ItemDecision.objects.update_or_create(
            municipality=municipality,
            election_year=EXAMPLE_YEAR,
            item_key=key,
            defaults={"decided_on": decided_on},
        )
    for title, date, description, done_on in OWN_ITEMS:
        item = OwnItem.objects.filter(
            municipality=municipality, election_year=EXAMPLE_YEAR, title=title
        ).first() or OwnItem(municipality=municipality, election_year=EXAMPLE_YEAR, title=title)
        item.date = date
        item.description = description
        item.done_on = done_on
        item.full_clean()
        item.save()
    return len(OWN_ITEMS)
