"""An adviser and a planner saving the same early-dialogue meeting: the second is told, nothing
is lost (the meeting's form carries the version it was made from, core.versioning)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from samplan.core.audit import history_entries
from samplan.core.testing import form_fields
from samplan.core.versioning import StaleEdit
from samplan.guidance import services
from samplan.guidance.models import Meeting

KNR = "5033"


@pytest.fixture
def meeting(personas) -> Meeting:
    return services.meeting_save(
        meeting=None,
        municipality=personas.municipality,
        user=personas.adviser,
        data={"title": "Oppstart planstrategi", "date": datetime.date(2024, 2, 1), "notes": ""},
    )


def change(meeting: Meeting, personas, *, notes: str, expected_version: int) -> Meeting:
    """The planner's change of the meeting's notes, from a form of `expected_version`."""
    return services.meeting_save(
        meeting=meeting,
        municipality=personas.municipality,
        user=personas.editor,
        data={"notes": notes},
        expected_version=expected_version,
    )


def edit_url(meeting: Meeting) -> str:
    return reverse("guidance:meeting_edit", args=[KNR, meeting.pk])


def test_a_meeting_saved_from_an_older_form_is_refused_and_the_notes_are_kept_to_copy(
    client, personas, meeting
):
    client.force_login(personas.adviser)
    adviser = form_fields(client.get(edit_url(meeting)).content.decode())
    client.force_login(personas.editor)
    planner = form_fields(client.get(edit_url(meeting)).content.decode())
    assert adviser["expected_version"] == planner["expected_version"] == "1"

    assert client.post(edit_url(meeting), {**planner, "notes": "Vi tar ROS først."}).status_code
    client.force_login(personas.adviser)
    refused = client.post(edit_url(meeting), {**adviser, "notes": "Husk medvirkning."})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'data-testid="conflict"' in page and "Noen andre" in page
    assert ">\nVi tar ROS først.</textarea>" in page  # what was saved, in the form
    assert "<dd>Husk medvirkning.</dd>" in page  # what the adviser wrote, to copy from
    assert 'name="expected_version" value="2"' in page
    assert 'for="id_expected_version"' not in page  # a hidden input, no label
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.version, meeting.history.count()) == ("Vi tar ROS først.", 2, 2)

    notes = "Vi tar ROS først. Husk medvirkning."
    again = client.post(edit_url(meeting), {**form_fields(page), "notes": notes})
    assert again.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.version) == (notes, 3)


def test_a_fresh_form_saves_and_a_new_meeting_needs_no_version(client, personas, meeting):
    client.force_login(personas.editor)
    fresh = form_fields(client.get(edit_url(meeting)).content.decode())
    assert client.post(edit_url(meeting), {**fresh, "place": "Rådhuset"}).status_code == 302
    new_url = reverse("guidance:meeting_new", args=[KNR])
    blank = form_fields(client.get(new_url).content.decode())
    created = {**blank, "title": "Kommuneplanens arealdel", "date": "2024-03-01"}
    assert client.post(new_url, created).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("Rådhuset", 2)
    assert Meeting.objects.get(title="Kommuneplanens arealdel").version == 1


def test_the_service_refuses_a_stale_version_and_writes_nothing(personas, meeting):
    with pytest.raises(StaleEdit):
        change(meeting, personas, notes="For sent.", expected_version=5)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.notes, stored.version, stored.history.count()) == ("", 1, 1)


def test_the_version_is_bookkeeping_in_the_history_not_a_change(personas, meeting):
    change(meeting, personas, notes="Referat.", expected_version=1)
    entries = history_entries(meeting.history.all(), complete=True)
    assert meeting.version == 2
    assert [change.field for change in entries[0].changes] in (["notes"], ["referat"])
