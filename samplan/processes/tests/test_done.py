"""Activities marked done (issue 19: the adviser's "next activities" tell a held activity from a
forgotten one) and the actor register's contact e-mail (issue 18: invitations), on Tydal's
example process."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from samplan.core.modules import calendar_query_items, panel_data
from samplan.processes import arenas, selectors, services
from samplan.processes.example import EXAMPLE_EMAIL
from samplan.processes.models import Activity, Actor, Process, ProcessStatus

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.example_data("processes"),
    pytest.mark.usefixtures("frozen_today"),
]
KNR = "5033"
TODAY = datetime.date(2026, 12, 2)


def _next(process: Process) -> Activity:
    return (
        Activity.objects.filter(phase__process=process, starts_on__gte=TODAY)
        .order_by("starts_on", "pk")
        .first()
    )


def _edit(activity: Activity, **changes: object) -> dict[str, object]:
    data = {
        "title": activity.title,
        "kind": activity.kind,
        "starts_on": activity.starts_on.isoformat() if activity.starts_on else "",
        "expected_version": activity.version,
    }
    return {**data, **changes}


def test_the_example_has_held_activities_and_an_actor_with_a_made_up_email(process):
    """Its first activity is held (marked done); which others are: test_example.py."""
    first = Activity.objects.filter(phase__process=process).order_by("starts_on", "pk").first()
    assert first.done_on is not None and first.done_on <= TODAY
    assert Actor.objects.get(municipality_id=KNR, name="Næringsforeningen").email == EXAMPLE_EMAIL
    assert EXAMPLE_EMAIL.endswith("@example.no")


def test_a_planner_marks_an_activity_done_and_it_is_recorded_and_shown(client, personas, process):
    activity = _next(process)
    activity.starts_on = TODAY - datetime.timedelta(days=1)
    services.activity_save(activity=activity, user=None, expected_version=activity.version)
    client.force_login(personas.editor)
    edit = reverse("processes:activity_edit", args=[KNR, process.pk, activity.pk])
    before = client.get(process.get_absolute_url()).content.decode()
    assert "Ikke merket som gjort" in before

    response = client.post(edit, _edit(activity, done_on="2026-12-01"))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.done_on == datetime.date(2026, 12, 1)
    marked = activity.history.filter(done_on__isnull=False)
    assert {record.history_user for record in marked} == {personas.editor}
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Gjort 01.12.2026" in page
    timeline = client.get(reverse("processes:timeline", args=[KNR, process.pk])).content
    assert "gjort 01.12.2026" in timeline.decode()
    assert "sp-process-mark--done" in timeline.decode()


def test_an_activity_cannot_be_done_in_the_future(client, personas, process):
    activity = _next(process)
    client.force_login(personas.editor)
    edit = reverse("processes:activity_edit", args=[KNR, process.pk, activity.pk])
    response = client.post(edit, _edit(activity, done_on="2026-12-03"))
    assert response.status_code == 400
    assert "kan ikke være gjort fram i tid" in response.content.decode()
    activity.refresh_from_db()
    assert activity.done_on is None


def test_a_done_activity_is_never_next(process, personas):
    activity = _next(process)
    activity.done_on = TODAY
    activity.starts_on = TODAY
    services.activity_save(activity=activity, user=None, expected_version=activity.version)
    following = _next(process)
    while following == activity or following.starts_on == TODAY:  # the one after it
        following = (
            Activity.objects.filter(phase__process=process, starts_on__gt=following.starts_on)
            .order_by("starts_on", "pk")
            .first()
        )
    assert following is not None

    panel = panel_data(selectors.dashboard_panel(personas.municipality))
    assert activity.pk not in [a.pk for a in panel["upcoming"]]
    assert panel["upcoming"][0].title == following.title

    cells = panel_data(selectors.running_process_cells([personas.municipality], TODAY))
    assert f"{following.title} {following.starts_on:%d.%m.%Y}" in cells[KNR].text
    assert activity.title not in cells[KNR].text

    calendar = calendar_query_items(selectors.calendar_query(process.municipality, 2023))
    items = {item.key: item for item in calendar}
    assert items[f"aktivitet-{activity.pk}"].done_on == TODAY
    assert items[f"aktivitet-{following.pk}"].done_on is None


def test_a_done_political_activity_is_not_in_the_elected_members_course(process, personas):
    activity = _next(process)
    activity.kind = arenas.POLITICAL_KINDS[0]
    activity.starts_on = TODAY
    services.activity_save(activity=activity, user=None, expected_version=activity.version)
    assert Process.objects.filter(pk=process.pk, status=ProcessStatus.RUNNING).exists()
    [part] = arenas.course_parts(personas.municipality)
    assert any(activity.title in fact for fact in part.facts)
    activity.done_on = TODAY
    services.activity_save(activity=activity, user=None, expected_version=activity.version)
    [part] = arenas.course_parts(personas.municipality)
    assert not any(activity.title in fact for fact in part.facts)


def test_the_actor_register_keeps_a_contact_email_and_refuses_a_bad_one(client, personas):
    client.force_login(personas.editor)
    add = reverse("processes:actor_add", args=[KNR])
    refused = client.post(add, {"name": "Idrettslaget", "kind": "organisasjon", "email": "nei"})
    assert refused.status_code == 400
    assert not Actor.objects.filter(name="Idrettslaget").exists()

    client.post(add, {"name": "Idrettslaget", "kind": "organisasjon", "email": "il@example.no"})

    actor = Actor.objects.get(municipality_id=KNR, name="Idrettslaget")
    assert actor.email == "il@example.no"
    assert actor.history.get().history_user == personas.editor
    form = client.get(reverse("processes:actor_edit", args=[KNR, actor.pk])).content.decode()
    assert "invitere" in form  # the help text: used for invitations
    register = client.get(reverse("processes:register", args=[KNR])).content.decode()
    assert "il@example.no" in register
