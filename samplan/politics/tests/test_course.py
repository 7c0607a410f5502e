"""The elected members' course: made from the municipality's own data, a handout in nb and
nn, and each member's progress their own."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from samplan.politics.models import CourseProgress

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.example_data("ssb", "plans", "plantakt", "strategy"),
]
KNR = "5033"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


def test_the_course_is_made_from_the_municipalitys_own_data(client, personas):
    client.force_login(personas.reader)
    page = client.get(reverse("politics:course", args=[KNR])).content.decode()
    for title in ("Kommunens planer", "Periodens plantakt", "Planstrategien", "Utfordringsbildet"):
        assert title in page
    # The goals and their money, from the goals module (no goals recorded in this test).
    assert "Målene og pengene" in page and "Måltreet har 0 mål." in page
    assert "Du har lest 0 av 6 deler." in page
    assert "Planstrategi" in page and "Status: Vedtatt." in page


def test_progress_is_each_members_own(client, personas):
    client.force_login(personas.reader)
    mark = reverse("politics:course_mark", args=[KNR, "planstrategi"])
    assert client.post(mark, {"lest": "1"}).status_code == 302
    assert (
        "Du har lest 1 av 6 deler."
        in client.get(reverse("politics:course", args=[KNR])).content.decode()
    )
    client.force_login(personas.editor)
    other = client.get(reverse("politics:course", args=[KNR])).content.decode()
    assert "Du har lest 0 av 6 deler." in other and personas.reader.email not in other
    client.force_login(personas.reader)
    client.post(mark, {"lest": "0"})
    assert not CourseProgress.objects.exists()
    assert (
        client.post(
            reverse("politics:course_mark", args=[KNR, "ukjent"]), {"lest": "1"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_handout_is_in_the_page_language(client, personas, language):
    from django.utils import translation

    from samplan.core.modules import course_parts
    from samplan.politics.views_course import handout

    client.force_login(personas.reader)
    client.cookies["samplan_sprak"] = language
    response = client.get(reverse("politics:course_document", args=[KNR, "odt"]))
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.oasis.opendocument.text"
    )
    with translation.override(language):
        parts = course_parts(personas.municipality)
    document = handout(personas.municipality, parts, language)
    texts = [getattr(block, "text", "") for block in document.blocks]
    assert document.language == language
    assert (
        document.title
        == {"nb": "Planlegging for folkevalgte", "nn": "Planlegging for folkevalde"}[language]
    )
    assert {"nb": "Planstrategien", "nn": "Planstrategien"}[language] in texts
    role = {"nb": "Din rolle:", "nn": "Rolla di:"}[language]
    roles = [
        b for b in document.blocks if type(b).__name__ == "Paragraph" and b.text.startswith(role)
    ]
    assert len(roles) == len(parts)


def test_without_pdf_on_the_server_the_handout_link_says_so_and_returns_to_the_course(
    client, personas, monkeypatch
):
    from samplan.documents import pdf

    def missing(document):
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "render", missing)
    client.force_login(personas.reader)

    response = client.get(reverse("politics:course_document", args=[KNR, "pdf"]), follow=True)
    odt = client.get(reverse("politics:course_document", args=[KNR, "odt"]))

    assert response.redirect_chain == [(reverse("politics:course", args=[KNR]), 302)]
    assert "PDF kan ikke lages på denne serveren" in response.content.decode()
    assert odt["Content-Disposition"] == f'attachment; filename="folkevalgtopplaering-{KNR}.odt"'
