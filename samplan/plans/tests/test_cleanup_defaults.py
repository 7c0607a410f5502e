"""The clean-up's defaults: target years that are right today, the suggested decision and its
reasons in "Decide", and reasons shown in the reader's language."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from samplan.plans.cleanup import cleanup_table, planning_needs_rows, target_year_for
from samplan.plans.models import CleanupDecision, reasons_text

from .factories import DecisionFactory, PlanFactory

KNR = "5033"
DEC_2026 = datetime.date(2026, 12, 2)
MARCH_2026 = datetime.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("due", "period", "today", "expected"),
    [
        # Overdue (or no date): never a year gone by; from July the next year.
        (datetime.date(2024, 1, 1), 2023, DEC_2026, 2027),
        (None, 2023, DEC_2026, 2027),
        (datetime.date(2024, 1, 1), 2023, MARCH_2026, 2026),
        # Due later in the period: the year it falls due.
        (datetime.date(2027, 5, 1), 2023, MARCH_2026, 2027),
        # Due after the period: the period's last year.
        (datetime.date(2031, 1, 1), 2023, MARCH_2026, 2027),
        # The next period: not before it starts, then the due year.
        (None, 2027, MARCH_2026, 2027),
        (datetime.date(2029, 6, 1), 2027, MARCH_2026, 2029),
        # A period that is over gets no target year.
        (datetime.date(2020, 1, 1), 2019, DEC_2026, None),
    ],
)
def test_target_year_is_never_in_the_past_and_follows_the_due_date(due, period, today, expected):
    assert target_year_for(due=due, period_start=period, today=today) == expected


REASONS = [
    {"kind": "revision_overdue", "text": {"nb": "Revisjon forfalt.", "nn": "Revisjon forfall."}},
    {"kind": "no_owner", "text": {"nb": "Ingen eier."}},
]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "Revisjon forfalt. Ingen eier."),
        ("nn", "Revisjon forfall. Ingen eier."),  # a text missing in Nynorsk falls back
        ("en", "Revisjon forfalt. Ingen eier."),
    ],
)
def test_stored_reasons_are_shown_in_the_readers_language(language, expected):
    assert reasons_text(REASONS, language) == expected
    with translation.override(language):
        assert reasons_text(REASONS) == expected


def test_rationale_shows_the_planners_words_and_then_the_reasons_and_old_texts_still_work():
    own = CleanupDecision(rationale="Vedtatt i utvalget.", reasons=REASONS)
    legacy = CleanupDecision(rationale="Revisjon forfalt 01.01.2020.")  # stored before keys

    with translation.override("nn"):
        assert own.rationale_display == "Vedtatt i utvalget. Revisjon forfall. Ingen eier."
        assert legacy.rationale_display == "Revisjon forfalt 01.01.2020."
    assert CleanupDecision().rationale_display == ""


@pytest.mark.django_db
def test_the_planning_needs_table_gives_reasons_in_the_documents_language(personas):
    DecisionFactory(plan=PlanFactory(title="Næringsplan"), decision="revidere", reasons=REASONS)
    table = cleanup_table(personas.municipality, 2023)

    for language, expected in (("nb", "Revisjon forfalt."), ("nn", "Revisjon forfall.")):
        with translation.override(language):
            _header, rows = planning_needs_rows(table)
        assert rows[0][-1].startswith(expected)


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 2, 12, 0), tick=False)
def test_decide_starts_from_the_suggestion_shows_its_reasons_and_keeps_them_by_key(
    client, personas
):
    overdue = PlanFactory(
        title="Økonomiplan", adopted_year=2016, revision_interval_years=4, in_financial_plan=True
    )
    old = PlanFactory(title="Gammel temaplan", adopted_year=2012, revision_interval_years=None)
    client.force_login(personas.editor)
    target = reverse("plans:decision_edit", args=[KNR, overdue.pk]) + "?periode=2023"

    page = client.get(target)

    form = page.context["form"]
    assert (form["decision"].value(), form["target_year"].value()) == ("revidere", 2027)
    html = page.content.decode()
    assert "Samplan foreslår:" in html and "Revisjonen skulle vært gjort" in html
    client.cookies["samplan_sprak"] = "nn"
    nn_page = client.get(target).content.decode()
    client.cookies["samplan_sprak"] = "nb"
    assert "Samplan føreslår:" in nn_page and "Revisjonen skulle vore gjord" in nn_page

    client.post(target, {"decision": "revidere", "target_year": "2027", "periode": "2023"})
    followed = CleanupDecision.objects.get(plan=overdue)
    assert followed.rationale == "" and followed.reasons
    texts = followed.reasons[0]["text"]
    assert texts["nb"] != texts["nn"] and followed.reasons[0]["kind"] == "revision_overdue"

    other = reverse("plans:decision_edit", args=[KNR, old.pk]) + "?periode=2023"
    assert client.get(other).context["form"]["decision"].value() == "oppheve"
    client.post(
        other, {"decision": "videreføre", "rationale": "Brukes fortsatt.", "periode": "2023"}
    )
    chosen = CleanupDecision.objects.get(plan=old)
    assert (chosen.decision, chosen.rationale, chosen.reasons) == (
        "videreføre",
        "Brukes fortsatt.",
        [],
    )
    # An existing decision is shown as decided, not replaced by the suggestion.
    again = client.get(other).context["form"]
    assert again["decision"].value() == "videreføre"
