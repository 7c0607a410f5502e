"""Public municipality pages, the municipality dashboard and organisation administration."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from samplan.accounts.services import send_password_setup
from samplan.core import freshness
from samplan.core.modules import dashboard_panels, public_links
from samplan.core.paging import page_numbers

from . import services
from .forms import ContactForm, MemberAddForm, MemberRoleForm, NetworkForm
from .models import Membership, Municipality, Organisation, OrganisationKind, Role
from .permissions import (
    Capability,
    access_map,
    get_municipality_for_user,
    get_organisation_for_user,
)
from .selectors import (
    members_and_history,
    network_overview,
    public_municipality,
    public_strategies,
    renumbered_municipalities,
    renumbered_text,
)


@require_GET
@vary_on_headers("HX-Request")
def municipality_list(request: HttpRequest) -> HttpResponse:
    """All municipalities, searchable by name, number or county (public)."""
    query = request.GET.get("q", "")[:100]
    municipalities = Municipality.objects.select_related("county").search(query)
    # "Only mine": the municipalities the user works in or follows (the header's switcher
    # links here for a user with many), each with a link to its workspace.
    accesses = access_map(request.user)
    mine = bool(accesses) and request.GET.get("mine") == "1"
    if mine:
        municipalities = municipalities.filter(number__in=list(accesses))
    page = Paginator(municipalities, 50).get_page(request.GET.get("side"))
    renumbered = renumbered_municipalities(query.strip()) if query.strip().isdigit() else None
    context = {
        "page": page,
        "page_numbers": page_numbers(page),
        # The search, for the pager's links.
        "query_string": urlencode({"q": query, **({"mine": "1"} if mine else {})}),
        "query": query,
        "mine": mine,
        "accesses": accesses,
        "total": page.paginator.count,
        "renumbered": renumbered_text(*renumbered) if renumbered else "",
    }
    template = "municipalities/list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@require_GET
def municipality_detail(request: HttpRequest, knr: str) -> HttpResponse:
    """Public reference facts about one municipality (cached until the data changes).

    An old number leads to today's municipality; one that was divided gets a page that lists
    the municipalities that now cover it."""
    try:
        municipality = freshness.cached(
            "municipality",
            lambda: public_municipality(knr),
            municipality=knr,
        )
    except Http404:
        return _renumbered_or_404(request, knr)
    return render(
        request,
        "municipalities/detail.html",
        {
            "municipality": municipality,
            "public_strategies": freshness.cached(
                "public_strategies", lambda: public_strategies(knr), municipality=knr
            ),
            # The modules' public pages about the municipality (its published goals), through
            # core.modules: this app does not import the modules built on it.
            "public_links": freshness.cached(
                "public_links", lambda: public_links(municipality), municipality=knr
            ),
        },
    )


def _renumbered_or_404(request: HttpRequest, knr: str) -> HttpResponse:
    found = renumbered_municipalities(knr)
    if found is None:
        raise Http404("No such municipality")
    renumbering, current = found
    if len(current) == 1:
        messages.info(request, renumbered_text(renumbering, current))
        return redirect(current[0], permanent=True)
    return render(
        request,
        "municipalities/renumbered.html",
        {"renumbering": renumbering, "current": current, "text": renumbered_text(*found)},
        status=404,
    )


@login_required
@require_GET
def dashboard(request: HttpRequest, knr: str) -> HttpResponse:
    """The municipality's start page for its members and advisers."""
    access = get_municipality_for_user(request, knr)
    municipality = access.municipality
    if access.via.municipality_id == municipality.pk:
        workspace = access.via  # a member of the workspace: it is the organisation of access
    else:
        workspace = freshness.cached(
            "workspace",
            lambda: Organisation.objects.filter(municipality=municipality).first(),
            municipality=municipality.pk,
        )
    panels = _panels_html(municipality, has_workspace=workspace is not None)
    return render(
        request,
        "municipalities/dashboard.html",
        {"access": access, "municipality": municipality, "workspace": workspace, "panels": panels},
    )


def _panels_html(municipality: Municipality, *, has_workspace: bool) -> SafeString:
    """The dashboard's panels as markup, cached until the municipality's data changes (per day,
    language and catalogs): a panel shows the municipality's data, never the user's, so a
    request of the dashboard renders none of its nine panels again. The panels that read
    through a PanelRead are read together in one query (core.modules)."""

    def compute() -> SafeString:
        panels = dashboard_panels(municipality, has_workspace=has_workspace)
        return render_to_string(  # SafeString: the panels' templates' own output
            "municipalities/_dashboard_panels.html",
            {"municipality": municipality, "panels": panels},
        )

    return freshness.cached(
        "dashboard_panels_html",
        compute,
        has_workspace,
        municipality=municipality.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, knr: str) -> HttpResponse:
    """The planner sets where the public sends statements (postal and e-mail address)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    workspace = get_object_or_404(Organisation, municipality=access.municipality)
    form = ContactForm(request.POST or None, instance=workspace)
    if request.method == "POST" and form.is_valid():
        services.workspace_set_contact(
            workspace=workspace,
            postal_address=form.cleaned_data["postal_address"],
            email=form.cleaned_data["email"],
            user=request.user,
        )
        messages.success(request, _("The contact details were saved."))
        return redirect("municipalities:dashboard", knr=knr)
    return render(
        request,
        "municipalities/contact_edit.html",
        access.template_context(form=form),
        status=400 if request.method == "POST" else 200,
    )


def _organisation_context(request: HttpRequest, slug: str) -> dict:
    organisation, membership = get_organisation_for_user(request, slug)
    return {
        "organisation": organisation,
        "membership": membership,
        "is_admin": membership.role == Role.ADMIN,
        **freshness.cached(
            "organisation",
            lambda: _organisation_data(organisation),
            organisation.pk,
            municipality=None,
        ),
    }


def _organisation_data(organisation: Organisation) -> dict:
    """Members, network and history: the same for every member who sees the page."""
    network = (
        network_overview(organisation) if organisation.kind != OrganisationKind.MUNICIPALITY else []
    )
    # the municipalities followed are named in the history's changes without a query
    members, history = members_and_history(organisation, network)
    return {"members": members, "network": network, "history": history}


@login_required
@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's members, network and audit history (members only)."""
    context = _organisation_context(request, slug)
    context["add_form"] = MemberAddForm(organisation=context["organisation"])
    return render(request, "municipalities/organisation.html", context)


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a member (administrators only). A new user gets an e-mail to set a password."""
    organisation, _membership = get_organisation_for_user(request, slug, Role.ADMIN)
    form = MemberAddForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            membership, created_user = services.membership_add(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                name=form.cleaned_data["name"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created_user:
                send_password_setup(request=request, user=membership.user)
                messages.success(
                    request,
                    _("%(email)s was added and has been sent an e-mail to choose a password.")
                    % {"email": membership.user.email},
                )
            else:
                messages.success(
                    request, _("%(email)s was added.") % {"email": membership.user.email}
                )
            return redirect(organisation)
    context = _organisation_context(request, slug)
    context["add_form"] = form
    return render(request, "municipalities/organisation.html", context, status=400)


def _member_for_admin(request: HttpRequest, slug: str, member_id: int) -> Membership:
    organisation, _membership = get_organisation_for_user(request, slug, Role.ADMIN)
    try:
        return Membership.objects.select_related("user", "organisation").get(
            pk=member_id, organisation=organisation
        )
    except Membership.DoesNotExist as error:
        raise Http404("No such member") from error


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Change a member's role or remove them (administrators only)."""
    member = _member_for_admin(request, slug, member_id)
    form = MemberRoleForm(
        request.POST or None, organisation=member.organisation, initial={"role": member.role}
    )
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                services.membership_remove(membership=member, user=request.user)
                messages.success(request, _("%(user)s was removed.") % {"user": member.user})
                return redirect(member.organisation)
            if form.is_valid():
                services.membership_change_role(
                    membership=member, role=form.cleaned_data["role"], user=request.user
                )
                messages.success(request, _("The role was changed."))
                return redirect(member.organisation)
        except ValidationError as error:
            form.add_error(None, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "municipalities/member_edit.html", {"member": member, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the municipalities a county follows or an intercommunal office serves."""
    organisation, _membership = get_organisation_for_user(request, slug, Role.ADMIN)
    if organisation.kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY_GOVERNOR):
        # The county governor's municipalities are those that invited it (samplan.guidance).
        raise Http404("No network to choose")
    form = NetworkForm(
        request.POST or None,
        organisation=organisation,
        initial={"municipalities": list(organisation.municipalities.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_set_municipalities(
                organisation=organisation,
                municipalities=list(form.cleaned_data["municipalities"]),
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The list of municipalities was saved."))
            return redirect(organisation)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "municipalities/network_edit.html",
        {"organisation": organisation, "form": form},
        status=status,
    )
