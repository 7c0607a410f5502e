"""The planner's pages: the workshops (create, run, projector, codes) and the role and
delegation overview. The members' phone pages are in live.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from samplan.core.audit import history_entries
from samplan.municipalities.pages import module_context
from samplan.municipalities.permissions import Capability, get_municipality_for_user
from samplan.strategy.documents import picked_statements

from . import codes, roles, selectors, services
from .forms import CodesForm, DelegationForm, StepForm, WorkshopForm
from .models import STEP_ORDER, Delegation, Step, Workshop
from .permissions import get_workshop_for_user


@login_required
@require_GET
def index(request: HttpRequest, knr: str) -> HttpResponse:
    """The arenas: the workshops held and running, and the way to roles and delegation."""
    access = get_municipality_for_user(request, knr)
    return render(
        request,
        "politics/index.html",
        module_context(access, workshops=selectors.workshops(access.municipality)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest, knr: str) -> HttpResponse:
    """A new workshop: what it is about fills in the proposals, the challenge picture the
    challenges; the planner can change both before saving."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    subjects = selectors.subject_choices(access.municipality)
    if request.method == "POST":
        form = WorkshopForm(request.POST, subjects=subjects)
        if form.is_valid():
            data = form.cleaned_data
            workshop = services.workshop_create(
                municipality=access.municipality,
                title=data["title"],
                body=data["body"],
                points=data["points"],
                challenges=data["challenges"],
                proposals=data["proposals"],
                subject=form.subjects.get(data["subject"]),
                user=request.user,
            )
            return redirect(workshop)
        status = 400
    else:
        form = WorkshopForm(
            initial=_initial(request, access.municipality, subjects), subjects=subjects
        )
        status = 200
    context = module_context(access, form=form, subjects=subjects)
    return render(request, "politics/workshop_form.html", context, status=status)


def _initial(request: HttpRequest, municipality: object, subjects: list) -> dict:
    chosen = next((s for s in subjects if s.key == request.GET.get("om")), None)
    return {
        "subject": chosen.key if chosen else "",
        "title": _("Political workshop: %(subject)s") % {"subject": chosen.title} if chosen else "",
        "body": _("The municipal council"),
        "challenges": "\n".join(picked_statements(municipality)),  # type: ignore[arg-type]
        "proposals": "\n".join(chosen.proposals) if chosen else "",
    }


def join_url(request: HttpRequest, workshop: Workshop) -> str:
    return request.build_absolute_uri(reverse("politics:join", args=[workshop.key]))


def qr_svg(url: str) -> SafeString:
    """The join link as an inline QR code (SVG), hidden from screen readers: the link itself
    is printed next to it."""
    import segno  # imported at the first projector page, not in every worker

    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, svgclass="sp-qr")
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308 - segno's own SVG


@login_required
@require_GET
def workshop(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """Running the workshop: its steps, the link and codes, and the counts so far."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_workshop_for_user(access, pk)
    context = module_context(
        access,
        workshop=item,
        steps=STEP_ORDER,
        step_index=STEP_ORDER.index(Step(item.step)),
        tally=selectors.tally_for(item),
        link=join_url(request, item),
        codes_made=item.codes.count(),
        codes_used=item.codes.filter(used_at__isnull=False).count(),
        codes_form=CodesForm(),
        history=history_entries(item.history.select_related("history_user")[:20]),
    )
    return render(request, "politics/workshop.html", context)


@login_required
@require_POST
def workshop_step(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_workshop_for_user(access, pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return redirect(item)
    try:
        item = services.workshop_step(
            workshop=item, step=form.cleaned_data["step"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if item.is_closed:
            messages.success(
                request,
                _("The workshop is closed and its result saved, with %(count)s taking part.")
                % {"count": item.participant_count},
            )
    return redirect(item)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_codes(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The one-time codes: make more (POST), or the printable sheet of unused ones (GET)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_workshop_for_user(access, pk)
    if request.method == "POST":
        form = CodesForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["count"][0])
            made = services.codes_create(
                workshop=item, count=form.cleaned_data["count"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(item)
        messages.success(request, _("%(count)s codes made.") % {"count": len(made)})
        return redirect("politics:workshop_codes", knr=knr, pk=pk)
    unused = [
        codes.grouped(c)
        for c in item.codes.filter(used_at__isnull=True).values_list("code", flat=True)
    ]
    context = module_context(access, workshop=item, codes=unused, link=join_url(request, item))
    return render(request, "politics/codes.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def projector(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The projector view: the link, the QR code and the live counts (the counts part is
    fetched again every few seconds with htmx; no names, ever)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_workshop_for_user(access, pk)
    tally = selectors.tally_for(item)
    if request.htmx:
        context = {"workshop": item, "tally": tally}
        return render(request, "politics/projector.html#live", context)
    link = join_url(request, item)
    context = module_context(access, workshop=item, tally=tally, link=link, qr=qr_svg(link))
    return render(request, "politics/projector.html", context)


@login_required
@require_GET
def role_overview(request: HttpRequest, knr: str) -> HttpResponse:
    """Who decides what: by law, and by the municipality's own delegation rules."""
    access = get_municipality_for_user(request, knr)
    context = module_context(
        access,
        rows=selectors.role_rows(access.municipality),
        deadline=selectors.delegation_deadline(access.municipality),
        steer=roles.STEER,
    )
    return render(request, "politics/roles.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delegation_edit(request: HttpRequest, knr: str, decision: str) -> HttpResponse:
    """Record who decides one kind of decision by the municipality's delegation rules."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    kind = roles.decision(decision)
    if kind is None:
        raise Http404("Unknown decision")
    current = Delegation.objects.filter(municipality=access.municipality, decision=decision).first()
    form = DelegationForm(request.POST or None, initial=_delegation_initial(kind, current))
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_save(
                municipality=access.municipality,
                decision=decision,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: %(decision)s.") % {"decision": kind.title})
            return redirect("politics:roles", knr=knr)
    context = module_context(
        access,
        form=form,
        decision=kind,
        law_body=roles.BODIES[kind.law_body],
        cancel_url=reverse("politics:roles", args=[knr]),
        history=history_entries(current.history.select_related("history_user")) if current else [],
    )
    return render(
        request, "politics/delegation_form.html", context, status=400 if form.errors else 200
    )


def _delegation_initial(kind: roles.Decision, current: Delegation | None) -> dict:
    if current is None:
        return {"body": kind.law_body, "version": 0}
    return {
        "body": current.body,
        "body_name": current.body_name,
        "reference": current.reference,
        "note": current.note,
        "version": current.version,
    }
