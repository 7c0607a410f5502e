"""The process page's activity rows written in Python ({% activity_rows %}) are byte for byte
the template loop they replace, for every branch of it, in nb, nn and en, editable or not."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from samplan.core.testing import rendered_both

# The loop of processes/_activities.html before the rows were written in Python.
OLD_LOOP = "{% load i18n samplan %}" + (
    Path(__file__).with_name("activity_rows_before.html").read_text(encoding="utf-8")
)
NEW_LOOP = "{% load processes %}  {% activity_rows phase.activity_list %}"


def _activity(number: int, **values: object) -> SimpleNamespace:
    fields = {
        "title": f"Aktivitet {number}",
        "county_guidance": False,
        "group": "",
        "group_label": "",
        "knowledge": "",
        "kind_label": "Møte",
        "starts_on": None,
        "ends_on": None,
        "place": "",
        "done_on": None,
        "not_marked": False,
        "responsible": "",
        "participant_list": [],
        "edit_url": f"/kommune/5033/prosesser/1/aktivitet/{number}/",
        "delete_url": f"/kommune/5033/prosesser/1/slett/aktivitet/{number}/",
    }
    fields.update(values)
    return SimpleNamespace(**fields)


def _role(name: str) -> SimpleNamespace:
    return SimpleNamespace(actor=SimpleNamespace(name=name))


ACTIVITIES = [
    _activity(1),
    _activity(
        2,
        title='Folkemøte <b>"Kvar & korleis"</b>',
        county_guidance=True,
        group="innbyggere",
        group_label="Innbyggjarar & lag",
        knowledge="Lokal <kunnskap> om 'stader'",
        kind_label=translation.gettext_lazy("Meeting"),
        starts_on=datetime.date(2026, 3, 4),
        ends_on=datetime.date(2026, 3, 5),
        place="Rådhuset <sal 2>",
        done_on=datetime.date(2026, 3, 6),
        responsible="Kari & Ola",
        participant_list=[_role("Ungdomsrådet"), _role("Lag <og> foreningar")],
        edit_url="/a?b=1&c=2",
    ),
    _activity(
        3,
        starts_on=datetime.date(2025, 1, 2),
        ends_on=datetime.date(2025, 1, 2),
        not_marked=True,
        participant_list=[_role("Eldrerådet")],
    ),
    _activity(4, ends_on=datetime.date(2026, 5, 1), place="Skulen", not_marked=True),
]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
@pytest.mark.parametrize("csrf_token", ["abc123TOKEN", None])
def test_the_rows_are_the_old_loops_markup(language: str, can_edit: bool, csrf_token) -> None:
    values = {
        "phase": SimpleNamespace(activity_list=ACTIVITIES),
        "can_edit": can_edit,
        "edit_label": "Endre & se",
        "remove_label": "Fjern",
    }
    if csrf_token:
        values["csrf_token"] = csrf_token
    old, new = rendered_both(OLD_LOOP, NEW_LOOP, values, language)
    assert new == old
    assert ("csrfmiddlewaretoken" in new) == bool(can_edit and csrf_token)
    assert "&lt;b&gt;&quot;Kvar &amp; korleis&quot;&lt;/b&gt;" in new


def test_no_activities_make_no_rows() -> None:
    context = Context({"phase": SimpleNamespace(activity_list=[]), "can_edit": True})
    assert Template(NEW_LOOP).render(context) == Template(OLD_LOOP).render(context) == "  "
