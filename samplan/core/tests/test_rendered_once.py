"""`{% rendered_once %}` (core/templatetags/samplan.py) renders a panel's fixed text once per
process for the same values, language and time zone, and again at once when any of them
changes; it refuses values that compare by something less than their contents."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.template import engines
from django.utils import translation

from samplan.core.templatetags import samplan as tags
from samplan.municipalities.models import Municipality

PANEL = "stats/panels/_key_figures.html"
PAGE = engines["django"].from_string(
    '{% load samplan %}{% rendered_once "' + PANEL + '" summary=panel number=number %}'
)


@dataclasses.dataclass(frozen=True)
class Source:
    table_id: str
    fetched_at: datetime.datetime


def _summary(**changed: object) -> dict[str, object]:
    return {
        "year": 2026,
        "base_year": 2016,
        "population": 728714,
        "change": 10.68,
        "share_80": 3.54,
        "source": None,
        **changed,
    }


@pytest.fixture
def renders(monkeypatch):
    made: list[str] = []
    render = tags.render_to_string

    def counted(name: str, context: dict) -> str:
        made.append(name)
        return render(name, context)

    monkeypatch.setattr(tags, "render_to_string", counted)
    monkeypatch.setattr(tags, "_RENDERED", type(tags._RENDERED)(tags.MAX_RENDERED))
    return made


def test_the_same_values_are_rendered_once_and_a_change_at_once(renders):
    with translation.override("nb"):
        first = PAGE.render({"panel": _summary(), "number": "0301"})
        assert PAGE.render({"panel": _summary(), "number": "0301"}) == first
        # (the panel's source line is a rendered_once of its own, made once with it)
        assert renders.count(PANEL) == 1 and len(renders) == 2
        changed = PAGE.render({"panel": _summary(population=728715), "number": "0301"})
        assert "728\u00a0715" in changed
        assert "728\u00a0715" not in first
        other = PAGE.render({"panel": _summary(), "number": "0302"})
        assert "/0302/" in other
    assert renders.count(PANEL) == 3 and len(renders) == 4


def test_the_language_and_the_time_zone_are_part_of_the_key(renders, settings):
    with translation.override("nb"):
        norwegian = PAGE.render({"panel": _summary(), "number": "0301"})
    with translation.override("en"):
        english = PAGE.render({"panel": _summary(), "number": "0301"})
    assert norwegian != english
    assert "Population trend" in english
    key = tags._frozen({"a": 1})
    assert key != tags._frozen({"a": 1.0}) and key != tags._frozen({"a": True})
    at = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)
    assert tags._frozen(Source("07459", at)) != tags._frozen(Source("07459", at.replace(hour=13)))


def test_a_model_instance_is_refused():
    with pytest.raises(TypeError):
        tags._frozen({"municipality": Municipality(number="0301")})
    with pytest.raises(TypeError):
        tags._frozen([{"x": object()}])


FILTERS = engines["django"].from_string(
    '{% load samplan %}{% form_rendered_once "includes/filters.html" form %}'
)
FILTER_STATES = [None, {}, {"q": "ros"}, {"q": "<b>&", "plan_type": "bogus", "overdue": "on"}]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_filter_form_is_rendered_once_per_values_and_language(language):
    """form_rendered_once gives the markup the template makes of the form, for each state and
    language, the same the second time, and another at once for other values."""
    from django.http import QueryDict
    from django.template.loader import render_to_string

    from samplan.plans.forms import PlanFilterForm

    tags._RENDERED.clear()
    made = set()
    with translation.override(language):
        for state in FILTER_STATES:
            data = None if state is None else QueryDict(mutable=True)
            for name, value in (state or {}).items():
                data[name] = value
            expected = render_to_string("includes/filters.html", {"form": PlanFilterForm(data)})
            for _attempt in range(2):
                assert FILTERS.render({"form": PlanFilterForm(data)}) == expected
            made.add(expected)
    assert len(made) == len(FILTER_STATES) - 1  # unbound and bound without values look alike


def test_a_form_its_values_do_not_decide_alone_is_refused():
    from samplan.plans.forms import PlanFilterForm

    with pytest.raises(TypeError):
        tags.form_rendered_once("includes/filters.html", PlanFilterForm(initial={"q": "ros"}))
