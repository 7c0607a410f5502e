"""The plan-culture self-assessment: answering once, the profile per theme and group, the
minimum group size, the yearly change, the national figures only from five municipalities,
the printable summary, and that nothing shows who answered what."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from samplan.documents.check import pdfa_problems
from samplan.municipalities.models import Municipality, Role
from samplan.municipalities.testing import make_member
from samplan.politics import assessment, services
from samplan.politics.models import (
    AssessmentNote,
    AssessmentRespondent,
    AssessmentResponse,
)

KNR = "5033"
ALL_FOUR = {s.key: 4 for s in assessment.STATEMENTS}


@pytest.fixture(autouse=True)
def this_year():
    with time_machine.travel(datetime.datetime(2026, 5, 4, 12, 0), tick=False):
        yield


def answer(municipality, user, group="politikk", value=4, note=""):
    return services.assessment_submit(
        municipality=municipality,
        year=2026,
        group=group,
        ratings=dict.fromkeys(ALL_FOUR, value),
        notes={"roller": note},
        user=user,
    )


def form_data(group: str = "administrasjon") -> dict:
    data = {"group": group, "note_roller": "Vi blander styring og drift."}
    data.update({key: "2" for key in ALL_FOUR})
    data["kunnskap_1"] = ""  # don't know
    return data


# Pure arithmetic ------------------------------------------------------------------------------


def test_there_are_about_25_statements_in_six_themes():
    assert len(assessment.STATEMENTS) == 25
    assert {s.theme for s in assessment.STATEMENTS} == set(assessment.THEME_KEYS)
    assert len(assessment.THEMES) == 6


def test_a_group_with_fewer_than_three_answers_is_not_shown():
    sums = {("administrasjon", "roller"): (10, 4), ("politikk", "roller"): (6, 2)}
    result = assessment.averages(sums, {"administrasjon": 3, "politikk": 2})
    assert result[("administrasjon", "roller")] == 2.5
    assert result[("politikk", "roller")] is None


def test_aggregates_need_five_municipalities():
    four = {str(n): {"roller": 3.0} for n in range(4)}
    assert assessment.aggregate(four) is None
    five = {**four, "x": {"roller": 4.0}}
    assert assessment.aggregate(five) == {"roller": 3.2}


def test_the_profile_shows_the_change_from_last_year_and_marks_weak_themes():
    rows = assessment.profile(
        {("administrasjon", "roller"): 2.5, ("politikk", "roller"): 3.5},
        {("administrasjon", "roller"): 3.0},
    )
    roles_row = next(row for row in rows if row.theme.key == "roller")
    assert roles_row.changes == {"administrasjon": -0.5, "politikk": None}
    assert roles_row.weak
    svg = assessment.chart_svg(rows, "Profil")
    assert '<title id="profile-title">Profil</title>' in svg and svg.count("<rect") == 2


# Pages -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_answers_once_and_the_answer_carries_no_name(client, personas):
    client.force_login(personas.reader)
    address = reverse("politics:assessment_answer", args=[KNR])
    assert client.get(address).status_code == 200
    assert client.post(address, form_data()).status_code == 302
    again = client.post(address, form_data("politikk"))
    assert again.status_code == 302 and AssessmentResponse.objects.count() == 1
    response = AssessmentResponse.objects.get()
    assert response.group == "administrasjon" and response.ratings.count() == 24
    assert AssessmentRespondent.objects.get().user == personas.reader
    # Nothing on the answer points at a person or a time.
    names = {field.name for field in AssessmentResponse._meta.get_fields()}
    assert names == {"id", "municipality", "year", "group", "ratings", "notes"}
    assert not hasattr(AssessmentResponse, "history")


@pytest.mark.django_db
def test_a_county_adviser_cannot_answer(client, personas):
    client.force_login(personas.adviser)
    assert client.get(reverse("politics:assessment_answer", args=[KNR])).status_code == 403
    assert client.get(reverse("politics:assessment", args=[KNR])).status_code == 200


@pytest.mark.django_db
def test_no_page_or_document_shows_who_answered_what(client, personas):
    people = [
        make_member(
            personas.workspace, f"svarer{n}@tydal.example", Role.READER, f"Svarer Nummer{n}"
        )
        for n in range(3)
    ]
    for n, person in enumerate(people):
        answer(personas.municipality, person, value=n + 2, note=f"Notat {n}")
    answer(personas.municipality, personas.editor, group="administrasjon", value=5)
    client.force_login(personas.admin)
    page = client.get(reverse("politics:assessment", args=[KNR])).content.decode()
    document = client.get(reverse("politics:assessment_document", args=[KNR, 2026, "odt"]))
    # The elected members' average (3 answers: 2, 3, 4) is shown; the one administration
    # answer is not, with the reason.
    assert "3,0" in page and "vises ikke: færre enn 3" in page
    assert "5,0" not in page
    for person in [*people, personas.editor]:
        assert person.email not in page and person.name not in page
        assert person.email.encode() not in document.content
    # The notes come sorted, not in the order they were written.
    assert page.index("Notat 0") < page.index("Notat 1") < page.index("Notat 2")


@pytest.mark.django_db
def test_figures_across_municipalities_only_from_five(client, personas):
    user = personas.reader
    others = list(Municipality.objects.exclude(number=KNR).order_by("number")[:4])
    for municipality in [personas.municipality, *others[:3]]:
        answer(municipality, user)
    client.force_login(personas.reader)
    page = client.get(reverse("politics:assessment", args=[KNR])).content.decode()
    assert "Så langt har 4 svart" in page and "Gjennomsnitt for" not in page
    answer(others[3], user)
    page = client.get(reverse("politics:assessment", args=[KNR])).content.decode()
    assert "Gjennomsnitt for 5 kommuner" in page


@pytest.mark.django_db
@pytest.mark.example_data("politics")
def test_the_second_year_shows_the_change_and_next_steps_link_to_helpful_modules(client, personas):
    people = [
        make_member(personas.workspace, f"ny{n}@tydal.example", Role.READER) for n in range(3)
    ]
    for person in people:
        answer(personas.municipality, person, value=4)
    client.force_login(personas.reader)
    page = client.get(reverse("politics:assessment", args=[KNR])).content.decode()
    assert "Endring siden 2025" in page
    last_year = client.get(reverse("politics:assessment", args=[KNR]) + "?ar=2025").content
    text = last_year.decode()
    # The example's administration rates the roles weak: the next steps lead to the roles.
    assert "svakt" in text
    assert reverse("politics:index", args=[KNR]) in text
    assert reverse("plantakt:wheel", args=[KNR]) in text


@pytest.mark.django_db
@pytest.mark.example_data("politics")
def test_the_summary_is_pdfa_in_nynorsk(client, personas):
    client.force_login(personas.reader)
    client.cookies["samplan_sprak"] = "nn"
    response = client.get(reverse("politics:assessment_document", args=[KNR, 2025, "pdf"]))
    assert response.status_code == 200
    assert pdfa_problems(response.content, language="nn") == []
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Eigenvurdering av plankultur 2025" in text and "Neste steg" in text
    assert AssessmentNote.objects.filter(theme="roller").exists()
