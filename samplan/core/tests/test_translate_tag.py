"""`{% translate %}` of a fixed text (core/templatetags/translations.py) gives what Django's gives,
in every language, escaped or not, kept in a variable or not, and follows a change of language or
of the catalogs at once."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import translation

from samplan.core.templatetags import translations

# Django's own i18n library, as a template engine without Samplan's replacement.
DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})
SOURCES = [
    '{% translate "Log out" %}',
    "{% trans 'Help' %}",
    '{% translate "Plans" context "header menu" %}',
    '{% translate "Log out" as label %}[{{ label }}]',
    '{% translate "A & B < %% >" %}',
    '{% translate "Log out"|upper %}',
    "{% translate word %}",
    '{% translate "Plans" context where %}',
    '{% translate "Log out" noop %}',
    '{% autoescape off %}{% translate "A & B" %}{% endautoescape %}',
    "{% blocktranslate with period=name %}Planning strategy {{ period }}{% endblocktranslate %}",
    "{% blocktrans %}Planning strategy {{ name }}{% endblocktrans %}",
    "{% blocktranslate count counter=one trimmed %}\n  {{ counter }} municipality\n{% plural %}\n"
    "  {{ counter }} municipalities\n{% endblocktranslate %}",
    "{% blocktranslate count counter=many %}{{ counter }} municipality{% plural %}"
    "{{ counter }} municipalities{% endblocktranslate %}",
    "{% blocktranslate count counter=many %}every year{% plural %}every {{ counter }} years"
    "{% endblocktranslate %}",
    "{% blocktranslate with a=name context 'header menu' %}Plans {{ a }} 100 %"
    "{% endblocktranslate %}",
    "{% blocktranslate with p=name asvar text %}Planning strategy {{ p }}{% endblocktranslate %}"
    "[{{ text }}]",
    "{% blocktranslate %}{{ missing }} and {{ name }}{% endblocktranslate %}",
    "{% autoescape off %}{% blocktranslate %}Planning strategy {{ name }}{% endblocktranslate %}"
    "{% endautoescape %}",
]
VALUES = {"word": "Help", "where": "header menu", "name": "2024 & <2027>", "one": 1, "many": 4}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("source", SOURCES)
def test_the_same_output_as_djangos(source, language):
    ours = engines["django"].from_string("{% load i18n %}" + source)
    theirs = DJANGO.from_string("{% load i18n %}" + source)
    with translation.override(language):
        expected = theirs.render(Context(VALUES))
        assert ours.render(VALUES) == expected
        assert ours.render(VALUES) == expected  # the kept output


def test_only_a_fixed_text_is_kept():
    nodes = [
        engines["django"].from_string("{% load i18n %}" + source).template.nodelist[-1]
        for source in SOURCES
    ]
    kept = [isinstance(node, translations.FixedTranslateNode) for node in nodes]
    assert kept == [True, True, True, False, True, False, False, False, False, False] + [False] * 9


def test_a_blocktranslate_makes_its_message_ids_once():
    source = (
        "{% load i18n %}{% blocktranslate count counter=n trimmed %} {{ counter }} municipality"
        "{% plural %} {{ counter }} municipalities {% endblocktranslate %}"
    )
    template = engines["django"].from_string(source)
    node = template.template.nodelist[-1]
    assert isinstance(node, translations.BlockTranslateNode)
    with translation.override("en"):
        assert template.render({"n": 1}) == "1 municipality"
        made = dict(node.token_lists)
        assert template.render({"n": 3}) == "3 municipalities"
        assert template.render({"n": 1}) == "1 municipality"
    assert (
        node.token_lists
        == made
        == {
            True: ("%(counter)s municipality", ["counter"]),
            False: ("%(counter)s municipalities", ["counter"]),
        }
    )


def test_a_change_of_language_shows_at_once():
    template = engines["django"].from_string('{% load i18n %}{% translate "Remove this row" %}')
    with translation.override("nn"):
        assert template.render({}) == "Fjern denne rada"
    with translation.override("en"):
        assert template.render({}) == "Remove this row"
    with translation.override("nn"):
        assert template.render({}) == "Fjern denne rada"


def test_new_catalogs_are_read_at_once():
    source = '{% load i18n %}{% translate "Remove this row" %}'
    ours, theirs = engines["django"].from_string(source), DJANGO.from_string(source)
    with translation.override("nn"):
        assert ours.render({}) == "Fjern denne rada"
        with override_settings(LOCALE_PATHS=[]):
            assert ours.render({}) == theirs.render(Context()) == "Remove this row"
        assert ours.render({}) == theirs.render(Context())


def test_i18n_is_the_one_library_name_used_twice():
    """settings.SILENCED_SYSTEM_CHECKS silences Django's warning of two template libraries with
    one name, for `i18n` (this library takes its name on purpose); any other name is refused."""
    warnings = engines["django"]._check_for_template_tags_with_the_same_name()
    assert [warning.id for warning in warnings] == ["templates.W003"]
    assert "'i18n'" in warnings[0].msg
    assert "samplan.core.templatetags.translations" in warnings[0].msg
