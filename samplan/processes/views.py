"""The process plan pages: the list, the process with its key questions, phases and
activities, the actor analysis, the timeline and the one-page overview, the actor register and
the template library. Every view starts from the user's access to the municipality."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samplan.core.versioning import conflict_context
from samplan.documents.download import document_download
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.models import Organisation, OrganisationKind, Role
from samplan.municipalities.pages import cached_content, document_language, module_context
from samplan.municipalities.permissions import (
    Access,
    Capability,
    get_municipality_for_user,
    get_organisation_for_user,
    user_memberships,
)

from . import checks, library, selectors, services
from .documents import process_document, worksheet_document
from .forms import (
    ActivityForm,
    ActorForm,
    CopyForm,
    ForceForm,
    IntermediateResultForm,
    PhaseForm,
    ProcessForm,
    QuestionForm,
    ResultForm,
    RoleForm,
)
from .models import (
    Activity,
    Actor,
    Force,
    IntermediateResult,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
    ProcessTemplate,
)
from .permissions import get_actor_for_user, get_process_for_user, get_template_for_organisation
from .questions import question_for
from .template_forms import StartForm, TemplateEditor

Save = Callable[[], str]


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation errors on their fields, or above the form."""
    for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


def _form_page(
    request: HttpRequest,
    access: Access,
    form: forms.Form,
    save: Save,
    *,
    back: str,
    heading: str,
    fresh: Callable[[], forms.Form] | None = None,
    **extra: Any,
) -> HttpResponse:
    """On a valid POST run `save` (returns the success message) and go `back`; otherwise show
    the form with its errors (status 400 after a POST). When someone else saved first, the form
    is shown afresh with what they saved (`fresh`) and the planner's refused input beside it."""
    shown: dict[str, object] = {}  # after a conflict: what was refused
    if request.method == "POST" and form.is_valid():
        try:
            message = save()
        except ValidationError as error:
            if fresh is not None and getattr(error, "code", None) == "stale":
                shown = conflict_context(form, error)
                form = fresh()
            else:
                _add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(back)
    return render(
        request,
        extra.pop("template", "processes/form.html"),
        module_context(
            access,
            form=form,
            back=back,
            heading=heading,
            **shown,
            **extra,
        ),
        status=400 if request.method == "POST" else 200,
    )


# The list and the process ------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest, knr: str) -> HttpResponse:
    """The municipality's processes (searchable), and where to start a new one."""
    access = get_municipality_for_user(request, knr)
    query = request.GET.get("q", "").strip()[:200]
    processes = selectors.process_list(access.municipality)
    shown = selectors.search(processes, query) if query else processes
    return render(
        request,
        "processes/index.html",
        module_context(access, processes=shown, total=len(processes), query=query),
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_new(request: HttpRequest, knr: str) -> HttpResponse:
    """Start a process of the planner's own (the template library starts one from a template)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    process = Process(
        municipality=access.municipality, sami_relevant=bool(access.municipality.sami_name)
    )
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.process_create(process=form.save(commit=False), user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The process was started. Begin with the desired result."))
            return redirect("processes:result", knr=knr, pk=created.pk)
    return render(
        request,
        "processes/form.html",
        module_context(
            access,
            form=form,
            back=reverse("processes:index", args=[knr]),
            heading=_("Start a process of your own"),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def detail(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The process plan: desired result, key questions, phases and activities, actors."""
    return _read_page(request, knr, pk, "processes/detail.html", selectors.detail_page)


@login_required
@require_GET
def history(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """Who changed what in the process and everything in it, newest first."""
    access = get_municipality_for_user(request, knr)
    process = get_process_for_user(access, pk)
    return render(
        request,
        "processes/history.html",
        module_context(access, process=process, history=selectors.process_history(process)),
    )


def _versioned_edit(
    request: HttpRequest,
    access: Access,
    instance: models.Model,
    form_class: type[forms.ModelForm],
    store: Callable[[Any, int | None], object],
    *,
    back: str,
    heading: str,
    message: str,
    form_kwargs: dict[str, Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """An edit page of a versioned row: save through `store(row, expected_version)`."""
    kwargs = form_kwargs or {}
    form = form_class(request.POST or None, instance=instance, **kwargs)

    def save() -> str:
        store(form.save(commit=False), form.expected)
        return message

    def fresh() -> forms.ModelForm:
        instance.refresh_from_db()
        return form_class(instance=instance, **kwargs)

    return _form_page(request, access, form, save, back=back, heading=heading, fresh=fresh, **extra)


def _process_form(
    request: HttpRequest,
    knr: str,
    pk: int,
    form_class: type[forms.ModelForm],
    **texts: Any,
) -> HttpResponse:
    """An edit page of the process row itself (its facts, or its desired result)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    process = get_process_for_user(access, pk)
    return _versioned_edit(
        request,
        access,
        process,
        form_class,
        lambda row, version: services.process_save(
            process=row, user=request.user, expected_version=version
        ),
        back=process.get_absolute_url(),
        process=process,
        **texts,
    )


@login_required
@require_http_methods(["GET", "POST"])
def process_edit(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The facts of the process: name, kind, status, plan, goal, owner, team, dates."""
    return _process_form(
        request,
        knr,
        pk,
        ProcessForm,
        heading=_("About the process"),
        message=_("The process was saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def result_edit(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The desired result: where every process plan starts."""
    return _process_form(
        request,
        knr,
        pk,
        ResultForm,
        heading=_("Desired result"),
        message=_("The desired result was saved."),
        intro=_(
            "A clear and precise statement of the desired result is where every choice in the "
            "process plan starts: it gives direction to everything that happens. Say also how "
            "you will know you got there."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, knr: str, pk: int, key: str) -> HttpResponse:
    """One key question: what it asks, help, an example to start from, the answer and status."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    process = get_process_for_user(access, pk)
    question = question_for(key)
    if question is None:
        raise Http404("Unknown question")
    # Every process has its six answers; one missing (an old row) is made when first saved.
    answer = process.questions.filter(key=key).first() or KeyQuestion(process=process, key=key)
    return _versioned_edit(
        request,
        access,
        answer,
        QuestionForm,
        lambda row, version: services.question_save(
            question=row, user=request.user, expected_version=version
        ),
        back=process.get_absolute_url() + f"#sporsmal-{key}",
        heading=str(question.title),
        message=_("“%(question)s” was saved.") % {"question": question.title},
        process=process,
        question=question,
        template="processes/question_form.html",
    )


# Things inside a process -------------------------------------------------------------------------


def _inside(
    request: HttpRequest, knr: str, pk: int, model: type[models.Model], item_pk: int | None
) -> tuple[Access, Process, Any]:
    """The user's edit access, the process and the item of it (a new one when `item_pk` is
    None); an item of another process is 404."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    process = get_process_for_user(access, pk)
    if model is Activity:
        item = (
            get_object_or_404(
                Activity.objects.select_related("phase"), pk=item_pk, phase__process=process
            )
            if item_pk is not None
            else None
        )
    elif item_pk is not None:
        item = get_object_or_404(model, pk=item_pk, process=process)
    else:
        item = model(process=process)
    return access, process, item


@login_required
@require_http_methods(["GET", "POST"])
def interim_edit(request: HttpRequest, knr: str, pk: int, rid: int | None = None) -> HttpResponse:
    access, process, result = _inside(request, knr, pk, IntermediateResult, rid)
    form = IntermediateResultForm(request.POST or None, instance=result)

    def save() -> str:
        saved = services.result_save(result=form.save(commit=False), user=request.user)
        return _("“%(name)s” was saved.") % {"name": saved.title}

    return _form_page(
        request,
        access,
        form,
        save,
        back=process.get_absolute_url(),
        heading=result.title or _("Add an intermediate result"),
        process=process,
        intro=_(
            "A desired result on the way, e.g. “broad engagement, and good participation done”, "
            "with how you will know you got there."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, knr: str, pk: int, fid: int | None = None) -> HttpResponse:
    access, process, phase = _inside(request, knr, pk, Phase, fid)
    if not process.desired_result.strip():
        messages.error(
            request,
            _("Write the desired result first: the phases and activities are chosen to reach it."),
        )
        return redirect("processes:result", knr=knr, pk=pk)
    if phase.pk is None:
        phase.order = process.phases.count() + 1
    return _versioned_edit(
        request,
        access,
        phase,
        PhaseForm,
        lambda row, version: services.phase_save(
            phase=row, user=request.user, expected_version=version
        ),
        back=process.get_absolute_url() + "#faser",
        heading=phase.title or _("Add a phase"),
        message=_("The phase was saved."),
        process=process,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(
    request: HttpRequest, knr: str, pk: int, fid: int | None = None, aid: int | None = None
) -> HttpResponse:
    """Add an activity to phase `fid`, or change activity `aid`. A date outside the phase is
    saved with a warning."""
    access, process, activity = _inside(request, knr, pk, Activity, aid)
    if activity is None:
        phase = get_object_or_404(Phase, pk=fid, process=process)
        activity = Activity(phase=phase)
    form = ActivityForm(request.POST or None, instance=activity, process=process)

    def save() -> str:
        saved = services.activity_save(
            activity=form.save(commit=False),
            participants=list(form.cleaned_data["participants"]),
            user=request.user,
            expected_version=form.expected,
        )
        warning = checks.activity_outside_phase(saved, saved.phase)
        if warning:
            messages.warning(request, warning)
        return _("“%(name)s” was saved.") % {"name": saved.title}

    def fresh() -> forms.ModelForm:
        activity.refresh_from_db()
        return ActivityForm(instance=activity, process=process)

    return _form_page(
        request,
        access,
        form,
        save,
        back=process.get_absolute_url() + "#faser",
        heading=activity.title or _("Add an activity to “%(phase)s”") % {"phase": activity.phase},
        fresh=fresh,
        process=process,
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, knr: str, pk: int, part: str, item_pk: int) -> HttpResponse:
    """Remove an intermediate result, phase, activity, actor of the process or force (kept in
    the history)."""
    model = _PARTS.get(part)
    if model is None:
        raise Http404("Unknown part")
    _access, process, item = _inside(request, knr, pk, model, item_pk)
    services.item_delete(item=item, user=request.user)
    messages.success(request, _("“%(name)s” was removed.") % {"name": str(item)})
    return redirect(process)


_PARTS: dict[str, type[models.Model]] = {
    "delresultat": IntermediateResult,
    "fase": Phase,
    "aktivitet": Activity,
    "aktor": ProcessActor,
    "kraft": Force,
}


# The actor analysis ------------------------------------------------------------------------------


@login_required
@require_GET
def actors(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The power–interest grid with its table, the forces and the participation plan."""
    return _read_page(request, knr, pk, "processes/actors.html", selectors.actors_page)


def _read_page(
    request: HttpRequest,
    knr: str,
    pk: int,
    template: str,
    selector: Callable[[Process], dict[str, Any]],
) -> HttpResponse:
    """A page of the process for everyone with access, from one selector: its content kept as
    markup per version of the municipality's data and of the process, and edit right
    (municipalities.pages.cached_content; a cache hit reads and renders none of it)."""
    access = get_municipality_for_user(request, knr)
    process = get_process_for_user(access, pk)
    content = cached_content(
        request,
        access,
        f"processes.{template}",  # the timeline and the overview share a selector
        f"{template}#content",
        lambda: {**selector(process), "process": process},
        process.pk,
        process.version,
    )
    return render(request, template, module_context(access, process=process, content=content))


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, knr: str, pk: int, rid: int | None = None) -> HttpResponse:
    access, process, role = _inside(request, knr, pk, ProcessActor, rid)
    return _versioned_edit(
        request,
        access,
        role,
        RoleForm,
        lambda row, version: services.role_save(
            role=row, user=request.user, expected_version=version
        ),
        back=reverse("processes:actors", args=[knr, pk]),
        heading=str(role) if role.pk else _("Add an actor to the process"),
        message=_("The actor analysis was saved."),
        form_kwargs={"process": process},
        process=process,
    )


@login_required
@require_http_methods(["GET", "POST"])
def force_edit(request: HttpRequest, knr: str, pk: int, fid: int | None = None) -> HttpResponse:
    access, process, force = _inside(request, knr, pk, Force, fid)
    form = ForceForm(request.POST or None, instance=force)

    def save() -> str:
        services.force_save(force=form.save(commit=False), user=request.user)
        return _("The force was saved.")

    return _form_page(
        request,
        access,
        form,
        save,
        back=reverse("processes:actors", args=[knr, pk]) + "#krefter",
        heading=_("A force for or against the process"),
        process=process,
    )


# Views of the whole plan -------------------------------------------------------------------------


@login_required
@require_GET
def timeline(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The phases and dated activities as a drawing, and the same as a list."""
    return _read_page(request, knr, pk, "processes/timeline.html", selectors.process_page)


@login_required
@require_GET
def overview(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The one-page overview ("table cloth"): the desired result in the centre, the phases
    around it with their activities and knowledge needs."""
    return _read_page(request, knr, pk, "processes/overview.html", selectors.process_page)


@login_required
@require_GET
def changes(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """What the template the process was copied from has changed since."""
    access = get_municipality_for_user(request, knr)
    process = get_process_for_user(access, pk)
    if not process.source_template:
        raise Http404("Not made from a template")
    language = document_language(access)
    template = library.template_for(access.municipality, process.source_template, language)
    found = library.template_changes(process.source_snapshot, template.content) if template else []
    return render(
        request,
        "processes/changes.html",
        module_context(access, process=process, template=template, changes=found),
    )


# The actor register ------------------------------------------------------------------------------


@login_required
@require_GET
def register(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    return render(
        request,
        "processes/register.html",
        module_context(access, actors=selectors.register(access.municipality)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, knr: str, apk: int | None = None) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    actor = (
        get_actor_for_user(access, apk)
        if apk is not None
        else Actor(municipality=access.municipality)
    )
    return _versioned_edit(
        request,
        access,
        actor,
        ActorForm,
        lambda row, version: services.actor_save(
            actor=row, user=request.user, expected_version=version
        ),
        back=reverse("processes:register", args=[knr]),
        heading=actor.name or _("Add an actor to the register"),
        message=_("The actor was saved."),
    )


@login_required
@require_POST
def actor_delete(request: HttpRequest, knr: str, apk: int) -> HttpResponse:
    """Remove an actor from the register; refused, with the processes named, while in use."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    actor = get_actor_for_user(access, apk)
    try:
        services.actor_delete(actor=actor, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": actor.name})
    return redirect("processes:register", knr=knr)


# The template library ----------------------------------------------------------------------------


@login_required
@require_GET
def templates(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    language = document_language(access)
    return render(
        request,
        "processes/templates.html",
        module_context(
            access,
            templates=library.available(access.municipality, language),
            publishing=[
                membership.organisation
                for membership in user_memberships(request.user)
                if membership.organisation.kind == OrganisationKind.COUNTY_MUNICIPALITY
                and membership.role in PUBLISHERS
            ],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request: HttpRequest, knr: str, slug: str) -> HttpResponse:
    """A template's content, and (for editors) a form that copies it into a new process."""
    needed = Capability.EDIT if request.method == "POST" else Capability.VIEW
    access = get_municipality_for_user(request, knr, needed)
    language = document_language(access)
    template = library.template_by_slug(access.municipality, slug, language)
    if template is None:
        raise Http404("No such template")
    form = CopyForm(request.POST or None, initial={"name": template.name})
    if request.method == "POST" and form.is_valid():
        process = library.template_copy(
            municipality=access.municipality,
            template=template,
            name=form.cleaned_data["name"],
            starts_on=form.cleaned_data["starts_on"],
            user=request.user,
        )
        messages.success(
            request,
            _("The process was made from “%(template)s”. Tailor it to your municipality.")
            % {"template": template.name},
        )
        return redirect(process)
    return render(
        request,
        "processes/template.html",
        module_context(access, template=template, shown=library.shown(template), form=form),
        status=400 if request.method == "POST" else 200,
    )


# Documents ----------------------------------------------------------------------------------------


@login_required
@require_GET
def export(request: HttpRequest, knr: str, pk: int, file_format: str) -> HttpResponse:
    """The process plan as ODT or PDF/A, in the page's language (or the municipality's)."""
    if file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")
    access = get_municipality_for_user(request, knr)
    process = get_process_for_user(access, pk)
    document = process_document(selectors.process_page(process), document_language(access))
    return document_download(request, document, file_format, f"prosessplan.{file_format}", process)


@login_required
@require_GET
def worksheet(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The one-page worksheet on A3 landscape (PDF/A)."""
    access = get_municipality_for_user(request, knr)
    process = get_process_for_user(access, pk)
    document = worksheet_document(selectors.process_page(process), document_language(access))
    return document_download(request, document, "pdf", "arbeidsark.pdf", process)


# A county's own templates ------------------------------------------------------------------------

PUBLISHERS = (Role.ADMIN, Role.EDITOR, Role.ADVISER)


def _county_for_user(request: HttpRequest, slug: str) -> Organisation:
    """A county municipality the user publishes templates for: 404 for non-members and for
    other kinds of organisation, 403 for a member who only reads."""
    organisation, membership = get_organisation_for_user(request, slug)
    if organisation.kind != OrganisationKind.COUNTY_MUNICIPALITY:
        raise Http404("Not a county municipality")
    if membership.role not in PUBLISHERS:
        raise PermissionDenied("Role does not allow this")
    return organisation


@login_required
@require_GET
def county_templates(request: HttpRequest, slug: str) -> HttpResponse:
    """The templates a county municipality publishes for the municipalities it follows."""
    organisation = _county_for_user(request, slug)
    return render(
        request,
        "processes/county_templates.html",
        {
            "organisation": organisation,
            "templates": selectors.county_templates(organisation),
            "start": StartForm(),
        },
    )


def _start(request: HttpRequest, template: ProcessTemplate) -> TemplateEditor:
    """The editor a GET opens: the template's content, a shipped template's (`?fra=<slug>`
    with `sprak`, for a new one), or one empty phase."""
    if template.pk is not None:
        return TemplateEditor.from_template(library.county_head(template), template.content)
    if "fra" not in request.GET:
        return TemplateEditor.empty()
    start = StartForm(request.GET)
    found = (
        library.shipped_start(start.cleaned_data["fra"], start.cleaned_data["sprak"])
        if start.is_valid()
        else None
    )
    if found is None:
        raise Http404("No such shipped template")
    return TemplateEditor.from_template(*found)


def _county_template_page(
    request: HttpRequest,
    organisation: Organisation,
    template: ProcessTemplate,
    editor: TemplateEditor,
    *,
    preview: library.Shown | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "processes/county_template_form.html",
        {
            "organisation": organisation,
            "template": template,
            "editor": editor,
            "preview": preview,
            "versions": selectors.template_versions(template) if template.pk else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def county_template_edit(request: HttpRequest, slug: str, tpk: int | None = None) -> HttpResponse:
    """Write a template with the same parts as a shipped one; preview it as the municipalities
    will see it; publish it, or a new version of it (copies then show what changed). The
    buttons "Add …" re-show the form with one more empty row."""
    organisation = _county_for_user(request, slug)
    template = (
        get_template_for_organisation(organisation, tpk)
        if tpk is not None
        else ProcessTemplate(organisation=organisation)
    )
    page = partial(_county_template_page, request, organisation, template)
    if request.method == "GET":
        return page(_start(request, template))
    editor = TemplateEditor(request.POST)
    action = request.POST.get("action", "")
    if action.startswith("add-"):
        return page(editor.with_row(action.removeprefix("add-")))
    if not editor.is_valid():
        return page(editor, status=400)
    library.fill_template(template, editor.head.cleaned_data, editor.content())
    if action == "preview":
        return page(editor, preview=library.shown(library.as_template(template, organisation.name)))
    try:
        services.template_publish(template=template, user=request.user)
    except ValidationError as error:
        _add_errors(editor.head, error)
        return page(editor, status=400)
    messages.success(
        request,
        _("“%(name)s”, version %(version)s, is published.")
        % {"name": template.name, "version": template.version},
    )
    return redirect("processes:county_templates", slug=slug)
