"""How process plans plug into the political arenas (issue 20): a workshop about a process saves
its result and it shows on the process page; the elected members' course has a part on the
ongoing processes and the coming points where the members take part."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from samplan.core.modules import course_parts, workshop_subjects
from samplan.politics.tests.workshops import hold_workshop
from samplan.processes import services
from samplan.processes.models import (
    Activity,
    ActivityKind,
    IntermediateResult,
    Process,
    ProcessStatus,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.example_data("processes"),
    pytest.mark.usefixtures("frozen_today"),
]
KNR = "5033"


@pytest.fixture
def process() -> Process:
    return Process.objects.get(municipality_id=KNR, is_example=True)


def _subjects(personas) -> dict:
    return {subject.key: subject for subject in workshop_subjects(personas.municipality)}


def test_an_open_process_is_a_workshop_subject_with_its_results_to_rank(personas, process):
    IntermediateResult.objects.create(process=process, title="Møteplass i sentrum")
    subject = _subjects(personas)[f"process:{process.pk}"]
    assert subject.url == process.get_absolute_url() and process.name in subject.title
    assert "Møteplass i sentrum" in subject.proposals
    process.status = ProcessStatus.DONE
    services.process_save(process=process, user=personas.editor, expected_version=None)
    assert f"process:{process.pk}" not in _subjects(personas)


def test_a_workshop_about_a_process_saves_its_result_to_the_process_page(client, personas, process):
    IntermediateResult.objects.create(process=process, title="Møteplass i sentrum")
    workshop = hold_workshop(personas, f"process:{process.pk}", "Verksted om sentrum")
    client.force_login(personas.reader)
    page = client.get(reverse("processes:detail", args=[KNR, process.pk])).content.decode()
    assert "Resultater av politiske verksteder om prosessen" in page
    assert "Verksted om sentrum" in page and workshop.held_on.strftime("%d.%m.%Y") in page
    assert "1 deltok." in page and workshop.result["ranking"][0][0] in page


def test_the_course_has_the_processes_and_where_members_take_part(client, personas, process):
    coming = Activity.objects.filter(
        phase__process=process,
        kind__in=[ActivityKind.POLITICAL_WORKSHOP, ActivityKind.COUNCIL_DECISION],
        starts_on__gte=datetime.date(2026, 12, 2),
    ).order_by("starts_on", "pk")
    with translation.override("en"):
        part = next(p for p in course_parts(personas.municipality) if p.key == "prosesser")
    assert coming and part.facts[0] == "1 process plan is planned or running."
    assert list(part.facts[1:]) == [
        f"{a.starts_on:%d.%m.%Y}: {a.title} ({process.name})" for a in coming[:5]
    ]
    client.force_login(personas.reader)
    page = client.get(reverse("politics:course", args=[KNR])).content.decode()
    assert "Planprosessene og din del i dem" in page
    assert "1 prosessplan er planlagt eller pågår." in page


def test_without_an_open_process_the_course_has_no_process_part(personas, process):
    process.status = ProcessStatus.DONE
    services.process_save(process=process, user=personas.editor, expected_version=None)
    assert "prosesser" not in [part.key for part in course_parts(personas.municipality)]
