"""Privacy (GDPR): the anonymisation of contributors' personal data and the export of
everything held about one e-mail address."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.core.models import OutgoingMail
from samplan.municipalities.models import Municipality

from .models import AnonymisationLog, Attachment, Consultation, Invitation, Submission


@transaction.atomic
def consultation_anonymise(*, consultation: Consultation, user: object | None = None) -> int:
    """Remove the contributors' personal data (names, e-mail, organisation, attachments) and
    keep what they said; log what was done. Returns the number of submissions changed."""
    submissions = list(consultation.submissions.filter(anonymised=False))
    attachments = Attachment.objects.filter(submission__consultation=consultation)
    attachment_count = attachments.count()
    for attachment in attachments:
        attachment.file.delete(save=False)
    attachments.delete()
    for submission in submissions:
        submission.name = submission.email = submission.organisation = ""
        submission.anonymised = True
        submission.save()
    # The history and the e-mails sent held the same personal data.
    ids = [submission.pk for submission in submissions]
    Submission.history.filter(id__in=ids).update(name="", email="", organisation="")
    mail_ids = [
        mail_id
        for submission in submissions
        for mail_id in (submission.receipt_id, submission.report_back_id)
        if mail_id
    ]
    OutgoingMail.objects.filter(pk__in=mail_ids).update(to="-", body="-")
    consultation.anonymised_at = timezone.now()
    consultation.save(update_fields=["anonymised_at"])
    AnonymisationLog.objects.create(
        consultation=consultation,
        submissions=len(submissions),
        attachments=attachment_count,
        note=_("Names, e-mail addresses, organisations and attachments removed."),
    )
    return len(submissions)


def person_export(municipality: Municipality, email: str) -> dict[str, object]:
    """Everything the municipality's participation holds about one e-mail address (for its
    privacy officer): the submissions with their answers and attachments, the invitations and
    the e-mails sent."""
    email = email.strip().lower()
    submissions = (
        Submission.objects.filter(consultation__municipality=municipality, email__iexact=email)
        .select_related("consultation")
        .prefetch_related("answers__question", "attachments")
    )
    invitations = Invitation.objects.filter(
        consultation__municipality=municipality, email__iexact=email
    ).select_related("consultation")
    mails = OutgoingMail.objects.filter(to__iexact=email, purpose__startswith="participation.")
    return {
        "email": email,
        "municipality": municipality.name,
        "submissions": [_submission_data(submission) for submission in submissions],
        "invitations": [
            {"consultation": i.consultation.title, "name": i.name, "invited": i.created_at}
            for i in invitations
        ],
        "emails": [
            {"subject": m.subject, "status": m.status, "created": m.created_at, "text": m.body}
            for m in mails
        ],
    }


def _submission_data(submission: Submission) -> dict[str, object]:
    return {
        "consultation": submission.consultation.title,
        "number": submission.number,
        "received": submission.created_at,
        "name": submission.name,
        "organisation": submission.organisation,
        "age_band": submission.age_band,
        "place": submission.place,
        "text": submission.text,
        "answers": {answer.question.text: answer.value for answer in submission.answers.all()},
        "attachments": [attachment.original_name for attachment in submission.attachments.all()],
        "moderation": submission.moderation,
        "assessment": submission.assessment,
        "taken_into_account": submission.taken_into_account,
    }
