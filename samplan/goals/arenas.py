"""How the goals plug into the political arenas and the public municipality page, through the
registries in core.modules (this app does not import politics or municipalities' views):

- workshop subjects: the goals of the current handlingsdel to rank ("which goals matter
  most?"), its measures to prioritise, and each goal with its measures and strategies;
- the elected members' course part "the goals and their money", from the municipality's own
  goals, measures, budget lines and follow-up;
- the link from the public municipality page to the public goal page.

Registered in apps.py. Each function is a selector of a few queries, none per row."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core.links import link
from samplan.core.modules import CoursePart, PublicLink, WorkshopSubject
from samplan.core.prepared import PreparedQuery
from samplan.municipalities.models import Municipality

from .models import ActionPlan, BudgetLine, Goal, Measure, MeasureStatus, Period, Status
from .selectors import latest_plan

# A workshop has at most 30 challenges and proposals (politics.services.MAX_OPTIONS); a subject
# offers at most this many proposals, leaving room for the challenges. The planner can edit them.
MAX_PROPOSALS = 15


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0").replace("-", "−")


def _current_plan(municipality: Municipality) -> ActionPlan | None:
    return latest_plan(municipality, timezone.localdate().year)


def plan_subject_keys(plan: ActionPlan) -> tuple[str, str]:
    """The subjects whose results show on the handlingsdel page: its goals and its measures."""
    return (f"goals:{plan.first_year}", f"measures:{plan.first_year}")


def goal_subject_key(goal: Goal) -> str:
    return f"goal:{goal.pk}"


def workshop_subjects(municipality: Municipality) -> list[WorkshopSubject]:
    """The current handlingsdel's goals and measures, and each goal (four queries)."""
    plan = _current_plan(municipality)
    goals = list(
        Goal.objects.filter(municipality=municipality)
        .select_related("focus_area")
        .prefetch_related("strategies")
        .order_by("focus_area__order", "order", "title")
    )
    measures_of: dict[int, list[str]] = defaultdict(list)
    measures: list[str] = []
    if plan is not None:
        measures = list(plan.measures.order_by("title").values_list("title", flat=True))
        for goal_id, title in Measure.goals.through.objects.filter(
            measure__action_plan=plan
        ).values_list("goal_id", "measure__title"):
            measures_of[goal_id].append(title)
    subjects = []
    if plan is not None:
        goals_key, measures_key = plan_subject_keys(plan)
        for key, title, proposals in (
            (goals_key, _("Which goals matter most? (%(plan)s)"), [g.title for g in goals]),
            (measures_key, _("Which measures come first? (%(plan)s)"), measures),
        ):
            if proposals:
                subjects.append(
                    WorkshopSubject(
                        key=key,
                        title=title % {"plan": plan},
                        url=plan.get_absolute_url(),
                        proposals=tuple(proposals)[:MAX_PROPOSALS],
                    )
                )
    for goal in goals:
        proposals = sorted(measures_of[goal.pk]) + [s.text for s in goal.strategies.all()]
        subjects.append(
            WorkshopSubject(
                key=goal_subject_key(goal),
                title=_("The goal: %(goal)s") % {"goal": goal.title},
                url=goal.get_absolute_url(),
                proposals=tuple(proposals)[:MAX_PROPOSALS],
            )
        )
    return subjects


def _latest_statuses(plan: ActionPlan) -> dict[str, int]:
    """How many of the plan's measures stand at each status, by each measure's latest report."""
    order = {period: index for index, period in enumerate(Period.values)}
    latest: dict[int, tuple[tuple[int, int], str]] = {}
    rows = MeasureStatus.objects.filter(measure__action_plan=plan).values_list(
        "measure_id", "year", "period", "status"
    )
    for measure_id, year, period, status in rows:
        when = (year, order.get(period, 0))
        if measure_id not in latest or latest[measure_id][0] < when:
            latest[measure_id] = (when, status)
    counts: dict[str, int] = defaultdict(int)
    for _when, status in latest.values():
        counts[status] += 1
    return counts


def _plan_facts(plan: ActionPlan) -> list[str]:
    year = plan.first_year
    measures = plan.measures.aggregate(
        count=Count("pk"), first=Sum("cost_1"), second=Sum("cost_2"), third=Sum("cost_3"),
        fourth=Sum("cost_4"),
    )  # fmt: skip
    four_years = sum(measures[key] or 0 for key in ("first", "second", "third", "fourth"))
    facts = [
        ngettext(
            "%(plan)s has %(count)s measure.", "%(plan)s has %(count)s measures.", measures["count"]
        )
        % {"plan": plan, "count": measures["count"]}
    ]
    if measures["count"]:
        facts.append(
            _("The measures cost %(year_sum)s kr in %(year)s and %(total)s kr over four years.")
            % {"year_sum": _kr(measures["first"] or 0), "year": year, "total": _kr(four_years)}
        )
    lines = BudgetLine.objects.filter(action_plan=plan).aggregate(
        count=Count("pk"), net=Sum("amount_1")
    )
    if lines["count"]:
        facts.append(
            ngettext(
                "The budget for %(year)s has %(count)s line, net %(net)s kr.",
                "The budget for %(year)s has %(count)s lines, net %(net)s kr.",
                lines["count"],
            )
            % {"year": year, "count": lines["count"], "net": _kr(lines["net"] or 0)}
        )
    else:
        facts.append(_("The budget for %(year)s is not imported yet.") % {"year": year})
    statuses = _latest_statuses(plan)
    if statuses:
        facts.append(
            _(
                "Latest follow-up: %(on_track)s on track or done, %(behind)s delayed or stopped, "
                "%(waiting)s not started."
            )
            % {
                "on_track": statuses[Status.ON_TRACK] + statuses[Status.DONE],
                "behind": statuses[Status.DELAYED] + statuses[Status.STOPPED],
                "waiting": statuses[Status.NOT_STARTED],
            }
        )
    else:
        facts.append(_("No follow-up of the measures is reported yet."))
    return facts


def course_parts(municipality: Municipality) -> list[CoursePart]:
    """The course part "the goals and their money" (five queries)."""
    goal_count = Goal.objects.filter(municipality=municipality).count()
    facts = [
        ngettext(
            "The goal tree has %(count)s goal.", "The goal tree has %(count)s goals.", goal_count
        )
        % {"count": goal_count}
    ]
    plan = _current_plan(municipality)
    if plan is None:
        facts.append(_("No action part and financial plan is recorded yet."))
    else:
        facts.extend(_plan_facts(plan))
    return [
        CoursePart(
            key="mal",
            title=_("The goals and their money"),
            facts=tuple(facts),
            role=_(
                "You set the goals and the money: the council adopts the goals, the action part "
                "and the budget. The administration carries out the measures and reports how "
                "they go, each tertial and in the annual report; you follow up and change course "
                "in the next budget."
            ),
            url=plan.get_absolute_url() if plan else reverse("goals:index", args=[municipality.pk]),
            order=35,
        )
    ]


# Whether a municipality has published a goal: the same SQL for every municipality, compiled
# once per process (core/prepared.py).
_published_goal = PreparedQuery(
    lambda number: Goal.objects.filter(
        municipality_id=number, parent__isnull=True, public=True, focus_area__public=True
    ).only("pk")[:1],
    number="-1",
)


def public_links(municipality: Municipality) -> list[PublicLink]:
    """The public goal page, when the municipality has published a goal it shows (one query):
    a public top-level goal in a public focus area (a public sub-goal shows only under one)."""
    if not _published_goal(number=municipality.pk):
        return []
    return [
        PublicLink(
            key="goals",
            label=_("Goals and measures"),
            url=link("goals:public", municipality.pk),
        )
    ]
