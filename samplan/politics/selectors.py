"""Reads of the political arenas: a workshop's counts (never who voted what), the dashboard
panel, the role and delegation overview."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from samplan.core.modules import PanelRead, WorkshopSubject, panel_read, workshop_subjects
from samplan.core.queries import PreparedRows, first_rows, instance
from samplan.municipalities.models import Municipality
from samplan.plantakt.selectors import current_election_year, period_for

from . import assessment, roles
from .models import (
    AssessmentNote,
    AssessmentRating,
    AssessmentRespondent,
    AssessmentResponse,
    Comment,
    Delegation,
    DotVote,
    Option,
    OptionKind,
    Participant,
    Rank,
    Workshop,
)

DELEGATION_ITEM = "council.delegation_regulation"


@dataclass(frozen=True)
class Bar:
    """One option's count, with its share of the largest (for the bar's length)."""

    title: str
    value: int
    voters: int
    percent: int


@dataclass
class Tally:
    """What the projector and the planner see: counts only."""

    participants: int
    dots: list[Bar] = field(default_factory=list)
    ranking: list[Bar] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    dot_voters: int = 0
    rank_voters: int = 0

    def as_result(self) -> dict:
        """The counts as stored with the closed workshop (its result)."""
        return {
            "participants": self.participants,
            "dots": [[bar.title, bar.value, bar.voters] for bar in self.dots],
            "ranking": [[bar.title, bar.value, bar.voters] for bar in self.ranking],
            "comments": self.comments,
            "dot_voters": self.dot_voters,
            "rank_voters": self.rank_voters,
        }


def _bars(rows: list[tuple[str, int, int]]) -> list[Bar]:
    top = max((value for _t, value, _v in rows), default=0) or 1
    ordered = sorted(rows, key=lambda row: (-row[1], row[0]))
    return [Bar(title, value, voters, round(100 * value / top)) for title, value, voters in ordered]


def workshop_tally(workshop: Workshop) -> Tally:
    """The live counts of an open workshop (five queries, whatever the number of votes).
    Rankings are scored by Borda count: with n proposals, 1st place gives n points, last 1."""
    options = list(Option.objects.filter(workshop=workshop).values_list("pk", "kind", "title"))
    dots = {
        row["option"]: row
        for row in DotVote.objects.filter(option__workshop=workshop)
        .values("option")
        .annotate(total=Sum("points"), voters=Count("participant"))
    }
    proposals = [pk for pk, kind, _t in options if kind == OptionKind.PROPOSAL]
    ranks = {
        row["option"]: row
        for row in Rank.objects.filter(option__workshop=workshop)
        .values("option")
        .annotate(places=Sum("place"), voters=Count("participant"))
    }
    counts = Participant.objects.filter(workshop=workshop).aggregate(
        people=Count("pk", distinct=True),
        dot_voters=Count("dots__participant", distinct=True),
        rank_voters=Count("ranks__participant", distinct=True),
    )
    n = len(proposals)
    return Tally(
        participants=counts["people"],
        dots=_bars(
            [
                (title, dots.get(pk, {}).get("total") or 0, dots.get(pk, {}).get("voters") or 0)
                for pk, kind, title in options
                if kind == OptionKind.CHALLENGE
            ]
        ),
        ranking=_bars(
            [
                (title, _borda(ranks.get(pk), n), (ranks.get(pk) or {}).get("voters") or 0)
                for pk, kind, title in options
                if kind == OptionKind.PROPOSAL
            ]
        ),
        comments=list(Comment.objects.filter(workshop=workshop).values_list("text", flat=True)),
        dot_voters=counts["dot_voters"],
        rank_voters=counts["rank_voters"],
    )


def _borda(row: dict | None, n: int) -> int:
    if not row:
        return 0
    return row["voters"] * (n + 1) - (row["places"] or 0)


def stored_tally(workshop: Workshop) -> Tally:
    """A closed workshop's result as it was saved (no queries)."""
    result = workshop.result or {}

    def bars(key: str) -> list[Bar]:
        return _bars([tuple(row) for row in result.get(key, [])])

    return Tally(
        participants=result.get("participants", workshop.participant_count),
        dots=bars("dots"),
        ranking=bars("ranking"),
        comments=list(result.get("comments", [])),
        dot_voters=result.get("dot_voters", 0),
        rank_voters=result.get("rank_voters", 0),
    )


def tally_for(workshop: Workshop) -> Tally:
    return stored_tally(workshop) if workshop.is_closed else workshop_tally(workshop)


def subject_choices(municipality: Municipality) -> list[WorkshopSubject]:
    """What a workshop can be about (registered by the modules, see core.modules)."""
    return workshop_subjects(municipality)


def workshops(municipality: Municipality) -> list[Workshop]:
    return list(Workshop.objects.filter(municipality=municipality))


def panel(municipality: Municipality) -> PanelRead:
    """The dashboard panel: the open workshop, the last one held, how much of the delegation
    is recorded (read with the other panels: the five newest workshops and the recorded
    delegations, a row each)."""
    workshops = _WORKSHOPS(
        items=lambda pk, _date, data: [instance(Workshop, pk, data)], municipality=municipality.pk
    )
    delegations = _DELEGATIONS(items=lambda pk, _date, _data: [pk], municipality=municipality.pk)

    def made(read: list[list]) -> dict:
        recent = sorted(read[0], key=lambda w: w.created_at, reverse=True)
        return {
            "open": next((w for w in recent if not w.is_closed), None),
            "last_held": next((w for w in recent if w.is_closed), None),
            "delegations": len(read[1]),
            "decisions": len(roles.DECISIONS),
        }

    return panel_read(workshops, delegations, panel=made)


_WORKSHOPS = PreparedRows(
    lambda municipality: first_rows(Workshop.objects.filter(municipality_id=municipality), 5),
    params={"municipality": str},
    fields=("municipality_id", "title", "step", "held_on", "participant_count", "created_at"),
)
_DELEGATIONS = PreparedRows(
    lambda municipality: Delegation.objects.filter(municipality_id=municipality),
    params={"municipality": str},
)


@dataclass(frozen=True)
class RoleRow:
    decision: roles.Decision
    law_body: str
    delegation: Delegation | None
    body: str


def role_rows(municipality: Municipality) -> list[RoleRow]:
    """Each kind of plan decision with who decides by law and by the municipality's rules."""
    recorded = {d.decision: d for d in Delegation.objects.filter(municipality=municipality)}
    rows = []
    for decision in roles.DECISIONS:
        delegation = recorded.get(decision.key)
        body = delegation.body_name or roles.BODIES.get(delegation.body, "") if delegation else ""
        rows.append(RoleRow(decision, str(roles.BODIES[decision.law_body]), delegation, str(body)))
    return rows


def delegation_deadline(municipality: Municipality) -> object | None:
    """plantakt's item for the period's new delegation rules (KL § 5-14), or None."""
    today = timezone.localdate()
    period = period_for(municipality, current_election_year(today))
    return next((item for item in period.items if item.key == DELEGATION_ITEM), None)


@dataclass
class AssessmentView:
    """A municipality's self-assessment of one year: the profile per theme with both groups,
    how many answered in each, the notes per theme, and the national figures where allowed."""

    year: int
    counts: dict[str, int]
    rows: list[assessment.ThemeRow]
    notes: dict[str, list[str]]
    previous_year: int | None
    national: dict[str, float] | None
    national_municipalities: int
    years: list[int]


def _sums(municipality: Municipality, year: int) -> dict[tuple[str, str], tuple[int, int]]:
    rows = (
        AssessmentRating.objects.filter(response__municipality=municipality, response__year=year)
        .values("response__group", "theme")
        .annotate(total=Sum("value"), number=Count("pk"))
    )
    return {(r["response__group"], r["theme"]): (r["total"], r["number"]) for r in rows}


def _counts(municipality: Municipality, year: int) -> dict[str, int]:
    rows = (
        AssessmentResponse.objects.filter(municipality=municipality, year=year)
        .values("group")
        .annotate(number=Count("pk"))
    )
    return {row["group"]: row["number"] for row in rows}


def _averages(municipality: Municipality, year: int | None) -> dict:
    if year is None:
        return {}
    return assessment.averages(_sums(municipality, year), _counts(municipality, year))


def national_averages(year: int) -> tuple[dict[str, float] | None, int]:
    """Each theme's mean over the municipalities that answered in `year` (each municipality
    counts once, both groups together), and how many answered; None below the minimum."""
    rows = (
        AssessmentRating.objects.filter(response__year=year)
        .values("response__municipality", "theme")
        .annotate(total=Sum("value"), number=Count("pk"))
    )
    per_municipality: dict[str, dict[str, float]] = {}
    for row in rows:
        themes = per_municipality.setdefault(row["response__municipality"], {})
        themes[row["theme"]] = row["total"] / row["number"]
    return assessment.aggregate(per_municipality), len(per_municipality)


def assessment_view(municipality: Municipality, year: int) -> AssessmentView:
    years = sorted(
        set(
            AssessmentResponse.objects.filter(municipality=municipality).values_list(
                "year", flat=True
            )
        ),
        reverse=True,
    )
    previous = next((y for y in years if y < year), None)
    notes: dict[str, list[str]] = {}
    for theme, text in AssessmentNote.objects.filter(
        response__municipality=municipality, response__year=year
    ).values_list("theme", "text"):
        notes.setdefault(theme, []).append(text)
    national, answered = national_averages(year)
    return AssessmentView(
        year=year,
        counts=_counts(municipality, year),
        rows=assessment.profile(_averages(municipality, year), _averages(municipality, previous)),
        # Sorted, so that the order says nothing about who wrote what.
        notes={theme: sorted(texts) for theme, texts in notes.items()},
        previous_year=previous,
        national=national,
        national_municipalities=answered,
        years=years,
    )


def has_answered(municipality: Municipality, year: int, user: object) -> bool:
    return AssessmentRespondent.objects.filter(
        municipality=municipality, year=year, user=user
    ).exists()


def default_year(municipality: Municipality, this_year: int) -> int:
    """This year when anyone in the municipality has answered it, else the latest year that
    has answers (else this year)."""
    latest = (
        AssessmentResponse.objects.filter(municipality=municipality, year__lte=this_year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or this_year
