"""Writes for guidance: threads and comments, early-dialogue meetings and their follow-ups,
the statsforvalter's invitation. Keyword-only, atomic, validated before saving; the acting
user is given as `user`."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.core.versioning import check_and_bump
from samplan.municipalities.models import (
    GUIDING_KINDS,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)

from .models import (
    Application,
    ApplicationStatus,
    Comment,
    ExperiencePost,
    FollowUp,
    Gathering,
    Meeting,
    Network,
    NetworkMember,
    OfficeAssignment,
    OfficeCapacity,
    Presentation,
    Thread,
    ThreadStatus,
)
from .notifications import notify


def _planners(municipality: Municipality) -> list[Any]:
    """The municipality's own editors and administrators: they answer the advisers."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation__municipality=municipality, role__in=[Role.EDITOR, Role.ADMIN]
        ).select_related("user")
    ]


def _notify_comment(thread: Thread, comment: Comment) -> None:
    """A comment from outside the municipality goes to its planners; a planner's answer goes to
    the adviser responsible for the thread (or who started it)."""
    from_municipality = comment.author_organisation.kind == OrganisationKind.MUNICIPALITY
    if from_municipality:
        adviser = thread.assigned_to or thread.created_by
        recipients = [adviser] if adviser and adviser != comment.author else []
    else:
        recipients = _planners(thread.municipality)
    url = settings.SITE_URL + reverse("guidance:thread", args=[thread.municipality_id, thread.pk])

    def message() -> tuple[str, str]:
        subject = _("Samplan: new comment on “%(title)s”") % {"title": thread.title}
        body = _(
            "%(who)s (%(organisation)s) commented on %(target)s in %(municipality)s:\n\n"
            "%(text)s\n\nAnswer in Samplan: %(url)s"
        ) % {
            "who": comment.author.name or comment.author.email if comment.author else "–",
            "organisation": comment.author_organisation.name,
            "target": thread.target_label,
            "municipality": thread.municipality.name,
            "text": comment.text,
            "url": url,
        }
        return subject, body

    notify(
        municipality=thread.municipality,
        recipients=recipients,
        message=message,
        purpose="guidance.comment",
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


@service
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


@service
def comment_add(*, thread: Thread, user: object, organisation: Organisation, text: str) -> Comment:
    """Answer in a thread; answering a resolved thread opens it again."""
    comment = _comment_create(thread=thread, user=user, organisation=organisation, text=text)
    if thread.status == ThreadStatus.RESOLVED:
        thread.status = ThreadStatus.OPEN
        thread.resolved_at = None
    thread.save()  # moves updated_at: the thread's latest activity
    _notify_comment(thread, comment)
    return comment


@service
def thread_set_status(*, thread: Thread, user: object, status: str) -> Thread:
    """Resolve a thread or open it again."""
    if status not in ThreadStatus.values:
        raise ValidationError(_("Unknown status."))
    thread.status = status
    thread.resolved_at = timezone.now() if status == ThreadStatus.RESOLVED else None
    thread.full_clean()
    thread.save()
    return thread


@service
def threads_release(*, membership: Membership, user: object | None = None) -> int:
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


@service
def thread_take(*, thread: Thread, user: object) -> Thread:
    """An adviser of the thread's organisation becomes responsible for it."""
    thread.assigned_to = user
    thread.save()
    return thread


@service
def meeting_save(
    *,
    meeting: Meeting | None,
    municipality: Municipality,
    user: object,
    data: dict,
    expected_version: int | None = None,
) -> Meeting:
    """Create or change an early-dialogue meeting. With `expected_version` (the version the
    form was made from) the save is refused with `StaleEdit` when someone else saved the
    meeting since; nothing is written then."""
    meeting = meeting or Meeting(municipality=municipality)
    for name in ("title", "date", "place", "agenda", "participants", "notes"):
        setattr(meeting, name, data.get(name, getattr(meeting, name)))
    meeting.full_clean()
    check_and_bump(meeting, expected_version)
    meeting.save()
    return meeting


@service
def follow_up_add(
    *,
    meeting: Meeting | None = None,
    gathering: Gathering | None = None,
    user: object,
    text: str,
    responsible: str = "",
    due: datetime.date | None = None,
) -> FollowUp:
    follow_up = FollowUp(
        meeting=meeting,
        gathering=gathering,
        text=text.strip(),
        responsible=responsible.strip(),
        due=due,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@service
def follow_up_set_done(*, follow_up: FollowUp, user: object, done: bool) -> FollowUp:
    follow_up.done_on = timezone.localdate() if done else None
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@service
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


# Learning networks -------------------------------------------------------------------------------

NETWORK_FIELDS = (
    "name",
    "theme",
    "description",
    "starts_on",
    "ends_on",
    "invitation",
    "application_deadline",
    "questions",
)


@service
def network_save(
    *, network: Network | None, owners: list[Organisation], user: object, data: dict
) -> Network:
    """Create or change a learning network; its owners are county municipalities, the
    statsforvalter or national organisations (at least one)."""
    if not owners or any(owner.kind not in GUIDING_KINDS for owner in owners):
        raise ValidationError(
            _("A network is run by county municipalities or national organisations.")
        )
    network = network or Network()
    for name in NETWORK_FIELDS:
        if name in data:
            setattr(network, name, data[name])
    network.is_example = network.is_example or any(owner.is_example for owner in owners)
    network.full_clean()
    network.save()
    network.owners.set(owners)
    return network


@service
def application_submit(
    *, network: Network, municipality: Municipality, user: object, data: dict
) -> Application:
    """A municipality applies to join; refused after the deadline, twice, or by a member."""
    today = timezone.localdate()
    if not network.application_deadline or network.application_deadline < today:
        raise ValidationError(
            _("Applications to %(network)s are closed; the deadline was %(date)s.")
            % {
                "network": network.name,
                "date": network.application_deadline.strftime("%d.%m.%Y")
                if network.application_deadline
                else "–",
            }
        )
    if Application.objects.filter(network=network, municipality=municipality).exists():
        raise ValidationError(_("%(name)s has already applied.") % {"name": municipality.name})
    application = Application(network=network, municipality=municipality, submitted_by=user)
    for name in ("samfunnsdel", "timetable", "statistics", "staff", "answers"):
        setattr(application, name, data.get(name, getattr(application, name)))
    application.full_clean()
    application.save()
    return application


@service
def application_decide(*, application: Application, user: object, accept: bool) -> Application:
    """The owners accept (the municipality becomes a member) or decline an application."""
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.full_clean()
    application.save()
    if accept:
        member, created = NetworkMember.objects.get_or_create(
            network=application.network,
            municipality=application.municipality,
            defaults={"joined_on": timezone.localdate()},
        )
        if not created and member.left_on:
            member.left_on = None
            member.joined_on = timezone.localdate()
            member.save()
    return application


@service
def network_leave(*, member: NetworkMember, user: object, keep_shared: bool) -> NetworkMember:
    """A municipality leaves a network. Its experience posts shared with the network stay
    visible to the members only if it chooses so (`keep_shared`)."""
    member.left_on = timezone.localdate()
    member.full_clean()
    member.save()
    if not keep_shared:
        for post in ExperiencePost.objects.filter(
            network=member.network, municipality=member.municipality
        ):
            post.network = None
            post.save()
    return member


@service
def gathering_save(
    *, gathering: Gathering | None, network: Network, user: object, data: dict
) -> Gathering:
    gathering = gathering or Gathering(network=network)
    for name in ("title", "kind", "date", "place", "agenda", "participants", "notes"):
        if name in data:
            setattr(gathering, name, data[name])
    gathering.full_clean()
    gathering.save()
    return gathering


@service
def presentation_add(
    *, gathering: Gathering, user: object, title: str, file: object
) -> Presentation:
    presentation = Presentation(
        gathering=gathering, title=title.strip(), file=file, uploaded_by=user
    )
    presentation.full_clean()
    presentation.save()
    return presentation


@service
def post_create(
    *,
    municipality: Municipality,
    user: object,
    data: dict,
    network: Network | None,
) -> ExperiencePost:
    """An experience post of the municipality, shared with one network or with everyone."""
    post = ExperiencePost(municipality=municipality, author=user, network=network)
    for name in ("title", "text", "tags", "shared_with_all", "attachment"):
        if name in data and data[name] is not None:
            setattr(post, name, data[name])
    post.full_clean()
    post.save()
    return post


# The intercommunal plan office ---------------------------------------------------------------


@service
def office_assignment_add(
    *,
    office: Organisation,
    user: object,
    municipality: Municipality,
    planner: object | None,
    task: str,
    month: datetime.date,
    person_days: object,
) -> OfficeAssignment:
    """Plan a task for a served municipality, by one of the office's planners."""
    if not office.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(
            _("The office does not serve %(name)s.") % {"name": municipality.name}
        )
    if (
        planner is not None
        and not Membership.objects.filter(organisation=office, user=planner).exists()
    ):
        raise ValidationError(_("The planner must be a member of the office."))
    assignment = OfficeAssignment(
        office=office,
        municipality=municipality,
        planner=planner,
        task=task.strip(),
        month=month.replace(day=1),
        person_days=person_days,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@service
def office_capacity_set(
    *, office: Organisation, user: object, month: datetime.date, person_days: object
) -> OfficeCapacity:
    """Set the person-days the office has in a month."""
    capacity = OfficeCapacity.objects.filter(office=office, month=month.replace(day=1)).first()
    capacity = capacity or OfficeCapacity(office=office, month=month.replace(day=1))
    capacity.person_days = person_days
    capacity.full_clean()
    capacity.save()
    return capacity
