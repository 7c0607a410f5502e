"""Two planners saving the planning strategy's status and dates, or the same consulted body: the
second is told, nothing is lost (the forms carry the version they were made from,
core.versioning). A guided section has its own digest: saving a section makes no status form
stale, and a status saved meanwhile is not undone by a section's save."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from samplan.core.audit import history_entries
from samplan.core.testing import form_fields
from samplan.core.versioning import StaleEdit
from samplan.strategy import services
from samplan.strategy.models import ConsultationBody, Strategy

pytestmark = pytest.mark.django_db
KNR = "5033"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def strategy(personas) -> Strategy:
    return services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"strategy:{name}", kwargs={"knr": KNR, "period": 2023, **kwargs})


def test_a_status_saved_from_an_older_form_is_refused_and_the_dates_are_kept_to_copy(
    client, personas, strategy
):
    client.force_login(personas.editor)
    first = form_fields(client.get(url("status")).content.decode())
    assert first["expected_version"] == "1"

    assert client.post(url("status"), {**first, "workshop_on": "2024-03-04"}).status_code == 302
    refused = client.post(url("status"), {**first, "statement_deadline": "2024-05-02"})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'data-testid="conflict"' in page and "Noen andre" in page
    assert 'value="2024-03-04"' in page  # the form shows what was saved
    assert "<dd>2. mai 2024</dd>" in page  # and what this planner wrote, to copy from
    assert 'name="expected_version" value="2"' in page
    assert 'for="id_expected_version"' not in page  # a hidden input, no label
    strategy.refresh_from_db()
    assert (strategy.workshop_on, strategy.statement_deadline, strategy.version) == (
        datetime.date(2024, 3, 4),
        None,
        2,
    )

    again = client.post(url("status"), {**form_fields(page), "statement_deadline": "2024-05-02"})
    assert again.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.workshop_on, strategy.statement_deadline, strategy.version) == (
        datetime.date(2024, 3, 4),
        datetime.date(2024, 5, 2),
        3,
    )


def test_a_section_saved_meanwhile_leaves_the_status_form_valid_and_is_kept(
    client, personas, strategy
):
    client.force_login(personas.editor)
    status = form_fields(client.get(url("status")).content.decode())
    section = form_fields(client.get(url("section", key="trends")).content.decode())
    response = client.post(url("section", key="trends"), {**section, "text": "Færre unge."})
    assert response.status_code == 302

    assert client.post(url("status"), {**status, "workshop_on": "2024-03-04"}).status_code == 302
    strategy.refresh_from_db()
    assert (strategy.trends, strategy.workshop_on) == ("Færre unge.", datetime.date(2024, 3, 4))


def test_a_sections_save_does_not_undo_a_status_saved_since_its_page_read_the_strategy(
    personas, strategy
):
    read_before = Strategy.objects.get(pk=strategy.pk)
    services.strategy_save(
        strategy=_with_workshop(strategy),
        expected_version=1,
        user=personas.editor,
    )
    services.section_save(
        strategy=read_before, key="trends", text="Færre unge.", read_digest=None, user=None
    )
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.trends, stored.workshop_on, stored.version) == (
        "Færre unge.",
        datetime.date(2024, 3, 4),
        2,
    )


def _with_workshop(strategy: Strategy) -> Strategy:
    changed = Strategy.objects.get(pk=strategy.pk)
    changed.workshop_on = datetime.date(2024, 3, 4)
    return changed


def test_going_back_a_status_makes_an_open_status_form_stale(client, personas, strategy):
    client.force_login(personas.editor)
    services.strategy_save(
        strategy=_public(strategy), constituted_on=datetime.date(2023, 10, 19), user=None
    )
    form = form_fields(client.get(url("status")).content.decode())
    services.strategy_step_back(strategy=strategy, reason="Feil dato", user=personas.editor)
    refused = client.post(url("status"), {**form, "workshop_on": "2024-03-04"})
    assert refused.status_code == 400
    strategy.refresh_from_db()
    assert (strategy.status, strategy.workshop_on) == ("utkast", None)


def _public(strategy: Strategy) -> Strategy:
    changed = Strategy.objects.get(pk=strategy.pk)
    changed.status = "offentlig_ettersyn"
    changed.public_from = datetime.date(2024, 4, 1)
    changed.council_meeting = datetime.date(2024, 6, 20)
    return changed


def test_the_service_refuses_a_stale_status_and_writes_nothing(personas, strategy):
    before = strategy.history.count()
    with pytest.raises(StaleEdit):
        services.strategy_save(
            strategy=_with_workshop(strategy), expected_version=9, user=personas.editor
        )
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.workshop_on, stored.version, stored.history.count()) == (None, 1, before)


def test_a_body_saved_from_an_older_form_is_refused_and_the_answer_is_kept_to_copy(
    client, personas, strategy
):
    body = strategy.bodies.get(kind="statsforvalter")
    client.force_login(personas.editor)
    first = form_fields(client.get(url("body_edit", pk=body.pk)).content.decode())
    assert first["expected_version"] == "1"

    saved = client.post(url("body_edit", pk=body.pk), {**first, "asked_on": "2024-01-15"})
    assert saved.status_code == 302
    refused = client.post(url("body_edit", pk=body.pk), {**first, "answer": "Ingen merknader."})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'data-testid="conflict"' in page
    assert 'value="2024-01-15"' in page and "<dd>Ingen merknader.</dd>" in page
    body.refresh_from_db()
    assert (body.asked_on, body.answer, body.version) == (datetime.date(2024, 1, 15), "", 2)

    again = client.post(
        url("body_edit", pk=body.pk), {**form_fields(page), "answer": "Ingen merknader."}
    )
    assert again.status_code == 302
    body.refresh_from_db()
    assert (body.asked_on, body.answer, body.version) == (
        datetime.date(2024, 1, 15),
        "Ingen merknader.",
        3,
    )


def test_a_body_saved_from_a_fresh_form_and_a_new_body_need_nothing_more(
    client, personas, strategy
):
    body = strategy.bodies.get(kind="statsforvalter")
    client.force_login(personas.editor)
    fresh = form_fields(client.get(url("body_edit", pk=body.pk)).content.decode())
    assert client.post(url("body_edit", pk=body.pk), {**fresh, "answer": "Ok."}).status_code == 302
    blank = form_fields(client.get(url("body_add")).content.decode())
    created = {**blank, "kind": "statlig", "name": "Statens vegvesen"}
    assert client.post(url("body_add"), created).status_code == 302
    assert ConsultationBody.objects.get(name="Statens vegvesen").version == 1
    body.refresh_from_db()
    assert (body.answer, body.version) == ("Ok.", 2)


def test_the_versions_are_bookkeeping_in_the_history_not_changes(personas, strategy):
    body = strategy.bodies.get(kind="statsforvalter")
    body.answer = "Ok."
    services.body_save(body=body, expected_version=1, user=personas.editor)
    services.strategy_save(
        strategy=_with_workshop(strategy), expected_version=1, user=personas.editor
    )
    [body_change] = history_entries(body.history.all(), complete=True)[0].changes
    [strategy_change] = history_entries(strategy.history.all(), complete=True)[0].changes
    assert (body.version, Strategy.objects.get(pk=strategy.pk).version) == (2, 2)
    assert "version" not in (body_change.field, strategy_change.field)
    assert "versjon" not in (body_change.field, strategy_change.field)
