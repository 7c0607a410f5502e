"""Learning networks: the list, a network with its members and gatherings, the invitation and
applications, leaving, gatherings with presentations and follow-ups, experience posts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samplan.core.audit import history_entries
from samplan.core.modules import application_facts
from samplan.municipalities.models import GUIDING_KINDS, Role
from samplan.municipalities.pages import module_context
from samplan.municipalities.permissions import (
    Capability,
    get_municipality_for_user,
    user_memberships,
)

from . import selectors, services
from .forms import (
    ApplicationForm,
    FollowUpForm,
    GatheringForm,
    LeaveForm,
    NetworkForm,
    PostForm,
    PresentationForm,
)
from .models import Application, Network, NetworkMember, Presentation
from .permissions import (
    NetworkAccess,
    get_gathering_for_user,
    get_network_for_user,
    get_post_for_user,
    invitation_open,
    require_running,
)


def _running_organisations(request: HttpRequest) -> list:
    """The user's organisations that may run a network (administrator or adviser)."""
    return [
        membership.organisation
        for membership in user_memberships(request.user)
        if membership.organisation.kind in GUIDING_KINDS
        and membership.role in (Role.ADMIN, Role.ADVISER)
    ]


@login_required
@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    """The networks the user runs or takes part in, and open invitations."""
    return render(
        request,
        "guidance/network_list.html",
        {
            **selectors.networks_for_user(request.user),
            "can_create": bool(_running_organisations(request)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a network (county municipalities, national organisations) or change it."""
    access = get_network_for_user(request, pk) if pk else None
    if access is not None:
        require_running(access)
    organisations = _running_organisations(request)
    if not organisations:
        raise PermissionDenied("Only county municipalities and national organisations")
    network = access.network if access else None
    form = NetworkForm(
        request.POST or None,
        instance=network,
        organisations=organisations,
        initial={"owners": list(network.owners.all()) if network else organisations[:1]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.network_save(
                network=network,
                owners=list(form.cleaned_data["owners"]),
                user=request.user,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The network was saved."))
            return redirect(saved)
    return render(
        request,
        "guidance/network_form.html",
        {"form": form, "network": network},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def network(request: HttpRequest, pk: int) -> HttpResponse:
    """A network: its invitation, members, gatherings and shared posts; for its owners the
    applications."""
    access = get_network_for_user(request, pk)
    inside = access.is_owner or access.is_member
    return render(
        request,
        "guidance/network.html",
        {
            "access": access,
            "network": access.network,
            "inside": inside,
            "open": invitation_open(access.network, timezone.localdate()),
            **(selectors.network_page(access.network, is_owner=access.is_owner) if inside else {}),
            "history": history_entries(access.network.history.select_related("history_user"))
            if access.is_owner
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int, knr: str) -> HttpResponse:
    """A municipality's application, prefilled from its plan register, plan calendar and
    statistics. Refused after the deadline."""
    municipality_access = get_municipality_for_user(request, knr, Capability.EDIT)
    # A published invitation (one with a deadline): after the deadline the form says so.
    network = get_object_or_404(Network, pk=pk, application_deadline__isnull=False)
    form = ApplicationForm(
        request.POST or None,
        questions=network.questions,
        initial=application_facts(municipality_access.municipality),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                network=network,
                municipality=municipality_access.municipality,
                user=request.user,
                data={**form.cleaned_data, "answers": form.answers()},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application was sent."))
            return redirect(network)
    return render(
        request,
        "guidance/apply.html",
        module_context(municipality_access, form=form, network=network),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int, application: int) -> HttpResponse:
    """The owners accept or decline an application."""
    access = get_network_for_user(request, pk)
    require_running(access)
    item = get_object_or_404(Application, network=access.network, pk=application)
    accept = request.POST.get("action") == "accept"
    services.application_decide(application=item, user=request.user, accept=accept)
    messages.success(
        request,
        (
            _("%(name)s is now a member.")
            if accept
            else _("The application from %(name)s was declined.")
        )
        % {"name": item.municipality.name},
    )
    return redirect(access.network)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, pk: int, knr: str) -> HttpResponse:
    """A municipality leaves the network, choosing whether its shared posts stay visible."""
    municipality_access = get_municipality_for_user(request, knr, Capability.EDIT)
    access = get_network_for_user(request, pk)
    member = get_object_or_404(
        NetworkMember,
        network=access.network,
        municipality=municipality_access.municipality,
        left_on__isnull=True,
    )
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.network_leave(
            member=member, user=request.user, keep_shared=form.cleaned_data["keep_shared"]
        )
        messages.success(
            request, _("%(name)s has left the network.") % {"name": member.municipality.name}
        )
        return redirect("guidance:networks")
    return render(
        request,
        "guidance/leave.html",
        module_context(municipality_access, form=form, network=access.network),
    )


def _gathering_context(access: NetworkAccess, gathering: object, **extra: object) -> dict:
    return {
        "access": access,
        "network": access.network,
        "gathering": gathering,
        "follow_ups": list(gathering.follow_ups.all()),  # type: ignore[attr-defined]
        "presentations": list(gathering.presentations.select_related("uploaded_by")),  # type: ignore[attr-defined]
        "follow_up_form": FollowUpForm(),
        "upload_form": PresentationForm(),
        **extra,
    }


@login_required
@require_GET
def gathering(request: HttpRequest, pk: int, gathering: int) -> HttpResponse:
    access = get_network_for_user(request, pk)
    item = get_gathering_for_user(access, gathering)
    return render(request, "guidance/gathering.html", _gathering_context(access, item))


@login_required
@require_http_methods(["GET", "POST"])
def gathering_edit(request: HttpRequest, pk: int, gathering: int | None = None) -> HttpResponse:
    """Plan or record a gathering (the network's owners)."""
    access = get_network_for_user(request, pk)
    require_running(access)
    item = get_gathering_for_user(access, gathering) if gathering else None
    form = GatheringForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = services.gathering_save(
            gathering=item, network=access.network, user=request.user, data=form.cleaned_data
        )
        messages.success(request, _("The gathering was saved."))
        return redirect(saved)
    return render(
        request,
        "guidance/gathering_form.html",
        {"form": form, "network": access.network, "gathering": item},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def gathering_add(request: HttpRequest, pk: int, gathering: int, what: str) -> HttpResponse:
    """Add a presentation (members and owners) or a follow-up (owners) to a gathering."""
    access = get_network_for_user(request, pk)
    item = get_gathering_for_user(access, gathering)
    if what == "oppfolging":
        require_running(access)
        form = FollowUpForm(request.POST)
        if form.is_valid():
            services.follow_up_add(gathering=item, user=request.user, **form.cleaned_data)
            return redirect(item)
        return render(
            request,
            "guidance/gathering.html",
            _gathering_context(access, item, follow_up_form=form),
            status=400,
        )
    if what != "presentasjon":
        raise Http404("Nothing to add")
    form = PresentationForm(request.POST, request.FILES)
    if form.is_valid():
        services.presentation_add(
            gathering=item,
            user=request.user,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("The file was uploaded."))
        return redirect(item)
    return render(
        request,
        "guidance/gathering.html",
        _gathering_context(access, item, upload_form=form),
        status=400,
    )


@login_required
@require_GET
def presentation(request: HttpRequest, pk: int, gathering: int, presentation: int) -> FileResponse:
    access = get_network_for_user(request, pk)
    item = get_gathering_for_user(access, gathering)
    row = get_object_or_404(Presentation, gathering=item, pk=presentation)
    return FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.file.name.rsplit("/", 1)[-1]
    )


@login_required
@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    """Experience posts shared with the user: with everyone, or with their networks."""
    tag = request.GET.get("tag", "")[:50]
    return render(
        request,
        "guidance/post_list.html",
        {"posts": selectors.posts_for_user(request.user, tag=tag), "tag": tag},
    )


@login_required
@require_GET
def post(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "guidance/post.html", {"post": get_post_for_user(request, pk)})


@login_required
@require_GET
def post_attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_post_for_user(request, pk)
    if not item.attachment:
        raise Http404("No attachment")
    return FileResponse(
        item.attachment.open("rb"),
        as_attachment=True,
        filename=item.attachment.name.rsplit("/", 1)[-1],
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request: HttpRequest, knr: str) -> HttpResponse:
    """A municipality's planner shares what they tried with a network or with everyone."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    networks = selectors.active_networks(access.municipality)
    form = PostForm(request.POST or None, request.FILES or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data["share"]
        network = next((n for n in networks if share == f"network:{n.pk}"), None)
        saved = services.post_create(
            municipality=access.municipality,
            user=request.user,
            network=network,
            data={**form.cleaned_data, "shared_with_all": share == "all"},
        )
        messages.success(request, _("The experience post was shared."))
        return redirect(saved)
    return render(
        request,
        "guidance/post_form.html",
        module_context(access, form=form),
        status=400 if request.method == "POST" else 200,
    )
