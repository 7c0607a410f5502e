"""`{% rendered_once %}` (core/templatetags/samplan.py) renders a panel's fixed text once per
process for the same values, language and time zone, and again at once when any of them
changes; it refuses values that compare by something less than their contents."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django import forms
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


def _twice(make_form: object, change: object = None) -> tuple[str, str]:
    """The filter form rendered through form_rendered_once, then again after `change`."""
    tags._RENDERED.clear()
    first = FILTERS.render({"form": make_form()})  # type: ignore[operator]
    if change is not None:
        change()  # type: ignore[operator]
    return first, FILTERS.render({"form": make_form()})  # type: ignore[operator]


_COUNTER = iter(range(1_000_000))
_CHANGING = [("a", "A")]


class _FieldInitial(forms.Form):
    q = forms.CharField(required=False, initial=lambda: f"søk {next(_COUNTER)}")


class _SeveralInputs(forms.Form):
    when = forms.SplitDateTimeField(required=False)


class _ChoicesOfTheForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("a", "A")])

    def __init__(self, *args: object, extra: str = "b", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [("a", "A"), (extra, extra.upper())]


class _CallableChoices(forms.Form):
    kind = forms.ChoiceField(required=False, choices=lambda: list(_CHANGING))


class _LabelOfTheForm(forms.Form):
    q = forms.CharField(required=False, label="Søk")

    def __init__(self, *args: object, label: str = "Søk", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].label = label
        self.fields["q"].widget.attrs["placeholder"] = label


class _Thing:
    """A choice value that makes no key (not plain)."""

    def __str__(self) -> str:
        return "ting"


class _ChoicesOfThings(forms.Form):
    kind = forms.ChoiceField(required=False, choices=lambda: [(_Thing(), "Ting")])


def _data(**values: str) -> object:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update(values)
    return data


def test_a_fields_own_initial_value_is_rendered_each_time():
    first, second = _twice(_FieldInitial)
    assert first != second
    assert len(tags._RENDERED) == 0


def test_a_widget_of_several_inputs_is_rendered_each_time():
    """Its values are under its inputs' names (when_0, when_1), not the field's."""
    values = iter(["2026-12-03", "2027-01-04"])
    first, second = _twice(lambda: _SeveralInputs(_data(when_0=next(values), when_1="12:00")))
    assert "2026-12-03" in first
    assert "2027-01-04" in second
    assert len(tags._RENDERED) == 0


@pytest.mark.parametrize(
    ("make", "values", "shown"),
    [
        (lambda value: _ChoicesOfTheForm(extra=value), ["b", "c"], 'value="{}"'),
        (lambda value: _LabelOfTheForm(label=value), ["Finn plan", "Finn tiltak"], "{}"),
    ],
    ids=["choices", "label-and-attribute"],
)
def test_choices_or_a_label_set_on_the_form_are_rendered_each_time(make, values, shown):
    made = iter(values)
    first, second = _twice(lambda: make(next(made)))
    assert shown.format(values[0]) in first
    assert shown.format(values[1]) in second
    assert len(tags._RENDERED) == 0


def test_choices_made_by_a_callable_are_part_of_the_key():
    first, second = _twice(_CallableChoices, lambda: _CHANGING.append(("b", "B")))
    assert 'value="b"' not in first
    assert 'value="b"' in second
    assert len(tags._RENDERED) == 2


@pytest.mark.parametrize(
    "form", [{"initial": {"q": "ros"}}, {"prefix": "x"}, {"files": {"f": "x"}, "data": {}}]
)
def test_a_form_its_values_do_not_decide_alone_is_rendered_each_time(form):
    from django.template.loader import render_to_string

    from samplan.plans.forms import PlanFilterForm

    tags._RENDERED.clear()
    expected = render_to_string("includes/filters.html", {"form": PlanFilterForm(**form)})
    assert tags.form_rendered_once("includes/filters.html", PlanFilterForm(**form)) == expected
    assert len(tags._RENDERED) == 0


def test_the_register_and_plantakt_filter_forms_are_rendered_once():
    from samplan.plans.forms import PlanFilterForm
    from samplan.plantakt.forms import ItemFilterForm

    for form_class in (PlanFilterForm, ItemFilterForm):
        for data in (None, _data(q="ros", kind="lovkrav", overdue="on")):
            assert tags._decided_by_values(form_class(data)), form_class


def test_choices_whose_values_make_no_key_are_rendered_each_time():
    first, second = _twice(_ChoicesOfThings)
    assert 'value="ting"' in first
    assert first == second
    assert len(tags._RENDERED) == 0
