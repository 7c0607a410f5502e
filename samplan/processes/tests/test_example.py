"""Tydal's example process and the county's example template as a new user meets them (issues
18/19): the activities held before the day the example is made are marked done, one left open,
whatever that day; the county publishes an example template ("hyllevare") the example process is
copied from; making the example again duplicates nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from samplan.core.modules import panel_data
from samplan.processes import library, selectors
from samplan.processes.example import (
    COUNTY_TEMPLATE_NAME,
    SHIPPED_START,
    START,
    example_process_create,
)
from samplan.processes.models import Activity, Actor, Process, ProcessActor, ProcessTemplate
from tests.snapshot import PROCESS_EXAMPLE_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("processes")]
KNR = "5033"
DAY = datetime.timedelta(days=1)


def _made_on(day: datetime.date, municipality) -> Process:
    """The example process made again as on `day` (the snapshot's removed first)."""
    Process.objects.filter(municipality=municipality, is_example=True).delete()
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 12), tick=False):
        assert example_process_create(municipality) == 1
    return Process.objects.get(municipality=municipality, is_example=True)


@pytest.mark.parametrize(
    "day",
    [
        START - DAY,  # nothing has happened yet
        START,  # the first activity is today: not yet past
        START + DAY,  # the first activity is past: done
        START + 15 * DAY,  # two past: the first done, the second open
        datetime.date(2026, 12, 3),
        datetime.date(2027, 2, 10),
        datetime.date(2029, 6, 1),  # every activity past: the last one open
    ],
    ids=str,
)
def test_the_example_marks_what_was_held_before_the_day_it_is_made_but_one(personas, day):
    process = _made_on(day, personas.municipality)
    activities = list(Activity.objects.filter(phase__process=process).order_by("starts_on", "pk"))
    past = [activity for activity in activities if activity.starts_on < day]
    still_open = [activity for activity in past if activity.done_on is None]

    assert still_open == (past[-1:] if len(past) > 1 else [])
    assert all(a.done_on is None for a in activities if a not in past)
    assert all(a.starts_on <= a.done_on <= day for a in past if a.done_on)
    with translation.override("en"):
        cell = panel_data(selectors.running_process_cells([personas.municipality], day))[KNR]
    [line] = cell.details
    if still_open:  # what the adviser's page of the municipality says that day
        [left] = still_open
        assert f"1 past activity not marked as done: {left.title} {left.starts_on:%d.%m.%Y}" in line
    else:
        assert "not marked" not in line


def test_the_tests_example_is_made_as_of_a_fixed_day(process):
    """The snapshot's example is made as of PROCESS_EXAMPLE_DAY whatever day the tests run:
    four activities held and marked, the fifth past one open, nothing ahead done."""
    activities = Activity.objects.filter(phase__process=process).order_by("starts_on", "pk")
    done = [a.title for a in activities if a.done_on]
    assert len(done) == 4 and done[0].startswith("Oppstartsverksted")
    assert [
        a.title for a in activities if a.done_on is None and a.starts_on < PROCESS_EXAMPLE_DAY
    ] == ["Arbeidsgruppen sammenstiller funnene"]
    assert all(a.done_on <= PROCESS_EXAMPLE_DAY for a in activities if a.done_on)


def test_the_county_publishes_an_example_template_the_example_process_is_copied_from(
    personas, process
):
    template = ProcessTemplate.objects.get(is_example=True)
    assert template.organisation == personas.county_org  # the county following Tydal
    assert (template.name, template.language) == (COUNTY_TEMPLATE_NAME, "nb")
    assert template.published and template.version == 1
    assert template.history.get().history_user == personas.adviser  # published by its adviser
    _head, shipped = library.shipped_start(SHIPPED_START, "nb")
    phases = [phase["title"] for phase in shipped["phases"]]
    assert [phase["title"] for phase in template.content["phases"]] == phases
    changes = library.template_changes(shipped, template.content)  # tailored a little
    assert {change.text for change in changes} >= {"Arbeidsgruppen sammenstiller funnene"}
    assert not any(  # the shipped template itself is left as it was
        activity.get("county_guidance") and activity["title"].startswith("Arbeidsgruppen")
        for phase in shipped["phases"]
        for activity in phase["activities"]
    )

    [offered] = [t for t in library.available(personas.municipality, "nb") if t.is_example]
    assert offered.key == f"fylke:{template.pk}"
    assert offered.publisher == personas.county_org.name
    assert (process.source_template, process.source_name) == (offered.key, template.name)
    assert process.source_version == 1
    assert Activity.objects.get(
        phase__process=process, title="Arbeidsgruppen sammenstiller funnene"
    ).county_guidance
    outside = library.available(personas.other_municipality, "nb")
    assert offered.key not in [t.key for t in outside]  # Rogaland's municipality is not offered it


def test_the_example_template_is_labelled_and_counted_as_used_once(client, personas, process):
    client.force_login(personas.adviser)
    county = reverse("processes:county_templates", args=[personas.county_org.slug])
    listing = client.get(county).content.decode()
    assert COUNTY_TEMPLATE_NAME in listing and "Eksempeldata" in listing
    assert "Prosessplaner kopiert fra den" in listing
    [template] = selectors.county_templates(personas.county_org)
    assert template.uses == 1  # Tydal's example process
    assert "<td>1</td><td><a" in listing
    client.force_login(personas.editor)
    library_page = client.get(reverse("processes:templates", args=[KNR])).content.decode()
    assert COUNTY_TEMPLATE_NAME in library_page and "Eksempeldata" in library_page
    changes = reverse("processes:changes", args=[KNR, process.pk])
    assert client.get(changes).status_code == 200


def test_making_the_example_again_duplicates_nothing(personas, process):
    def counts() -> tuple[int, ...]:
        return (
            ProcessTemplate.objects.count(),
            ProcessTemplate.history.count(),
            Process.objects.count(),
            Activity.objects.count(),
            Activity.objects.filter(done_on__isnull=False).count(),
            Actor.objects.count(),
            ProcessActor.objects.count(),
        )

    before = counts()
    assert example_process_create(personas.municipality) == 0
    assert example_process_create(personas.municipality) == 0
    assert counts() == before
