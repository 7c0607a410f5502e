"""Widgets written in Python (core/widgets.py) are byte for byte what Django's templates write,
for every kind of widget the forms use, empty, filled in and with errors; and ds_field's whole
markup is pinned for each kind. The `dmy` filter writes a date as `date:"d.m.Y"` does."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from samplan.core import widgets
from samplan.core.templatetags.samplan import ds_field

TRICKY = "<b>\"Bø\" & 'Å'</b>"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EveryWidget(forms.Form):
    text = forms.CharField(label="Tekst", max_length=20, help_text="Hjelp <i>her</i>")
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False, min_value=0)
    amount = forms.DecimalField(required=False, localize=True)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False
    )
    moment = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        required=False,
    )
    time = forms.TimeField(required=False)
    check = forms.BooleanField(required=False, help_text="Kryss av")
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", "A & B"), (1, 2000)])
    grouped = forms.ChoiceField(
        choices=[("Gruppe <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", TRICKY)], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    file = forms.FileField(required=False)
    files = forms.FileField(widget=MultipleFileInput(attrs={"accept": ".pdf"}), required=False)
    safe = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"data-x": mark_safe("<safe>"), "disabled": True}),
    )
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"autofocus": False}))


BOUND = {
    "text": TRICKY,
    "area": TRICKY + "\nlinje to",
    "email": "ikke en adresse",
    "number": "-3",
    "amount": "1234,5",
    "url": "https://example.org/?a=1&b=2",
    "password": "hemmelig",
    "hidden": "skjult",
    "day": "2024-02-30",
    "moment": "2024-05-06T07:08",
    "time": "12:30",
    "check": "on",
    "choice": "1",
    "grouped": "y",
    "many": ["a", "b"],
    "radio": "b",
    "boxes": ["b"],
    "safe": "x",
}
INITIAL = {
    "text": "start",
    "day": datetime.date(2024, 1, 2),
    "moment": datetime.datetime(2024, 1, 2, 3, 4),
    "amount": Decimal("1234.5"),
    "number": 1234567,
    "check": True,
    "radio": "a",
}


def _forms() -> list[forms.Form]:
    upload = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    return [
        EveryWidget(),
        EveryWidget(initial=INITIAL),
        EveryWidget(BOUND, {"file": upload}),
        EveryWidget({}),
    ]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_widgets_are_written_as_djangos_templates_write_them(language, monkeypatch):
    written = []
    original = widgets._WRITERS.copy()
    for name, writer in original.items():
        monkeypatch.setitem(
            widgets._WRITERS, name, lambda w, writer=writer: written.append(1) or writer(w)
        )
    with translation.override(language):
        for form in _forms():
            for field in form:
                attrs = {"class": "ds-input", "aria-describedby": f"{field.auto_id}-help"}
                assert widgets.widget_html(field, attrs) == field.as_widget(attrs=attrs), field.name
                for option in field.subwidgets:
                    assert widgets.option_tag(option) == option.tag(), field.name
    assert written  # the fast path was taken


def test_another_template_or_renderer_is_rendered_as_before():
    class Custom(forms.TextInput):
        template_name = "django/forms/widgets/multiple_hidden.html"

    form = EveryWidget()
    form.fields["text"].widget = Custom()
    assert widgets.widget_html(form["text"], {}) == form["text"].as_widget()

    class Other(DjangoTemplates):
        pass

    form = EveryWidget(renderer=Other())
    assert widgets.widget_html(form["choice"], {}) == form["choice"].as_widget()


PINNED = {
    "text": (
        "\n"
        '<div class="ds-field sp-field">\n'
        '  <label class="ds-label" for="id_text">Tekst <span '
        'class="sp-required">(påkrevd)</span></label>\n'
        '  <p class="ds-paragraph sp-help" data-size="sm" '
        'id="id_text-help">Hjelp &lt;i&gt;her&lt;/i&gt;</p>\n'
        '  <input type="text" name="text" value="&lt;b&gt;&quot;Bø&quot; &amp; '
        '&#x27;Å&#x27;&lt;/b&gt;" maxlength="20" class="ds-input" '
        'aria-describedby="id_text-help" required id="id_text">\n'
        "  \n"
        "</div>\n"
        "\n"
    ),
    "area": (
        "\n"
        '<div class="ds-field sp-field">\n'
        '  <label class="ds-label" for="id_area">Area</label>\n'
        "  \n"
        '  <textarea name="area" cols="40" rows="4" class="ds-input" id="id_area">\n'
        "&lt;b&gt;&quot;Bø&quot; &amp; &#x27;Å&#x27;&lt;/b&gt;\n"
        "linje to</textarea>\n"
        "  \n"
        "</div>\n"
        "\n"
    ),
    "check": (
        "\n"
        '<div class="ds-field sp-field">\n'
        '  <div class="sp-option"><input type="checkbox" name="check" '
        'class="ds-input" aria-describedby="id_check-help" id="id_check" '
        'checked><label class="ds-label" data-weight="regular" '
        'for="id_check">Check</label></div>\n'
        '  <p class="ds-paragraph sp-help" data-size="sm" id="id_check-help">Kryss av</p>\n'
        "  \n"
        "</div>\n"
        "\n"
    ),
    "choice": (
        "\n"
        '<div class="ds-field sp-field">\n'
        '  <label class="ds-label" for="id_choice">Choice <span '
        'class="sp-required">(påkrevd)</span></label>\n'
        "  \n"
        '  <select name="choice" class="ds-input" required id="id_choice">\n'
        '  <option value="">Velg …</option>\n'
        "\n"
        '  <option value="a">A &amp; B</option>\n'
        "\n"
        '  <option value="1" selected>2000</option>\n'
        "\n"
        "</select>\n"
        "  \n"
        "</div>\n"
        "\n"
    ),
    "files": (
        "\n"
        '<div class="ds-field sp-field">\n'
        '  <label class="ds-label" for="id_files">Files</label>\n'
        "  \n"
        '  <input type="file" name="files" accept=".pdf" multiple '
        'class="ds-input" id="id_files">\n'
        "  \n"
        "</div>\n"
        "\n"
    ),
    "radio": (
        "\n"
        '<fieldset class="ds-fieldset" >\n'
        '  <legend class="ds-label">Radio <span '
        'class="sp-required">(påkrevd)</span></legend>\n'
        "  \n"
        '  <div class="sp-options">\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="radio" '
        'name="radio" value="a" class="ds-input" id="id_radio_0" '
        'required><label class="ds-label" data-weight="regular" '
        'for="id_radio_0">A</label></div>\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="radio" '
        'name="radio" value="b" class="ds-input" id="id_radio_1" required '
        'checked><label class="ds-label" data-weight="regular" '
        'for="id_radio_1">&lt;b&gt;&quot;Bø&quot; &amp; '
        "&#x27;Å&#x27;&lt;/b&gt;</label></div>\n"
        "    \n"
        "  </div>\n"
        "  \n"
        "</fieldset>\n"
        "\n"
    ),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_ds_field_markup_is_pinned(name):
    form = EveryWidget(BOUND)
    with translation.override("nb"):
        assert ds_field(form[name]) == PINNED[name]


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2025, 3, 4),
        datetime.date(987, 12, 31),
        datetime.date(2024, 11, 9),
        datetime.datetime(2024, 11, 9, 23, 30, tzinfo=datetime.UTC),
        None,
        "",
        "ikke en dato",
    ],
)
def test_dmy_writes_a_date_as_the_date_filter_does(value):
    from django.template import engines

    engine = engines["django"]
    context = {"value": value}
    ours = engine.from_string('{% load samplan %}{{ value|dmy|default:"…" }}').render(context)
    djangos = engine.from_string('{{ value|date:"d.m.Y"|default:"…" }}').render(context)
    assert ours == djangos
