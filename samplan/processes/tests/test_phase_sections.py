"""The process page's phases and key questions written in Python ({% phase_sections %} and
{% key_questions %}) are byte for byte the template loops they replace (the phases' loop with its
include of processes/_activities.html), for every branch, in nb, nn and en, editable or not."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from samplan.core.testing import rendered_both
from samplan.processes.questions import QUESTIONS

from .test_activity_rows import ACTIVITIES


def _before(name: str) -> str:
    """A loop of processes/detail.html before it was written in Python (the files end with a
    newline the loop did not have)."""
    return "{% load i18n samplan processes %}" + (
        Path(__file__).with_name(name).read_text(encoding="utf-8").removesuffix("\n")
    )


OLD_PHASES = _before("phase_sections_before.html")
NEW_PHASES = (
    "{% load i18n processes %}{% if phases %}{% phase_sections phases %}{% else %}"
    '\n  <p class="ds-paragraph">{% translate "No phases yet." %}'
    "{% if not process.desired_result %}"
    ' {% translate "Phases can be added once the desired result is written." %}{% endif %}</p>'
    "\n  {% endif %}"
)
OLD_QUESTIONS = _before("key_questions_before.html")
NEW_QUESTIONS = "{% load processes %}{% key_questions questions %}"

LABELS = {
    "edit_label": "Endre & se",
    "remove_label": "Fjern",
    "goal_label": "Mål <i>:</i>",
    "add_label": "Legg til",
    "edit_phase_label": "Endre fasen",
    "remove_phase_label": "Fjern fasen & aktivitetane",
    "answer_label": "Svar & sjå",
}


def _phase(number: int, **values: object) -> SimpleNamespace:
    fields = {
        "pk": number,
        "order": number,
        "title": f"Fase {number}",
        "goal": "",
        "starts_on": None,
        "ends_on": None,
        "activity_list": [],
        "activity_add_url": f"/kommune/5033/prosesser/1/fase/{number}/aktivitet/",
        "edit_url": f"/kommune/5033/prosesser/1/fase/{number}/",
        "delete_url": f"/kommune/5033/prosesser/1/slett/fase/{number}/",
    }
    fields.update(values)
    return SimpleNamespace(**fields)


PHASES = [
    _phase(1),
    _phase(
        2,
        pk=12345,
        order=1234,
        title='Medverknad <b>"Kvar & korleis"</b>',
        goal="Høyre <alle> & 'fleire'",
        starts_on=datetime.date(2026, 3, 4),
        ends_on=datetime.date(2026, 5, 6),
        activity_list=ACTIVITIES,
        edit_url="/a?b=1&c=2",
    ),
    _phase(3, starts_on=datetime.date(2025, 1, 2), activity_list=ACTIVITIES[:1]),
    _phase(4, ends_on=datetime.date(2027, 12, 31), goal="Vedtak"),
]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
@pytest.mark.parametrize("csrf_token", ["abc123TOKEN", None])
def test_the_phases_are_the_old_loops_markup(language: str, can_edit: bool, csrf_token) -> None:
    values = {"phases": PHASES, "can_edit": can_edit, **LABELS}
    if csrf_token:
        values["csrf_token"] = csrf_token
    old, new = rendered_both(OLD_PHASES, NEW_PHASES, values, language)
    assert new == old
    assert new.count("csrfmiddlewaretoken") == (4 + 4 + 1 if can_edit and csrf_token else 0)
    assert "&lt;b&gt;&quot;Kvar &amp; korleis&quot;&lt;/b&gt;" in new
    assert 'id="phase-12345"' in new


@pytest.mark.parametrize("desired_result", ["", "Ein betre plan"])
def test_no_phases_is_the_old_loops_empty_text(desired_result: str) -> None:
    values = {"phases": [], "can_edit": True, "process": {"desired_result": desired_result}}
    old, new = rendered_both(OLD_PHASES, NEW_PHASES, values, "nn")
    assert new == old
    assert "ds-paragraph" in new


def _answer(status: str, text: str) -> SimpleNamespace:
    return SimpleNamespace(status=status, status_label=f"Status <{status}>", text=text)


def _questions() -> list[dict[str, object]]:
    answers = [
        None,
        _answer("omforent", "Første linje & <b>andre</b>\nTredje\r\nFjerde"),
        _answer("utkast", ""),
        _answer("ikke_startet", "Berre tekst"),
        _answer("utkast", "Kort"),
        None,
    ]
    found = []
    for question, answer in zip(QUESTIONS, answers, strict=True):
        item = {"question": question, "answer": answer}
        if answer is not None or question is QUESTIONS[0]:
            item["answer_url"] = f"/kommune/5033/prosesser/1/sporsmal/{question.key}/?a=1&b=2"
        found.append(item)
    return found


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_key_questions_are_the_old_loops_markup(language: str, can_edit: bool) -> None:
    values = {"questions": _questions(), "can_edit": can_edit, **LABELS}
    old, new = rendered_both(OLD_QUESTIONS, NEW_QUESTIONS, values, language)
    assert new == old
    assert new.count("<article") == 6
    assert "Første linje &amp; &lt;b&gt;andre&lt;/b&gt;<br>Tredje<br>Fjerde" in new
    assert ("?a=1&amp;b=2" in new) == can_edit
