"""The elected members' course: a page and a printable handout made from the municipality's own
data (core.modules course parts). Each member's progress is their own: the page shows only the
user's own marks, and no page lists anyone else's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samplan.core.modules import CoursePart, course_parts
from samplan.documents.content import BulletList, Document, Heading, Paragraph
from samplan.documents.download import document_download
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.models import Municipality
from samplan.municipalities.pages import document_language, module_context
from samplan.municipalities.permissions import get_municipality_for_user
from samplan.plans.documents import example_notice

from . import services
from .models import CourseProgress


@login_required
@require_GET
def course(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    parts = course_parts(access.municipality)
    read = dict(
        CourseProgress.objects.filter(
            user=request.user, municipality=access.municipality
        ).values_list("part", "read_on")
    )
    context = module_context(
        access,
        parts=[(part, read.get(part.key)) for part in parts],
        read_count=sum(1 for part in parts if part.key in read),
    )
    return render(request, "politics/course.html", context)


@login_required
@require_POST
def course_mark(request: HttpRequest, knr: str, part: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    if part not in {p.key for p in course_parts(access.municipality)}:
        raise Http404("Unknown part")
    read = request.POST.get("lest") == "1"
    services.course_part_mark(
        municipality=access.municipality, part=part, read=read, user=request.user
    )
    if read:
        messages.success(request, _("Marked as read. Only you see your progress."))
    return redirect(reverse("politics:course", args=[knr]) + f"#del-{part}")


def handout(municipality: Municipality, parts: list[CoursePart], language: str) -> Document:
    """The course as a handout in `language` ("nb" or "nn")."""
    with translation.override(language):
        document = Document(
            title=_("Planning for elected members"),
            language=language,
            municipality_name=municipality.name,
            subtitle=municipality.name,
            example_notice=example_notice(municipality),
            table_of_contents=False,
        )
        for part in parts:
            document.blocks += [
                Heading(part.title, 1),
                BulletList(list(part.facts)),
                Paragraph(_("Your role: %(role)s") % {"role": part.role}),
            ]
    return document


@login_required
@require_GET
def course_document(request: HttpRequest, knr: str, file_format: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    if file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")
    language = document_language(access)
    with translation.override(language):
        parts = course_parts(access.municipality)  # the facts in the handout's language
    return document_download(
        request,
        handout(access.municipality, parts, language),
        file_format,
        f"folkevalgtopplaering-{knr}.{file_format}",
        reverse("politics:course", args=[knr]),
    )
