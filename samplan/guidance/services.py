"""Writes for guidance: threads and comments, early-dialogue meetings and their follow-ups,
the statsforvalter's invitation. Keyword-only, atomic, validated before saving; the acting
user is given as `user`."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.municipalities.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)

from .models import Comment, FollowUp, Meeting, Thread, ThreadStatus
from .notifications import notify


def _planner_emails(municipality: Municipality) -> list[str]:
    """The municipality's own editors and administrators: they answer the advisers."""
    return list(
        Membership.objects.filter(
            organisation__municipality=municipality, role__in=[Role.EDITOR, Role.ADMIN]
        ).values_list("user__email", flat=True)
    )


def _notify_comment(thread: Thread, comment: Comment) -> None:
    """A comment from outside the municipality goes to its planners; a planner's answer goes to
    the adviser responsible for the thread (or who started it)."""
    from_municipality = comment.author_organisation.kind == OrganisationKind.MUNICIPALITY
    if from_municipality:
        adviser = thread.assigned_to or thread.created_by
        recipients = [adviser.email] if adviser and adviser != comment.author else []
    else:
        recipients = _planner_emails(thread.municipality)
    url = reverse("guidance:thread", args=[thread.municipality_id, thread.pk])
    notify(
        subject=_("Samplan: new comment on “%(title)s”") % {"title": thread.title},
        body=_(
            "%(who)s (%(organisation)s) commented on %(target)s in %(municipality)s:\n\n"
            "%(text)s\n\nAnswer in Samplan: %(url)s"
        )
        % {
            "who": comment.author.name or comment.author.email if comment.author else "–",
            "organisation": comment.author_organisation.name,
            "target": thread.target_label,
            "municipality": thread.municipality.name,
            "text": comment.text,
            "url": url,
        },
        recipients=recipients,
    )


def _comment_create(
    *, thread: Thread, user: object, organisation: Organisation, text: str
) -> Comment:
    comment = Comment(
        thread=thread, author=user, author_organisation=organisation, text=text.strip()
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def thread_start(
    *,
    municipality: Municipality,
    organisation: Organisation,
    user: object,
    module: str,
    target_key: str,
    target_label: str,
    title: str,
    text: str,
) -> Thread:
    """Open a thread on one target (checked by the caller to exist and be visible) with its
    first comment, and tell the other side."""
    thread = Thread(
        municipality=municipality,
        organisation=organisation,
        module=module,
        target_key=target_key,
        target_label=target_label,
        title=title.strip(),
        created_by=user,
        assigned_to=user if organisation.kind != OrganisationKind.MUNICIPALITY else None,
    )
    thread.full_clean()
    thread.save()
    comment = _comment_create(thread=thread, user=user, organisation=organisation, text=text)
    _notify_comment(thread, comment)
    return thread


@transaction.atomic
def comment_add(*, thread: Thread, user: object, organisation: Organisation, text: str) -> Comment:
    """Answer in a thread; answering a resolved thread opens it again."""
    comment = _comment_create(thread=thread, user=user, organisation=organisation, text=text)
    if thread.status == ThreadStatus.RESOLVED:
        thread.status = ThreadStatus.OPEN
        thread.resolved_at = None
    thread.save()  # moves updated_at: the thread's latest activity
    _notify_comment(thread, comment)
    return comment


@transaction.atomic
def thread_set_status(*, thread: Thread, user: object, status: str) -> Thread:
    """Resolve a thread or open it again."""
    if status not in ThreadStatus.values:
        raise ValidationError(_("Unknown status."))
    thread.status = status
    thread.resolved_at = timezone.now() if status == ThreadStatus.RESOLVED else None
    thread.full_clean()
    thread.save()
    return thread


@transaction.atomic
def threads_release(*, membership: Membership) -> int:
    """An adviser left their organisation: their threads stay, open, and are handed to the
    organisation (no adviser responsible until another takes them). Returns how many."""
    threads = list(
        Thread.objects.filter(
            organisation_id=membership.organisation_id, assigned_to_id=membership.user_id
        )
    )
    for thread in threads:
        thread.assigned_to = None
        thread.save()
    return len(threads)


@transaction.atomic
def thread_take(*, thread: Thread, user: object) -> Thread:
    """An adviser of the thread's organisation becomes responsible for it."""
    thread.assigned_to = user
    thread.save()
    return thread


@transaction.atomic
def meeting_save(
    *, meeting: Meeting | None, municipality: Municipality, user: object, data: dict
) -> Meeting:
    """Create or change an early-dialogue meeting."""
    meeting = meeting or Meeting(municipality=municipality)
    for name in ("title", "date", "place", "agenda", "participants", "notes"):
        setattr(meeting, name, data.get(name, getattr(meeting, name)))
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def follow_up_add(
    *,
    meeting: Meeting,
    user: object,
    text: str,
    responsible: str = "",
    due: datetime.date | None = None,
) -> FollowUp:
    follow_up = FollowUp(
        meeting=meeting, text=text.strip(), responsible=responsible.strip(), due=due
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_set_done(*, follow_up: FollowUp, user: object, done: bool) -> FollowUp:
    follow_up.done_on = timezone.localdate() if done else None
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def county_governor_set_invited(
    *, municipality: Municipality, organisation: Organisation, user: object, invited: bool
) -> None:
    """The municipality invites the statsforvalter to read and comment (or withdraws the
    invitation); recorded in the statsforvalter's history."""
    if organisation.kind != OrganisationKind.COUNTY_GOVERNOR:
        raise ValidationError(_("Only the county governor is invited this way."))
    if invited:
        organisation.municipalities.add(municipality)
    else:
        organisation.municipalities.remove(municipality)
    organisation.save()
