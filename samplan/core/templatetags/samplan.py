"""Template tags shared by every app: Designsystemet form fields and small formatting helpers."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
from collections.abc import Callable
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samplan.core import audit, links
from samplan.core.dates import NUMERIC, period_label, written_date
from samplan.core.memo import MISSING, BoundedMemo
from samplan.core.templatetags import translations
from samplan.core.widgets import field_html

register = template.Library()

GROUPED_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


BLANK_LABEL = "---------"  # Django's empty option, which means nothing to a reader
CHOOSE_LABEL = _("Choose …")
NONE_LABEL = _("None")


def name_empty_choice(field: forms.Field) -> None:
    """Give a select's empty option a meaning: "Choose …" where an answer is required, "None"
    where the field may stay empty, instead of Django's "---------"."""
    label = CHOOSE_LABEL if field.required else NONE_LABEL
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == BLANK_LABEL:
            field.empty_label = label
        return
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if any(value == "" and text == BLANK_LABEL for value, text in choices):
            field.choices = [
                (value, label if value == "" and text == BLANK_LABEL else text)
                for value, text in choices
            ]


def field_context(field: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """What ds_field shows of a field: the input is linked to its description and
    error with aria-describedby, and marked aria-invalid when it has errors, since
    Designsystemet's CSS alone does not do that."""
    name_empty_choice(field.field)
    widget = field.field.widget
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-help")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs: dict[str, Any] = dict(extra)
    attrs["class"] = "ds-input"
    grouped = isinstance(widget, GROUPED_WIDGETS)
    if described_by and not grouped:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if grouped:
        widget.attrs.setdefault("class", "ds-input")
    return {
        "field": field,
        "widget": None if grouped else field.as_widget(attrs=attrs),
        "options": list(field.subwidgets) if grouped else None,
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
        "described_by": " ".join(described_by),
    }


@register.simple_tag
def ds_field(field: forms.BoundField, **extra: Any) -> SafeString:
    """Render a form field the Designsystemet way: label, description, input, validation message
    (field_context), made in Python (core.widgets.field_html)."""
    return field_html(**field_context(field, **extra))


# What rendered_once made, by template, language, time zone and values; the least recently
# used forgotten (shared by the process's threads). A worker serving every municipality keeps
# four parts of each (plan health's and two key figures' panels, plantakt's header: some 1,400
# at 357 municipalities; the header 1.4 KB) and the filter forms shown: room for them all.
MAX_RENDERED = 2048
_RENDERED: BoundedMemo[SafeString] = BoundedMemo(MAX_RENDERED)
_PLAIN = (str, int, float, decimal.Decimal, datetime.date, Promise, type(None))


@register.simple_tag
def rendered_once(template_name: str, **values: Any) -> SafeString:
    """`{% rendered_once "app/_part.html" name=value … %}`: the template rendered with these
    values alone (no request, no other variable), once per process for the same values, language
    and time zone. For a panel that is fixed text around a few values (translations, dates,
    addresses reversed once): a change of any value is a new rendering at once. Values are
    text, numbers, dates, None, frozen dataclasses of these, and dicts, lists and tuples of
    them (a model instance is refused: it compares by its primary key alone)."""
    key = (template_name, get_language(), timezone.get_current_timezone_name(), _frozen(values))
    return _once(key, lambda: render_to_string(template_name, values))


@register.simple_tag
def form_rendered_once(template_name: str, form: forms.Form) -> SafeString:
    """`{% form_rendered_once "app/_filters.html" form %}`: the template rendered with `form`
    alone, once per process for the same form class, submitted values, choices made by a
    callable, language and time zone (rendered_once's memory). For a filter form, whose markup
    its class and submitted values decide: errors, selected options and the empty options' names
    follow from the values. A form whose markup anything else may decide is rendered as it is,
    every time (`_decided_by_values`)."""

    def render() -> SafeString:
        return render_to_string(template_name, {"form": form})

    if not _decided_by_values(form):
        return render()
    data = form.data
    values = (
        tuple(
            (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else data.get(name))
            for name in form.fields
        )
        if form.is_bound
        else None
    )
    # A callable's choices are keyed by their values: their labels follow from the language and
    # the catalogues, both in the key (translating every label at each request cost 14 lookups).
    try:
        choices = _frozen(
            tuple(
                (name, _choice_values(field.choices))
                for name, field in form.fields.items()
                if isinstance(getattr(field, "choices", None), CallableChoiceIterator)
            )
        )
    except TypeError:  # values that make no key (not plain): rendered as they are
        return render()
    key = (template_name, get_language(), timezone.get_current_timezone_name(), type(form))
    return _once((*key, _frozen(values), choices), render)


def _choice_values(choices: Any) -> tuple:
    """The values of `choices` (a group's values as a tuple of their own)."""
    return tuple(
        _choice_values(label) if isinstance(label, list | tuple) else value
        for value, label in choices
    )


# Widgets that read more of the submitted data than their own name's values.
_WIDGETS_OF_SEVERAL_INPUTS = (forms.MultiWidget, forms.SelectDateWidget)


def _decided_by_values(form: forms.Form) -> bool:
    """Whether `form`'s markup follows from its class, its submitted values (each field's own
    name's) and the choices its class makes by a callable: no initial values (the form's or a
    field's), instance, files or prefix, no widget of several inputs, only the fields its class
    declares, with their choices, label, help text, required, disabled and widget attributes as
    declared (not from the database or set on the form). A callable's choice labels are taken to
    follow from the language alone (see form_rendered_once)."""
    if form.initial or form.files or form.prefix or getattr(form, "instance", None) is not None:
        return False
    declared = type(form).base_fields
    for name, field in form.fields.items():
        if name not in declared or field.initial is not None:
            return False
        if not _as_declared(field, declared[name]):
            return False
        if isinstance(field.widget, _WIDGETS_OF_SEVERAL_INPUTS):
            return False
        if isinstance(field, forms.ModelChoiceField):
            return False
        choices = getattr(field, "choices", None)
        if choices is not None and not isinstance(choices, CallableChoiceIterator):
            if choices != declared[name].choices:  # the same items, compared one by one
                return False
    return True


def _same(first: Any, second: Any) -> bool:
    # Identity first: a lazy text compared with == is translated.
    return first is second or (not isinstance(first, Promise) and first == second)


def _as_declared(field: forms.Field, declared: forms.Field) -> bool:
    """Whether `field` has the label, help text, required, disabled and widget attributes its
    form class declares (a form's __init__ may change them per request)."""
    return (
        _same(field.label, declared.label)
        and _same(field.help_text, declared.help_text)
        and field.required == declared.required
        and field.disabled == declared.disabled
        and field.widget.attrs == declared.widget.attrs
    )


def _once(key: tuple, render: Callable[[], SafeString]) -> SafeString:
    """What `render` makes, remembered under `key` and what every rendering depends on (the
    catalogs, the URL configuration and script prefix; the least recently used of MAX_RENDERED
    forgotten)."""
    key = (translations.catalog_generation(), get_urlconf(), get_script_prefix(), *key)
    found = _RENDERED.get(key)
    if found is MISSING:
        found = render()
        _RENDERED.put(key, found)
    return found  # type: ignore[return-value]


def _frozen(value: Any) -> Any:
    """`value` as a key that is equal only for equal values (see rendered_once)."""
    if isinstance(value, _PLAIN):
        return (type(value), value)
    if isinstance(value, dict):
        return tuple(sorted((name, _frozen(item)) for name, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen:  # type: ignore[union-attr]
        fields = dataclasses.fields(value)  # type: ignore[arg-type]
        return (type(value), *(_frozen(getattr(value, field.name)) for field in fields))
    raise TypeError(f"rendered_once takes plain values, not {type(value).__name__}")


@register.simple_tag
def link(name: str, *args: object) -> str:
    """`{% link 'core:help' %}`: as `{% url %}`, for the addresses every page links to (the
    header, the footer), reversed once per process (core/links.py)."""
    return links.link(name, *args)


@register.simple_tag
def history_rows(entries: Any) -> SafeString:
    """`{% history_rows history %}`: the rows of includes/history.html's table
    (core.audit.history_rows)."""
    return audit.history_rows(entries)


@register.filter
def thousands(value: Any) -> str:
    """12345 → '12 345' (Norwegian digit grouping with a no-break space)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", "\u00a0")


@register.filter(expects_localtime=True, is_safe=False)
def dmy(value: Any) -> str:
    """`value|date:"d.m.Y"` (04.03.2025) as core.dates.written_date writes it (without Django's
    general date formatting for a date)."""
    return written_date(value, NUMERIC)


register.filter("period_label", period_label)  # {{ 2023|period_label }}: 2023–2027
