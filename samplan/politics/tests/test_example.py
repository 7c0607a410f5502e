"""The example data of the political arenas: made once (idempotent), in Tydal's language form,
with a closed workshop whose votes are no longer linked to anyone."""

from __future__ import annotations

import pytest

from samplan.politics.example import WORKSHOP_TITLE, example_politics_create
from samplan.politics.models import (
    AssessmentResponse,
    Delegation,
    Participant,
    Workshop,
)

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("strategy", "politics")]


def test_the_example_is_made_once_with_a_past_workshop_on_the_strategy(personas):
    assert example_politics_create(personas.municipality) == 0
    workshop = Workshop.objects.get(title=WORKSHOP_TITLE)
    assert workshop.is_closed and str(workshop.held_on) == "2024-03-12"
    assert workshop.subject == "strategy:2023" and workshop.participant_count == 11
    assert workshop.result["dot_voters"] == 11
    assert not Participant.objects.filter(workshop=workshop, user__isnull=False).exists()
    assert Delegation.objects.filter(municipality=personas.municipality).count() == 4
    assert AssessmentResponse.objects.filter(year=2025).count() == 10


def test_the_workshops_result_shows_on_the_strategy_page(client, personas):
    from django.urls import reverse

    client.force_login(personas.reader)
    page = client.get(reverse("strategy:detail", args=["5033", 2023])).content.decode()
    assert "Resultater lagret på strategien" in page and WORKSHOP_TITLE in page
    assert "11 deltok." in page and "12.03.2024" in page
