"""The legal rules for a planning strategy's dates (PBL § 10-1, KL § 7-1), pure Python.

- the council is constituted by 31 October of the election year (KL § 7-1);
- the strategy is adopted at the latest one year after the constitution (PBL § 10-1 first ledd);
- the proposal is made public at least 30 days before the council handles it (second ledd);
- views are obtained from state and regional bodies and neighbouring municipalities (second ledd);
- the council takes a position on revising the master plan (third ledd).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

PUBLIC_DISPLAY_DAYS = 30


@dataclass(frozen=True)
class DateFinding:
    """A rule the strategy's dates break (or will break), with the field to fix."""

    field: str
    message: str


def _date(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def adoption_deadline(constitution: datetime.date) -> datetime.date:
    """One year after the constitution (29 February falls back to 28 February)."""
    try:
        return constitution.replace(year=constitution.year + 1)
    except ValueError:
        return constitution.replace(year=constitution.year + 1, day=28)


def latest_public_display(council_meeting: datetime.date) -> datetime.date:
    return council_meeting - datetime.timedelta(days=PUBLIC_DISPLAY_DAYS)


def _too_late(
    constitution: datetime.date, known: bool, deadline: datetime.date, decision: datetime.date
) -> str:
    values = {
        "constituted": _date(constitution),
        "deadline": _date(deadline),
        "date": _date(decision),
    }
    if known:
        return (
            _(
                "The strategy must be adopted within a year of the constitution on "
                "%(constituted)s, i.e. by %(deadline)s (PBL § 10-1). %(date)s is too late."
            )
            % values
        )
    return (
        _(
            "The constitution date is missing. Even counted from the latest possible date, "
            "%(constituted)s, the strategy must be adopted by %(deadline)s (PBL § 10-1): "
            "%(date)s is too late. Register the constitution date to see the real deadline."
        )
        % values
    )


def date_findings(
    *,
    constitution: datetime.date,
    constitution_known: bool = True,
    public_from: datetime.date | None,
    council_meeting: datetime.date | None,
    adopted_on: datetime.date | None,
) -> list[DateFinding]:
    """Every rule the dates break. Dates not entered yet are not judged."""
    findings: list[DateFinding] = []
    deadline = adoption_deadline(constitution)
    decision = adopted_on or council_meeting
    if public_from and decision and public_from > latest_public_display(decision):
        days = (decision - public_from).days
        findings.append(
            DateFinding(
                "public_from",
                _(
                    "The proposal must be public at least 30 days before the council decides "
                    "(PBL § 10-1). From %(public)s to the decision on %(meeting)s is only "
                    "%(days)s days: make it public by %(latest)s, or move the meeting."
                )
                % {
                    "public": _date(public_from),
                    "meeting": _date(decision),
                    "days": days,
                    "latest": _date(latest_public_display(decision)),
                },
            )
        )
    if decision and decision > deadline:
        findings.append(
            DateFinding(
                "adopted_on" if adopted_on else "council_meeting",
                _too_late(constitution, constitution_known, deadline, decision),
            )
        )
    # With the constitution date missing, `constitution` is the latest possible one (31 October):
    # a decision before it may well be after the real constitution, so it is not judged.
    if constitution_known and decision and decision < constitution:
        findings.append(
            DateFinding(
                "adopted_on" if adopted_on else "council_meeting",
                _("The new council cannot decide before it is constituted on %(date)s.")
                % {"date": _date(constitution)},
            )
        )
    if adopted_on and public_from and adopted_on < public_from:
        findings.append(
            DateFinding(
                "adopted_on",
                _("The strategy cannot be adopted before the proposal was made public."),
            )
        )
    return findings
