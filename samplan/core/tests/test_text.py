import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samplan.core.text import escaped, quoted, written


def test_quotes_follow_the_language_and_nest():
    with translation.override("nb"):
        assert quoted("bolig") == "«bolig»"
        assert quoted("planen «Bolig for alle»") == "«planen \u201cBolig for alle\u201d»"
    with translation.override("nn"):
        assert quoted("bustad") == "«bustad»"
    with translation.override("en"):
        assert quoted("housing") == "\u201chousing\u201d"


@pytest.mark.parametrize(
    "value",
    ["<b>\"Bø\" & 'Å'</b>", "", 1234, None, gettext_lazy("Plans"), mark_safe("<i>trygg</i>")],
)
def test_escaped_is_conditional_escape(value):
    with translation.override("nb"):
        assert escaped(value) == conditional_escape(value)


@pytest.mark.parametrize(
    "value",
    [0, 7, 123456789, -5, True, False, 2.5, Decimal("1234.50"), datetime.date(2026, 3, 4)]
    + ["<b>\"Bø\" & 'Å'</b>", None, gettext_lazy("Plans"), mark_safe("<i>trygg</i>")],
)
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_written_is_what_the_template_writes(value, language, autoescape):
    context = Context({"value": value}, autoescape=autoescape)
    with translation.override(language):
        assert written(value, context) == Template("{{ value }}").render(context)
