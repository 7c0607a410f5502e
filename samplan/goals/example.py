"""Example goals, measures, budget and follow-up for the example workspace (Tydal).

Made up and labelled "Eksempeldata" in the UI through the workspace's is_example flag: the goals,
measures, amounts and statuses are not Tydal's real samfunnsdel, handlingsdel or budget. Written
in the municipality's language form (Tydal writes Bokmål). The budget is imported from the file
data/eksempel_budsjett_tydal_2026.csv through the same checks as an upload.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from samplan.municipalities.example import in_municipality_language
from samplan.municipalities.models import Municipality
from samplan.plans.models import Plan, PlanType

from . import budget, services
from .models import (
    ActionPlan,
    Direction,
    FocusArea,
    Goal,
    Indicator,
    IndicatorSource,
    MeasureKind,
    MeasureStatus,
    Period,
    Status,
)

BUDGET_FILE = Path(__file__).parent / "data" / "eksempel_budsjett_tydal_2026.csv"
FIRST_YEAR = 2025

# (focus area, description, [(goal, description, sdgs, [sub-goals])])
AREAS = [
    (
        "Attraktiv bygd å bo i",
        "Tydal skal ha folk i alle aldre, boliger for dem som vil flytte hit og levende grender.",
        [
            (
                "Flere innbyggere i alle aldre",
                "Folketallet skal vokse igjen.",
                [11],
                [
                    ("Flere unge voksne flytter hit", "Netto tilflytting av unge voksne.", [8]),
                ],
            ),
            (
                "Nok boliger for unge og tilflyttere",
                "Tomter og utleieboliger nær sentrum.",
                [11],
                [],
            ),
        ],
    ),
    (
        "Gode tjenester hele livet",
        "Trygge tjenester fra barnehage til eldreomsorg, med nok fagfolk.",
        [
            ("Eldre kan bo hjemme lenger", "Hjemmetjenester og velferdsteknologi.", [3], []),
            ("Barn og unge har en god oppvekst", "Skole, fritid og helsestasjon.", [3, 4], []),
            ("Nok fagfolk i tjenestene", "Rekruttere og beholde sykepleiere og lærere.", [8], []),
        ],
    ),
    (
        "Næring, reiseliv og natur",
        "Flere arbeidsplasser og et reiseliv som tar vare på naturen og beitet.",
        [
            (
                "Flere arbeidsplasser",
                "Nye og større bedrifter i kommunen.",
                [8, 9],
                [
                    ("Bredbånd i alle grender", "Alle husstander har raskt bredbånd.", [9]),
                ],
            ),
            (
                "Bærekraftig reiseliv og hytter",
                "Vekst uten å bygge ned beiteområdene.",
                [12, 15],
                [],
            ),
        ],
    ),
    (
        "Klima, beredskap og infrastruktur",
        "Trygt vann, beredskap mot flom og skred, og lavere utslipp.",
        [
            ("Trygg vannforsyning og klimatilpasning", "Flom og skred i planene.", [6, 13], []),
            ("Lavere klimagassutslipp", "Kommunen går foran.", [7, 13], []),
        ],
    ),
]

# (goal title, name, source, ssb series, unit, baseline year, baseline, target, target year,
#  direction, own values by year)
INDICATORS = [
    (
        "Flere innbyggere i alle aldre",
        "Folketall",
        "ssb",
        "population",
        "personer",
        2024,
        "786",
        "800",
        2030,
        "opp",
        {},
    ),
    (
        "Flere unge voksne flytter hit",
        "Netto innflytting",
        "ssb",
        "net_migration",
        "personer",
        2023,
        "2",
        "10",
        2030,
        "opp",
        {},
    ),
    (
        "Eldre kan bo hjemme lenger",
        "Andel 80 år og eldre",
        "ssb",
        "share_80",
        "%",
        2024,
        "7.5",
        None,
        None,
        "opp",
        {},
    ),
    (
        "Eldre kan bo hjemme lenger",
        "Plasser på helsetunet i bruk",
        "egen",
        "",
        "plasser",
        2024,
        "22",
        "18",
        2029,
        "ned",
        {2024: "22", 2025: "21", 2026: "20"},
    ),
    (
        "Nok boliger for unge og tilflyttere",
        "Nye boliger",
        "egen",
        "",
        "boliger",
        2024,
        "2",
        "8",
        2028,
        "opp",
        {2024: "2", 2025: "4", 2026: "5"},
    ),
    (
        "Barn og unge har en god oppvekst",
        "Trivsel 7. trinn (Elevundersøkelsen)",
        "egen",
        "",
        "poeng",
        2024,
        "4.1",
        "4.4",
        2028,
        "opp",
        {2024: "4.1", 2025: "4.3", 2026: "4.2"},
    ),
    (
        "Nok fagfolk i tjenestene",
        "Ubesatte sykepleierstillinger",
        "egen",
        "",
        "stillinger",
        2024,
        "3",
        "0",
        2028,
        "ned",
        {2024: "3", 2025: "2", 2026: "2"},
    ),
    (
        "Flere arbeidsplasser",
        "Arbeidsplasser i kommunen",
        "egen",
        "",
        "arbeidsplasser",
        2024,
        "410",
        "440",
        2030,
        "opp",
        {2024: "410", 2025: "418", 2026: "421"},
    ),
    (
        "Lavere klimagassutslipp",
        "Utslipp fra kommunens bygg og biler",
        "egen",
        "",
        "tonn CO2",
        2024,
        "180",
        "120",
        2030,
        "ned",
        {2024: "180", 2025: "171", 2026: "160"},
    ),
]

# (title, goals, unit, kind, start, end, costs 2025–2028, budget keys (ansvar, funksjon, art,
#  prosjekt); "ny": added in 2026; "slutt": ended in 2026)
MEASURES = [
    (
        "Tomtefelt Østby",
        ["Nok boliger for unge og tilflyttere"],
        "Plan og næring",
        "investering",
        2025,
        2027,
        [1000000, 2500000, 1500000, 0],
        [("4300", "315", "02300", "9101")],
        "",
    ),
    (
        "Utleieboliger for unge",
        ["Nok boliger for unge og tilflyttere", "Flere unge voksne flytter hit"],
        "Teknisk drift",
        "investering",
        2026,
        2028,
        [0, 0, 6000000, 4000000],
        [("4300", "265", "02300", "9102")],
        "",
    ),
    (
        "Velkomstpakke og tilflytterkontakt",
        ["Flere innbyggere i alle aldre"],
        "Plan og næring",
        "drift",
        2025,
        None,
        [150000, 150000, 150000, 150000],
        [],
        "",
    ),
    (
        "Boligtilskudd for unge førstegangskjøpere",
        ["Flere unge voksne flytter hit"],
        "Plan og næring",
        "drift",
        2025,
        2028,
        [300000, 300000, 300000, 300000],
        [],
        "",
    ),
    (
        "Velferdsteknologi i hjemmetjenesten",
        ["Eldre kan bo hjemme lenger"],
        "Hjemmetjenesten",
        "investering",
        2025,
        2029,
        [600000, 800000, 400000, 200000],
        [("3100", "258", "02300", "9103")],
        "",
    ),
    (
        "Hverdagsrehabilitering",
        ["Eldre kan bo hjemme lenger"],
        "Hjemmetjenesten",
        "drift",
        2025,
        None,
        [450000, 450000, 450000, 450000],
        [],
        "",
    ),
    (
        "Dagtilbud for personer med demens",
        ["Eldre kan bo hjemme lenger"],
        "Tydal helsetun",
        "drift",
        2025,
        None,
        [380000, 380000, 380000, 380000],
        [],
        "",
    ),
    (
        "Rekrutteringspakke for sykepleiere",
        ["Nok fagfolk i tjenestene"],
        "Tydal helsetun",
        "drift",
        2025,
        2028,
        [250000, 250000, 250000, 250000],
        [],
        "",
    ),
    (
        "Lærlingplasser i helse og oppvekst",
        ["Nok fagfolk i tjenestene"],
        "Sentraladministrasjon",
        "drift",
        2025,
        None,
        [400000, 400000, 400000, 400000],
        [],
        "",
    ),
    (
        "Nytt uteområde ved Tydal skole",
        ["Barn og unge har en god oppvekst"],
        "Tydal skole",
        "investering",
        2025,
        2026,
        [300000, 1800000, 0, 0],
        [("2000", "222", "02300", "9104")],
        "",
    ),
    (
        "Fritidsklubb to kvelder i uka",
        ["Barn og unge har en god oppvekst"],
        "Kultur",
        "drift",
        2025,
        None,
        [120000, 120000, 120000, 120000],
        [],
        "",
    ),
    (
        "Helsestasjon for ungdom",
        ["Barn og unge har en god oppvekst"],
        "Helse",
        "drift",
        2025,
        None,
        [90000, 90000, 90000, 90000],
        [],
        "",
    ),
    (
        "Kulturskole i alle grender",
        ["Barn og unge har en god oppvekst"],
        "Kultur",
        "drift",
        2025,
        None,
        [0, 0, 0, 0],
        [],
        "",
    ),
    (
        "Næringsfond for nyetablerere",
        ["Flere arbeidsplasser"],
        "Plan og næring",
        "drift",
        2025,
        None,
        [500000, 500000, 500000, 500000],
        [],
        "",
    ),
    (
        "Bredbånd i grendene",
        ["Bredbånd i alle grender"],
        "Plan og næring",
        "investering",
        2025,
        2027,
        [800000, 1200000, 1200000, 0],
        [("4300", "325", "02300", "9105")],
        "",
    ),
    (
        "Landbruksrådgivning og beitebruk",
        ["Flere arbeidsplasser", "Bærekraftig reiseliv og hytter"],
        "Plan og næring",
        "drift",
        2025,
        None,
        [200000, 200000, 200000, 200000],
        [],
        "",
    ),
    (
        "Stier og turskilting",
        ["Bærekraftig reiseliv og hytter"],
        "Plan og næring",
        "drift",
        2025,
        2027,
        [150000, 150000, 100000, 0],
        [],
        "",
    ),
    (
        "Reguleringsplan for hyttefelt Stugudal",
        ["Bærekraftig reiseliv og hytter"],
        "Plan og næring",
        "uten_kostnad",
        2025,
        2025,
        [0, 0, 0, 0],
        [],
        "slutt",
    ),
    (
        "Ny vannledning til Ås",
        ["Trygg vannforsyning og klimatilpasning"],
        "Vann og avløp",
        "investering",
        2026,
        2028,
        [0, 0, 3500000, 3500000],
        [("4000", "345", "02300", "9106")],
        "",
    ),
    (
        "Flomsikring av Tydal sentrum",
        ["Trygg vannforsyning og klimatilpasning"],
        "Teknisk drift",
        "investering",
        2025,
        2028,
        [200000, 500000, 2000000, 2000000],
        [("4000", "360", "02300", "9107")],
        "",
    ),
    (
        "Oppdatert ROS-analyse",
        ["Trygg vannforsyning og klimatilpasning"],
        "Sentraladministrasjon",
        "uten_kostnad",
        2025,
        2026,
        [0, 0, 0, 0],
        [],
        "",
    ),
    (
        "Ladepunkter ved kommunale bygg",
        ["Lavere klimagassutslipp"],
        "Teknisk drift",
        "investering",
        2026,
        2026,
        [0, 400000, 0, 0],
        [("4000", "332", "02300", "9108")],
        "ny",
    ),
    (
        "Energieffektivisering av kommunale bygg",
        ["Lavere klimagassutslipp"],
        "Sentraladministrasjon",
        "investering",
        2025,
        None,
        [1000000, 1000000, 1000000, 1000000],
        [("1000", "130", "02300", "9109")],
        "",
    ),
    (
        "Innsamling av matavfall",
        ["Lavere klimagassutslipp"],
        "Renovasjon",
        "drift",
        2026,
        None,
        [0, 250000, 250000, 250000],
        [],
        "ny",
    ),
    (
        "Klimabudsjett i økonomiplanen",
        ["Lavere klimagassutslipp"],
        "Økonomi og IT",
        "uten_kostnad",
        2025,
        None,
        [0, 0, 0, 0],
        [],
        "",
    ),
    (
        "Frivilligsentral",
        ["Flere innbyggere i alle aldre"],
        "Kultur",
        "drift",
        2025,
        None,
        [350000, 350000, 350000, 350000],
        [],
        "",
    ),
]

COMMENTS = {
    "periods": {2025: ["t1", "t2", "aar"], 2026: ["t1", "t2"]},
    "texts": {
        "i_rute": "Går etter planen.",
        "forsinket": "Forsinket: venter på anbud.",
        "fullfort": "Ferdig.",
        "ikke_startet": "Starter senere i perioden.",
        "stoppet": "Stoppet etter vedtak i kommunestyret.",
    },
}


@transaction.atomic
@in_municipality_language
def example_goals_create(municipality: Municipality) -> int:
    """Create the example goal structure, two versions of the handlingsdel (2025 and 2026), the
    imported budget for 2026 and two years of follow-up. Idempotent: does nothing when the
    municipality already has focus areas."""
    if FocusArea.objects.filter(municipality=municipality).exists():
        return 0
    plan = (
        Plan.objects.filter(municipality=municipality, plan_type=PlanType.SAMFUNNSDEL)
        .order_by("-adopted_year")
        .first()
    )
    goals = _goal_structure(municipality, plan)
    _indicators(municipality, goals)
    first = services.action_plan_create(municipality=municipality, first_year=FIRST_YEAR, user=None)
    ended = _measures(first, goals, added=False)
    second = services.action_plan_create(
        municipality=municipality, first_year=FIRST_YEAR + 1, ended=ended, user=None
    )
    _measures(second, goals, added=True)
    _budget(second)
    _follow_up(first, FIRST_YEAR)
    _follow_up(second, FIRST_YEAR + 1)
    # The council adopted the annual report for the first year in June of the next (when that
    # has happened by the date the example is made): its goal report is a decided case.
    adopted_on = datetime.date(FIRST_YEAR + 1, 6, 18)
    if adopted_on <= timezone.localdate():
        services.report_adoption_save(
            municipality=municipality,
            year=FIRST_YEAR,
            adopted_on=adopted_on,
            case_number=f"31/{FIRST_YEAR + 1}",
            user=None,
        )
    return len(goals)


def _goal_structure(municipality: Municipality, plan: Plan | None) -> dict[str, Goal]:
    goals: dict[str, Goal] = {}
    for order, (title, description, main_goals) in enumerate(AREAS, 1):
        area = services.focus_area_save(
            focus_area=FocusArea(
                municipality=municipality,
                plan=plan,
                title=title,
                description=description,
                order=order,
                public=True,
            ),
            expected_version=None,
            user=None,
        )
        for goal_order, (goal_title, goal_description, sdgs, children) in enumerate(main_goals, 1):
            parent = _goal(municipality, area, None, goal_title, goal_description, sdgs, goal_order)
            goals[goal_title] = parent
            for child_title, child_description, child_sdgs in children:
                goals[child_title] = _goal(
                    municipality, area, parent, child_title, child_description, child_sdgs, 1
                )
    return goals


def _goal(
    municipality: Municipality,
    area: FocusArea,
    parent: Goal | None,
    title: str,
    description: str,
    sdgs: list[int],
    order: int,
) -> Goal:
    goal = services.goal_save(
        goal=Goal(
            municipality=municipality,
            focus_area=area,
            parent=parent,
            title=title,
            description=description,
            sdgs=sdgs,
            order=order,
            public=True,
        ),
        expected_version=None,
        user=None,
    )
    services.goal_strategy_add(
        goal=goal, text=f"{description} Følges opp hvert tertial.", user=None
    )
    return goal


def _indicators(municipality: Municipality, goals: dict[str, Goal]) -> None:
    made = []
    for row in INDICATORS:
        goal, name, source, series, unit, base_year, base, target, target_year, way, own = row
        indicator = services.indicator_save(
            indicator=Indicator(
                municipality=municipality,
                goal=goals[goal],
                name=name,
                source=IndicatorSource(source),
                ssb_series=series,
                unit=unit,
                baseline_year=base_year,
                baseline=Decimal(base),
                target=Decimal(target) if target else None,
                target_year=target_year,
                direction=Direction(way),
            ),
            expected_version=None,
            user=None,
        )
        made.append(indicator)
        if own:
            services.indicator_values_save(
                indicator=indicator,
                values={year: Decimal(value) for year, value in own.items()},
                user=None,
            )
    services.indicators_fill_from_ssb(indicators=made, user=None)


def _measures(plan: ActionPlan, goals: dict[str, Goal], *, added: bool) -> list[int]:
    """The measures of the first version (added=False), or those added in the second; returns
    the ids of the measures that end with the first version."""
    from .models import Measure

    ended = []
    shift = plan.first_year - FIRST_YEAR
    for title, goal_titles, unit, kind, start, end, costs, _keys, change in MEASURES:
        if (change == "ny") != added:
            continue
        shifted = (costs[shift:] + [0] * 4)[:4]
        measure = Measure(
            municipality_id=plan.municipality_id,
            action_plan=plan,
            title=title,
            unit=unit,
            kind=MeasureKind(kind),
            start_year=start,
            end_year=end,
            public=True,
        )
        measure.cost_1, measure.cost_2, measure.cost_3, measure.cost_4 = shifted
        services.measure_save(
            measure=measure,
            goals=[goals[name] for name in goal_titles],
            expected_version=None,
            user=None,
        )
        if change == "slutt":
            ended.append(measure.pk)
    return ended


def _budget(plan: ActionPlan) -> None:
    """Import the example budget file (the same checks as an upload) and link the measures to
    the lines of their projects."""
    from samplan.plans.tabular import read_grid

    grid = [list(row) for row in read_grid(BUDGET_FILE.name, BUDGET_FILE.read_bytes())]
    parsed = budget.parse(grid, plan.years)
    services.budget_import(action_plan=plan, rows=[row.as_data() for row in parsed.good], user=None)
    lines = {line.key: line for line in plan.lines.all()}
    by_title = {measure.title: measure for measure in plan.measures.all()}
    for title, *_rest, keys, _change in MEASURES:
        measure = by_title.get(title)
        if measure is not None and keys:
            services.measure_links_save(
                measure=measure, lines=[lines[key] for key in keys if key in lines], user=None
            )


def _follow_up(plan: ActionPlan, year: int) -> None:
    """Statuses per period for every measure (written in bulk, with their history)."""
    rng = random.Random(f"{plan.municipality_id}-{year}")
    weights = [(Status.ON_TRACK, 6), (Status.DELAYED, 2), (Status.DONE, 1), (Status.NOT_STARTED, 1)]
    choices = [status for status, weight in weights for _ in range(weight)]
    rows = []
    for measure in plan.measures.all():
        spent = 0
        for period in COMMENTS["periods"][year]:
            status = Status.NOT_STARTED if measure.start_year > year else rng.choice(choices)
            spent += measure.cost_1 // 3
            rows.append(
                MeasureStatus(
                    municipality_id=plan.municipality_id,
                    measure=measure,
                    year=year,
                    period=Period(period),
                    status=status,
                    comment=COMMENTS["texts"][status],
                    spent=spent if measure.cost_1 else None,
                )
            )
    MeasureStatus.objects.bulk_create(rows)
