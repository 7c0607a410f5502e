"""The planning strategy workbench, the elected members' page and the public page."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samplan.core import freeze, freshness
from samplan.core.dates import period_label
from samplan.core.forms import add_errors
from samplan.core.modules import read_panels, subject_records_read
from samplan.core.ratelimit import rate_limit
from samplan.core.versioning import StaleEdit, conflict_context
from samplan.documents.pdf import UNAVAILABLE_MESSAGE, PdfUnavailable
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.documents.render import render as render_document
from samplan.municipalities.models import Municipality, OrganisationKind
from samplan.municipalities.pages import cached_content, document_language, module_context
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user
from samplan.plans.cleanup import cleanup_counts_read, current_period_start
from samplan.plantakt.selectors import stored_period

from . import rules, selectors, services
from .documents import adopted_file, picked_statements, picked_statements_read, strategy_document
from .forms import BodyForm, PriorityForm, ReasonForm, SectionForm, StatusForm
from .models import ConsultationBody, Priority, PriorityVote, Strategy, StrategyStatus
from .permissions import get_strategy_for_user
from .sections import SECTIONS, section_for, text_digest


def _is_member(access: Access) -> bool:
    """Members of the municipality's own organisation (elected members, staff) may mark
    priorities; a county adviser or an intercommunal office may not."""
    return access.via.kind == OrganisationKind.MUNICIPALITY


@login_required
@require_GET
def index(request: HttpRequest, knr: str) -> HttpResponse:
    """The current period's strategy, or an invitation to start it."""
    access = get_municipality_for_user(request, knr)
    period = current_period_start()
    strategies = list(Strategy.objects.filter(municipality=access.municipality))
    current = next((s for s in strategies if s.period_start == period), None)
    if current is not None:
        return redirect(current)
    return render(
        request,
        "strategy/index.html",
        module_context(access, period=period, period_end=period + 4, strategies=strategies),
    )


@login_required
@require_POST
def start(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    try:
        period = int(request.POST.get("periode", ""))
        strategy = services.strategy_get_or_create(
            municipality=access.municipality, period_start=period, user=request.user
        )
    except (ValueError, ValidationError):
        messages.error(request, _("Choose an election period, e.g. 2023–2027."))
        return redirect("strategy:index", knr=knr)
    return redirect(strategy)


@login_required
@require_GET
def detail(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    """The workbench: status and dates, the guided sections, bodies, priorities, documents."""
    access = get_municipality_for_user(request, knr)
    # The workbench as markup, per edit right (its links and forms): a cache hit reads and
    # renders nothing of the strategy (a strategy that is not there is 404 at every request,
    # as nothing is cached for it).
    content = cached_content(
        request,
        access,
        "strategy.detail",
        "strategy/detail.html#content",
        lambda: _detail_context(access, get_strategy_for_user(access, period)),
        period,
    )
    return render(
        request,
        "strategy/detail.html",
        module_context(access, content=content, period_label=period_label(period)),
    )


def _detail_context(access: Access, strategy: Strategy) -> dict:
    lists, counts, statements, records = read_panels(
        [
            selectors.detail_lists_read(strategy),
            cleanup_counts_read(access.municipality, strategy.period_start),
            picked_statements_read(access.municipality),
            # What other modules saved to the strategy (a political workshop's result).
            subject_records_read(access.municipality, f"strategy:{strategy.period_start}"),
        ]
    )
    return {
        "strategy": strategy,
        "sections": [_section_row(section, getattr(strategy, section.key)) for section in SECTIONS],
        "bodies": lists.bodies,
        "priorities": lists.priorities,
        "warnings": selectors.warnings(strategy, lists.bodies),
        "statements": statements,
        "table": counts,  # the clean-up table's counts: the page shows no more of it
        "adoption_deadline": rules.adoption_deadline(strategy.constitution_date),
        "latest_public": (
            rules.latest_public_display(strategy.council_meeting)
            if strategy.council_meeting
            else None
        ),
        "history": lists.history,
        "versions": lists.versions,
        "workshop_records": records,
    }


def _section_row(section: object, text: str) -> dict:
    """A row of the sections table: the section, its text and how much is written ("Written,
    12 words", as the template's {% blocktranslate count %} wrote it; "" when empty)."""
    words = len(text.split()) if text else 0
    written = (
        ngettext("Written, %(counter)s word", "Written, %(counter)s words", words)
        % {"counter": words}
        if text
        else ""
    )
    return {"section": section, "text": text, "written": written}


def _frozen_redirect(request: HttpRequest, strategy: Strategy) -> HttpResponse | None:
    """An adopted strategy is frozen: its edit pages send the planner back with the reason."""
    if not strategy.is_frozen:
        return None
    messages.error(request, strategy.frozen_message())
    return redirect(strategy)


def _save_or_show(
    request: HttpRequest,
    access: Access,
    strategy: Strategy,
    form: forms.Form,
    save: Callable[[], str],
    template: str = "strategy/form.html",
    fresh: Callable[[], forms.Form] | None = None,
    **extra: object,
) -> HttpResponse:
    """On a valid POST run `save` (which returns the success message) and go back to the
    strategy; otherwise show the form again, with its errors and status 400 after a POST.
    When someone else saved first, the form is made afresh (`fresh`, after the strategy is read
    again) and what the planner wrote is shown beside it."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save()
        except StaleEdit as error:
            strategy.refresh_from_db()
            extra |= conflict_context(form, error)
            form = fresh() if fresh is not None else form
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, message)
            for warning in selectors.warnings(strategy):
                messages.warning(request, warning.message)
            return redirect(strategy)
    if request.method == "POST":
        strategy.refresh_from_db()  # the page shows what is saved, not the refused input
    return render(
        request,
        template,
        module_context(access, strategy=strategy, form=form, **extra),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def status_edit(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    strategy = get_strategy_for_user(access, period)
    if (frozen := _frozen_redirect(request, strategy)) is not None:
        return frozen
    form = StatusForm(
        request.POST or None, instance=strategy, period_version=_period_version(strategy)
    )

    def save() -> str:
        services.strategy_save(
            strategy=form.save(commit=False),
            constituted_on=form.cleaned_data["constituted_on"],
            expected_version=form.expected,
            expected_period_version=form.cleaned_data.get("period_version"),
            user=request.user,
        )
        return _("The status and dates were saved.")

    return _save_or_show(
        request,
        access,
        strategy,
        form,
        save,
        # made after the strategy is read again: what someone else saved
        fresh=lambda: StatusForm(instance=strategy, period_version=_period_version(strategy)),
        heading=_("Status and dates"),
        intro=_(
            "The proposal must be public at least 30 days before the council decides, and the "
            "strategy must be adopted within a year of the constitution (PBL § 10-1). Samplan "
            "warns when a date breaks a rule. To mark the strategy as adopted, enter the date and "
            "the council's decision on the master plan."
        ),
    )


def _period_version(strategy: Strategy) -> int:
    """The version of plantakt's period facts of the strategy's period (0: none stored)."""
    stored = stored_period(strategy.municipality, strategy.period_start)
    return stored.version if stored else 0


def _reason_step(
    request: HttpRequest,
    knr: str,
    period: int,
    step: Callable[..., Strategy],
    template: str,
    success: str,
) -> HttpResponse:
    """A step that needs confirming with a reason (going back a status, starting a revision):
    the page says what will happen; the reason is kept in the history."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    strategy = get_strategy_for_user(access, period)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step(strategy=strategy, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(strategy)
    return render(
        request,
        template,
        module_context(
            access,
            strategy=strategy,
            form=form,
            version=strategy.version_in_force,
            previous_status=selectors.previous_status(strategy),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def status_back(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    return _reason_step(
        request,
        knr,
        period,
        services.strategy_step_back,
        "strategy/status_back.html",
        _("The strategy went back a status. The reason is kept in the history."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_start(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    return _reason_step(
        request,
        knr,
        period,
        services.strategy_start_revision,
        "strategy/revision_start.html",
        _(
            "The revision of the planning strategy is started as a new draft. The adopted "
            "version stays in force until the revision is adopted."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, knr: str, period: int, key: str) -> HttpResponse:
    """One guided section: what the law asks, an example to start from, and the text."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    strategy = get_strategy_for_user(access, period)
    if (frozen := _frozen_redirect(request, strategy)) is not None:
        return frozen
    section = section_for(key)
    if section is None:
        raise Http404("Unknown section")
    if request.method == "POST" and "bruk_eksempel" in request.POST:
        # Put the example into the text box; nothing is saved until the planner saves. Text the
        # planner has written (in the box or saved) is replaced only after they confirm.
        own = (request.POST.get("text") or getattr(strategy, key)).strip()
        confirm = bool(own) and own != str(section.example) and "bekreft" not in request.POST
        read = request.POST.get("read_digest", "")[:64] or text_digest(getattr(strategy, key))
        form = SectionForm(
            initial={"text": own if confirm else str(section.example), "read_digest": read}
        )
        return render(
            request,
            "strategy/section_form.html",
            module_context(
                access, strategy=strategy, section=section, form=form, confirm_example=confirm
            ),
        )

    def form_of(data: object) -> SectionForm:
        saved = getattr(strategy, key)
        return SectionForm(data, initial={"text": saved, "read_digest": text_digest(saved)})

    form = form_of(request.POST or None)

    def save() -> str:
        services.section_save(
            strategy=strategy,
            key=key,
            text=form.cleaned_data["text"],
            read_digest=form.cleaned_data["read_digest"] or None,
            user=request.user,
        )
        return _("“%(section)s” was saved.") % {"section": section.title}

    return _save_or_show(
        request,
        access,
        strategy,
        form,
        save,
        "strategy/section_form.html",
        fresh=lambda: form_of(None),
        section=section,
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, knr: str, period: int, pk: int | None = None) -> HttpResponse:
    """Add (pk None) or change a body whose views are obtained."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    strategy = get_strategy_for_user(access, period)
    if (frozen := _frozen_redirect(request, strategy)) is not None:
        return frozen
    body = (
        get_object_or_404(ConsultationBody, pk=pk, strategy=strategy)
        if pk is not None
        else ConsultationBody(strategy=strategy)
    )
    heading = body.name if body.pk else _("Add a body or neighbour")
    form = BodyForm(request.POST or None, instance=body, municipality=access.municipality)

    def save() -> str:
        saved = services.body_save(
            body=form.save(commit=False), expected_version=form.expected, user=request.user
        )
        return _("“%(name)s” was saved.") % {"name": saved.name}

    def fresh() -> BodyForm:
        """The form of the body as someone else saved it."""
        stored = get_object_or_404(ConsultationBody, pk=pk, strategy=strategy)
        return BodyForm(instance=stored, municipality=access.municipality)

    return _save_or_show(request, access, strategy, form, save, fresh=fresh, heading=heading)


@login_required
@require_POST
def body_delete(request: HttpRequest, knr: str, period: int, pk: int) -> HttpResponse:
    return _remove(request, knr, period, ConsultationBody, pk)


def _remove(
    request: HttpRequest, knr: str, period: int, model: type[ConsultationBody | Priority], pk: int
) -> HttpResponse:
    """Remove a body or a candidate priority of the strategy (kept in the history)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    strategy = get_strategy_for_user(access, period)
    item = get_object_or_404(model, pk=pk, strategy=strategy)
    try:
        services.item_delete(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": str(item)})
    return redirect(strategy)


@login_required
@require_http_methods(["GET", "POST"])
def priority_add(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    strategy = get_strategy_for_user(access, period)
    if (frozen := _frozen_redirect(request, strategy)) is not None:
        return frozen
    form = PriorityForm(request.POST or None, instance=Priority(strategy=strategy))

    def save() -> str:
        priority = services.priority_save(priority=form.save(commit=False), user=request.user)
        return _("“%(title)s” was added.") % {"title": priority.title}

    return _save_or_show(
        request,
        access,
        strategy,
        form,
        save,
        heading=_("Add a candidate priority"),
        intro=_(
            "A candidate priority is a short statement the council may choose, e.g. “Housing for "
            "young people”. Elected members mark up to five before the workshop."
        ),
    )


@login_required
@require_POST
def priority_delete(request: HttpRequest, knr: str, period: int, pk: int) -> HttpResponse:
    return _remove(request, knr, period, Priority, pk)


@login_required
@require_GET
def read(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    """The strategy's chapters on screen, for everyone with access (readers too)."""
    access = get_municipality_for_user(request, knr)
    strategy = get_strategy_for_user(access, period)
    return render(
        request,
        "strategy/read.html",
        module_context(
            access,
            strategy=strategy,
            sections=[
                {"section": section, "text": getattr(strategy, section.key)} for section in SECTIONS
            ],
            statements=picked_statements(access.municipality),
        ),
    )


def _marking_open(access: Access, strategy: Strategy) -> bool:
    """Members mark priorities while the strategy is shared with them and not yet adopted."""
    return (
        _is_member(access)
        and strategy.shared_with_members
        and strategy.status != StrategyStatus.ADOPTED
    )


@login_required
@require_GET
def members(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    """What elected members see before the workshop: the challenges and the candidate
    priorities, each of which they can mark (at most five)."""
    access = get_municipality_for_user(request, knr)
    strategy = get_strategy_for_user(access, period, shared=True)
    marked = set(
        PriorityVote.objects.filter(priority__strategy=strategy, user=request.user).values_list(
            "priority_id", flat=True
        )
    )
    return render(
        request,
        "strategy/members.html",
        module_context(
            access,
            strategy=strategy,
            priorities=list(strategy.priorities.all()),
            marked=marked,
            max_marks=services.MAX_MARKS,
            may_mark=_marking_open(access, strategy),
            closed=strategy.status == StrategyStatus.ADOPTED,
            trends=strategy.trends,
            statements=picked_statements(access.municipality),
        ),
    )


@login_required
@require_POST
def mark(request: HttpRequest, knr: str, period: int, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    strategy = get_strategy_for_user(access, period, shared=True)
    if strategy.status == StrategyStatus.ADOPTED:
        messages.error(request, _("The strategy is adopted: marking priorities is closed."))
        return redirect("strategy:members", knr=knr, period=period)
    if not _marking_open(access, strategy):
        messages.error(request, _("Only the municipality's own members can mark priorities."))
        return redirect("strategy:members", knr=knr, period=period)
    priority = get_object_or_404(Priority, pk=pk, strategy=strategy)
    try:
        marked = services.mark_toggle(priority=priority, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        text = (
            _("You marked “%(title)s”.") if marked else _("You removed your mark on “%(title)s”.")
        )
        messages.success(request, text % {"title": priority.title})
    return redirect("strategy:members", knr=knr, period=period)


def _document_response(strategy: Strategy, file_format: str, language: str) -> HttpResponse:
    """The strategy's document: the frozen version in force when it is adopted (or a revision
    is under way and the request is for the adopted version), else the current text."""
    if file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")
    # The same file for members and the public page; built again only after a change.
    content, content_type = freshness.cached(
        "strategy_document",
        lambda: render_document(strategy_document(strategy, language), file_format),
        strategy.pk,
        file_format,
        language,
        municipality=strategy.municipality_id,
    )
    filename = f"planstrategi-{strategy.municipality_id}-{strategy.period_start}.{file_format}"
    return _attachment(content, content_type, filename)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _frozen_response(
    strategy: Strategy, version: freeze.FrozenVersion, file_format: str, language: str
) -> HttpResponse:
    """A file of an adopted version, as stored when it was adopted."""
    if file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")
    content, content_type = freshness.cached(
        "strategy_adopted_document",
        lambda: adopted_file(version, file_format, language),
        version.pk,
        file_format,
        language,
        municipality=strategy.municipality_id,
    )
    filename = (
        f"planstrategi-{strategy.municipality_id}-{strategy.period_start}"
        f"-vedtatt-{version.decided_on:%Y-%m-%d}.{file_format}"
    )
    return _attachment(content, content_type, filename)


def _in_force_or_current(strategy: Strategy, file_format: str, language: str) -> HttpResponse:
    if strategy.is_frozen and strategy.version_in_force is not None:
        return _frozen_response(strategy, strategy.version_in_force, file_format, language)
    return _document_response(strategy, file_format, language)


@login_required
@require_GET
def export(request: HttpRequest, knr: str, period: int, file_format: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    strategy = get_strategy_for_user(access, period)
    try:
        return _in_force_or_current(strategy, file_format, document_language(access))
    except PdfUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect(strategy)


@login_required
@require_GET
def version_document(
    request: HttpRequest, knr: str, period: int, number: int, file_format: str
) -> HttpResponse:
    """A frozen (adopted) version's document, also one no longer in force."""
    access = get_municipality_for_user(request, knr)
    strategy = get_strategy_for_user(access, period)
    version = get_object_or_404(strategy.frozen_versions.all(), number=number)
    try:
        return _frozen_response(strategy, version, file_format, document_language(access))
    except PdfUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect(strategy)


def _public_strategy(knr: str, period: int) -> Strategy:
    """A strategy the public may see: on public display, adopted, or with an adopted version in
    force while a revision is worked on."""
    municipality = get_object_or_404(Municipality, number=knr)
    return get_object_or_404(
        Strategy.objects.select_related("municipality", "version_in_force"),
        Q(status__in=[StrategyStatus.PUBLIC, StrategyStatus.ADOPTED])
        | Q(version_in_force__isnull=False),
        municipality=municipality,
        period_start=period,
    )


@require_GET
def public(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    """The adopted strategy as it was adopted (its frozen version), and the proposal (or the
    proposed revision) on public display, for everyone, no log-in."""
    strategy = _public_strategy(knr, period)
    municipality = strategy.municipality
    workspace = getattr(municipality, "workspace", None)
    version = strategy.version_in_force
    return render(
        request,
        "strategy/public.html",
        {
            "strategy": strategy,
            "municipality": municipality,
            "is_example": bool(getattr(workspace, "is_example", False)),
            "workspace": workspace,
            "version": version,
            "adopted_public_from": _frozen_date(version, "public_from"),
            "on_display": strategy.status == StrategyStatus.PUBLIC,
            "latest_public": (
                rules.latest_public_display(strategy.council_meeting)
                if strategy.council_meeting
                else None
            ),
        },
    )


def _frozen_date(version: freeze.FrozenVersion | None, name: str) -> datetime.date | None:
    value = version.content.get("strategy", {}).get(name) if version else None
    return datetime.date.fromisoformat(value) if value else None


@require_GET
@rate_limit("public_document", methods=("GET",))
def public_document(request: HttpRequest, knr: str, period: int, file_format: str) -> HttpResponse:
    """The adopted version's document as adopted; before any adoption, the proposal."""
    strategy = _public_strategy(knr, period)
    language = strategy.municipality.document_language(translation.get_language())
    try:
        if strategy.version_in_force is not None:
            return _frozen_response(strategy, strategy.version_in_force, file_format, language)
        return _document_response(strategy, file_format, language)
    except PdfUnavailable as error:
        raise Http404("PDF is not available on this server") from error


@require_GET
@rate_limit("public_document", methods=("GET",))
def public_proposal(request: HttpRequest, knr: str, period: int, file_format: str) -> HttpResponse:
    """The proposed revision of an adopted strategy while it is on public display."""
    strategy = _public_strategy(knr, period)
    if strategy.status != StrategyStatus.PUBLIC:
        raise Http404("No proposal on public display")
    language = strategy.municipality.document_language(translation.get_language())
    try:
        return _document_response(strategy, file_format, language)
    except PdfUnavailable as error:
        raise Http404("PDF is not available on this server") from error
