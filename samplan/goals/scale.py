"""Synthetic goals for `samplan seed-scale`: per municipality 4 focus areas, 10 goals, one
handlingsdel with 25 measures and 300 budget lines, and a year of follow-up (the benchmark's
size, issue 17)."""

from __future__ import annotations

import random

from samplan.municipalities.models import Municipality

from .kostra import functions
from .models import (
    ActionPlan,
    BudgetLine,
    FocusArea,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureKind,
    MeasureStatus,
    Period,
    Status,
)

YEAR = 2026


def goals_scale_create(municipality: Municipality, rng: random.Random) -> int:
    areas = FocusArea.objects.bulk_create(
        FocusArea(
            municipality=municipality, title=f"Syntetisk satsingsområde {n}", order=n, public=True
        )
        for n in range(1, 5)
    )
    goals = Goal.objects.bulk_create(
        Goal(
            municipality=municipality,
            focus_area=areas[n % 4],
            title=f"Syntetisk mål {n}",
            sdgs=[rng.randint(1, 17)],
            order=n,
            public=True,
        )
        for n in range(1, 11)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(municipality=municipality, goal=goal, name=f"Syntetisk indikator {goal.order}")
        for goal in goals
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            municipality=municipality, indicator=indicator, year=year, value=rng.randint(1, 500)
        )
        for indicator in indicators
        for year in (2024, 2025, 2026)
    )
    plan = ActionPlan.objects.create(municipality=municipality, first_year=YEAR)
    codes = list(functions())
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(
            municipality=municipality,
            action_plan=plan,
            ansvar=str(1000 + n // 10),
            funksjon=rng.choice(codes),
            art=str(10000 + n),
            description=f"Syntetisk linje {n}",
            amount_1=rng.randint(-500, 5000) * 1000,
            amount_2=rng.randint(-500, 5000) * 1000,
            amount_3=rng.randint(-500, 5000) * 1000,
            amount_4=rng.randint(-500, 5000) * 1000,
        )
        for n in range(300)
    )
    measures = Measure.objects.bulk_create(
        Measure(
            municipality=municipality,
            action_plan=plan,
            title=f"Syntetisk tiltak {n}",
            start_year=YEAR,
            kind=MeasureKind.OPERATION,
            cost_1=rng.randint(0, 2000) * 1000,
            public=True,
        )
        for n in range(25)
    )
    for n, measure in enumerate(measures):
        measure.goals.add(goals[n % 10])
        measure.budget_lines.add(lines[n * 3])
    MeasureStatus.objects.bulk_create(
        MeasureStatus(
            municipality=municipality,
            measure=measure,
            year=YEAR,
            period=Period.FIRST,
            status=rng.choice(Status.values),
        )
        for measure in measures
    )
    return 4 + 10 + 10 + 30 + 1 + 300 + 25 + 25
