"""Who may see which guidance objects: through the user's access to the municipality
(samplan.municipalities.permissions) or membership of the organisation whose board it is. A
thread or meeting of another municipality is 404, like the municipality itself."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from samplan.municipalities.models import GUIDING_KINDS, Organisation, OrganisationKind, Role
from samplan.municipalities.permissions import (
    Access,
    Capability,
    access_map,
    get_organisation_for_user,
    user_memberships,
)

from .models import ExperiencePost, Gathering, Meeting, Network, Thread


def get_thread_for_user(access: Access, pk: int) -> Thread:
    """A thread about the municipality the user has `access` to; 404 for any other."""
    return get_object_or_404(
        Thread.objects.select_related("organisation", "assigned_to", "created_by"),
        municipality=access.municipality,
        pk=pk,
    )


def get_meeting_for_user(access: Access, pk: int) -> Meeting:
    """An early-dialogue meeting of the municipality the user has `access` to; 404 otherwise."""
    return get_object_or_404(Meeting, municipality=access.municipality, pk=pk)


def get_board_organisation_for_user(request: HttpRequest, slug: str) -> Organisation:
    """A county municipality, statsforvalter or national organisation the user is a member of
    (its status board); 404 for anyone else and for other kinds of organisation."""
    organisation, _membership = get_organisation_for_user(request, slug)
    if organisation.kind not in GUIDING_KINDS:
        raise Http404("No status board for this organisation")
    return organisation


@dataclass(frozen=True)
class NetworkAccess:
    """What the user may do in one learning network."""

    network: Network
    is_owner: bool  # a member of an organisation that runs it
    may_run: bool  # an administrator or adviser of such an organisation
    member_numbers: frozenset[str]  # the user's municipalities that are members now
    applicable: tuple[Access, ...]  # municipalities the user may apply for (open invitation)

    @property
    def is_member(self) -> bool:
        return bool(self.member_numbers)


def _owner_role(request: HttpRequest, network: Network) -> str | None:
    owners = {organisation.pk for organisation in network.owners.all()}
    roles = [m.role for m in user_memberships(request.user) if m.organisation_id in owners]
    if not roles:
        return None
    return (
        Role.ADMIN if Role.ADMIN in roles else Role.ADVISER if Role.ADVISER in roles else roles[0]
    )


def invitation_open(network: Network, today: datetime.date) -> bool:
    return bool(network.application_deadline and network.application_deadline >= today)


def get_network_for_user(request: HttpRequest, pk: int) -> NetworkAccess:
    """A network the user runs, takes part in through a municipality, or is invited to apply
    to (an open invitation, for those who may edit in a municipality); 404 for anyone else."""
    network = get_object_or_404(Network.objects.prefetch_related("owners"), pk=pk)
    role = _owner_role(request, network)
    accesses = access_map(request.user)
    active = set(
        network.members.filter(left_on__isnull=True).values_list("municipality_id", flat=True)
    )
    mine = frozenset(active & set(accesses))
    applicable: tuple[Access, ...] = ()
    if invitation_open(network, timezone.localdate()):
        applicable = tuple(
            access
            for number, access in accesses.items()
            if number not in active and access.allows(Capability.EDIT)
        )
    if role is None and not mine and not applicable:
        raise Http404("No such network for this user")
    return NetworkAccess(
        network=network,
        is_owner=role is not None,
        may_run=role in (Role.ADMIN, Role.ADVISER),
        member_numbers=mine,
        applicable=applicable,
    )


def require_running(access: NetworkAccess) -> None:
    """403 unless the user runs the network (administrator or adviser of an owner)."""
    if not access.may_run:
        raise PermissionDenied("Only the network's owners")


def get_gathering_for_user(access: NetworkAccess, pk: int) -> Gathering:
    """A gathering of a network the user runs or is a member of; 404 for an invitee."""
    if not (access.is_owner or access.is_member):
        raise Http404("Not a member")
    return get_object_or_404(Gathering, network=access.network, pk=pk)


def get_post_for_user(request: HttpRequest, pk: int) -> ExperiencePost:
    """An experience post shared with every user, with a network the user runs or takes part
    in, or written in a municipality the user has access to; 404 otherwise."""
    post = get_object_or_404(
        ExperiencePost.objects.select_related("municipality", "network", "author"), pk=pk
    )
    if post.shared_with_all or post.municipality_id in access_map(request.user):
        return post
    if post.network_id and post.network_id in visible_network_ids(request.user):
        return post
    raise Http404("Not shared with this user")


def visible_network_ids(user: object) -> set[int]:
    """The networks whose shared items the user sees: run by one of the user's organisations,
    or with one of the user's municipalities as a member now (one query)."""
    organisations = [membership.organisation_id for membership in user_memberships(user)]
    numbers = list(access_map(user))
    return set(
        Network.objects.filter(
            Q(owners__in=organisations)
            | Q(members__municipality_id__in=numbers, members__left_on__isnull=True)
        ).values_list("pk", flat=True)
    )


def get_office_for_user(request: HttpRequest, slug: str, *, edit: bool = False) -> Organisation:
    """An intercommunal plan office the user is a member of; 404 for anyone else and other
    kinds of organisation, 403 when `edit` and the member is a reader or adviser."""
    organisation, membership = get_organisation_for_user(request, slug)
    if organisation.kind != OrganisationKind.INTERCOMMUNAL:
        raise Http404("Not an intercommunal office")
    if edit and membership.role not in (Role.ADMIN, Role.EDITOR):
        raise PermissionDenied("Role does not allow this")
    return organisation
