"""The internal plan forum: the agenda proposed from plantakt and the register, notes saved
with optimistic locking, the meetings in plantakt, and only for the planners."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from samplan.goals import services as goal_services
from samplan.goals.models import FocusArea, Goal
from samplan.guidance.models import Thread
from samplan.plans.models import Plan
from samplan.politics import forum
from samplan.politics.models import ForumMeeting

pytestmark = pytest.mark.django_db
KNR = "5033"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


def test_a_new_meeting_gets_an_agenda_from_deadlines_and_overdue_revisions(client, personas):
    Plan.objects.create(
        municipality=personas.municipality,
        title="Gammel temaplan",
        plan_type="temaplan",
        status="gjeldende",
        adopted_year=2010,
        next_revision_override=datetime.date(2020, 6, 1),
    )
    client.force_login(personas.editor)
    page = client.get(reverse("politics:forum_new", args=[KNR])).content.decode()
    assert "Revisjon forsinket: Gammel temaplan" in page
    assert "Frist " in page or "Forsinket siden" in page
    response = client.post(
        reverse("politics:forum_new", args=[KNR]),
        {"date": "2024-02-15", "agenda": "- Planstrategien", "version": 0},
    )
    meeting = ForumMeeting.objects.get()
    assert response.status_code == 302 and meeting.history.first().history_user == personas.editor
    # The next meeting is proposed four weeks later.
    assert forum.next_date(personas.municipality, datetime.date(2024, 2, 1)) == datetime.date(
        2024, 3, 14
    )
    # The meeting is in the plan calendar, with a link.
    items = forum.calendar_items(personas.municipality, 2023)
    assert [item.url for item in items] == [meeting.get_absolute_url()]


def test_the_agenda_lists_open_guidance_threads_and_new_comments_on_goals(client, personas):
    about = {"module": "strategy", "target_key": "2023:trends", "target_label": "Trender"}
    for title, status in [("Befolkningstall", "open"), ("Gammel tråd", "lukket")]:
        Thread.objects.create(
            municipality=personas.municipality,
            organisation=personas.county_org,
            title=title,
            status=status,
            **about,
        )
    area = FocusArea.objects.create(municipality=personas.municipality, title="Levende bygder")
    goals = {
        title: Goal.objects.create(municipality=personas.municipality, focus_area=area, title=title)
        for title in ("Flere unge flytter hjem", "Trygg eldreomsorg")
    }
    ForumMeeting.objects.create(municipality=personas.municipality, date=datetime.date(2024, 1, 4))
    for title, written in [
        ("Flere unge flytter hjem", datetime.datetime(2024, 1, 10, 9, 0)),
        ("Flere unge flytter hjem", datetime.datetime(2024, 1, 20, 9, 0)),
        ("Trygg eldreomsorg", datetime.datetime(2023, 12, 20, 9, 0)),  # before the last meeting
    ]:
        with time_machine.travel(written, tick=False):
            goal_services.comment_add(
                goal=goals[title], text="Hva koster dette?", user=personas.reader
            )
    client.force_login(personas.editor)

    page = client.get(reverse("politics:forum_new", args=[KNR])).content.decode()

    assert (
        "Åpen veiledningskommentar fra Trøndelag fylkeskommune: Befolkningstall (Trender)" in page
    )
    assert "Gammel tråd" not in page
    assert "2 nye kommentarer fra folkevalgte til målet «Flere unge flytter hjem»" in page
    assert "Trygg eldreomsorg" not in page


def test_notes_saved_from_a_stale_form_write_nothing(client, personas):
    meeting = ForumMeeting.objects.create(
        municipality=personas.municipality, date=datetime.date(2024, 2, 15)
    )
    client.force_login(personas.editor)
    address = reverse("politics:forum_meeting", args=[KNR, meeting.pk])
    data = {"date": "2024-02-15", "agenda": "", "notes": "Vi ble enige.", "version": 0}
    assert client.post(address, data).status_code == 302
    stale = client.post(address, {**data, "notes": "Noe annet."})
    assert stale.status_code == 400 and "Noen andre lagret" in stale.content.decode()
    meeting.refresh_from_db()
    assert meeting.notes == "Vi ble enige." and meeting.version == 1


def test_the_forum_is_for_the_planners(client, personas):
    client.force_login(personas.reader)
    assert client.get(reverse("politics:forum", args=[KNR])).status_code == 403
