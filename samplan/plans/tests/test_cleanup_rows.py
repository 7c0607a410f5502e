"""The clean-up page's plan rows made in Python (plans/cleanup_rows.py): byte for byte the
template's old markup, and a decision or a plan edit shows at once (the table is cached)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from samplan.plans.cleanup import cleanup_table
from samplan.plans.cleanup_rows import rows_html
from samplan.plans.models import Decision

from .factories import DecisionFactory, PlanFactory

pytestmark = pytest.mark.django_db

KNR = "5033"

# The rows as plans/cleanup.html made them before cleanup_rows.
OLD_ROWS = Template(
    """{% load i18n %}{% for row in table.rows %}
    <tr>
      <td><a class="ds-link" href="{{ row.plan.get_absolute_url }}">{{ row.plan.title }}</a></td>
      <td>{% if row.decision %}{{ row.decision.get_decision_display }}{% if row.decision.merge_into %} → {{ row.decision.merge_into.title }}{% endif %}{% else %}<em>{% translate "Suggested:" %} {% include "plans/_suggestion.html" with suggestion=row.suggestion %}</em>{% endif %}</td>
      <td>{{ row.decision.target_year|default:"–" }}</td>
      <td>{{ row.decision.responsible|default:"–" }}</td>
      <td>{% if row.decision %}{{ row.decision.rationale_display|default:"–" }}{% else %}{{ row.reasons|join:" "|default:"–" }}{% endif %}</td>
      {% if can_edit %}<td>{% if not frozen %}<a class="ds-link" href="{% url 'plans:decision_edit' municipality.number row.plan.pk %}?periode={{ table.period_start }}">{% translate "Decide" %}<span class="ds-sr-only"> {{ row.plan.title }}</span></a>{% endif %}</td>{% endif %}
    </tr>
  {% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_rows_are_the_templates_old_markup(personas, language):
    into = PlanFactory(title="Kommuneplan <samfunn> & areal", pages=40, adopted_year=2010)
    merged = PlanFactory(title="Plan for «vei» & vann", pages=10, adopted_year=2012)
    revised = PlanFactory(title="Folkehelseplan", pages=5, adopted_year=2024)
    PlanFactory(title="Uten vedtak", pages=None, adopted_year=2000)
    PlanFactory(title="Ny uten år", adopted_year=None, status="i_arbeid")
    DecisionFactory(plan=merged, decision="slå_sammen", merge_into=into, responsible="A & B")
    DecisionFactory(
        plan=revised,
        decision="revidere",
        target_year=2026,
        rationale="Fordi <nå>",
        reasons=[{"kind": "x", "text": {"nb": "Gammel & utgått", "en": "Old & expired"}}],
    )
    with translation.override(language):
        table = cleanup_table(personas.municipality, 2023)
        assert table.rows and any(row.decision is None for row in table.rows)
        for can_edit, frozen in ((False, ""), (True, ""), (True, "Vedtatt")):
            old = OLD_ROWS.render(
                Context(
                    {
                        "table": table,
                        "can_edit": can_edit,
                        "frozen": frozen,
                        "municipality": {"number": KNR},
                    }
                )
            )
            assert rows_html(table, KNR, can_edit=can_edit, frozen=frozen) == old


def test_a_decision_and_a_plan_edit_show_at_once(client, personas):
    plan = PlanFactory(title="Folkehelseplan", pages=5, adopted_year=2024)
    client.force_login(personas.editor)
    page = reverse("plans:cleanup", args=[KNR])
    assert "Folkehelseplan" in client.get(page, {"periode": "2023"}).content.decode()
    with translation.override("nb"):
        repeal = str(Decision.REPEAL.label)
    assert f"<td>{repeal}</td>" not in client.get(page, {"periode": "2023"}).content.decode()

    decide = reverse("plans:decision_edit", args=[KNR, plan.pk])
    response = client.post(decide, {"decision": "oppheve", "periode": "2023"})
    assert response.status_code == 302
    shown = client.get(page, {"periode": "2023"})
    assert shown.context["table"].undecided == 0
    assert f"<td>{repeal}</td>" in shown.content.decode()

    plan.title = "Folkehelseplan 2024–2030"
    plan.save()
    assert "Folkehelseplan 2024–2030" in client.get(page, {"periode": "2023"}).content.decode()
