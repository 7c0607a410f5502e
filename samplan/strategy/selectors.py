"""Reads for the planning strategy shared by views and the dashboard."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from samplan.municipalities.models import County, Municipality
from samplan.plans.cleanup import current_period_start

from . import rules
from .models import STATUS_ORDER, Priority, Strategy, StrategyStatus
from .rules import adoption_deadline


def current_strategy_panel(municipality: Municipality) -> dict[str, object]:
    """The dashboard panel: the current election period's strategy (or None) and its adoption
    deadline (one query: the constitution date comes with the strategy)."""
    period = current_period_start()
    strategy = (
        Strategy.objects.filter(municipality=municipality, period_start=period)
        .select_related("municipality")
        .first()
    )
    return {
        "strategy": strategy,
        "period": period,
        "period_end": period + 4,
        "deadline": adoption_deadline(strategy.constitution_date) if strategy else None,
    }


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


def previous_status(strategy: Strategy) -> str:
    """The label of the status one step back, or "" for a draft."""
    step = STATUS_ORDER.index(strategy.status)
    return str(StrategyStatus(STATUS_ORDER[step - 1]).label) if step else ""


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


def tally(strategy: Strategy) -> list[Priority]:
    """The candidate priorities with `marks` (the number of members who marked each), most first."""
    return list(strategy.priorities.annotate(marks=Count("votes")).order_by("-marks", "title"))
