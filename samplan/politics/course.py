"""The elected members' course (folkevalgtopplæring), made from the municipality's own data.

Its parts come from a registry in core.modules (`register_course_parts`); this module fills it
from what this app may read: the plan register, the period's plantakt, the planning strategy,
the challenge picture and who decides what. The goals and their money (issue 17) register their
part the same way when that module lands."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core.modules import CoursePart
from samplan.municipalities.models import Municipality
from samplan.plans.models import Plan
from samplan.plantakt.selectors import next_items
from samplan.strategy.documents import picked_statements
from samplan.strategy.selectors import current_strategy_panel

from . import roles


def _date(value: object) -> str:
    return value.strftime("%d.%m.%Y")  # type: ignore[attr-defined]


def plans_part(municipality: Municipality) -> list[CoursePart]:
    today = timezone.localdate()
    plans = Plan.objects.for_municipality(municipality).current()
    total = plans.count()
    period_end = today.replace(year=today.year + 4 - (today.year - 3) % 4, month=10, day=31)
    due = [
        plan.title
        for plan in plans.only("title", "next_revision_override", "next_revision_computed")
        if plan.next_revision and plan.next_revision <= period_end
    ]
    facts = [
        ngettext(
            "The register has %(count)s plan in force.",
            "The register has %(count)s plans in force.",
            total,
        )
        % {"count": total}
    ]
    if due:
        facts.append(_("Due for revision this period: %(plans)s.") % {"plans": ", ".join(due[:8])})
    return [
        CoursePart(
            key="planer",
            title=_("The municipality's plans"),
            facts=tuple(facts),
            role=_(
                "You decide which plans the municipality needs, and you adopt the overarching "
                "ones. Fewer plans that are followed up steer better than many in a drawer."
            ),
            url=reverse("plans:list", args=[municipality.pk]),
            order=10,
        )
    ]


def plantakt_part(municipality: Municipality) -> list[CoursePart]:
    items = next_items(municipality, timezone.localdate(), limit=5)
    facts = [f"{_date(item.date)}: {item.title}" for item in items.upcoming]
    if items.overdue_count:
        facts.append(
            ngettext(
                "%(count)s deadline is overdue.",
                "%(count)s deadlines are overdue.",
                items.overdue_count,
            )
            % {"count": items.overdue_count}
        )
    return [
        CoursePart(
            key="plantakt",
            title=_("This period's plan calendar"),
            facts=tuple(facts) or (_("No coming deadlines are recorded."),),
            role=_(
                "The calendar shows when the council must decide. Start early in the period: "
                "the planning strategy comes first, within a year of the constitution."
            ),
            url=reverse("plantakt:wheel", args=[municipality.pk]),
            order=20,
        )
    ]


def strategy_part(municipality: Municipality) -> list[CoursePart]:
    panel = current_strategy_panel(municipality)
    strategy = panel["strategy"]
    if strategy is None:
        facts = (
            _("The planning strategy for %(start)s–%(end)s is not started.")
            % {"start": panel["period"], "end": panel["period_end"]},
        )
    else:
        facts = (
            _("Status: %(status)s.") % {"status": strategy.get_status_display()},
            _("To be adopted by %(date)s (PBL § 10-1).") % {"date": _date(panel["deadline"])},
        )
    return [
        CoursePart(
            key="planstrategi",
            title=_("The planning strategy"),
            facts=facts,
            role=_(
                "In the planning strategy the council chooses what to plan for in the period "
                "and whether the master plan is revised. It is where you set the course."
            ),
            url=reverse("strategy:index", args=[municipality.pk]),
            order=30,
        )
    ]


def challenges_part(municipality: Municipality) -> list[CoursePart]:
    statements = picked_statements(municipality)
    return [
        CoursePart(
            key="utfordringer",
            title=_("The challenge picture"),
            facts=tuple(statements[:5])
            or (_("No statements of the challenge picture are picked yet."),),
            role=_(
                "The figures show where the municipality is heading. Use them to choose what "
                "matters most; the administration explains what lies behind them."
            ),
            url=reverse("stats:challenges", args=[municipality.pk]),
            order=40,
        )
    ]


def roles_part(municipality: Municipality) -> list[CoursePart]:
    own = [str(d.title) for d in roles.DECISIONS if d.law_body == roles.COUNCIL and not d.delegable]
    return [
        CoursePart(
            key="roller",
            title=_("Your role: steering, not running"),
            facts=(_("The council itself adopts: %(decisions)s.") % {"decisions": ", ".join(own)},),
            role=_(
                "Politicians steer through the plans, the goals and the budget; the "
                "administration fills the plans with professional content and carries them out."
            ),
            url=reverse("politics:roles", args=[municipality.pk]),
            order=60,
        )
    ]


def own_parts(municipality: Municipality) -> list[CoursePart]:
    """The parts this app makes (registered in apps.py)."""
    return [
        *plans_part(municipality),
        *plantakt_part(municipality),
        *strategy_part(municipality),
        *challenges_part(municipality),
        *roles_part(municipality),
    ]
