"""The planner's side: entering meeting contributions, moderation and assessment (with the
audit history), closing with unprocessed submissions, the merknadsbehandling documents, the
report-back e-mails, and privacy (anonymisation task, export about one person)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samplan.core.modules import panel_data
from samplan.core.testing import database_features_read
from samplan.core.tests.smtp import run_worker
from samplan.participation import services
from samplan.participation.models import (
    AnonymisationLog,
    Consultation,
    Kind,
    Moderation,
    Status,
    Subject,
    Submission,
)
from samplan.participation.services import Contribution

pytestmark = pytest.mark.django_db
KNR = "5033"


@pytest.fixture
def consultation(personas) -> Consultation:
    consultation = services.consultation_save(
        consultation=Consultation(
            municipality=personas.municipality,
            title="Innspill til boligplan",
            kind=Kind.INPUT_ROUND,
            subject=Subject.OTHER,
            summary="Hvor skal det bygges?",
            opens_on=timezone.localdate() - datetime.timedelta(days=10),
            closes_at=timezone.now() + datetime.timedelta(days=10),
            status=Status.PUBLISHED,
        )
    )
    for number, (name, email) in enumerate(
        [("Kari", "kari@example.no"), ("", ""), ("Per", "per@example.no")]
    ):
        services.submission_create(
            consultation=consultation,
            contribution=Contribution(
                text=f"Innspill {number}",
                name=name,
                email=email,
                anonymous=not name,
                consent=True,
                age_band="26-66",
                place="Ås",
            ),
            nonce=f"n{number}",
        )
    return consultation


def url(name: str, consultation: Consultation, *args: object) -> str:
    return reverse(f"participation:{name}", args=[KNR, consultation.pk, *args])


def test_a_planner_creates_a_consultation_and_the_legal_minimum_is_checked(client, personas):
    client.force_login(personas.editor)
    data = {
        "title": "Planprogram",
        "kind": "horing",
        "subject": "planprogram",
        "summary": "Kort",
        "opens_on": "2025-03-03",
        "closes_at": "2025-04-01T23:59",
        "status": "publisert",
        "anonymise_after_days": "365",
    }
    refused = client.post(reverse("participation:new", args=[KNR]), data)
    assert refused.status_code == 400
    assert "PBL § 11-13" in refused.content.decode()
    assert not Consultation.objects.exists()

    created = client.post(
        reverse("participation:new", args=[KNR]), {**data, "closes_at": "2025-04-14T23:59"}
    )
    assert created.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.history.get().history_user == personas.editor


def test_a_planner_enters_a_contribution_from_an_open_meeting(client, personas, consultation):
    client.force_login(personas.editor)
    response = client.post(
        url("submission_add", consultation),
        {"source": "folkemote", "source_note": "Folkemøte 12.3.", "text": "Gruppe 2: vei"},
    )
    assert response.status_code == 302
    entered = Submission.objects.get(source="folkemote")
    assert (entered.number, entered.source_note) == (4, "Folkemøte 12.3.")


def test_processing_is_recorded_with_who_did_it_and_a_hold_needs_a_reason(
    client, personas, consultation
):
    client.force_login(personas.editor)
    submission = consultation.submissions.get(number=1)
    data = {
        "moderation": "holdt",
        "moderation_reason": "",
        "category": "Bolig",
        "summary": "Vil ha boliger",
        "version": submission.version,
    }
    refused = client.post(url("process", consultation, 1), data)
    assert refused.status_code == 400

    data.update(
        moderation_reason="Personopplysninger", assessment="Tas med", taken_into_account="ja"
    )
    saved = client.post(url("process", consultation, 1), data)
    assert saved.status_code == 302
    submission.refresh_from_db()
    assert (submission.moderation, submission.taken_into_account) == (Moderation.HELD, "ja")
    assert submission.history.latest().history_user == personas.editor

    stale = client.post(url("process", consultation, 1), data)  # the old version number
    assert stale.status_code == 400
    assert "in the meantime" in stale.content.decode() or "i mellomtiden" in (
        stale.content.decode()
    )


def test_closing_with_unprocessed_submissions_warns_with_how_many(client, personas, consultation):
    client.force_login(personas.editor)

    warned = client.post(url("close", consultation), {})
    assert warned.status_code == 400
    assert "3" in warned.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == Status.PUBLISHED

    closed = client.post(url("close", consultation), {"confirm": "on"})
    assert closed.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == Status.CLOSED and consultation.closes_at <= timezone.now()


def _assess_all(consultation: Consultation) -> None:
    for submission in consultation.submissions.all():
        services.submission_process(
            submission=submission,
            changes={
                "moderation": Moderation.PUBLISHED,
                "summary": f"Kort om {submission.number}",
                "assessment": "Vurdert",
                "taken_into_account": "delvis",
                "where": "Kapittel 2",
            },
        )


def test_publishing_the_assessment_tells_each_named_contributor(
    client, personas, consultation, smtp_server
):
    run_worker()  # the receipts
    smtp_server.messages.clear()
    _assess_all(consultation)
    services.consultation_close(consultation=consultation, confirmed=False)
    client.force_login(personas.editor)

    client.post(url("publish_assessment", consultation))
    run_worker()

    assert sorted(message["To"] for message in smtp_server.messages) == [
        "kari@example.no",
        "per@example.no",
    ]
    assert "Kapittel 2" in smtp_server.to("kari@example.no")[0].get_content()
    public = client.get(consultation.public_url()).content.decode()
    assert "Vurdert" in public  # the public status of each submission


def test_the_merknadsbehandling_is_exported_as_odt_and_xlsx(client, personas, consultation):
    _assess_all(consultation)
    client.force_login(personas.reader)

    odt = client.get(url("export", consultation, "odt"))
    xlsx = client.get(url("export", consultation, "xlsx"))

    assert odt.status_code == 200 and odt.content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[1][1] == "Kari" and rows[2][1] in ("Anonymous", "Anonym")
    assert client.get(url("export", consultation, "exe")).status_code == 404


def test_the_anonymisation_runs_as_a_task_after_the_adoption_and_is_logged(consultation):
    consultation.adopted_on = timezone.localdate()
    consultation.anonymise_after_days = 30
    services.consultation_save(consultation=consultation)
    run_worker()
    assert Submission.objects.filter(name="Kari").exists()  # not due yet

    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        run_worker()

    assert not Submission.objects.exclude(name="").exists()
    assert not Submission.objects.exclude(email="").exists()
    assert not Submission.history.exclude(name="").exists()
    log = AnonymisationLog.objects.get()
    assert log.submissions == 3


def test_the_privacy_officer_exports_everything_about_one_address(client, personas, consultation):
    client.force_login(personas.editor)

    response = client.post(
        reverse("participation:person", args=[KNR]), {"email": "KARI@example.no"}
    )

    data = json.loads(response.content)
    assert [s["text"] for s in data["submissions"]] == ["Innspill 0"]
    assert [m["subject"] for m in data["emails"]][0].startswith(("Receipt", "Kvittering"))


def test_the_strategy_bodies_and_others_are_invited_by_email_once(
    client, personas, consultation, smtp_server
):
    from samplan.strategy import services as strategy_services

    strategy = strategy_services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )
    consultation.strategy = strategy
    services.consultation_save(consultation=consultation)
    body = strategy.bodies.first()
    client.force_login(personas.editor)
    data = {f"body_{body.pk}": "post@sfti.no", "others": "Tydal pensjonistforening, pf@example.no"}

    first = client.post(url("invite", consultation), data)
    again = client.post(url("invite", consultation), data)
    run_worker()

    assert (first.status_code, again.status_code) == (302, 302)
    assert consultation.invitations.count() == 2
    [invitation] = smtp_server.to("pf@example.no")
    assert consultation.public_url() in invitation.get_content()
    assert len(smtp_server.to("post@sfti.no")) == 1
    refused = client.post(url("invite", consultation), {"others": "bare et navn"})
    assert refused.status_code == 400


def test_a_document_is_checked_by_its_content(client, personas, consultation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.editor)
    fake = SimpleUploadedFile("planprogram.pdf", b"PK\x03\x04 a zip")
    real = SimpleUploadedFile("planprogram.pdf", b"%PDF-1.7\n%%EOF\n")

    refused = client.post(url("document_add", consultation), {"title": "Planprogram", "file": fake})
    added = client.post(url("document_add", consultation), {"title": "Planprogram", "file": real})

    assert (refused.status_code, added.status_code) == (400, 302)
    document = consultation.documents.get()
    public = client.get(reverse("participation:document", args=[KNR, consultation.pk, document.pk]))
    assert b"".join(public.streaming_content).startswith(b"%PDF")


def test_the_boards_column_counts_the_open_consultations_and_the_nearest_deadline(
    personas, consultation, django_assert_num_queries
):
    from django.utils import translation

    from samplan.participation import selectors

    today = timezone.localdate()
    later = today + datetime.timedelta(days=30)
    for title, opens_on, status in (
        ("Planprogram", today, Status.PUBLISHED),
        ("Utkast", today, Status.DRAFT),  # not published
        ("Senere", later, Status.PUBLISHED),  # not open yet
    ):
        services.consultation_save(
            consultation=Consultation(
                municipality=personas.municipality,
                title=title,
                kind=Kind.INPUT_ROUND,
                subject=Subject.OTHER,
                summary="Si din mening.",
                opens_on=opens_on,
                closes_at=timezone.now() + datetime.timedelta(days=40),
                status=status,
            )
        )
    municipalities = [personas.municipality, personas.other_municipality]

    database_features_read()  # SQLite's JSON check: not counted, whichever test ran first
    with translation.override("en"), django_assert_num_queries(1):
        cells = panel_data(selectors.open_consultation_cells(municipalities, today))

    tydal, none = cells[KNR], cells[personas.other_municipality.number]
    first = timezone.localdate(consultation.closes_at)
    last = today + datetime.timedelta(days=40)
    assert tydal.text == f"2 open consultations · next deadline {first:%d.%m.%Y}"
    assert tydal.details == (
        f"Innspill til boligplan (deadline {first:%d.%m.%Y})",
        f"Planprogram (deadline {last:%d.%m.%Y})",
    )
    assert (tydal.urgency, tydal.sort, tydal.url) == (
        0,
        10,
        reverse("participation:index", args=[KNR]),
    )
    assert (none.text, none.urgency, none.details) == ("0 open consultations", 0, ())
    with translation.override("en"):
        closed = panel_data(
            selectors.open_consultation_cells(municipalities, later + datetime.timedelta(days=11))
        )
    assert closed[KNR].text == "0 open consultations"
