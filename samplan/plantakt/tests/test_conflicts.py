"""Two planners saving the same own item of the calendar: the second is told, nothing is lost.

The item's form carries the version it was made from (core.versioning); a save from an older
form is refused, and the page shows what the other planner saved and, beside it, what this
planner wrote. The API's writes keep their own guard (If-Match) and move the version too."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse

from samplan.core.audit import history_entries
from samplan.core.testing import at_once, form_fields, saved_then_refused
from samplan.core.versioning import StaleEdit
from samplan.plantakt import services
from samplan.plantakt.models import OwnItem

KNR = "5033"
D = datetime.date


def edit_url(item: OwnItem) -> str:
    return reverse("plantakt:item_edit", args=[KNR, item.pk]) + "?periode=2023"


@pytest.fixture
def item(personas) -> OwnItem:
    return services.own_item_save(
        item=OwnItem(
            municipality=personas.municipality,
            election_year=2023,
            title="Innbyggermøte",
            date=D(2025, 3, 12),
            description="I rådhuset.",
        )
    )


def test_an_item_saved_from_an_older_form_is_refused_and_what_was_written_is_kept_to_copy(
    client, personas, item
):
    client.force_login(personas.editor)
    first, page = saved_then_refused(
        client, edit_url(item), {"date": "2025-04-02"}, {"description": "På skolen."}
    )
    assert first["expected_version"] == "1"
    assert "Noen andre" in page  # in Norwegian
    assert 'value="2025-04-02"' in page  # the form now shows what was saved
    assert "<dd>På skolen.</dd>" in page  # and what this planner wrote, to copy from
    assert 'name="expected_version" value="2"' in page
    item.refresh_from_db()
    assert (item.date, item.description, item.version) == (D(2025, 4, 2), "I rådhuset.", 2)
    assert item.history.count() == 2

    again = client.post(edit_url(item), {**form_fields(page), "description": "På skolen."})
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.date, item.description, item.version) == (D(2025, 4, 2), "På skolen.", 3)


def test_a_fresh_form_saves_and_a_new_item_needs_no_version(client, personas, item):
    client.force_login(personas.editor)
    fresh = form_fields(client.get(edit_url(item)).content.decode())
    assert client.post(edit_url(item), {**fresh, "done_on": "2025-03-12"}).status_code == 302
    new = client.get(reverse("plantakt:item_new", args=[KNR]) + "?periode=2023")
    blank = form_fields(new.content.decode())
    assert blank["expected_version"] == "0"
    created = {**blank, "title": "Folkemøte", "date": "2025-05-05"}
    response = client.post(reverse("plantakt:item_new", args=[KNR]) + "?periode=2023", created)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.done_on, item.version) == (D(2025, 3, 12), 2)
    assert OwnItem.objects.get(title="Folkemøte").version == 1


def test_the_service_refuses_a_stale_version_and_writes_nothing(personas, item):
    item.title = "Endret"
    with pytest.raises(StaleEdit):
        services.own_item_save(item=item, expected_version=7, user=personas.editor)
    stored = OwnItem.objects.get(pk=item.pk)
    assert (stored.title, stored.version, stored.history.count()) == ("Innbyggermøte", 1, 1)


def test_the_version_is_bookkeeping_in_the_history_not_a_change(personas, item):
    item.description = "På skolen."
    services.own_item_save(item=item, expected_version=1, user=personas.editor)
    services.own_item_save(item=item, expected_version=2, user=personas.editor)  # unchanged
    entries = history_entries(item.history.all(), complete=True)
    changed = [[change.field for change in entry.changes] for entry in entries[:2]]
    assert item.version == 3
    assert changed in ([[], ["description"]], [[], ["beskrivelse"]])


def test_a_change_through_the_api_makes_an_open_form_stale(client, personas, item):
    from samplan.api.selectors import deadline_etag  # noqa: PLC0415
    from samplan.api.services import deadline_change  # noqa: PLC0415
    from samplan.municipalities.permissions import Access, Capability  # noqa: PLC0415

    client.force_login(personas.editor)
    form = form_fields(client.get(edit_url(item)).content.decode())
    access = Access(personas.municipality, Capability.EDIT, personas.workspace)
    changed = deadline_change(
        access=access,
        pk=item.pk,
        if_match=deadline_etag(item),
        data={"title": "Fra API-et"},
        user=personas.editor,
    )
    assert changed.version == 2
    refused = client.post(edit_url(item), {**form, "title": "Fra skjemaet"})
    assert refused.status_code == 400
    assert OwnItem.objects.get(pk=item.pk).title == "Fra API-et"


@pytest.mark.run_once("postgresql")  # concurrent connections (SQLite serialises the writes)
@pytest.mark.django_db(transaction=True)
def test_two_saves_from_the_same_version_at_once_give_one_save_and_one_refusal(reference_data):
    from samplan.accounts.models import User  # noqa: PLC0415
    from samplan.municipalities.models import Municipality  # noqa: PLC0415

    item = services.own_item_save(
        item=OwnItem(
            municipality=Municipality.objects.get(pk=KNR),
            election_year=2023,
            title="Innbyggermøte",
            date=D(2025, 3, 12),
        )
    )
    user = User.objects.create_user(email="a@tydal.example", password="x")

    def save(title: str) -> Callable[[], OwnItem]:
        mine = OwnItem.objects.get(pk=item.pk)
        mine.title = title
        return lambda: services.own_item_save(item=mine, expected_version=1, user=user)

    outcome = at_once(save("Første"), save("Andre"))

    refused = [isinstance(each, StaleEdit) for each in outcome]
    assert sorted(type(each).__name__ for each in outcome) == ["OwnItem", "StaleEdit"]
    stored = OwnItem.objects.get(pk=item.pk)
    assert (stored.title, stored.version) == (("Andre", "Første")[refused[1]], 2)


def period_url() -> str:
    return reverse("plantakt:period", args=[KNR]) + "?periode=2023"


def test_the_periods_facts_saved_from_an_older_form_are_refused_and_kept_to_copy(client, personas):
    from samplan.plantakt.models import MunicipalityPeriod

    client.force_login(personas.editor)
    first, page = saved_then_refused(
        client, period_url(), {"constituted_on": "2023-10-19"}, {"constituted_on": "2023-10-26"}
    )
    assert first["expected_version"] == "0"  # none stored yet
    assert "Noen andre" in page
    assert 'value="2023-10-19"' in page  # what was saved
    assert "<dd>26. oktober 2023</dd>" in page  # what this planner wrote
    stored = MunicipalityPeriod.objects.get(municipality=personas.municipality)
    assert (stored.constituted_on, stored.version) == (D(2023, 10, 19), 1)
    assert stored.history.count() == 1

    again = client.post(period_url(), {**form_fields(page), "constituted_on": "2023-10-26"})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.constituted_on, stored.version) == (D(2023, 10, 26), 2)


@pytest.mark.run_once("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_the_periods_facts_at_once_give_one_save_and_one_refusal(
    reference_data,
):
    """No period facts stored; two planners' forms (version 0) saved at the same moment: the
    municipality's row is locked first, so the second waits, finds the first's and is told
    (without the lock: a database error for the second)."""
    from samplan.municipalities.models import Municipality  # noqa: PLC0415
    from samplan.plantakt.models import MunicipalityPeriod  # noqa: PLC0415

    tydal = Municipality.objects.get(pk=KNR)

    def save(day: int) -> Callable[[], object]:
        return lambda: services.period_save(
            municipality=tydal,
            election_year=2023,
            constituted_on=D(2023, 10, day),
            revise_master_plan=False,
            expected_version=0,
        )

    results = at_once(save(19), save(26))
    assert sorted(type(result).__name__ for result in results) == [
        "MunicipalityPeriod",
        "StaleEdit",
    ]
    assert MunicipalityPeriod.objects.filter(municipality=tydal).count() == 1
