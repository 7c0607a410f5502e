"""Writes for participation. Each is validated first, all or nothing, and recorded in the audit
history; e-mails are stored with the data and sent by the worker (samplan.core.mail)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.core.mail import mail_enqueue
from samplan.core.versioning import check_and_bump
from samplan.processes.models import Actor

from . import rules
from .models import (
    Answer,
    Attachment,
    Consultation,
    ConsultationDocument,
    Invitation,
    Moderation,
    Question,
    Source,
    Status,
    Submission,
)
from .tasks import anonymise_schedule

MAX_ATTACHMENT_BYTES = 10_000_000
MAX_ATTACHMENTS = 3


def token_hash(*, token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def closed_message(*, consultation: Consultation) -> str:
    closed = timezone.localtime(consultation.closes_at)
    return _(
        "The consultation closed %(date)s at %(time)s; submissions are no longer accepted."
    ) % {
        "date": date_format(closed.date(), "j. F Y"),
        "time": closed.strftime("%H:%M"),
    }


def _stale_message() -> str:
    return _("Someone else saved this in the meantime. Open it again to see their change.")


@service
def consultation_save(
    *, consultation: Consultation, user: object | None = None, expected_version: int | None = None
) -> Consultation:
    """Create or change a consultation; the legal minimum period is checked."""
    check_and_bump(consultation, expected_version, message=_stale_message())
    consultation.full_clean()
    if consultation.opens_on and consultation.closes_at:
        error = rules.period_error(
            consultation.kind,
            consultation.subject,
            consultation.opens_on,
            timezone.localdate(consultation.closes_at),
        )
        if error:
            raise ValidationError({"closes_at": error})
    adoption_moved = consultation.pk is None or (
        Consultation.objects.filter(pk=consultation.pk)
        .exclude(adopted_on=consultation.adopted_on)
        .exists()
    )
    if (
        consultation.strategy
        and consultation.strategy.municipality_id != consultation.municipality_id
    ):
        raise ValidationError({"strategy": _("Choose a strategy of this municipality.")})
    if consultation.plan and consultation.plan.municipality_id != consultation.municipality_id:
        raise ValidationError({"plan": _("Choose a plan of this municipality.")})
    if (
        consultation.process
        and consultation.process.municipality_id != consultation.municipality_id
    ):
        raise ValidationError({"process": _("Choose a process plan of this municipality.")})
    consultation.save()
    if adoption_moved:
        anonymise_schedule(consultation)
    return consultation


@service
def question_add(*, question: Question, user: object | None = None) -> Question:
    question.order = (question.consultation.questions.aggregate(last=Max("order"))["last"] or 0) + 1
    question.full_clean()
    if question.kind in ("valg", "rangering") and len(question.option_list()) < 2:
        raise ValidationError({"options": _("Give at least two options, one per line.")})
    question.save()
    return question


@service
def document_add(
    *, consultation: Consultation, title: str, upload: UploadedFile, user: object | None = None
) -> ConsultationDocument:
    head = upload.read(16)
    upload.seek(0)
    error, media_type = rules.file_error(upload.name, head, upload.size, 50_000_000)
    if error:
        raise ValidationError({"file": error})
    document = ConsultationDocument(
        consultation=consultation, title=title, file=upload, media_type=media_type
    )
    document.full_clean()
    document.save()
    return document


def _site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@dataclass(frozen=True)
class Recipient:
    """Someone to invite: a consultation body (`body_id`), an actor of the municipality's actor
    register (`actor_id`, processes) or anyone else by name and e-mail."""

    name: str
    email: str
    body_id: int | None = None
    actor_id: int | None = None


@service
def invitations_send(
    *,
    consultation: Consultation,
    recipients: Iterable[Recipient],
    user: object | None = None,
) -> int:
    """Invite the recipients by e-mail; someone already invited (by e-mail address) is not
    invited twice, and an actor must be in the consultation's municipality's register. Returns
    how many were invited."""
    recipients = list(recipients)
    actor_ids = {r.actor_id for r in recipients if r.actor_id is not None}
    if actor_ids and Actor.objects.filter(
        pk__in=actor_ids, municipality=consultation.municipality_id
    ).count() != len(actor_ids):
        raise ValidationError(_("Choose actors from this municipality's actor register."))
    invited = set(consultation.invitations.values_list("email", flat=True))
    count = 0
    with translation.override(consultation.municipality.default_language):
        for recipient in recipients:
            email, name = recipient.email.strip().lower(), recipient.name
            if email in invited:
                continue
            invitation = Invitation(
                consultation=consultation,
                name=name,
                email=email,
                body_id=recipient.body_id,
                actor_id=recipient.actor_id,
            )
            invitation.full_clean()
            invitation.mail = mail_enqueue(
                to=[email],
                subject=_("Invitation: %(title)s") % {"title": consultation.title},
                body=_invitation_text(consultation, name),
                purpose="participation.invitation",
            )
            invitation.save()
            invited.add(email)
            count += 1
    return count


def _invitation_text(consultation: Consultation, name: str) -> str:
    return _(
        "Dear %(name)s,\n\n%(municipality)s municipality invites you to give your views: "
        "%(title)s.\n\n%(summary)s\n\nDeadline: %(deadline)s.\nRead more and answer here: "
        "%(url)s\n"
    ) % {
        "name": name,
        "municipality": consultation.municipality.name,
        "title": consultation.title,
        "summary": consultation.summary,
        "deadline": _when(consultation.closes_at),
        "url": _site(consultation.public_url()),
    }


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%d.%m.%Y %H:%M}"


@dataclass(frozen=True)
class Contribution:
    """What a contributor sent (already cleaned by the form)."""

    text: str = ""
    anonymous: bool = False
    name: str = ""
    email: str = ""
    organisation: str = ""
    age_band: str = ""
    place: str = ""
    consent: bool = False
    answers: dict[int, str] | None = None
    files: Sequence[UploadedFile] = ()
    source: str = Source.WEB
    source_note: str = ""


@dataclass(frozen=True)
class Received:
    submission: Submission
    token: str  # "" when the form had been sent before (a double post)
    duplicate: bool


def submission_create(
    *,
    consultation: Consultation,
    contribution: Contribution,
    nonce: str,
    questions: Sequence[Question] | None = None,
    user: object | None = None,
) -> Received:
    """Receive a submission: refused after the closing time (with the time it closed); the same
    form sent twice is one submission. A receipt with the private link goes by e-mail.
    `questions`: the consultation's questions when the caller has read them (the answers are
    kept only for those).

    Submissions to one consultation are numbered in turn under a lock on the consultation's
    row; what needs no lock (the checks of the contribution, a double post sent after the first
    was stored) is done before it is taken, so the lock is held only for the numbering and the
    writes."""
    existing = Submission.objects.filter(consultation=consultation, form_nonce=nonce).first()
    if existing is not None:
        return Received(existing, "", True)
    planner_entry = contribution.source in (Source.MEETING, Source.WORKSHOP, Source.LETTER)
    if not planner_entry and not consultation.is_open():
        raise ValidationError(closed_message(consultation=consultation))
    _check_contribution(contribution, planner_entry)
    if questions is None:
        questions = list(consultation.questions.all()) if contribution.answers else []
    try:
        return _submission_create(consultation, contribution, nonce, planner_entry, questions)
    except IntegrityError:
        # The same form sent twice at once: the other request stored it.
        existing = Submission.objects.filter(consultation=consultation, form_nonce=nonce).first()
        if existing is None:
            raise
        return Received(existing, "", True)


@transaction.atomic
def _submission_create(
    consultation: Consultation,
    contribution: Contribution,
    nonce: str,
    planner_entry: bool,
    questions: Sequence[Question],
) -> Received:
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not planner_entry and not locked.is_open():
        raise ValidationError(closed_message(consultation=locked))
    token = secrets.token_urlsafe(24)
    submission = Submission(
        consultation=locked,
        number=(locked.submissions.aggregate(last=Max("number"))["last"] or 0) + 1,
        token_hash=token_hash(token=token),
        form_nonce=nonce,
        source=contribution.source,
        source_note=contribution.source_note,
        text=contribution.text,
        anonymous=contribution.anonymous,
        name="" if contribution.anonymous else contribution.name,
        email=contribution.email,
        organisation="" if contribution.anonymous else contribution.organisation,
        age_band=contribution.age_band,
        place=contribution.place,
        consent=contribution.consent,
    )
    # Uniqueness is the database's (a double post that races is caught as IntegrityError); the
    # consultation is the row just locked, so its existence needs no query.
    submission.full_clean(
        exclude=["consultation"], validate_unique=False, validate_constraints=False
    )
    submission.save()
    _answers_save(submission, contribution.answers or {}, questions)
    _attachments_save(submission, contribution.files)
    if submission.email:
        submission.receipt = _receipt_enqueue(locked, submission, token)
        submission.save(update_fields=["receipt"])
    return Received(submission, token, False)


def _check_contribution(contribution: Contribution, planner_entry: bool) -> None:
    if not planner_entry and not contribution.consent:
        raise ValidationError(
            {"consent": _("You must accept the privacy statement to send your input.")}
        )
    answered = any(value.strip() for value in (contribution.answers or {}).values())
    if not (contribution.text.strip() or answered or contribution.files):
        raise ValidationError(_("Write your input or answer at least one question."))
    if len(contribution.files) > MAX_ATTACHMENTS:
        raise ValidationError({"files": _("At most %(count)s attachments.") % {"count": 3}})
    for upload in contribution.files:
        head = upload.read(16)
        upload.seek(0)
        error, _media = rules.file_error(upload.name, head, upload.size, MAX_ATTACHMENT_BYTES)
        if error:
            raise ValidationError({"files": error})


def _answers_save(
    submission: Submission, answers: dict[int, str], questions: Sequence[Question]
) -> None:
    asked = {question.pk for question in questions}
    Answer.objects.bulk_create(
        Answer(submission=submission, question_id=pk, value=value)
        for pk, value in answers.items()
        if pk in asked and value.strip()
    )


def _attachments_save(submission: Submission, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        head = upload.read(16)
        upload.seek(0)
        _error, media_type = rules.file_error(upload.name, head, upload.size, MAX_ATTACHMENT_BYTES)
        attachment = Attachment(
            submission=submission,
            file=upload,
            original_name=upload.name[:200],
            media_type=media_type,
            size=upload.size,
        )
        attachment.save()


def own_url(*, submission: Submission, token: str) -> str:
    return reverse("participation:own", args=[submission.consultation.municipality_id, token])


def _receipt_enqueue(consultation: Consultation, submission: Submission, token: str) -> object:
    with translation.override(consultation.municipality.default_language):
        body = _(
            "Thank you for your input to “%(title)s”. %(municipality)s municipality has received "
            "it as submission number %(number)s.\n\nUntil the deadline (%(deadline)s) you can see, "
            "correct or withdraw it through this private link (do not share it):\n%(url)s\n\n"
            "Every submission is assessed, and you will be told what happened to yours."
        ) % {
            "title": consultation.title,
            "municipality": consultation.municipality.name,
            "number": submission.number,
            "deadline": _when(consultation.closes_at),
            "url": _site(own_url(submission=submission, token=token)),
        }
        return mail_enqueue(
            to=[submission.email],
            subject=_("Receipt: %(title)s") % {"title": consultation.title},
            body=body,
            purpose="participation.receipt",
        )


@service
def submission_correct(
    *, submission: Submission, text: str, answers: dict[int, str], user: object | None = None
) -> Submission:
    """The contributor corrects their submission through the private link, until the deadline."""
    if not submission.consultation.is_open():
        raise ValidationError(closed_message(consultation=submission.consultation))
    if submission.moderation == Moderation.WITHDRAWN:
        raise ValidationError(_("This submission has been withdrawn."))
    submission.text = text
    check_and_bump(submission, None)
    submission.full_clean()
    submission.save()
    submission.answers.all().delete()
    _answers_save(submission, answers, list(submission.consultation.questions.all()))
    return submission


@service
def submission_withdraw(*, submission: Submission, user: object | None = None) -> Submission:
    if not submission.consultation.is_open():
        raise ValidationError(closed_message(consultation=submission.consultation))
    submission.moderation = Moderation.WITHDRAWN
    submission.moderation_reason = _("Withdrawn by the contributor")
    check_and_bump(submission, None)
    submission.save()
    return submission


PROCESS_FIELDS = (
    "moderation",
    "moderation_reason",
    "category",
    "tags",
    "concerns",
    "summary",
    "assessment",
    "taken_into_account",
    "where",
)


@service
def submission_process(
    *,
    submission: Submission,
    changes: dict[str, object],
    priorities: Iterable[object] | None = None,
    expected_version: int | None = None,
    user: object | None = None,
) -> Submission:
    """Moderate, categorise, link and assess a submission (one step in the audit history)."""
    stored = Submission.objects.select_for_update().get(pk=submission.pk)
    check_and_bump(stored, expected_version, message=_stale_message())
    for name in PROCESS_FIELDS:
        if name in changes:
            setattr(stored, name, changes[name])
    if stored.moderation == Moderation.HELD and not stored.moderation_reason.strip():
        raise ValidationError({"moderation_reason": _("Give the reason for holding it back.")})
    if stored.taken_into_account and not stored.assessment.strip():
        raise ValidationError({"assessment": _("Write the assessment before the conclusion.")})
    stored.full_clean()
    stored.save()
    if priorities is not None:
        stored.priorities.set(priorities)
    return stored


def unprocessed_count(*, consultation: Consultation) -> int:
    return (
        consultation.submissions.exclude(moderation=Moderation.WITHDRAWN)
        .filter(taken_into_account="")
        .count()
    )


@service
def consultation_close(
    *, consultation: Consultation, confirmed: bool, user: object | None = None
) -> int:
    """Close the consultation now. With unprocessed submissions the planner is warned with how
    many and must confirm. Returns the number still unprocessed."""
    unprocessed = unprocessed_count(consultation=consultation)
    if unprocessed and not confirmed:
        raise ValidationError(
            _("%(count)s submissions are not processed yet. Confirm to close anyway.")
            % {"count": unprocessed}
        )
    now = timezone.now()
    consultation.status = Status.CLOSED
    if consultation.closes_at > now:
        consultation.closes_at = now
    check_and_bump(consultation, None)
    consultation.save()
    return unprocessed


@service
def assessment_publish(*, consultation: Consultation, user: object | None = None) -> int:
    """Publish the assessment: every named contributor with an e-mail is told what happened to
    their input, with a link to the public page. Returns the number of e-mails."""
    if consultation.status not in (Status.CLOSED, Status.ANSWERED):
        raise ValidationError(_("Close the consultation before publishing the assessment."))
    unprocessed = unprocessed_count(consultation=consultation)
    if unprocessed:
        raise ValidationError(
            _("%(count)s submissions are not assessed yet.") % {"count": unprocessed}
        )
    consultation.status = Status.ANSWERED
    check_and_bump(consultation, None)
    consultation.save()
    sent = 0
    with translation.override(consultation.municipality.default_language):
        for submission in (
            consultation.submissions.filter(report_back__isnull=True)
            .exclude(email="")
            .exclude(moderation=Moderation.WITHDRAWN)
        ):
            submission.report_back = mail_enqueue(
                to=[submission.email],
                subject=_("What happened to your input: %(title)s") % {"title": consultation.title},
                body=_report_back_text(consultation, submission),
                purpose="participation.report_back",
            )
            submission.save(update_fields=["report_back"])
            sent += 1
    return sent


def _report_back_text(consultation: Consultation, submission: Submission) -> str:
    return _(
        "You sent input number %(number)s to “%(title)s”.\n\nThe administration's assessment: "
        "%(assessment)s\n\nConclusion: %(conclusion)s%(where)s.\n\nAll submissions and their "
        "assessments: %(url)s\n"
    ) % {
        "number": submission.number,
        "title": consultation.title,
        "assessment": submission.assessment,
        "conclusion": submission.get_taken_into_account_display(),
        "where": f" ({submission.where})" if submission.where else "",
        "url": _site(consultation.public_url()),
    }
