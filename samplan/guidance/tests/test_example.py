"""The example guidance: comments on Tydal's example strategy and an early-dialogue meeting."""

from __future__ import annotations

import pytest

from samplan.guidance.example import example_guidance_create
from samplan.guidance.models import Meeting, Network, Thread, ThreadStatus
from samplan.municipalities.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("strategy", "guidance")]


def test_example_guidance_comments_on_the_strategy_and_is_idempotent(personas):
    threads = list(Thread.objects.filter(municipality=personas.municipality).order_by("title"))

    made_again = example_guidance_create(personas.municipality)

    assert made_again == 0
    assert [thread.status for thread in threads] == [ThreadStatus.OPEN, ThreadStatus.RESOLVED]
    assert all(thread.organisation.kind == "fylkeskommune" for thread in threads)
    assert Meeting.objects.get(municipality=personas.municipality).follow_ups.count() == 2
    network = Network.objects.get(is_example=True)
    assert sorted(network.members.values_list("municipality__name", flat=True)) == [
        "Holtålen",
        "Røyrvik",
        "Tydal",
    ]
    assert network.gatherings.count() == 2
    office = Organisation.objects.get(kind="interkommunalt", is_example=True)
    assert sorted(office.municipalities.values_list("name", flat=True)) == ["Holtålen", "Tydal"]
    assert office.office_assignments.count() == 4
