import pytest
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samplan.core.text import escaped, quoted


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
