"""The public consultation page as a citizen uses it: a submission with answers and an
attachment, the receipt through the worker and a real SMTP server, the private link (correct,
withdraw), and the bad input the issue names."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from samplan.core.models import MailStatus
from samplan.core.tests.smtp import run_worker
from samplan.participation import services
from samplan.participation.forms import form_token
from samplan.participation.models import (
    Consultation,
    Kind,
    Moderation,
    Question,
    Status,
    Subject,
    Submission,
)

pytestmark = pytest.mark.django_db
KNR = "5033"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def consultation(personas) -> Consultation:
    consultation = services.consultation_save(
        consultation=Consultation(
            municipality=personas.municipality,
            title="Planprogram for kommuneplanens samfunnsdel",
            kind=Kind.CONSULTATION,
            subject=Subject.PLANNING_PROGRAMME,
            summary="Hva skal den nye samfunnsdelen handle om?",
            opens_on=timezone.localdate() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=43),
            status=Status.PUBLISHED,
            youth_variant=True,
        )
    )
    for kind, text, options in (
        ("valg", "Hva er viktigst?", "Bolig\nHelse\nNæring"),
        ("rangering", "Ranger temaene", "Skole\nVei\nHelse"),
        ("sted", "Hvor bor du?", ""),
    ):
        services.question_add(
            question=Question(consultation=consultation, kind=kind, text=text, options=options)
        )
    return consultation


def form_data(consultation: Consultation, **extra: object) -> dict[str, object]:
    choice, ranking, place = consultation.questions.all()
    return {
        f"q_{choice.pk}": "Bolig",
        f"q_{ranking.pk}_0": "2",
        f"q_{ranking.pk}_1": "1",
        f"q_{place.pk}": "Stugudal",
        "text": "Vi trenger <b>flere</b> utleieboliger.<script>alert(1)</script>",
        "name": "Kari Nordmann",
        "email": "kari@example.no",
        "age_band": "26-66",
        "consent": "on",
        "skjema": form_token(seconds_ago=30),
        "nettside": "",
        **extra,
    }


def post(client, consultation, data, path="public"):
    url = reverse(f"participation:{path}", args=[KNR, consultation.pk])
    return client.post(url, data, REMOTE_ADDR="192.0.2.10")


def test_a_citizen_sends_input_and_gets_a_receipt_with_a_private_link(
    client, consultation, smtp_server
):
    page = client.get(consultation.public_url())
    assert page.status_code == 200
    assert "Hva skal den nye samfunnsdelen handle om?" in page.content.decode()

    upload = SimpleUploadedFile("innspill.pdf", PDF, content_type="application/pdf")
    response = post(client, consultation, form_data(consultation, files=[upload]))

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert submission.text == "Vi trenger flere utleieboliger.alert(1)"  # HTML stripped
    answers = dict(submission.answers.values_list("question__text", "value"))
    assert answers == {
        "Hva er viktigst?": "Bolig",
        "Ranger temaene": "Vei > Skole",
        "Hvor bor du?": "Stugudal",
    }
    assert submission.attachments.get().media_type == "application/pdf"
    assert smtp_server.messages == []  # sent by the worker, not the request

    run_worker()

    [receipt] = smtp_server.to("kari@example.no")
    link = re.search(r"http\S+/delta/5033/innspill/\S+/", receipt.get_content()).group(0)
    assert link.endswith(response.url)
    own = client.get(response.url)
    assert own.status_code == 200 and "Vi trenger flere utleieboliger" in own.content.decode()


def test_the_contributor_corrects_and_withdraws_through_the_private_link(client, consultation):
    response = post(client, consultation, form_data(consultation))
    link = response.url

    corrected = client.post(link, {"text": "Rettet tekst"})
    assert corrected.status_code == 302
    assert Submission.objects.get().text == "Rettet tekst"

    client.post(link, {"action": "trekk"})
    assert Submission.objects.get().moderation == Moderation.WITHDRAWN
    assert client.get(link).status_code == 200
    other = reverse("participation:own", args=[KNR, "gjettet-token"])
    assert client.get(other).status_code == 404


def test_a_submission_after_the_closing_time_is_refused_with_the_time_it_closed(
    client, consultation
):
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.make_aware(datetime.datetime(2025, 1, 10, 12, 0))
    )

    response = post(client, consultation, form_data(consultation))

    assert response.status_code == 400
    assert "10. januar 2025 at 12:00" in response.content.decode() or "12:00" in (
        response.content.decode()
    )
    assert not Submission.objects.exists()


def test_a_double_post_is_one_submission(client, consultation):
    data = form_data(consultation)
    first = post(client, consultation, data)
    second = post(client, consultation, data)

    assert first.status_code == 302
    assert second.status_code == 200
    assert Submission.objects.count() == 1
    assert "stored once" in second.content.decode() or "lagret" in second.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [("innspill.pdf", b"MZ\x90\0 not a pdf"), ("kart.png", PDF)],
)
def test_an_attachment_that_is_not_what_its_name_says_is_refused(
    client, consultation, name, content
):
    upload = SimpleUploadedFile(name, content)
    response = post(client, consultation, form_data(consultation, files=[upload]))

    assert response.status_code == 400
    assert name in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        lambda: {"nettside": "http://spam.example"},
        lambda: {"skjema": form_token(seconds_ago=0)},
        lambda: {"skjema": "x"},
    ],
    ids=["honeypot", "too-fast", "forged"],
)
def test_robots_are_refused_without_a_captcha(client, consultation, extra):
    response = post(client, consultation, form_data(consultation, **extra()))

    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_consent_and_a_name_or_anonymity_are_required(client, consultation):
    response = post(client, consultation, form_data(consultation, consent="", name=""))

    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('aria-invalid="true"') >= 2
    assert not Submission.objects.exists()


def test_an_anonymous_submission_keeps_no_name(client, consultation):
    post(client, consultation, form_data(consultation, anonymous="on", organisation="Laget"))

    submission = Submission.objects.get()
    assert (submission.anonymous, submission.name, submission.organisation) == (True, "", "")


def test_the_limit_per_address_answers_429(client, consultation, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submission": (2, 3600)}
    codes = [post(client, consultation, form_data(consultation)).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert Submission.objects.count() == 2


def test_a_draft_is_not_public(client, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(status=Status.DRAFT)

    assert client.get(consultation.public_url()).status_code == 404


def test_the_youth_variant_asks_one_question_per_screen(client, consultation):
    url = reverse("participation:youth", args=[KNR, consultation.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert first.content.decode().count('type="radio"') == 3  # only the first question

    data = form_data(consultation)
    data.pop("files", None)
    step = client.post(url, {**data, "steg": "0", "neste": "1"})
    assert step.status_code == 200
    assert 'name="steg" value="1"' in step.content.decode()

    sent = client.post(url, {**data, "steg": "4"}, REMOTE_ADDR="192.0.2.11")
    assert sent.status_code == 302
    assert Submission.objects.get().source == "ung"


def test_a_bounced_receipt_is_marked_on_the_submission(client, consultation, smtp_server, personas):
    smtp_server.refuse.add("kari@example.no")
    post(client, consultation, form_data(consultation))

    run_worker()

    submission = Submission.objects.select_related("receipt").get()
    assert submission.receipt.status == MailStatus.FAILED
    client.force_login(personas.editor)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "E-mail bounced" in page or "E-posten kom i retur" in page


def test_the_planner_opens_an_attachment_that_the_public_never_sees(client, consultation, personas):
    upload = SimpleUploadedFile("innspill.pdf", PDF, content_type="application/pdf")
    post(client, consultation, form_data(consultation, files=[upload]))
    attachment = Submission.objects.get().attachments.get()
    url = reverse("participation:attachment", args=[KNR, consultation.pk, 1, attachment.pk])

    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(personas.reader)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
