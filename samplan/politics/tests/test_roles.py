"""Who decides what: the law table, the planner's record of the delegation rules (with
optimistic locking) and the deadline for new delegation rules from plantakt."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from samplan.politics import roles, services
from samplan.politics.models import Delegation

KNR = "5033"


def test_every_decision_has_a_known_body_and_a_paragraph():
    assert {d.key for d in roles.DECISIONS} >= {
        "planstrategi",
        "planprogram",
        "samfunnsdel",
        "arealdel",
        "handlingsdel",
        "okonomiplan",
        "reguleringsplan",
        "dispensasjon",
        "temaplan",
    }
    for decision in roles.DECISIONS:
        assert decision.law_body in roles.BODIES
        assert decision.paragraph.startswith(("PBL §", "KL §"))
    # What the council adopts itself (PBL §§ 10-1, 11-15; KL § 14-2) is never delegable.
    for key in ("planstrategi", "samfunnsdel", "arealdel", "okonomiplan"):
        assert not roles.decision(key).delegable


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False)
def test_members_read_the_overview_with_the_deadline_from_plantakt(client, personas):
    client.force_login(personas.reader)
    page = client.get(reverse("politics:roles", args=[KNR])).content.decode()
    assert "Kommuneplanens samfunnsdel" in page and "PBL §§ 11-1, 11-15" in page
    # KL § 5-14: by 31 December of the year after the election (plantakt's rule).
    assert "innen 31.12.2024 (KL § 5-14)" in page
    assert "Ikke registrert" in page
    assert reverse("politics:delegation", args=[KNR, "dispensasjon"]) not in page


@pytest.mark.django_db
def test_the_planner_records_a_delegation_and_a_stale_form_writes_nothing(client, personas):
    client.force_login(personas.editor)
    address = reverse("politics:delegation", args=[KNR, "dispensasjon"])
    data = {"body": "utvalg", "body_name": "Utvalg for plan", "reference": "pkt. 5", "version": 0}
    assert client.post(address, data).status_code == 302
    stale = client.post(address, {**data, "body": "kommunedirektor"})
    assert stale.status_code == 400 and "Noen andre lagret" in stale.content.decode()
    delegation = Delegation.objects.get()
    assert delegation.body == "utvalg" and delegation.version == 1
    assert delegation.history.first().history_user == personas.editor
    page = client.get(reverse("politics:roles", args=[KNR])).content.decode()
    assert "Utvalg for plan" in page and "pkt. 5" in page
    assert client.get(reverse("politics:delegation", args=[KNR, "ukjent"])).status_code == 404


def test_a_delegations_history_shows_what_changed_not_its_version(client, personas):
    from samplan.core.audit import history_entries  # noqa: PLC0415

    client.force_login(personas.editor)
    address = reverse("politics:delegation", args=[KNR, "dispensasjon"])
    data = {"body": "utvalg", "body_name": "Utvalg for plan", "reference": "pkt. 5", "version": 0}
    assert client.post(address, data).status_code == 302
    assert client.post(address, {**data, "reference": "pkt. 6", "version": 1}).status_code == 302
    delegation = Delegation.objects.get()
    entries = history_entries(delegation.history.all(), complete=True)
    fields = [[change.field for change in entry.changes] for entry in entries]
    # The row is made with the municipality's rules; each save changes it.
    assert fields == [
        ["hvor i delegeringsreglementet"],
        ["navn på organet", "hvor i delegeringsreglementet"],
        [],
    ]


@pytest.mark.django_db
def test_a_delegation_to_an_unknown_body_is_refused(personas):
    with pytest.raises(ValidationError):
        services.delegation_save(
            municipality=personas.municipality, decision="dispensasjon", body="ordfører", version=0
        )
    assert not Delegation.objects.exists()
