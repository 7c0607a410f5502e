"""The pages as planners, readers and county advisers use them, on Tydal's example process."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from samplan.processes import services
from samplan.processes.models import (
    Activity,
    Actor,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.example_data("processes"),
    pytest.mark.usefixtures("frozen_today"),
]
KNR = "5033"


def url(name: str, **kwargs: object) -> str:
    return reverse(f"processes:{name}", kwargs={"knr": KNR, **kwargs})


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_example_process_reads_as_a_whole_for_the_county_adviser(client, personas, process):
    client.force_login(personas.adviser)
    pages = {
        "index": url("index"),
        "detail": process.get_absolute_url(),
        "actors": url("actors", pk=process.pk),
        "timeline": url("timeline", pk=process.pk),
        "overview": url("overview", pk=process.pk),
        "changes": url("changes", pk=process.pk),
        "history": url("history", pk=process.pk),
        "register": url("register"),
        "templates": url("templates"),
        "template": url("template", slug="samplan-utviklingsprosjekt"),
    }
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code == 200, name
        text = response.content.decode()
        if name not in ("register", "templates", "template"):
            assert "Eksempeldata" in text, name
        assert "Rediger" not in text, name  # an adviser reads; no edit links
    detail = client.get(pages["detail"]).content.decode()
    assert "Et levende sentrum i Tydal" in detail and "Undersøkelse" in detail
    grid = client.get(pages["actors"]).content.decode()
    assert 'role="img"' in grid and "Reinbeitedistriktet" in grid and "Bjellesau" in grid
    assert client.post(url("template", slug="samplan-utviklingsprosjekt"), {}).status_code == 403


def test_the_dashboard_shows_running_processes_and_their_next_activities(client, personas, process):
    client.force_login(personas.reader)
    page = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    assert process.name in page
    upcoming = Activity.objects.filter(phase__process=process, starts_on__gte="2026-12-02")
    assert upcoming.order_by("starts_on").first().title in page


def test_the_planner_starts_a_process_writes_the_result_and_adds_a_phase(client, personas):
    client.force_login(personas.editor)
    response = client.post(
        url("new"), {"name": "Tilflytting", "kind": "tilflytting", "status": "planlagt"}
    )
    created = Process.objects.get(name="Tilflytting")
    assert response.url == url("result", pk=created.pk)
    assert client.get(url("phase_add", pk=created.pk)).url == url("result", pk=created.pk)
    client.post(
        url("result", pk=created.pk),
        {"desired_result": "Ti nye innbyggere", "expected_version": created.version},
    )
    response = client.post(
        url("phase_add", pk=created.pk),
        {"order": 1, "title": "Kartlegging", "starts_on": "2027-01-01", "ends_on": "2027-02-01"},
    )
    assert response.status_code == 302
    assert Phase.objects.get(process=created).history.get().history_user == personas.editor
    page = client.get(url("history", pk=created.pk)).content.decode()
    assert "Kartlegging" in page and "Erik Editor" in page


def test_an_end_before_the_start_is_shown_on_the_form_and_nothing_is_saved(
    client, personas, process
):
    client.force_login(personas.editor)
    phase = process.phases.first()
    response = client.post(
        url("phase_edit", pk=process.pk, fid=phase.pk),
        {
            "order": 1,
            "title": "Ny tittel",
            "starts_on": "2027-05-01",
            "ends_on": "2027-04-01",
            "expected_version": phase.version,
        },
    )
    assert response.status_code == 400
    assert "Slutten kan ikke være før starten" in response.content.decode()
    assert Phase.objects.get(pk=phase.pk).title == phase.title


def test_an_activity_outside_its_phase_is_saved_and_the_planner_is_warned(
    client, personas, process
):
    client.force_login(personas.editor)
    phase = process.phases.get(order=1)
    response = client.post(
        url("activity_add", pk=process.pk, fid=phase.pk),
        {"title": "Sommermøte", "kind": "folkemote", "starts_on": "2027-07-01"},
    )
    assert response.status_code == 302
    assert Activity.objects.filter(title="Sommermøte").exists()
    assert any("utenfor datoene til fasen" in message for message in flash(response))


def test_a_stale_save_is_refused_and_shows_the_planners_text_to_copy(client, personas, process):
    client.force_login(personas.editor)
    question = KeyQuestion.objects.get(process=process, key="hva")
    other = KeyQuestion.objects.get(pk=question.pk)
    other.text = "Først"
    services.question_save(question=other, user=personas.admin, expected_version=other.version)
    response = client.post(
        url("question", pk=process.pk, key="hva"),
        {"text": "Min tekst", "status": "utkast", "expected_version": question.version},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Noen andre lagret" in page and "Min tekst" in page
    assert KeyQuestion.objects.get(pk=question.pk).text == "Først"


def test_removing_an_actor_in_use_is_refused_with_the_process_named(client, personas, process):
    client.force_login(personas.editor)
    actor = Actor.objects.get(municipality_id=KNR, name="Ungdomsrådet")
    response = client.post(url("actor_delete", apk=actor.pk), follow=True)
    assert Actor.objects.filter(pk=actor.pk).exists()
    assert process.name in response.content.decode()


def test_the_process_plan_can_be_copied_from_a_template(client, personas):
    client.force_login(personas.editor)
    response = client.post(
        url("template", slug="samplan-planstrategi"), {"name": "Planstrategi 2027"}
    )
    created = Process.objects.get(name="Planstrategi 2027")
    assert response.url == created.get_absolute_url()
    assert created.phases.count() == 3 and created.source_version == 1


def test_a_role_and_a_force_are_added_on_the_actor_analysis(client, personas, process):
    client.force_login(personas.editor)
    actor = services.actor_save(
        actor=Actor(municipality_id=KNR, name="Pensjonistforeningen", kind="organisasjon"),
        user=None,
    )
    client.post(
        url("role_add", pk=process.pk),
        {"actor": actor.pk, "involvement": "kan", "influence": 2, "stance": 5},
    )
    assert ProcessActor.objects.filter(process=process, actor=actor).exists()
    response = client.post(
        url("force_add", pk=process.pk), {"direction": "mot", "description": "Lite tid"}
    )
    assert response.status_code == 302 and process.forces.filter(description="Lite tid")


def test_a_part_of_another_process_cannot_be_removed_through_this_one(client, personas, process):
    other = services.process_create(
        process=Process(municipality_id=KNR, name="Annen", kind="utvikling", desired_result="x"),
        user=None,
    )
    phase = services.phase_save(phase=Phase(process=other, title="Fase"), user=None)
    client.force_login(personas.editor)
    response = client.post(url("delete", pk=process.pk, part="fase", item_pk=phase.pk))
    assert response.status_code == 404 and Phase.objects.filter(pk=phase.pk).exists()


def test_plantakt_shows_the_dated_activities_in_its_list_and_timeline(client, personas, process):
    client.force_login(personas.reader)
    activity = Activity.objects.filter(phase__process=process).order_by("starts_on").first()
    for name in ("plantakt:list", "plantakt:timeline", "plantakt:wheel"):
        response = client.get(reverse(name, args=[KNR]), {"periode": 2023})
        assert response.status_code == 200, name
        if name != "plantakt:wheel":
            assert activity.title in response.content.decode(), name


def test_the_example_process_is_made_once_and_labelled(personas, process):
    from samplan.processes.example import example_process_create

    assert example_process_create(personas.municipality) == 0
    assert Process.objects.filter(municipality_id=KNR).count() == 1
    assert process.is_example and process.source_template.startswith("fylke:")  # the county's
    assert process.phases.count() == 4 and process.forces.count() == 2
    assert process.actor_roles.filter(champion=True).exists()


HOSTILE = ["\x00", "x" * 25000, "<script>alert(1)</script>", "2024-02-30", "-1", "9" * 20]


def test_hostile_input_to_every_form_is_refused_whole_or_saved_whole(client, personas, process):
    client.force_login(personas.editor)
    phase = process.phases.first()
    forms = {
        url("new"): ["name", "kind", "status", "starts_on", "ends_on", "team"],
        url("actor_add"): ["name", "kind", "group", "description"],
        url("result", pk=process.pk): ["desired_result", "expected_version"],
        url("question", pk=process.pk, key="hva"): ["text", "status", "expected_version"],
        url("interim_add", pk=process.pk): ["title", "measure", "due_on"],
        url("phase_add", pk=process.pk): ["order", "title", "starts_on", "ends_on"],
        url("activity_add", pk=process.pk, fid=phase.pk): ["title", "kind", "starts_on"],
        url("role_add", pk=process.pk): ["actor", "influence", "stance", "why"],
        url("force_add", pk=process.pk): ["direction", "description"],
    }
    for address, fields in forms.items():
        for value in HOSTILE:
            before = (Process.history.count(), Phase.history.count(), Activity.history.count())
            response = client.post(address, dict.fromkeys(fields, value))
            assert response.status_code in (302, 400), (address, value[:20])
            if response.status_code == 400:
                after = (Process.history.count(), Phase.history.count(), Activity.history.count())
                assert after == before, (address, value[:20])


def test_the_cached_process_pages_show_each_change_at_once(client, personas, process):
    """The process page and the actor analysis are cached per version of the municipality's
    data (the page's content kept as markup, views._read_page): a phase, an activity, an actor
    or a force added, and a phase renamed, show on the next request."""
    client.force_login(personas.editor)
    for name in ("detail", "actors"):
        assert client.get(url(name, pk=process.pk)).status_code == 200  # cached now
    phase = services.phase_save(phase=Phase(process=process, title="Ny fase etterpå"), user=None)
    services.activity_save(
        activity=Activity(phase=phase, title="Nytt folkemøte", kind="folkemote"), user=None
    )
    actor = services.actor_save(
        actor=Actor(municipality_id=KNR, name="Skiklubben", kind="organisasjon"), user=None
    )
    services.role_save(role=ProcessActor(process=process, actor=actor), user=None)
    detail = client.get(url("detail", pk=process.pk)).content.decode()
    assert "Ny fase etterpå" in detail and "Nytt folkemøte" in detail
    assert "Skiklubben" in client.get(url("actors", pk=process.pk)).content.decode()
    phase.title = "Omdøpt fase"
    services.phase_save(phase=phase, user=None)
    detail = client.get(url("detail", pk=process.pk)).content.decode()
    assert "Omdøpt fase" in detail and "Ny fase etterpå" not in detail


def test_the_timeline_and_the_overview_kept_as_markup_are_each_their_own(client, personas, process):
    """Both pages are made from the same reads (selectors.process_page) and kept as markup by
    their template: the overview opened after the timeline is the overview, and a reader gets no
    editor's link from an editor's visit."""
    client.force_login(personas.editor)
    timeline = client.get(url("timeline", pk=process.pk)).content.decode()
    overview = client.get(url("overview", pk=process.pk)).content.decode()
    assert "<h1" in timeline and "<h1" in overview
    assert timeline.split("<h1", 1)[1][:200] != overview.split("<h1", 1)[1][:200]
    assert "Oversikt på én side" in overview.split("<h1", 1)[1][:200]
    edit = reverse("processes:edit", args=[KNR, process.pk])
    assert f'href="{edit}"' in client.get(url("detail", pk=process.pk)).content.decode()

    client.force_login(personas.reader)
    assert f'href="{edit}"' not in client.get(url("detail", pk=process.pk)).content.decode()
