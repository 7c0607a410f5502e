"""Writes for the planning strategy. Every write is validated first and recorded in the history."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from samplan.core.periods import is_election_year
from samplan.municipalities.models import County, Municipality

from . import rules
from .models import (
    BodyKind,
    ConsultationBody,
    MasterPlanDecision,
    Priority,
    PriorityVote,
    Strategy,
    StrategyStatus,
)

MAX_MARKS = 5

# County governor offices that serve more than one county (2024 county numbers).
_SHARED_GOVERNORS = {
    "03": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "31": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "32": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "33": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "39": "Statsforvalteren i Vestfold og Telemark",
    "40": "Statsforvalteren i Vestfold og Telemark",
    "55": "Statsforvalteren i Troms og Finnmark",
    "56": "Statsforvalteren i Troms og Finnmark",
}


def county_governor_name(county: County) -> str:
    return _SHARED_GOVERNORS.get(county.number, f"Statsforvalteren i {county.name}")


@transaction.atomic
def strategy_get_or_create(*, municipality: Municipality, period_start: int) -> Strategy:
    """The strategy of an election period; a new one starts with the county municipality and the
    county governor on the list of bodies to consult."""
    if not is_election_year(period_start):
        raise ValidationError(
            _("%(year)s does not start an election period (2019, 2023, 2027, …).")
            % {"year": period_start}
        )
    strategy, created = Strategy.objects.get_or_create(
        municipality=municipality, period_start=period_start
    )
    if created:
        county = municipality.county
        bodies = [
            ConsultationBody(
                strategy=strategy, name=county_governor_name(county), kind=BodyKind.COUNTY_GOVERNOR
            )
        ]
        if county.number != "03":  # Oslo is its own county municipality
            bodies.append(
                ConsultationBody(
                    strategy=strategy,
                    name=f"{county.name} fylkeskommune",
                    kind=BodyKind.COUNTY_MUNICIPALITY,
                )
            )
        ConsultationBody.objects.bulk_create(bodies)
    return strategy


def _check_status(strategy: Strategy) -> None:
    errors: dict[str, str] = {}
    if strategy.status in (StrategyStatus.PUBLIC, StrategyStatus.ADOPTED):
        if not strategy.public_from:
            errors["public_from"] = _("Enter the date the proposal was made public.")
        if not strategy.council_meeting and strategy.status == StrategyStatus.PUBLIC:
            errors["council_meeting"] = _("Enter the date of the council meeting that decides.")
    if strategy.status == StrategyStatus.ADOPTED:
        if not strategy.adopted_on:
            errors["adopted_on"] = _("Enter the date the council adopted the strategy.")
        if not strategy.master_plan_decision:
            errors["master_plan_decision"] = _(
                "The council must take a position on the master plan (PBL § 10-1 third "
                "paragraph): revise all, revise part, or continue it unchanged."
            )
    if errors:
        raise ValidationError(errors)


_UNCHANGED = object()


@transaction.atomic
def strategy_save(
    *, strategy: Strategy, constituted_on: datetime.date | None | object = _UNCHANGED
) -> Strategy:
    """Save the strategy's dates, status or texts (validated first), and keep plantakt in step:
    the constitution date and whether the master plan is revised belong to the election period,
    and the dates the proposal was made public and the strategy adopted complete plantakt's
    legal items (which moves the deadlines that depend on them). All or nothing."""
    strategy.full_clean()
    _check_status(strategy)
    strategy.save()
    _sync_plantakt(strategy, constituted_on)
    return strategy


def _sync_plantakt(strategy: Strategy, constituted_on: datetime.date | None | object) -> None:
    from samplan.plantakt import services as plantakt
    from samplan.plantakt.selectors import stored_period

    municipality, year = strategy.municipality, strategy.period_start
    stored = stored_period(municipality, year)
    if constituted_on is _UNCHANGED:
        constituted_on = stored.constituted_on if stored else None
    revise = strategy.master_plan_decision in (
        MasterPlanDecision.REVISE_ALL,
        MasterPlanDecision.REVISE_PART,
    )
    if (
        stored is None
        or stored.constituted_on != constituted_on
        or (strategy.master_plan_decision and stored.revise_master_plan != revise)
    ):
        plantakt.period_save(
            municipality=municipality,
            election_year=year,
            constituted_on=constituted_on,  # type: ignore[arg-type]
            revise_master_plan=revise
            if strategy.master_plan_decision
            else bool(stored and stored.revise_master_plan),
        )
    strategy.__dict__.pop("constituted_on", None)  # read it again from plantakt
    today = datetime.date.today()
    done = {
        "planning_strategy.draft_public": strategy.public_from,
        "planning_strategy.adopted": (
            strategy.adopted_on if strategy.status == StrategyStatus.ADOPTED else None
        ),
    }
    for item_key, decided_on in done.items():
        if decided_on is None or (item_key.endswith("draft_public") and decided_on > today):
            continue  # a planned publication is not done yet
        try:
            plantakt.item_complete(
                municipality=municipality,
                election_year=year,
                item_key=item_key,
                decided_on=decided_on,
                today=today,
            )
        except ValidationError as error:
            field = "public_from" if item_key.endswith("draft_public") else "adopted_on"
            raise ValidationError({field: error.messages}) from None


def warnings(strategy: Strategy) -> list[rules.DateFinding]:
    """What breaks a rule now: the dates (PBL § 10-1) and the bodies not yet asked."""
    findings = rules.date_findings(
        constitution=strategy.constitution_date,
        constitution_known=strategy.constituted_on is not None,
        public_from=strategy.public_from,
        council_meeting=strategy.council_meeting,
        adopted_on=strategy.adopted_on,
    )
    if strategy.status != StrategyStatus.DRAFT:
        not_asked = [body.name for body in strategy.bodies.all() if not body.asked_on]
        if not strategy.bodies.exists():
            findings.append(
                rules.DateFinding(
                    "bodies",
                    _(
                        "Views must be obtained from state and regional bodies and neighbouring "
                        "municipalities (PBL § 10-1). The list is empty."
                    ),
                )
            )
        elif not_asked:
            findings.append(
                rules.DateFinding(
                    "bodies",
                    _("Not asked for their views yet: %(names)s.")
                    % {"names": ", ".join(not_asked)},
                )
            )
    return findings


def body_save(*, body: ConsultationBody) -> ConsultationBody:
    if body.kind == BodyKind.NEIGHBOUR and body.neighbour_id and not body.name:
        body.name = body.neighbour.name
    if body.neighbour_id and body.neighbour_id == body.strategy.municipality_id:
        raise ValidationError({"neighbour": _("A municipality is not its own neighbour.")})
    if body.answered_on and body.asked_on and body.answered_on < body.asked_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the question.")})
    body.full_clean()
    body.save()
    return body


def priority_save(*, priority: Priority) -> Priority:
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def mark_toggle(*, priority: Priority, user: object) -> bool:
    """Mark or unmark a priority for the user; at most five marks per strategy. True if marked."""
    existing = PriorityVote.objects.filter(priority=priority, user=user).first()
    if existing is not None:
        existing.delete()
        return False
    marks = (
        PriorityVote.objects.select_for_update()
        .filter(priority__strategy=priority.strategy, user=user)
        .count()
    )
    if marks >= MAX_MARKS:
        raise ValidationError(
            _("You have marked five priorities. Remove one before you mark another.")
        )
    PriorityVote.objects.create(priority=priority, user=user)
    return True


def tally(strategy: Strategy) -> list[Priority]:
    """The candidate priorities with `marks` (the number of members who marked each), most first."""
    return list(strategy.priorities.annotate(marks=Count("votes")).order_by("-marks", "title"))
