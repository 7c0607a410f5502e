"""Learning networks: the invitation and applications, membership and leaving, gatherings in
the members' plan calendar, presentations and experience posts."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samplan.core.modules import calendar_items
from samplan.guidance import services
from samplan.guidance.models import (
    Application,
    ApplicationStatus,
    ExperiencePost,
    Gathering,
    Network,
    NetworkMember,
)
from samplan.plans.models import Plan

pytestmark = pytest.mark.django_db
KNR = "5033"
TODAY = datetime.date(2024, 2, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def network(personas) -> Network:
    return services.network_save(
        network=None,
        owners=[personas.county_org],
        user=personas.adviser,
        data={
            "name": "Samfunnsutvikling i små kommuner",
            "theme": "Planstrategi og samfunnsdel",
            "starts_on": datetime.date(2024, 1, 1),
            "ends_on": datetime.date(2027, 12, 31),
            "invitation": "Vi inviterer 2–3 kommuner.",
            "application_deadline": datetime.date(2024, 2, 15),
            "questions": ["Hva ønsker dere å lære?"],
        },
    )


def member(network, personas) -> NetworkMember:
    return NetworkMember.objects.create(
        network=network, municipality=personas.municipality, joined_on=TODAY
    )


APPLICATION = {
    "samfunnsdel": "2015",
    "timetable": "Planstrategi 2024",
    "statistics": "SSB",
    "staff": "20 %",
    "question_0": "Innbyggerdialog",
}


def test_county_creates_a_network_and_the_planner_applies_with_prefilled_answers(
    client, personas, network
):
    Plan.objects.create(
        municipality=personas.municipality,
        title="Kommuneplanens samfunnsdel 2015–2027",
        plan_type="samfunnsdel",
        status="gjeldende",
        adopted_year=2015,
    )
    client.force_login(personas.editor)
    listing = client.get(reverse("guidance:networks"))
    form = client.get(reverse("guidance:apply", args=[network.pk, KNR]))

    response = client.post(reverse("guidance:apply", args=[network.pk, KNR]), APPLICATION)

    assert network in listing.context["invitations"]
    assert "2015" in form.context["form"].initial["samfunnsdel"]
    assert "planning_strategy" not in form.context["form"].initial["timetable"]
    assert form.context["form"].initial["timetable"]
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.answers == {"Hva ønsker dere å lære?": "Innbyggerdialog"}

    client.force_login(personas.adviser)
    client.post(
        reverse("guidance:application_decide", args=[network.pk, application.pk]),
        {"action": "accept"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert NetworkMember.objects.get(network=network).municipality == personas.municipality


def test_an_application_after_the_deadline_is_refused(client, personas, network):
    with time_machine.travel(datetime.datetime(2024, 2, 16, 12, 0), tick=False):
        client.force_login(personas.editor)
        response = client.post(reverse("guidance:apply", args=[network.pk, KNR]), APPLICATION)

    assert response.status_code == 400
    assert "15.02.2024" in str(response.context["form"].non_field_errors())
    assert not Application.objects.exists()


def test_the_deadline_is_checked_in_the_service_as_well(personas, network):
    network.application_deadline = datetime.date(2024, 1, 31)
    network.save()

    with pytest.raises(Exception, match="31.01.2024"):
        services.application_submit(
            network=network, municipality=personas.municipality, user=personas.editor, data={}
        )


def test_a_network_is_404_for_those_neither_running_it_nor_members_once_closed(
    client, personas, network
):
    network.application_deadline = None
    network.save()

    for user in (personas.outsider_admin, personas.outsider_adviser, personas.reader):
        client.force_login(user)
        assert client.get(network.get_absolute_url()).status_code == 404


def test_a_reader_may_not_apply_and_an_editor_may_not_create_a_network(client, personas, network):
    client.force_login(personas.reader)
    assert client.post(
        reverse("guidance:apply", args=[network.pk, KNR]), APPLICATION
    ).status_code in (403, 404)
    client.force_login(personas.editor)
    assert client.get(reverse("guidance:network_new")).status_code == 403
    assert not Application.objects.exists()


def test_members_see_each_others_shared_posts_and_gatherings_in_plantakt(client, personas, network):
    member(network, personas)
    NetworkMember.objects.create(
        network=network, municipality_id=personas.other_municipality.number, joined_on=TODAY
    )
    gathering = Gathering.objects.create(
        network=network, title="Vårsamling", kind="fysisk", date=datetime.date(2024, 4, 10)
    )
    client.force_login(personas.outsider_editor)  # Utsira, now a member too
    client.post(
        reverse("guidance:post_new", args=[personas.other_municipality.number]),
        {"title": "Folkemøte på ferja", "text": "Det virket.", "share": f"network:{network.pk}"},
    )
    post = ExperiencePost.objects.get()

    client.force_login(personas.editor)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(gathering.get_absolute_url()).status_code == 200
    items = [item for module, item in calendar_items(personas.municipality, 2023)]
    assert any(item.url == gathering.get_absolute_url() for item in items)
    client.force_login(personas.nobody)
    assert client.get(post.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("keep_shared", [True, False])
def test_leaving_keeps_the_shared_posts_only_if_the_municipality_chooses(
    client, personas, network, keep_shared
):
    member(network, personas)
    post = services.post_create(
        municipality=personas.municipality,
        user=personas.editor,
        network=network,
        data={"title": "Hyttetomter", "text": "Arealregnskap."},
    )
    client.force_login(personas.editor)

    response = client.post(
        reverse("guidance:leave", args=[network.pk, KNR]),
        {"keep_shared": "on"} if keep_shared else {},
    )

    assert response.status_code == 302
    assert NetworkMember.objects.get().left_on == TODAY
    post.refresh_from_db()
    assert (post.network_id == network.pk) is keep_shared
    assert not any(
        module.key == "guidance" for module, _item in calendar_items(personas.municipality, 2023)
    )


def test_members_upload_presentations_that_outsiders_cannot_download(
    client, personas, network, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    member(network, personas)
    gathering = Gathering.objects.create(
        network=network, title="Video", kind="video", date=datetime.date(2024, 3, 1)
    )
    client.force_login(personas.editor)
    add = reverse("guidance:gathering_add", args=[network.pk, gathering.pk, "presentasjon"])

    refused = client.post(add, {"title": "Skript", "file": SimpleUploadedFile("x.exe", b"MZ")})
    response = client.post(
        add, {"title": "Lysark", "file": SimpleUploadedFile("lysark.pdf", b"%PDF-1.7 test")}
    )

    assert refused.status_code == 400 and response.status_code == 302
    presentation = gathering.presentations.get()
    url = reverse("guidance:presentation", args=[network.pk, gathering.pk, presentation.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.7 test"
    client.force_login(personas.outsider_editor)
    assert client.get(url).status_code == 404


def test_a_network_must_end_after_it_starts(client, personas):
    client.force_login(personas.adviser)

    response = client.post(
        reverse("guidance:network_new"),
        {
            "name": "Feil",
            "theme": "x",
            "starts_on": "2025-01-01",
            "ends_on": "2024-01-01",
            "owners": [personas.county_org.pk],
        },
    )

    assert response.status_code == 400 and "ends_on" in response.context["form"].errors
    assert not Network.objects.exists()
