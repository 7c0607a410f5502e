"""An example plan register for the example workspace (Tydal): 36 plans of a small municipality.

Made up, labelled "Eksempeldata" in the UI through the workspace's is_example flag. It has
overdue revisions, overlapping themes, plans without an owner, plans older than two election
periods, an outdated public-health overview and a missing overall risk analysis (helhetlig ROS),
so that every plan-health finding and clean-up decision type shows.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from samplan.core import freeze
from samplan.municipalities.example import in_municipality_language
from samplan.municipalities.models import Municipality

from .models import CleanupDecision, Decision, Plan
from .services import apply_statutory_defaults

# (id, title, type, status, adopted year, interval, unit, pages, themes, sdgs, in økonomiplan)
EXAMPLE_PLANS: list[tuple] = [
    (
        "P-01",
        "Kommunal planstrategi 2024–2027",
        "planstrategi",
        "gjeldende",
        2024,
        4,
        "Plan og utvikling",
        18,
        [],
        [17],
        False,
    ),
    (
        "P-02",
        "Kommuneplanens samfunnsdel 2015–2027",
        "samfunnsdel",
        "gjeldende",
        2015,
        12,
        "Rådmannens stab",
        46,
        ["folkehelse", "næring", "bolig", "klima"],
        [3, 8, 11, 13],
        True,
    ),
    (
        "P-03",
        "Kommuneplanens arealdel 2012–2024",
        "arealdel",
        "gjeldende",
        2012,
        12,
        "Plan og utvikling",
        62,
        ["arealbruk", "hytter"],
        [11, 15],
        False,
    ),
    (
        "P-04",
        "Handlings- og økonomiplan 2026–2029",
        "handlingsdel",
        "gjeldende",
        2025,
        1,
        "Økonomi",
        88,
        [],
        [],
        True,
    ),
    (
        "P-05",
        "Folkehelseoversikt 2019",
        "oversikt",
        "gjeldende",
        2019,
        4,
        "Helse og omsorg",
        34,
        [],
        [3],
        False,
    ),
    (
        "P-06",
        "Overordnet beredskapsplan",
        "beredskapsplan",
        "gjeldende",
        2026,
        1,
        "Rådmannens stab",
        40,
        ["beredskap"],
        [11],
        False,
    ),
    (
        "P-07",
        "Helhetlig risiko- og sårbarhetsanalyse 2014",
        "oversikt",
        "utgaatt",
        2014,
        4,
        "Rådmannens stab",
        52,
        ["beredskap"],
        [11, 13],
        False,
    ),
    (
        "P-08",
        "Smittevernplan",
        "temaplan",
        "gjeldende",
        2021,
        4,
        "Helse og omsorg",
        24,
        ["smittevern"],
        [3],
        False,
    ),
    (
        "P-09",
        "Rusmiddelpolitisk handlingsplan 2016–2020",
        "handlingsplan",
        "gjeldende",
        2016,
        4,
        "Helse og omsorg",
        20,
        ["folkehelse", "rus"],
        [3],
        False,
    ),
    (
        "P-10",
        "Kommunedelplan for klima og energi 2011",
        "kommunedelplan",
        "gjeldende",
        2011,
        4,
        "",
        38,
        ["klima", "energi"],
        [7, 13],
        False,
    ),
    (
        "P-11",
        "Trafikksikkerhetsplan 2022–2025",
        "temaplan",
        "gjeldende",
        2022,
        4,
        "Teknisk drift",
        22,
        ["trafikk"],
        [3, 11],
        True,
    ),
    (
        "P-12",
        "Kommunedelplan for idrett og fysisk aktivitet 2023–2026",
        "kommunedelplan",
        "gjeldende",
        2023,
        4,
        "Kultur",
        30,
        ["folkehelse", "idrett"],
        [3],
        True,
    ),
    (
        "P-13",
        "Strategisk næringsplan 2018–2022",
        "strategi",
        "gjeldende",
        2018,
        4,
        "Næring",
        26,
        ["næring", "reiseliv"],
        [8, 9],
        False,
    ),
    (
        "P-14",
        "Reiselivsstrategi for Tydal",
        "strategi",
        "gjeldende",
        2019,
        None,
        "Næring",
        16,
        ["reiseliv", "næring"],
        [8],
        False,
    ),
    (
        "P-15",
        "Landbruksplan 2010",
        "temaplan",
        "gjeldende",
        2010,
        None,
        "",
        44,
        ["landbruk"],
        [2, 15],
        False,
    ),
    (
        "P-16",
        "Kulturminneplan",
        "kommunedelplan",
        "gjeldende",
        2017,
        8,
        "Kultur",
        58,
        ["kulturarv"],
        [11],
        False,
    ),
    (
        "P-17",
        "Helse- og omsorgsplan 2020–2030",
        "temaplan",
        "gjeldende",
        2020,
        4,
        "Helse og omsorg",
        48,
        ["helse", "eldre"],
        [3, 10],
        True,
    ),
    (
        "P-18",
        "Plan for demensomsorg",
        "handlingsplan",
        "gjeldende",
        2016,
        None,
        "Helse og omsorg",
        14,
        ["eldre", "demens"],
        [3],
        False,
    ),
    (
        "P-19",
        "Boligsosial handlingsplan 2015–2019",
        "handlingsplan",
        "gjeldende",
        2015,
        4,
        "",
        18,
        ["bolig"],
        [1, 11],
        False,
    ),
    (
        "P-20",
        "Boligpolitisk strategi",
        "strategi",
        "i_arbeid",
        None,
        None,
        "Plan og utvikling",
        None,
        ["bolig"],
        [11],
        False,
    ),
    (
        "P-21",
        "Skolebruksplan",
        "temaplan",
        "gjeldende",
        2013,
        None,
        "Oppvekst",
        36,
        ["oppvekst"],
        [4],
        False,
    ),
    (
        "P-22",
        "Plan for forebyggende arbeid for barn og unge",
        "temaplan",
        "gjeldende",
        2023,
        4,
        "Oppvekst",
        20,
        ["oppvekst"],
        [3, 4],
        True,
    ),
    (
        "P-23",
        "Handlingsplan mot vold i nære relasjoner",
        "handlingsplan",
        "gjeldende",
        2021,
        4,
        "Helse og omsorg",
        12,
        ["vold"],
        [5, 16],
        False,
    ),
    (
        "P-24",
        "Hovedplan vann og avløp 2014–2024",
        "temaplan",
        "gjeldende",
        2014,
        10,
        "Teknisk drift",
        70,
        ["vann"],
        [6],
        True,
    ),
    (
        "P-25",
        "Digitaliseringsstrategi 2021–2024",
        "strategi",
        "gjeldende",
        2021,
        4,
        "IKT",
        12,
        ["digitalisering"],
        [9],
        False,
    ),
    (
        "P-26",
        "Arbeidsgiverpolitisk plan",
        "temaplan",
        "gjeldende",
        2012,
        None,
        "Personal",
        22,
        ["arbeidsgiver"],
        [8],
        False,
    ),
    (
        "P-27",
        "Kompetanseplan for helse og omsorg",
        "temaplan",
        "gjeldende",
        2019,
        4,
        "Helse og omsorg",
        10,
        ["kompetanse", "helse"],
        [4, 8],
        False,
    ),
    (
        "P-28",
        "Plan for psykisk helse",
        "temaplan",
        "gjeldende",
        2014,
        None,
        "Helse og omsorg",
        24,
        ["psykisk helse", "rus"],
        [3],
        False,
    ),
    (
        "P-29",
        "Kommunedelplan for Stugudal sentrum",
        "kommunedelplan_areal",
        "gjeldende",
        2009,
        None,
        "Plan og utvikling",
        30,
        ["arealbruk", "sentrum"],
        [11],
        False,
    ),
    (
        "P-30",
        "Hyttestrategi",
        "strategi",
        "gjeldende",
        2016,
        None,
        "",
        14,
        ["hytter", "næring"],
        [8, 11],
        False,
    ),
    (
        "P-31",
        "Energi- og klimahandlingsplan 2020",
        "handlingsplan",
        "gjeldende",
        2020,
        4,
        "Teknisk drift",
        16,
        ["klima", "energi"],
        [7, 13],
        False,
    ),
    (
        "P-32",
        "Beredskapsplan for helse og sosial",
        "beredskapsplan",
        "gjeldende",
        2018,
        4,
        "Helse og omsorg",
        28,
        ["beredskap"],
        [3],
        False,
    ),
    (
        "P-33",
        "Plan for biblioteket",
        "temaplan",
        "utgaatt",
        2008,
        None,
        "Kultur",
        8,
        ["kultur"],
        [4],
        False,
    ),
    (
        "P-34",
        "Regional plan for Sylan og Skarvan (interkommunal)",
        "regional",
        "gjeldende",
        2017,
        8,
        "Plan og utvikling",
        40,
        ["arealbruk", "reindrift"],
        [15],
        False,
    ),
    (
        "P-35",
        "Alkoholpolitisk handlingsplan 2024–2027",
        "handlingsplan",
        "gjeldende",
        2024,
        4,
        "Helse og omsorg",
        14,
        ["rus"],
        [3],
        False,
    ),
    (
        "P-36",
        "Plan for habilitering og rehabilitering",
        "temaplan",
        "gjeldende",
        2015,
        None,
        "Helse og omsorg",
        18,
        ["rehabilitering"],
        [3, 10],
        False,
    ),
]


# Plans renewed yearly carry their exact adoption date, so their next revision is right.
ADOPTED_DATES = {"P-04": datetime.date(2025, 12, 16), "P-06": datetime.date(2026, 3, 10)}


@transaction.atomic
@in_municipality_language
def example_plans_create(municipality: Municipality) -> int:
    """Create or update the example register and a few clean-up decisions. Idempotent."""
    for row in EXAMPLE_PLANS:
        _example_plan_save(municipality, row)
    count = len(EXAMPLE_PLANS)
    by_id = {plan.external_id: plan for plan in Plan.objects.filter(municipality=municipality)}
    community = by_id["P-02"]
    for child in ("P-04", "P-10", "P-12", "P-16", "P-29"):
        if by_id[child].parent_id != community.pk:
            by_id[child].parent = community
            by_id[child].save()
    if by_id["P-31"].replaces_id is None:
        by_id["P-31"].replaces = by_id["P-10"]
        by_id["P-31"].save()
    try:
        freeze.check("cleanup_period", municipality=municipality, period_start=2023)
    except freeze.Frozen:
        return count  # the decisions are part of the adopted example strategy: kept as adopted
    _example_cleanup_decisions(municipality, by_id)
    return count


def _example_plan_save(municipality: Municipality, row: tuple) -> Plan:
    """Create or update one plan of EXAMPLE_PLANS."""
    external_id, title, plan_type, status, year, interval, unit, pages, themes, sdgs, financial = (
        row
    )
    plan = Plan.objects.filter(municipality=municipality, external_id=external_id).first()
    if plan is None:
        plan = Plan(municipality=municipality, external_id=external_id)
    plan.title = title
    plan.plan_type = plan_type
    plan.status = status
    plan.adopted_year = year
    plan.adopted_date = ADOPTED_DATES.get(external_id)
    plan.adopted_by = "kommunestyret" if year else ""
    plan.revision_interval_years = interval
    plan.responsible_unit = unit
    plan.pages = pages
    plan.themes = themes
    plan.sdgs = sdgs
    plan.in_financial_plan = financial
    apply_statutory_defaults(plan=plan)
    plan.full_clean(exclude=["parent"])
    plan.save()
    return plan


def _example_cleanup_decisions(municipality: Municipality, by_id: dict[str, Plan]) -> None:
    """The example clean-up decisions of the 2023 period (one of them a new plan)."""
    decisions = [
        ("P-02", Decision.REVISE, 2026, None, "Samfunnsdelen er fra 2015 og skal revideres."),
        ("P-14", Decision.MERGE, None, "P-13", "Overlapper med strategisk næringsplan."),
        # A current plan: the clean-up table lists only plans in force or in progress.
        ("P-30", Decision.REPEAL, None, None, "Utdatert; hyttepolitikken følges opp i arealdelen."),
        ("P-04", Decision.KEEP, None, None, "Rulleres hvert år."),
    ]
    for external_id, decision, target, merge_id, rationale in decisions:
        CleanupDecision.objects.update_or_create(
            municipality=municipality,
            period_start=2023,
            plan=by_id[external_id],
            defaults={
                "decision": decision,
                "target_year": target,
                "merge_into": by_id[merge_id] if merge_id else None,
                "rationale": rationale,
                "responsible": by_id[external_id].responsible_unit,
            },
        )
    CleanupDecision.objects.update_or_create(
        municipality=municipality,
        period_start=2023,
        plan=None,
        new_plan_title="Helhetlig risiko- og sårbarhetsanalyse",
        defaults={
            "decision": Decision.NEW,
            "new_plan_type": "oversikt",
            "target_year": 2026,
            "rationale": "Lovpålagt (sivilbeskyttelsesloven § 14); den gamle er utgått.",
            "responsible": "Rådmannens stab",
        },
    )
