"""Participation: the planner's pages (consultations, processing, the merknadsbehandling) under
/kommune/<knr>/medvirkning/, and the public pages (no log-in) under /delta/<knr>/."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samplan.core.forms import add_errors
from samplan.documents.download import XLSX_CONTENT_TYPE, document_download, download_response
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.pages import document_language, module_context
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user

from . import selectors, services
from .documents import merknad_document, merknad_xlsx
from .forms import (
    CloseForm,
    ConsultationForm,
    DocumentForm,
    InviteForm,
    PersonExportForm,
    PlannerSubmissionForm,
    ProcessForm,
    QuestionForm,
    form_token,
    read_form_token,
)
from .models import Consultation, Kind, Subject
from .permissions import get_consultation_for_user, get_submission_for_user
from .privacy import person_export
from .services import Contribution


def _save_or_show(
    request: HttpRequest,
    access: Access,
    form: forms.Form,
    save: Callable[[], HttpResponse],
    template: str = "participation/form.html",
    **extra: object,
) -> HttpResponse:
    """On a valid POST run `save` (which returns the response); otherwise show the form, with
    its errors and status 400 after a POST."""
    if request.method == "POST" and form.is_valid():
        try:
            return save()
        except ValidationError as error:
            add_errors(form, error)
    return render(
        request,
        template,
        module_context(access, form=form, **extra),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def index(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    return render(
        request,
        "participation/index.html",
        module_context(access, consultations=selectors.consultation_list(access.municipality)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    initial = Consultation(
        municipality=access.municipality, kind=Kind.CONSULTATION, subject=Subject.OTHER
    )
    form = ConsultationForm(
        request.POST or None, instance=initial, municipality=access.municipality
    )

    def save() -> HttpResponse:
        consultation = services.consultation_save(
            user=request.user, consultation=form.save(commit=False)
        )
        messages.success(request, _("The consultation was created. Add its questions."))
        return redirect(consultation)

    return _save_or_show(request, access, form, save, heading=_("New consultation"))


@login_required
@require_GET
def detail(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    consultation = get_consultation_for_user(access, pk)
    return render(
        request,
        "participation/detail.html",
        module_context(access, **selectors.consultation_detail(consultation)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    form = ConsultationForm(
        request.POST or None, instance=consultation, municipality=access.municipality
    )

    def save() -> HttpResponse:
        services.consultation_save(
            user=request.user,
            consultation=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
        )
        messages.success(request, _("The consultation was saved."))
        return redirect(consultation)

    return _save_or_show(
        request, access, form, save, heading=consultation.title, consultation=consultation
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    form = QuestionForm(request.POST or None)

    def save() -> HttpResponse:
        question = form.save(commit=False)
        question.consultation = consultation
        services.question_add(user=request.user, question=question)
        messages.success(request, _("The question was added."))
        return redirect(consultation)

    return _save_or_show(
        request, access, form, save, heading=_("New question"), consultation=consultation
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)

    def save() -> HttpResponse:
        services.document_add(
            user=request.user,
            consultation=consultation,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("The document was added."))
        return redirect(consultation)

    return _save_or_show(
        request,
        access,
        form,
        save,
        heading=_("Add a document"),
        consultation=consultation,
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    bodies = list(consultation.strategy.bodies.all()) if consultation.strategy else []
    invitable, not_invitable = selectors.register_actors(consultation)
    form = InviteForm(request.POST or None, bodies=bodies, actors=invitable)

    def save() -> HttpResponse:
        count = services.invitations_send(
            user=request.user, consultation=consultation, recipients=form.recipients()
        )
        messages.success(request, _("%(count)s invitations are being sent.") % {"count": count})
        return redirect(consultation)

    return _save_or_show(
        request,
        access,
        form,
        save,
        heading=_("Invite by e-mail"),
        consultation=consultation,
        intro=_(
            "Tick actors from the actor register; the strategy's consultation bodies are "
            "listed with a field for their e-mail address. Someone already invited (the same "
            "e-mail address) is not invited again."
        ),
        submit_label=_("Send invitations"),
        not_invitable=not_invitable,
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_add(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """A contribution from an open meeting, a workshop or a letter, with its source."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    form = PlannerSubmissionForm(request.POST or None)

    def save() -> HttpResponse:
        data = form.cleaned_data
        services.submission_create(
            user=request.user,
            consultation=consultation,
            contribution=Contribution(
                text=data["text"],
                name=data["name"],
                organisation=data["organisation"],
                age_band=data["age_band"],
                place=data["place"],
                source=data["source"],
                source_note=data["source_note"],
            ),
            nonce=(read_form_token(request.POST.get("skjema", "")) or (secrets.token_hex(16),))[0],
        )
        messages.success(request, _("The contribution was added."))
        return redirect(consultation)

    return _save_or_show(
        request,
        access,
        form,
        save,
        heading=_("Add a contribution from a meeting"),
        consultation=consultation,
        nonce=form_token(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_process(request: HttpRequest, knr: str, pk: int, number: int) -> HttpResponse:
    """Moderate, categorise, link and assess one submission."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    submission = get_submission_for_user(access, consultation, number)
    form = ProcessForm(request.POST or None, instance=submission)

    def save() -> HttpResponse:
        data = form.cleaned_data
        services.submission_process(
            user=request.user,
            submission=submission,
            changes={name: data[name] for name in services.PROCESS_FIELDS},
            priorities=data.get("priorities"),
            expected_version=data["version"],
        )
        messages.success(request, _("Submission %(number)s was saved.") % {"number": number})
        return redirect(consultation)

    return _save_or_show(
        request,
        access,
        form,
        save,
        template="participation/process.html",
        consultation=consultation,
        submission=submission,
        own=selectors.own_submission(submission),
        questions=list(consultation.questions.all()),
    )


@login_required
@require_GET
def attachment(
    request: HttpRequest, knr: str, pk: int, number: int, attachment: int
) -> FileResponse:
    """An attachment of a submission, for the planners (never public: it may hold personal
    data). Sent as a download with the type its content was recognised as."""
    access = get_municipality_for_user(request, knr)
    consultation = get_consultation_for_user(access, pk)
    submission = get_submission_for_user(access, consultation, number)
    found = get_object_or_404(submission.attachments.all(), pk=attachment)
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=found.media_type,
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    form = CloseForm(request.POST or None)

    def save() -> HttpResponse:
        services.consultation_close(
            user=request.user, consultation=consultation, confirmed=form.cleaned_data["confirm"]
        )
        messages.success(request, _("The consultation is closed."))
        return redirect(consultation)

    return _save_or_show(
        request,
        access,
        form,
        save,
        heading=_("Close the consultation"),
        consultation=consultation,
        intro=_("%(count)s submissions are not processed yet.")
        % {"count": services.unprocessed_count(consultation=consultation)},
        submit_label=_("Close now"),
    )


@login_required
@require_POST
def publish_assessment(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    consultation = get_consultation_for_user(access, pk)
    try:
        count = services.assessment_publish(user=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The assessment is published; %(count)s contributors are told by e-mail.")
            % {"count": count},
        )
    return redirect(consultation)


@login_required
@require_GET
def export(request: HttpRequest, knr: str, pk: int, file_format: str) -> HttpResponse:
    """The merknadsbehandling as ODT, PDF/A or XLSX."""
    access = get_municipality_for_user(request, knr)
    consultation = get_consultation_for_user(access, pk)
    rows = selectors.table_rows(consultation)
    filename = f"merknadsbehandling.{file_format}"
    if file_format == "xlsx":
        return download_response(merknad_xlsx(rows), XLSX_CONTENT_TYPE, filename)
    if file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")
    document = merknad_document(consultation, rows, document_language(access))
    return document_download(request, document, file_format, filename, consultation)


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, knr: str) -> HttpResponse:
    """For the privacy officer: everything held about one e-mail address, as JSON."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    form = PersonExportForm(request.POST or None)

    def save() -> HttpResponse:
        data = person_export(access.municipality, form.cleaned_data["email"])
        return download_response(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode(),
            "application/json; charset=utf-8",
            "innsyn.json",
        )

    return _save_or_show(
        request,
        access,
        form,
        save,
        heading=_("Everything held about one person"),
        intro=_(
            "For the privacy officer: the submissions, answers, attachments, invitations and "
            "e-mails that participation holds about an e-mail address."
        ),
        submit_label=_("Download"),
    )
