"""The Python-rendered widgets (core/widgets.py) make exactly the markup of Django's templates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from samplan.core.widgets import FormRenderer

DJANGO = DjangoTemplates()
OURS = FormRenderer()

CHOICES = [("", "---------"), ("a", 'Ærlig <&> "quoted"'), (3, 3), (1234, gettext_lazy("Plans"))]
GROUPED = [("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Zed"), (None, [("n", "No group")])]

WIDGETS = [
    (forms.TextInput(), "tekst <b>&\"'"),
    (forms.TextInput(attrs={"placeholder": "Søk …", "autofocus": True, "x": False}), ""),
    (forms.TextInput(), None),
    (forms.TextInput(attrs={"data-x": mark_safe("<safe>")}), mark_safe("a&b")),
    (forms.NumberInput(attrs={"min": 0, "step": Decimal("0.5")}), 1234567),
    (forms.NumberInput(), Decimal("1234.50")),
    (forms.EmailInput(), "a@b.no"),
    (forms.URLInput(), "https://example.org/?a=1&b=2"),
    (forms.PasswordInput(), "hemmelig"),
    (forms.HiddenInput(), ("a", 1)),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 3)),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 3, 7, 5)),
    (forms.TimeInput(), datetime.time(7, 5)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(), "on"),
    (forms.ClearableFileInput(), None),
    (forms.FileInput(), None),
    (forms.Textarea(), "linje 1\nlinje <2>"),
    (forms.Textarea(attrs={"rows": 3}), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES), 3),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=GROUPED, attrs={"required": True}), "y"),
    (forms.SelectMultiple(choices=CHOICES), ["a", 1234]),
    (forms.NullBooleanSelect(), None),
    (forms.NullBooleanSelect(), True),
    (forms.RadioSelect(choices=CHOICES), "a"),
    (forms.CheckboxSelectMultiple(choices=GROUPED), ["x", "z"]),
    (forms.SelectDateWidget(years=[2025, 2026]), datetime.date(2026, 12, 3)),
    (forms.SplitDateTimeWidget(), datetime.datetime(2026, 12, 3, 7, 5)),
]


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_the_markup_is_djangos(widget: forms.Widget, value: object, language: str) -> None:
    attrs = {"id": "id_field", "class": "ds-input", "aria-describedby": "a b"}
    with override(language):
        expected = widget.render("field", value, attrs=attrs, renderer=DJANGO)
        assert widget.render("field", value, attrs=attrs, renderer=OURS) == expected


@pytest.mark.parametrize("wrap_label", [True, False])
@pytest.mark.parametrize(
    "widget", [forms.RadioSelect(choices=CHOICES), forms.CheckboxSelectMultiple(choices=GROUPED)]
)
def test_a_groups_options_are_djangos(widget: forms.Widget, wrap_label: bool) -> None:
    """The options as {% ds_field %} renders them (option.tag), with and without an id."""
    for attrs in ({"id": "id_field", "class": "ds-input"}, {}):
        for option in widget.subwidgets("field", "a", attrs):
            expected = widget._render(
                option["template_name"], {"widget": {**option, "wrap_label": wrap_label}}, DJANGO
            )
            ours = widget._render(
                option["template_name"], {"widget": {**option, "wrap_label": wrap_label}}, OURS
            )
            assert ours == expected


def test_it_is_the_renderer_of_every_form() -> None:
    assert isinstance(get_default_renderer(), FormRenderer)


def _all_forms() -> list[type[forms.BaseForm]]:
    """Every form class of the project that can be made without arguments."""
    import importlib
    import pkgutil

    import samplan

    found = []
    for module_info in pkgutil.walk_packages(samplan.__path__, "samplan."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


@pytest.mark.django_db
def test_every_field_of_the_projects_forms_renders_as_with_djangos_templates() -> None:
    checked = 0
    for form_class in _all_forms():
        try:
            form = form_class()
        except Exception:  # noqa: BLE001 - forms that need their instance or municipality
            continue
        for bound in form:
            widget, attrs = bound.field.widget, {"class": "ds-input", "id": bound.auto_id}
            ours = widget.render(bound.html_name, bound.value(), attrs, renderer=OURS)
            djangos = widget.render(bound.html_name, bound.value(), attrs, renderer=DJANGO)
            assert ours == djangos, (form_class, bound.name)
            checked += 1
    assert checked > 50
