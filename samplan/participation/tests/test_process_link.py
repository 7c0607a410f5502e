"""Consultations tied to a process plan (issue 18): the form offers only the municipality's own
processes, the link shows on the consultation, its public page and the process page; the
invitation page offers the actor register's actors with an e-mail address (the process's
first and ticked) and tells why the others cannot be invited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samplan.core.tests.smtp import run_worker
from samplan.participation import selectors, services
from samplan.participation.forms import InviteForm
from samplan.participation.models import Consultation, Kind, Status, Subject
from samplan.processes import services as process_services
from samplan.processes.models import Actor, Process, ProcessActor

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("processes")]
KNR = "5033"


@pytest.fixture
def process(personas) -> Process:
    return Process.objects.get(municipality_id=KNR, is_example=True)


@pytest.fixture
def foreign_process(personas) -> Process:
    return process_services.process_create(
        process=Process(municipality=personas.other_municipality, name="Utsira", kind="utvikling"),
        user=None,
    )


@pytest.fixture
def consultation(personas) -> Consultation:
    return services.consultation_save(
        consultation=Consultation(
            municipality=personas.municipality,
            title="Innspill til sentrum",
            kind=Kind.INPUT_ROUND,
            subject=Subject.OTHER,
            summary="Hva trenger sentrum?",
            opens_on=timezone.localdate() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=20),
            status=Status.PUBLISHED,
        )
    )


def _form(consultation: Consultation, **changes: object) -> dict[str, object]:
    data = {
        "title": consultation.title,
        "kind": consultation.kind,
        "subject": consultation.subject,
        "summary": consultation.summary,
        "opens_on": consultation.opens_on.isoformat(),
        "closes_at": timezone.localtime(consultation.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "status": consultation.status,
        "anonymise_after_days": "365",
        "version": consultation.version,
    }
    return {**data, **changes}


def test_a_planner_ties_a_consultation_to_a_process_and_it_shows_everywhere(
    client, personas, process, consultation
):
    client.force_login(personas.editor)
    edit = reverse("participation:edit", args=[KNR, consultation.pk])
    assert process.name in client.get(edit).content.decode()

    response = client.post(edit, _form(consultation, process=process.pk))

    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.process == process
    assert consultation.history.first().history_user == personas.editor
    assert consultation.history.first().process_id == process.pk
    detail = client.get(consultation.get_absolute_url()).content.decode()
    assert process.get_absolute_url() in detail
    public = client.get(consultation.public_url()).content.decode()
    assert "Del av prosessen" in public and process.name in public
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Høringer og medvirkning" in page
    assert consultation.get_absolute_url() in page and consultation.title in page


def test_the_process_page_says_when_nothing_is_tied_to_it(client, personas, process):
    client.force_login(personas.reader)
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Ingen høring eller innspillsrunde er knyttet til prosessen ennå" in page


def test_another_municipalitys_process_is_refused_by_the_form_and_the_service(
    client, personas, consultation, foreign_process
):
    client.force_login(personas.editor)
    edit = reverse("participation:edit", args=[KNR, consultation.pk])
    assert foreign_process.name not in client.get(edit).content.decode()

    response = client.post(edit, _form(consultation, process=foreign_process.pk))

    assert response.status_code == 400
    consultation.refresh_from_db()
    assert consultation.process is None
    consultation.process = foreign_process
    with pytest.raises(ValidationError) as refused:
        services.consultation_save(consultation=consultation)
    assert "process" in refused.value.message_dict


def test_a_reader_cannot_tie_a_consultation_to_a_process(client, personas, process, consultation):
    client.force_login(personas.reader)
    edit = reverse("participation:edit", args=[KNR, consultation.pk])
    assert client.post(edit, _form(consultation, process=process.pk)).status_code == 403
    consultation.refresh_from_db()
    assert consultation.process is None


def _tie(consultation: Consultation, process: Process) -> None:
    consultation.process = process
    services.consultation_save(consultation=consultation, expected_version=consultation.version)


def test_the_invitation_page_offers_the_processs_actors_first_and_ticked(
    client, personas, process, consultation
):
    outside = process_services.actor_save(
        actor=Actor(municipality=personas.municipality, name="Aa-laget", kind="organisasjon"),
        user=None,
    )
    outside.email = "aa@example.no"
    process_services.actor_save(actor=outside, user=None, expected_version=outside.version)
    _tie(consultation, process)
    invitable, not_invitable = selectors.register_actors(consultation)
    in_process = set(
        ProcessActor.objects.filter(process=process).values_list("actor__name", flat=True)
    )
    names = [actor.name for actor in invitable]
    assert names == ["Næringsforeningen", "Aa-laget"]  # the process's first, then A–Å
    assert {actor.name for actor in not_invitable} == set(
        Actor.objects.filter(municipality_id=KNR, email="").values_list("name", flat=True)
    )
    assert "Næringsforeningen" in in_process and "Aa-laget" not in in_process
    form = InviteForm(bodies=[], actors=invitable)
    assert form.fields["actors"].initial == [invitable[0].pk]

    client.force_login(personas.editor)
    page = client.get(reverse("participation:invite", args=[KNR, consultation.pk]))
    text = page.content.decode()
    assert "Kan ikke inviteres: ingen e-postadresse" in text
    assert "Reinbeitedistriktet" in text  # in the process, without an e-mail
    assert text.index("Næringsforeningen (") < text.index("Aa-laget (")


def test_actors_are_invited_by_email_once_through_the_background_mail(
    client, personas, process, consultation, smtp_server
):
    shop = Actor.objects.get(municipality_id=KNR, name="Næringsforeningen")
    _tie(consultation, process)
    client.force_login(personas.editor)
    invite = reverse("participation:invite", args=[KNR, consultation.pk])
    # The same address typed as someone else too: one invitation each address.
    data = {"actors": [shop.pk], "others": f"Butikken, {shop.email.upper()}"}

    first = client.post(invite, data)
    again = client.post(invite, data)
    run_worker()

    assert (first.status_code, again.status_code) == (302, 302)
    [invitation] = consultation.invitations.all()
    assert (invitation.actor, invitation.email) == (shop, shop.email)
    assert invitation.history.get().history_user == personas.editor
    [mail] = smtp_server.to(shop.email)
    assert consultation.public_url() in mail.get_content()


def test_an_actor_without_email_or_of_another_municipality_is_refused(
    client, personas, consultation
):
    no_email = Actor.objects.get(municipality_id=KNR, name="Reinbeitedistriktet")
    foreign = process_services.actor_save(
        actor=Actor(
            municipality=personas.other_municipality,
            name="Utsira lag",
            kind="organisasjon",
            email="lag@example.no",
        ),
        user=None,
    )
    client.force_login(personas.editor)
    invite = reverse("participation:invite", args=[KNR, consultation.pk])
    for actor in (no_email, foreign):
        assert client.post(invite, {"actors": [actor.pk]}).status_code == 400
    assert not consultation.invitations.exists()
    with pytest.raises(ValidationError):
        services.invitations_send(
            consultation=consultation,
            recipients=[services.Recipient(foreign.name, foreign.email, actor_id=foreign.pk)],
        )
    assert not consultation.invitations.exists()


def test_only_a_process_plans_subject_has_consultations(personas, process, consultation):
    from samplan.core.modules import panel_data
    from samplan.processes.arenas import process_of_subject, process_subject_key

    assert process_of_subject(process_subject_key(process)) == process.pk
    assert process_of_subject("strategy:2023") is None
    assert process_of_subject("process:x") is None
    other = selectors.process_consultations(personas.municipality, "strategy:2023")
    assert other.queries == () and panel_data(other) == []
    _tie(consultation, process)
    [record] = panel_data(
        selectors.process_consultations(personas.municipality, f"process:{process.pk}")
    )
    assert (record.title, record.url) == (consultation.title, consultation.get_absolute_url())


def test_the_example_process_has_an_example_input_round_tied_to_it(client, personas, process):
    from samplan.participation.example import PROCESS_ROUND
    from tests.snapshot import example_data

    example_data("participation", personas.municipality)
    example_data("participation", personas.municipality)  # idempotent

    [round_] = Consultation.objects.filter(municipality=personas.municipality, process=process)
    assert round_.title == PROCESS_ROUND and round_.status == Status.DRAFT
    assert Consultation.objects.filter(municipality=personas.municipality).count() == 2
    client.force_login(personas.reader)
    page = client.get(process.get_absolute_url()).content.decode()
    assert round_.get_absolute_url() in page
