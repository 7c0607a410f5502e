"""Synthetic plan registers for `samplan seed-scale`: about 40 plans per municipality with
clean-up decisions and a history of changes, drawn from a seeded random generator."""

from __future__ import annotations

import random

from samplan.municipalities.models import Municipality

from .models import CleanupDecision, Decision, Plan, PlanStatus, PlanType
from .services import apply_statutory_defaults

SUBJECTS = [
    "folkehelse",
    "oppvekst",
    "kultur",
    "idrett",
    "næring",
    "landbruk",
    "reiseliv",
    "klima",
    "energi",
    "beredskap",
    "smittevern",
    "rus",
    "psykisk helse",
    "eldreomsorg",
    "boliger",
    "trafikksikkerhet",
    "vann og avløp",
    "kulturminner",
    "friluftsliv",
    "digitalisering",
]
UNITS = ["Plan og utvikling", "Helse og omsorg", "Oppvekst", "Kultur", "Teknisk", "Rådmannens stab"]
TYPES = [PlanType.TEMAPLAN, PlanType.HANDLINGSPLAN, PlanType.STRATEGI, PlanType.KOMMUNEDELPLAN]
DECISIONS = [Decision.KEEP, Decision.REVISE, Decision.REPEAL]


def plans_scale_create(municipality: Municipality, rng: random.Random) -> int:
    """Write the register (and one change per plan, for the history). Returns rows written."""
    plans: list[Plan] = []
    core = [
        ("Kommunal planstrategi", PlanType.PLANSTRATEGI),
        ("Kommuneplanens samfunnsdel", PlanType.SAMFUNNSDEL),
        ("Kommuneplanens arealdel", PlanType.AREALDEL),
        ("Handlings- og økonomiplan", PlanType.HANDLINGSDEL),
    ]
    for title, plan_type in core:
        plans.append(_plan(municipality, rng, f"{title} (syntetisk)", plan_type))
    for number in range(rng.randint(32, 40)):
        subject = rng.choice(SUBJECTS)
        plan_type = rng.choice(TYPES)
        title = f"{plan_type.label} for {subject} {number + 1} (syntetisk)"
        plans.append(_plan(municipality, rng, str(title), plan_type, subject))
    for plan in plans:
        plan.next_revision_computed = plan.compute_next_revision()
    created = Plan.objects.bulk_create(plans)  # one history row each (AuditedQuerySet)
    changed = rng.sample(created, k=len(created) // 3)
    for plan in changed:
        plan.responsible_person = rng.choice(["Kari", "Ola", "Ingrid", "Per", "Siri"])
        plan.save()  # a second history row: a change by someone
    decisions = [
        CleanupDecision(
            municipality=municipality,
            period_start=2023,
            plan=plan,
            decision=rng.choice(DECISIONS),
            rationale="Syntetisk begrunnelse.",
        )
        for plan in rng.sample(created, k=len(created) // 2)
    ]
    for decision in decisions:
        if decision.decision == Decision.REVISE:
            decision.target_year = rng.randint(2025, 2027)
    CleanupDecision.objects.bulk_create(decisions)
    return len(created) * 2 + len(changed) + len(decisions) * 2


def _plan(
    municipality: Municipality, rng: random.Random, title: str, plan_type: str, subject: str = ""
) -> Plan:
    year = rng.randint(2005, 2025)
    plan = Plan(
        municipality=municipality,
        title=title,
        plan_type=plan_type,
        status=rng.choices(
            [PlanStatus.CURRENT, PlanStatus.UNDER_REVISION, PlanStatus.EXPIRED],
            weights=[8, 1, 1],
        )[0],
        adopted_year=year,
        adopted_by="kommunestyret",
        revision_interval_years=rng.choice([None, 4, 4, 8, 12]),
        responsible_unit=rng.choice(UNITS),
        pages=rng.randint(4, 80),
        themes=[subject] if subject else [],
        sdgs=sorted(rng.sample(range(1, 18), k=rng.randint(0, 3))),
        in_financial_plan=rng.random() < 0.4,
    )
    apply_statutory_defaults(plan=plan)
    return plan
