"""Tydal's example consultation, its place in plantakt and on the dashboard, and the number of
queries of the planner's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samplan.core.testing import page_queries
from samplan.participation.models import Consultation, Moderation, Status
from samplan.participation.selectors import calendar_items
from tests.snapshot import example_data

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("strategy", "participation")]
KNR = "5033"


def test_the_example_consultation_is_closed_processed_and_answered(personas):
    example_data("participation", personas.municipality)
    consultation = Consultation.objects.get(municipality=personas.municipality)

    assert consultation.status == Status.ANSWERED
    assert consultation.strategy.period_start == 2023
    submissions = list(consultation.submissions.all())
    assert len(submissions) == 25
    assert all(s.assessment and s.taken_into_account for s in submissions)
    assert {s.moderation for s in submissions} == {Moderation.PUBLISHED, Moderation.HELD}
    assert {s.source for s in submissions} >= {"nett", "folkemote", "verksted", "brev"}


def test_the_example_is_labelled_and_shown_in_plantakt_and_on_the_dashboard(client, personas):
    example_data("participation", personas.municipality)
    consultation = Consultation.objects.get(municipality=personas.municipality)
    personas.workspace.is_example = True  # as in the demo's example workspace
    personas.workspace.save()
    public = client.get(consultation.public_url()).content.decode()
    assert "Eksempeldata" in public

    [item] = calendar_items(personas.municipality, 2023)
    assert item.date.isoformat() == "2024-06-03" and item.done_on is not None
    client.force_login(personas.editor)
    for name in ("plantakt:list", "plantakt:timeline"):
        page = client.get(reverse(name, args=[KNR]) + "?periode=2023")
        assert page.status_code == 200, name
        assert consultation.title in page.content.decode(), name
    dashboard = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    assert "panel-participation" in dashboard


def test_the_planners_page_makes_a_fixed_number_of_queries(personas):
    """The consultation page cold, with the 25 example submissions and with 50 (no N+1)."""
    example_data("participation", personas.municipality)
    consultation = Consultation.objects.get(municipality=personas.municipality)
    client = Client()
    client.force_login(personas.editor)

    def get() -> None:
        assert client.get(consultation.get_absolute_url()).status_code == 200

    get()
    small = page_queries(get)
    for submission in list(consultation.submissions.all()):
        submission.pk = None
        submission.number += 25
        submission.token_hash = f"{submission.token_hash[:60]}copy"
        submission.form_nonce += "-copy"
        submission.save()
    assert page_queries(get) == small == (12, 11)
