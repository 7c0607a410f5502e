"""Plan-register data shared by the accessibility table and the plan flows."""

from __future__ import annotations

import csv
import io
from typing import Any

KNR = "5033"  # Tydal, the personas' municipality and the example register's
PLANS = f"/kommune/{KNR}/planer/"
CLEANUP = f"/kommune/{KNR}/rydding/"
EXAMPLE_PERIOD = 2023  # the example register's decisions are for 2023–2027

COLUMNS = [
    "id", "tittel", "plantype", "status", "vedtatt", "vedtatt_av", "revisjonsintervall_aar",
    "neste_revisjon", "ansvarlig_enhet", "ansvarlig_person", "sider", "lenke", "tema",
    "baerekraftsmaal", "overordnet_plan", "i_okonomiplan",
]  # fmt: skip
COMMUNITY_PART = "Kommuneplanens samfunnsdel 2024–2036"
GOOD_ROWS = [
    {
        "id": "B-1", "tittel": COMMUNITY_PART, "plantype": "KP", "status": "gjeldende",
        "vedtatt": "2024", "vedtatt_av": "kommunestyret", "revisjonsintervall_aar": "4",
        "ansvarlig_enhet": "Plan og utvikling", "ansvarlig_person": "Kari Nordmann",
        "sider": "42", "lenke": "https://www.example.no/samfunnsdel.pdf",
        "tema": "folkehelse; næring", "baerekraftsmaal": "3; 8", "i_okonomiplan": "Ja",
    },
    {
        "id": "B-2", "tittel": "Trafikksikkerhetsplan for Tydal", "plantype": "TP",
        "vedtatt": "12.06.2022", "revisjonsintervall_aar": "4", "ansvarlig_enhet": "Teknisk drift",
        "sider": "20", "tema": "trafikk", "baerekraftsmaal": "3",
        "overordnet_plan": COMMUNITY_PART, "i_okonomiplan": "x",
    },
]  # fmt: skip
# Row 3 (the header is row 1) names a plan type that does not exist.
BAD_ROWS = [GOOD_ROWS[0], {**GOOD_ROWS[1], "plantype": "Ukjent plantype"}]
BAD_ROW_NUMBER = "3"
BAD_COLUMN = "Plantype (plantype)"  # as the import report names it


def csv_file(rows: list[dict[str, str]], name: str = "planregister.csv") -> dict[str, Any]:
    """A file for Playwright's set_input_files: semicolon CSV, as Norwegian Excel saves it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return {"name": name, "mimeType": "text/csv", "buffer": out.getvalue().encode("utf-8")}


def example_register(municipality: Any) -> dict[str, Any]:
    """Tydal's example register (36 plans, decisions for 2023); the plans by external id."""
    from samplan.plans.models import Plan
    from tests.snapshot import example_data

    example_data("plans", municipality)
    return {plan.external_id: plan for plan in Plan.objects.filter(municipality=municipality)}


def plan_with_relations(municipality: Any) -> Any:
    """The energy and climate action plan: it replaces the old climate sub-plan; here it also
    gets the community part as parent, and a clean-up decision, so every section shows."""
    from samplan.plans.models import CleanupDecision, Decision

    plans = example_register(municipality)
    plan = plans["P-31"]
    plan.parent = plans["P-02"]
    plan.responsible_person = "Ola Nordmann"
    plan.save()
    CleanupDecision.objects.update_or_create(
        municipality=municipality,
        period_start=EXAMPLE_PERIOD,
        plan=plan,
        defaults={"decision": Decision.REVISE, "target_year": 2026, "rationale": "Utdatert."},
    )
    return plan
