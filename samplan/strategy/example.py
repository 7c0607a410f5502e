"""An example planning strategy for the example workspace (Tydal, 2023–2027).

Made up and labelled "Eksempeldata" in the UI through the workspace's is_example flag: the dates,
texts, answers and marks are not Tydal's real planning strategy.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from samplan.municipalities.example import in_municipality_language
from samplan.municipalities.models import Municipality

from .models import (
    BodyKind,
    ConsultationBody,
    MasterPlanDecision,
    Priority,
    PriorityVote,
    StrategyStatus,
)
from .sections import SECTIONS
from .services import strategy_get_or_create, strategy_save

PERIOD = 2023
PRIORITIES = [
    ("Boliger for unge og tilflyttere", "Tomter og utleieboliger nær sentrum."),
    ("Rekruttere sykepleiere og lærere", "Samarbeid med nabokommunene om stillinger."),
    ("Helse og omsorg for flere eldre", "Hjemmetjenester og velferdsteknologi."),
    ("Reiseliv og hytter", "Vekst uten å bygge ned beiteområdene."),
    ("Klimatilpasning", "Flom og skred i kartleggingen av risiko."),
    ("Frivillighet og møteplasser", "Samfunnshuset og lag og foreninger."),
]


@transaction.atomic
@in_municipality_language
def example_strategy_create(municipality: Municipality) -> int:
    """Create or update the example strategy (adopted, shared with members). Idempotent; an
    adopted strategy is frozen and left as it is (its version in force does not change)."""
    strategy = strategy_get_or_create(municipality=municipality, period_start=PERIOD)
    if strategy.is_frozen:
        return 0
    for section in SECTIONS:
        setattr(strategy, section.key, str(section.example))
    # The same dates as the example plantakt period (constituted 19 October 2023).
    strategy.public_from = datetime.date(2024, 5, 3)
    strategy.council_meeting = datetime.date(2024, 6, 13)
    strategy.adopted_on = datetime.date(2024, 6, 13)
    strategy.master_plan_decision = MasterPlanDecision.REVISE_PART
    strategy.master_plan_parts = "Kommuneplanens samfunnsdel"
    # Matches the example clean-up decisions (the samfunnsdel from 2015 is revised by 2026).
    strategy.master_plan_rationale = (
        "Samfunnsdelen er fra 2015 og svarer ikke lenger på utfordringene med færre unge og "
        "flere eldre. Den revideres med mål om vedtak i 2026. Arealdelen fra 2012 revideres når "
        "den nye samfunnsdelen er vedtatt."
    )
    strategy.status = StrategyStatus.ADOPTED
    strategy.shared_with_members = True
    strategy_save(strategy=strategy, constituted_on=datetime.date(2023, 10, 19))
    answered = {
        BodyKind.COUNTY_GOVERNOR: "Ber kommunen vurdere klimatilpasning i arealdelen.",
        BodyKind.COUNTY_MUNICIPALITY: "Støtter revisjon av arealdelen.",
    }
    for body in strategy.bodies.all():
        body.asked_on = datetime.date(2024, 3, 1)
        if body.kind in answered:
            body.answered_on = datetime.date(2024, 4, 12)
            body.answer = answered[body.kind]
        body.save()
    for number in ("5026", "5032"):  # Holtålen and Selbu
        neighbour = Municipality.objects.filter(number=number).first()
        if neighbour is not None:
            ConsultationBody.objects.update_or_create(
                strategy=strategy,
                neighbour=neighbour,
                defaults={
                    "name": neighbour.name,
                    "kind": BodyKind.NEIGHBOUR,
                    "asked_on": datetime.date(2024, 3, 1),
                },
            )
    priorities = []
    for title, description in PRIORITIES:
        priority, _created = Priority.objects.update_or_create(
            strategy=strategy, title=title, defaults={"description": description}
        )
        priorities.append(priority)
    member = get_user_model().objects.filter(email="politiker@tydal.example").first()
    if member is not None:
        for priority in priorities[:3]:
            PriorityVote.objects.get_or_create(priority=priority, user=member)
    _pick_challenges(municipality)
    return 1


def _pick_challenges(municipality: Municipality, count: int = 3) -> None:
    """Pick the first statements of the challenge picture for the strategy, in the computed
    wording (their numbers come from SSB's figures; none without the snapshot)."""
    from samplan.stats import challenges
    from samplan.stats.figures import municipality_figures
    from samplan.stats.services import statement_save

    for computed in challenges.compute(municipality_figures(municipality))[:count]:
        statement_save(municipality=municipality, computed=computed, text="", selected=True)
