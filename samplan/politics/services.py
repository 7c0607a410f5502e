"""Writes of the political arenas: workshops (create, move through steps, join, vote, close)
and the delegation of plan decisions. Keyword-only arguments, transactions, full_clean."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.core.modules import WorkshopSubject
from samplan.core.prepared import PreparedQuery
from samplan.core.versioning import check_and_bump
from samplan.municipalities.models import Municipality

from . import assessment, codes
from .models import (
    STEP_ORDER,
    AssessmentNote,
    AssessmentRating,
    AssessmentRespondent,
    AssessmentResponse,
    Comment,
    CourseProgress,
    Delegation,
    DotVote,
    ForumMeeting,
    JoinCode,
    Option,
    OptionKind,
    Participant,
    Rank,
    Step,
    Workshop,
)
from .roles import BODIES, DECISION_KEYS

MAX_CODES = 200
MAX_COMMENTS = 5
MAX_OPTIONS = 30


@service
def workshop_create(
    *,
    municipality: Municipality,
    title: str,
    body: str,
    points: int,
    challenges: Sequence[str],
    proposals: Sequence[str],
    subject: WorkshopSubject | None = None,
    user: object | None = None,
) -> Workshop:
    """A new workshop at its first step, with its challenges and proposals in order."""
    if len(challenges) + len(proposals) > MAX_OPTIONS:
        raise ValidationError(_("At most %(max)s challenges and proposals.") % {"max": MAX_OPTIONS})
    workshop = Workshop(
        municipality=municipality,
        title=title,
        body=body,
        points=points,
        key=codes.random_key(),
        subject=subject.key if subject else "",
        subject_title=subject.title if subject else "",
        subject_url=subject.url if subject else "",
    )
    workshop.full_clean()
    workshop.save()
    options = [
        Option(workshop=workshop, kind=kind, title=title.strip(), position=position)
        for kind, titles in ((OptionKind.CHALLENGE, challenges), (OptionKind.PROPOSAL, proposals))
        for position, title in enumerate(titles)
        if title.strip()
    ]
    for option in options:
        option.full_clean(exclude=["workshop"])
    Option.objects.bulk_create(options)
    return workshop


@service
def workshop_step(*, workshop: Workshop, step: str, user: object | None = None) -> Workshop:
    """Move the workshop to `step`; closing it saves the result and unlinks the people."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.is_closed:
        raise ValidationError(_("The workshop is closed."))
    if step not in STEP_ORDER:
        raise ValidationError(_("Unknown step."))
    if step == Step.CLOSED:
        return _close(workshop)
    workshop.step = step
    workshop.full_clean()
    workshop.save(update_fields=["step"])
    return workshop


def _close(workshop: Workshop) -> Workshop:
    from .selectors import workshop_tally

    tally = workshop_tally(workshop)
    workshop.step = Step.CLOSED
    workshop.held_on = timezone.localdate()
    workshop.participant_count = tally.participants
    workshop.result = tally.as_result()
    workshop.full_clean()
    workshop.save()
    # From now on nothing links a vote to a person or a code.
    Participant.objects.filter(workshop=workshop).update(user=None, code=None)
    JoinCode.objects.filter(workshop=workshop).delete()
    return workshop


@service
def codes_create(*, workshop: Workshop, count: int, user: object | None = None) -> list[JoinCode]:
    """`count` new one-time codes for members without a login."""
    if workshop.is_closed:
        raise ValidationError(_("The workshop is closed."))
    if not 1 <= count <= MAX_CODES:
        raise ValidationError(_("Make between 1 and %(max)s codes.") % {"max": MAX_CODES})
    if workshop.codes.count() + count > MAX_CODES:
        raise ValidationError(_("A workshop has at most %(max)s codes.") % {"max": MAX_CODES})
    new = [JoinCode(workshop=workshop, code=codes.random_code()) for _ in range(count)]
    return JoinCode.objects.bulk_create(new)


def _new_participant(workshop: Workshop, **link: object) -> Participant:
    participant = Participant(workshop=workshop, token=secrets.token_urlsafe(32), **link)
    participant.full_clean(exclude=["user", "code"], validate_unique=False)
    participant.save()
    return participant


@service
def participant_join_user(*, workshop: Workshop, user: object) -> Participant:
    """The logged-in member's participation (the same one if they join again)."""
    if workshop.is_closed:
        raise ValidationError(_("This workshop is closed. Thank you for taking part!"))
    existing = Participant.objects.filter(workshop=workshop, user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _new_participant(workshop, user=user)
    except IntegrityError:  # the same member on two phones at once: one participation
        return Participant.objects.get(workshop=workshop, user=user)


@service
def participant_join_code(
    *, workshop: Workshop, typed: str, user: object | None = None
) -> Participant:
    """Join with a one-time code: it is used up, and the phone gets the participation."""
    if workshop.is_closed:
        raise ValidationError(_("This workshop is closed. Thank you for taking part!"))
    code = (
        JoinCode.objects.select_for_update()
        .filter(workshop=workshop, code=codes.normalise(typed))
        .first()
    )
    if code is None:
        raise ValidationError(_("We do not know that code. Check it and try again."))
    if code.used_at is not None:
        raise ValidationError(_("That code has already been used. Ask the planner for a new code."))
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    return _new_participant(workshop, code=code)


# A phone's answer locks its participation and checks the options: the same SQL at every answer
# (30 phones at once), compiled once per process.
_LOCKED = PreparedQuery(
    lambda pk: Participant.objects.select_for_update().select_related("workshop").filter(pk=pk),
    pk=-1,
)
_OPTIONS_OF_KIND = PreparedQuery(
    lambda workshop, kind: Option.objects.filter(workshop_id=workshop, kind=kind),
    workshop=-1,
    kind="-kind-",
)


def _option_ids(workshop: Workshop, kind: str) -> set[int]:
    return {option.pk for option in _OPTIONS_OF_KIND(workshop=workshop.pk, kind=str(kind))}


def _locked(participant: Participant, step: str) -> Participant:
    """The participant locked for this write, if the workshop is at `step`."""
    found = _LOCKED(pk=participant.pk)
    if not found:
        raise Participant.DoesNotExist("Participant matching query does not exist.")
    participant = found[0]
    if participant.workshop.step != step:
        raise ValidationError(_("This step is over. Follow the screen for the next step."))
    return participant


@service
def dots_save(
    *, participant: Participant, points: Mapping[int, int], user: object | None = None
) -> int:
    """The participant's points on the challenges, replacing any they gave before (counted
    once). Returns the points given."""
    participant = _locked(participant, Step.DOTS)
    workshop = participant.workshop
    given = {pk: value for pk, value in points.items() if value}
    if any(value < 0 for value in given.values()):
        raise ValidationError(_("Points cannot be negative."))
    total = sum(given.values())
    if total > workshop.points:
        raise ValidationError(
            _("You gave %(total)s points; you have %(max)s.")
            % {"total": total, "max": workshop.points}
        )
    valid = _option_ids(workshop, OptionKind.CHALLENGE)
    if not set(given) <= valid:
        raise ValidationError(_("Choose among the challenges shown."))
    DotVote.objects.filter(participant=participant).delete()
    DotVote.objects.bulk_create(
        DotVote(participant=participant, option_id=pk, points=value) for pk, value in given.items()
    )
    return total


@service
def ranking_save(
    *, participant: Participant, order: Sequence[int], user: object | None = None
) -> None:
    """The participant's ranking of the proposals (first = most important), replacing any
    earlier one. Every proposal gets a different place."""
    participant = _locked(participant, Step.RANKING)
    valid = _option_ids(participant.workshop, OptionKind.PROPOSAL)
    if len(set(order)) != len(order):
        raise ValidationError(_("Give each proposal its own place."))
    if not order or not set(order) <= valid:
        raise ValidationError(_("Rank the proposals shown."))
    Rank.objects.filter(participant=participant).delete()
    Rank.objects.bulk_create(
        Rank(participant=participant, option_id=pk, place=place)
        for place, pk in enumerate(order, start=1)
    )


@service
def comment_add(*, participant: Participant, text: str, user: object | None = None) -> Comment:
    """A comment in the comment step (at most MAX_COMMENTS per participant)."""
    participant = _locked(participant, Step.COMMENTS)
    if participant.comments.count() >= MAX_COMMENTS:
        raise ValidationError(
            _("You have sent %(max)s comments, which is the most one member can send.")
            % {"max": MAX_COMMENTS}
        )
    comment = Comment(workshop=participant.workshop, participant=participant, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@service
def delegation_save(
    *,
    municipality: Municipality,
    decision: str,
    body: str,
    body_name: str = "",
    reference: str = "",
    note: str = "",
    version: int,
    user: object | None = None,
) -> Delegation:
    """Record who decides `decision` by the municipality's delegation rules. `version` is the
    one the planner's form was made from: if someone saved in between, nothing is written."""
    if decision not in DECISION_KEYS or body not in BODIES:
        raise ValidationError(_("Choose a decision and a body from the lists."))
    delegation, _created = Delegation.objects.select_for_update().get_or_create(
        municipality=municipality, decision=decision, defaults={"body": body}
    )
    check_and_bump(
        delegation,
        None if _created else version,
        message=_(
            "Someone else saved this delegation while you were editing. Open it again to see "
            "their change, then make yours."
        ),
    )
    delegation.body = body
    delegation.body_name = body_name.strip()
    delegation.reference = reference.strip()
    delegation.note = note.strip()
    delegation.full_clean()
    delegation.save()
    return delegation


@service
def assessment_submit(
    *,
    municipality: Municipality,
    year: int,
    group: str,
    ratings: Mapping[str, int],
    notes: Mapping[str, str],
    user: object,
) -> AssessmentResponse:
    """Save one anonymous self-assessment answer and record, apart from it, that `user` has
    answered this year (once: the database refuses a second)."""
    given = {key: value for key, value in ratings.items() if value}
    if not given:
        raise ValidationError(_("Rate at least one statement."))
    if not set(given) <= set(assessment.STATEMENT_THEME) or not set(notes) <= set(
        assessment.THEME_KEYS
    ):
        raise ValidationError(_("Answer the statements shown."))
    try:
        with transaction.atomic():
            AssessmentRespondent.objects.create(municipality=municipality, year=year, user=user)
    except IntegrityError:
        raise ValidationError(
            _("You have already answered this year's self-assessment. Thank you!")
        ) from None
    response = AssessmentResponse(municipality=municipality, year=year, group=group)
    response.full_clean()
    response.save()
    rows = [
        AssessmentRating(
            response=response, statement=key, theme=assessment.STATEMENT_THEME[key], value=value
        )
        for key, value in given.items()
    ]
    for row in rows:
        row.full_clean(exclude=["response"])
    AssessmentRating.objects.bulk_create(rows)
    AssessmentNote.objects.bulk_create(
        AssessmentNote(response=response, theme=theme, text=text.strip())
        for theme, text in notes.items()
        if text.strip()
    )
    return response


@service
def course_part_mark(*, municipality: Municipality, part: str, read: bool, user: object) -> None:
    """Mark a course part as read (or not) for the user themselves."""
    rows = CourseProgress.objects.filter(user=user, municipality=municipality, part=part)
    if not read:
        rows.delete()
        return
    if not rows.exists():
        progress = CourseProgress(
            user=user, municipality=municipality, part=part, read_on=timezone.localdate()
        )
        progress.full_clean(validate_unique=False)
        progress.save()


@service
def forum_meeting_save(
    *,
    municipality: Municipality,
    date: datetime.date,
    agenda: str,
    notes: str = "",
    meeting: ForumMeeting | None = None,
    version: int = 0,
    user: object | None = None,
) -> ForumMeeting:
    """Create a plan forum meeting, or save one whose form was made from `version` (nothing is
    written if someone saved it in between)."""
    if meeting is None:
        meeting = ForumMeeting(municipality=municipality)
    else:
        check_and_bump(
            meeting,
            version,
            message=_(
                "Someone else saved this meeting while you were editing. Open it again to "
                "see their change, then make yours."
            ),
        )
    meeting.date = date
    meeting.agenda = agenda.strip()
    meeting.notes = notes.strip()
    meeting.full_clean()
    meeting.save()
    return meeting
