"""Django's form widgets written out in Python, byte for byte as their templates write them.

Django renders each widget through its template (`django/forms/widgets/text.html`, which
includes `input.html`, which includes `attrs.html`; a select includes one template per option):
some 0.1 ms of CPU for an input and 0.5 ms for a select of a few options, most of a form's
rendering. The widget's context (`widget.get_context`: its value formatted, its attributes) is
still Django's; only the markup of the plain templates is written here, and only when the form
renders with Django's own templates (the default renderer, no template of the same name
overriding them). Every other widget, a custom template or renderer, goes through Django's
templates as before. core/tests/test_widgets.py compares the two for each kind of widget.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData, SafeString, mark_safe

_WIDGETS = "django/forms/widgets/"
_CONTEXT = Context()  # what a widget template renders in: autoescape on, localisation default
_DJANGO_TEMPLATES = Path(forms.__file__).parent / "templates"


def _text(value: Any) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` (a safe value stays as it is)."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """attrs.html: ` name="value"` for each attribute, ` name` for True, nothing for False."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    """input.html (text.html, checkbox.html, an option of a radio select…: it alone)."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict[str, Any]) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict[str, Any]) -> str | None:
    """select_option.html, as a select includes it (its closing line break kept)."""
    if option["template_name"] != f"{_WIDGETS}select_option.html":
        return None
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            html = _option(option)
            if html is None:
                return None
            parts.append(f"\n  {html}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _file(widget: dict[str, Any]) -> str | None:
    """clearable_file_input.html of a field with no file yet: the input alone."""
    return None if widget["is_initial"] else _input(widget)


def _option_input(widget: dict[str, Any]) -> str | None:
    """radio_option.html and checkbox_option.html: the input, in its label when wrapped."""
    if widget.get("wrap_label"):
        return None
    return _input(widget)


_INPUTS = (
    "text",
    "email",
    "number",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "file",
)
_WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{_WIDGETS}{name}.html": _input for name in (*_INPUTS, "input", "checkbox")},
    **{f"{_WIDGETS}{name}.html": _option_input for name in ("radio_option", "checkbox_option")},
    f"{_WIDGETS}clearable_file_input.html": _file,
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}select.html": _select,
}


@cache
def _djangos_own(renderer_class: type, template_name: str) -> bool:
    """Whether the renderer finds Django's own template under this name (no app overrides it)."""
    if renderer_class is not DjangoTemplates:
        return False
    template = DjangoTemplates().get_template(template_name)
    return Path(template.origin.name).is_relative_to(_DJANGO_TEMPLATES)


def render(template_name: str, context: dict[str, Any], renderer: Any) -> SafeString:
    """What `renderer.render(template_name, context)` gives for a widget's context, written
    here when the template is one of Django's plain ones (else rendered by the renderer)."""
    writer = _WRITERS.get(template_name)
    if writer is not None and _djangos_own(type(renderer), template_name):
        html = writer(context["widget"])
        if html is not None:
            return mark_safe(html.strip())  # noqa: S308 -- every value in it is escaped
    return mark_safe(renderer.render(template_name, context))  # noqa: S308 -- the renderer's


def widget_html(field: forms.BoundField, attrs: dict[str, Any]) -> SafeString:
    """`field.as_widget(attrs=attrs)`, written without the widget's templates."""
    widget = field.field.widget
    if type(widget).render is not forms.Widget.render:
        return field.as_widget(attrs=attrs)  # a widget that renders itself its own way
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(dict(attrs), widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)
    return render(widget.template_name, context, field.form.renderer)


def option_tag(option: Any) -> SafeString:
    """A radio button's or checkbox's `option.tag()` (a BoundWidget of the field's options)."""
    context = {"widget": {**option.data, "wrap_label": False}}
    return render(option.template_name, context, option.renderer)
