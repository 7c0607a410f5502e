"""Django's commonest widget templates, rendered in Python (settings.FORM_RENDERER).

Django renders each widget through its templates: a `<select>` includes a template for each
option and one for each attribute list, so the register's filter form (three selects with 26
options) made some 80 template renders per request (about 1.5 ms of its 17–20 ms of CPU). This
renderer makes the same markup, byte for byte, in Python for the templates it knows (the
`<input>` types, a group's radio buttons and checkboxes, `<select>` with its options and
`<textarea>`) and hands every other template (a widget of our own, a form or field layout) to
Django's renderer as before. The values are turned into text as the templates do it:
`stringformat:'s'` for the values and attributes, the template engine's localisation and
escaping for labels.
"""

from __future__ import annotations

import html
from typing import Any

from django.forms import BoundField
from django.forms.boundfield import BoundWidget
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.template.defaultfilters import join
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext

from samplan.core.text import escaped

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input checkbox color date datetime email file hidden number password search tel text "
        "time url"
    ).split()
)
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
TEXTAREA_TEMPLATE = f"{WIDGETS}textarea.html"
# A radio button or checkbox of a group, as BoundWidget.tag renders it (input_option.html).
OPTION_INPUT_TEMPLATES = frozenset(
    (f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html")
)

_CONTEXT = Context(autoescape=True)  # what the engine's {{ value }} needs: escaping on


def _text(value: Any) -> str:
    """`{{ value }}`: localised, then escaped unless marked safe (text, the commonest case,
    needs no localising)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return escaped(value)
    return render_value_in_context(value, _CONTEXT)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: as text with %s (kept safe if it was), then escaped."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


def _option_input(widget: dict[str, Any]) -> str:
    if not widget.get("wrap_label"):
        return _input(widget)
    element_id = widget["attrs"].get("id")
    label_for = f' for="{_text(element_id)}"' if element_id else ""
    return f"<label{label_for}>{_input(widget)}\n {_text(widget['label'])}</label>"


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def render_widget(template_name: str, context: dict[str, Any]) -> str | None:
    """The widget's markup as its Django template makes it (stripped, as the renderer strips
    it), or None for a template this module does not know."""
    widget = context.get("widget")
    if len(context) != 1 or not isinstance(widget, dict):
        return None
    if template_name in INPUT_TEMPLATES:
        return _input(widget)
    if template_name in OPTION_INPUT_TEMPLATES:
        return _option_input(widget)
    if template_name == SELECT_TEMPLATE:
        return _select(widget)
    if template_name == TEXTAREA_TEMPLATE:
        return _textarea(widget).strip()
    return None


class FormRenderer(DjangoTemplates):
    """Django's default form renderer, with the commonest widgets made in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if request is None:
            rendered = render_widget(template_name, context)
            if rendered is not None:
                return rendered
        return super().render(template_name, context, request)


def field_html(
    field: BoundField,
    widget: str | None,
    options: list[BoundWidget] | None,
    is_checkbox: bool,
    described_by: str,
) -> SafeString:
    """A form field the Designsystemet way (`{% ds_field %}`, its values from field_context):
    the label (a group's legend), the required mark, the description, the widget's markup
    (`widget`, already safe) or a group's radio buttons or checkboxes (`options`, linked to the
    description and message by `described_by`) and the validation message. The one source of
    this markup (pinned in core/tests/test_widgets.py)."""
    help_text = (
        f'<p class="ds-paragraph sp-help" data-size="sm" id="{_text(field.auto_id)}-help">'
        f"{_text(field.help_text)}</p>"
        if field.help_text
        else ""
    )
    errors = (
        f'<div class="ds-validation-message" data-color="danger" id="{_text(field.auto_id)}'
        f'-error">{join(field.errors, " ")}</div>'
        if field.errors
        else ""
    )
    label = _text(field.label)
    if is_checkbox:
        return SafeString(
            '\n<div class="ds-field sp-field">\n  <div class="sp-option">'
            f'{widget}<label class="ds-label" data-weight="regular" '
            f'for="{_text(field.id_for_label)}">{label}</label></div>\n  {help_text}\n  {errors}'
            "\n</div>\n\n"
        )
    if field.field.required:
        label += f' <span class="sp-required">({escaped(gettext("required"))})</span>'
    if options is not None:
        return _fieldset(label, options, described_by, help_text, errors)
    return SafeString(
        f'\n<div class="ds-field sp-field">\n  <label class="ds-label" '
        f'for="{_text(field.id_for_label)}">{label}</label>\n  {help_text}\n  {widget}\n  '
        f"{errors}\n</div>\n\n"
    )


def _fieldset(
    legend: str, options: list[BoundWidget], described_by: str, help_text: str, errors: str
) -> SafeString:
    """field_html's group of radio buttons or checkboxes: a fieldset, its legend and options."""
    described = f'aria-describedby="{_text(described_by)}"' if described_by else ""
    items = "".join(
        f'\n      <div class="ds-field sp-option">{option.tag()}<label class="ds-label" '
        f'data-weight="regular" for="{_text(option.id_for_label)}">'
        f"{_text(option.choice_label)}</label></div>\n    "
        for option in options
    )
    return SafeString(
        f'\n<fieldset class="ds-fieldset" {described}>\n  <legend class="ds-label">{legend}'
        f'</legend>\n  {help_text}\n  <div class="sp-options">\n    {items}\n  </div>\n  '
        f"{errors}\n</fieldset>\n\n"
    )
