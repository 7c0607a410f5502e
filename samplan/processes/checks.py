"""The process plan's checks, on objects a selector has loaded (no queries here): dates of
activities against their phase, phases without activities, and the groups PBL § 5-1 asks
special attention for (docs/sources.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Activity, Group, Phase, Process, ProcessActor


@dataclass(frozen=True)
class Finding:
    key: str
    message: str


def activity_outside_phase(activity: Activity, phase: Phase) -> str | None:
    """A warning (never a refusal) when a dated activity lies outside its phase's dates."""
    start, end = activity.starts_on, activity.ends_on or activity.starts_on
    if start is None:
        return None
    before = phase.starts_on is not None and start < phase.starts_on
    after = phase.ends_on is not None and end is not None and end > phase.ends_on
    if not (before or after):
        return None
    return _(
        "“%(activity)s” is outside the dates of the phase “%(phase)s” (%(start)s–%(end)s). "
        "It is saved; check whether the activity or the phase should move."
    ) % {
        "activity": activity.title,
        "phase": phase.title,
        "start": date_format(phase.starts_on, "SHORT_DATE_FORMAT") if phase.starts_on else "…",
        "end": date_format(phase.ends_on, "SHORT_DATE_FORMAT") if phase.ends_on else "…",
    }


def groups_to_check(process: Process) -> list[str]:
    """The groups the § 5-1 check asks for: the Sami population only where it is relevant."""
    groups = [Group.CHILDREN_YOUTH, Group.OLDER, Group.DISABILITIES]
    if process.sami_relevant:
        groups.append(Group.SAMI)
    return [str(group) for group in groups]


def law_text(group: str) -> str:
    """What the law asks, said for one group."""
    if group == Group.CHILDREN_YOUTH:
        return _(
            "PBL § 5-1 gives the municipality a particular responsibility to secure active "
            "participation by children and young people, and the council has an arrangement to "
            "look after their interests (§ 3-3)."
        )
    if group == Group.SAMI:
        return _(
            "PBL § 5-1 asks for active participation by groups that need special facilitation; "
            "the ministry's commentary names reindeer herding among them, and planning shall "
            "secure the natural basis for Sami culture."
        )
    return _(
        "PBL § 5-1 asks for active participation by groups that need special facilitation, and "
        "for good opportunities to take part in other ways for those who cannot take part "
        "directly; the ministry's commentary names people with disabilities among them."
    )


def missing_groups(
    process: Process, roles: Iterable[ProcessActor], activities: Iterable[Activity]
) -> list[Finding]:
    """For a statutory plan process: each group with no actor and no activity aimed at it."""
    if not process.is_statutory:
        return []
    covered = {role.actor.group for role in roles} | {activity.group for activity in activities}
    labels = dict(Group.choices)
    return [
        Finding(
            f"pbl-5-1-{group}",
            _("No actor or activity for %(group)s. %(law)s")
            % {"group": str(labels[group]).lower(), "law": law_text(group)},
        )
        for group in groups_to_check(process)
        if group not in covered
    ]


def process_warnings(
    process: Process, phases: list[Phase], roles: list[ProcessActor]
) -> list[Finding]:
    """Every warning of a loaded process (phases with their `activity_list`, see
    selectors.phases_and_roles)."""
    warnings: list[Finding] = []
    if not process.desired_result.strip():
        warnings.append(
            Finding(
                "desired-result",
                _(
                    "Write the desired result first: the phases and activities are chosen to "
                    "reach it."
                ),
            )
        )
    activities = [activity for phase in phases for activity in phase.activity_list]
    for phase in phases:
        if not phase.activity_list:
            warnings.append(
                Finding(
                    f"phase-{phase.pk}",
                    _("The phase “%(phase)s” has no activities yet.") % {"phase": phase.title},
                )
            )
        for activity in phase.activity_list:
            message = activity_outside_phase(activity, phase)
            if message:
                warnings.append(Finding(f"activity-{activity.pk}", message))
    warnings += missing_groups(process, roles, activities)
    return warnings
