"""The intercommunal plan office: its work view across the municipalities it serves, tasks and
capacity, the yearly summary, and changes recorded as the office's."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from samplan.guidance.models import OfficeAssignment
from samplan.municipalities.models import Municipality, OrganisationKind, Role
from samplan.municipalities.services import organisation_create
from samplan.municipalities.testing import make_member
from samplan.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def office(personas):
    organisation = organisation_create(
        name="Gauldal plankontor",
        kind=OrganisationKind.INTERCOMMUNAL,
        municipalities=[personas.municipality, Municipality.objects.get(number="5026")],
    )
    editor = make_member(organisation, "planlegger@kontor.test", Role.EDITOR, "Kari Kontor")
    reader = make_member(organisation, "leser@kontor.test", Role.READER)
    return organisation, editor, reader


def plan(client, slug, what, data):
    return client.post(reverse("guidance:office_plan", args=[slug, what]), data)


def test_the_office_plans_work_sees_over_booking_and_the_yearly_summary(client, office):
    organisation, editor, _reader = office
    client.force_login(editor)
    plan(client, organisation.slug, "kapasitet", {"month": "2024-03", "person_days": "10"})
    for knr, days in (("5033", "8"), ("5026", "6")):
        response = plan(
            client,
            organisation.slug,
            "oppdrag",
            {
                "municipality": knr,
                "task": "Planstrategi",
                "planner": editor.pk,
                "month": "2024-03",
                "person_days": days,
            },
        )
        assert response.status_code == 302

    page = client.get(reverse("guidance:office", args=[organisation.slug]), {"aar": "2024"})

    assert page.status_code == 200
    march = page.context["months"][2]
    assert (march.capacity, march.planned, march.over) == (Decimal(10), Decimal(14), Decimal(4))
    assert page.context["by_municipality"] == [("Holtålen", Decimal(6)), ("Tydal", Decimal(8))]
    assert {row.name for row in page.context["rows"]} == {"Tydal", "Holtålen"}


def test_a_task_for_a_municipality_the_office_does_not_serve_is_refused(client, office):
    organisation, editor, _reader = office
    client.force_login(editor)

    response = plan(
        client,
        organisation.slug,
        "oppdrag",
        {"municipality": "1151", "task": "x", "month": "2024-03", "person_days": "1"},
    )

    assert response.status_code == 400 and not OfficeAssignment.objects.exists()


def test_only_the_offices_members_see_it_and_readers_cannot_plan(client, personas, office):
    organisation, _editor, reader = office
    for user in (personas.editor, personas.adviser, personas.outsider_admin):
        client.force_login(user)
        assert client.get(reverse("guidance:office", args=[organisation.slug])).status_code == 404
    client.force_login(reader)
    assert client.get(reverse("guidance:office", args=[organisation.slug])).status_code == 200
    assert (
        plan(
            client, organisation.slug, "kapasitet", {"month": "2024-03", "person_days": "1"}
        ).status_code
        == 403
    )


def test_a_change_by_the_offices_planner_is_recorded_as_the_offices(client, personas, office):
    _organisation, editor, _reader = office
    item = Plan.objects.create(
        municipality=personas.municipality, title="Temaplan", plan_type="temaplan"
    )
    client.force_login(editor)

    client.post(
        reverse("plans:edit", args=["5033", item.pk]),
        {"title": "Temaplan for kontoret", "plan_type": "temaplan", "status": "i_arbeid"},
    )

    record = Plan.history.filter(id=item.pk).first()
    assert record.history_user == editor
    assert "Gauldal plankontor" in record.history_change_reason
