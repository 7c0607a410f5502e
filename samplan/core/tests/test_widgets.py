"""The Python-rendered widgets (core/widgets.py) make exactly the markup of Django's templates;
ds_field's whole markup is pinned for each kind of field; the `dmy` filter writes a date as
`date:"d.m.Y"` does."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from samplan.core.templatetags.samplan import ds_field
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


def _forms(renderer: object = None) -> list[forms.Form]:
    upload = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    return [
        EveryWidget(renderer=renderer),
        EveryWidget(initial=INITIAL, renderer=renderer),
        EveryWidget(BOUND, {"file": upload}, renderer=renderer),
        EveryWidget({}, renderer=renderer),
    ]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_widget_kind_empty_initial_bound_and_invalid_renders_as_djangos(language):
    """A form of every widget kind the forms use, in four states, with ds_field's attributes:
    the same markup from Samplan's renderer as from Django's templates."""
    with override(language):
        for ours, djangos in zip(_forms(OURS), _forms(DJANGO), strict=True):
            for field, expected in zip(ours, djangos, strict=True):
                attrs = {"class": "ds-input", "aria-describedby": f"{field.auto_id}-help"}
                assert field.as_widget(attrs=attrs) == expected.as_widget(attrs=attrs), field.name
                for option, theirs in zip(field.subwidgets, expected.subwidgets, strict=True):
                    assert option.tag() == theirs.tag(), field.name


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
    with override("nb"):
        assert ds_field(form[name]) == PINNED[name]


ERRORS = {"text": ["Feil <1>", mark_safe("<b>trygg</b>")], "check": ["Må & skal"]}


def _with_messages() -> EveryWidget:
    form = EveryWidget(BOUND)
    for name, messages in ERRORS.items():
        for message in messages:
            form.add_error(name, message)
    return form


# ds_field's markup in other states: validation messages (markup in them, one safe), a group
# with its message and without, a group without ids.
STATES = {
    "messages": _with_messages,
    "empty": lambda: EveryWidget({}),
    "no ids": lambda: EveryWidget({}, auto_id=False),
}
PINNED_STATES = {
    ("messages", "text"): (
        "\n"
        '<div class="ds-field sp-field">\n'
        '  <label class="ds-label" for="id_text">Tekst <span '
        'class="sp-required">(påkrevd)</span></label>\n'
        '  <p class="ds-paragraph sp-help" data-size="sm" id="id_text-help">Hjelp '
        "&lt;i&gt;her&lt;/i&gt;</p>\n"
        '  <input type="text" name="text" value="&lt;b&gt;&quot;Bø&quot; &amp; '
        '&#x27;Å&#x27;&lt;/b&gt;" maxlength="20" class="ds-input" aria-describedby="id_text-help '
        'id_text-error" aria-invalid="true" required id="id_text">\n'
        '  <div class="ds-validation-message" data-color="danger" id="id_text-error">Feil '
        "&lt;1&gt; <b>trygg</b></div>\n"
        "</div>\n"
        "\n"
    ),
    ("messages", "check"): (
        "\n"
        '<div class="ds-field sp-field">\n'
        '  <div class="sp-option"><input type="checkbox" name="check" class="ds-input" '
        'aria-describedby="id_check-help id_check-error" aria-invalid="true" id="id_check" '
        'checked><label class="ds-label" data-weight="regular" '
        'for="id_check">Check</label></div>\n'
        '  <p class="ds-paragraph sp-help" data-size="sm" id="id_check-help">Kryss av</p>\n'
        '  <div class="ds-validation-message" data-color="danger" id="id_check-error">Må &amp; '
        "skal</div>\n"
        "</div>\n"
        "\n"
    ),
    ("empty", "radio"): (
        "\n"
        '<fieldset class="ds-fieldset" aria-describedby="id_radio-error">\n'
        '  <legend class="ds-label">Radio <span class="sp-required">(påkrevd)</span></legend>\n'
        "  \n"
        '  <div class="sp-options">\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="radio" name="radio" value="a" '
        'class="ds-input" id="id_radio_0" required aria-invalid="true"><label class="ds-label" '
        'data-weight="regular" for="id_radio_0">A</label></div>\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="radio" name="radio" value="b" '
        'class="ds-input" id="id_radio_1" required aria-invalid="true"><label class="ds-label" '
        'data-weight="regular" for="id_radio_1">&lt;b&gt;&quot;Bø&quot; &amp; '
        "&#x27;Å&#x27;&lt;/b&gt;</label></div>\n"
        "    \n"
        "  </div>\n"
        '  <div class="ds-validation-message" data-color="danger" id="id_radio-error">Feltet er '
        "påkrevet.</div>\n"
        "</fieldset>\n"
        "\n"
    ),
    ("empty", "boxes"): (
        "\n"
        '<fieldset class="ds-fieldset" >\n'
        '  <legend class="ds-label">Boxes</legend>\n'
        "  \n"
        '  <div class="sp-options">\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="checkbox" name="boxes" value="a" '
        'class="ds-input" id="id_boxes_0"><label class="ds-label" data-weight="regular" '
        'for="id_boxes_0">A</label></div>\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="checkbox" name="boxes" value="b" '
        'class="ds-input" id="id_boxes_1"><label class="ds-label" data-weight="regular" '
        'for="id_boxes_1">B</label></div>\n'
        "    \n"
        "  </div>\n"
        "  \n"
        "</fieldset>\n"
        "\n"
    ),
    ("no ids", "radio"): (
        "\n"
        '<fieldset class="ds-fieldset" aria-describedby="-error">\n'
        '  <legend class="ds-label">Radio <span class="sp-required">(påkrevd)</span></legend>\n'
        "  \n"
        '  <div class="sp-options">\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="radio" name="radio" value="a" '
        'class="ds-input" required aria-invalid="true"><label class="ds-label" '
        'data-weight="regular" for="None">A</label></div>\n'
        "    \n"
        '      <div class="ds-field sp-option"><input type="radio" name="radio" value="b" '
        'class="ds-input" required aria-invalid="true"><label class="ds-label" '
        'data-weight="regular" for="None">&lt;b&gt;&quot;Bø&quot; &amp; '
        "&#x27;Å&#x27;&lt;/b&gt;</label></div>\n"
        "    \n"
        "  </div>\n"
        '  <div class="ds-validation-message" data-color="danger" id="-error">Feltet er '
        "påkrevet.</div>\n"
        "</fieldset>\n"
        "\n"
    ),
}


@pytest.mark.parametrize(("state", "name"), sorted(PINNED_STATES))
def test_ds_field_markup_in_other_states_is_pinned(state, name):
    form = STATES[state]()
    with override("nb"):
        assert ds_field(form[name]) == PINNED_STATES[state, name]


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
