from django.utils import translation

from samplan.core.text import quoted


def test_quotes_follow_the_language_and_nest():
    with translation.override("nb"):
        assert quoted("bolig") == "«bolig»"
        assert quoted("planen «Bolig for alle»") == "«planen \u201cBolig for alle\u201d»"
    with translation.override("nn"):
        assert quoted("bustad") == "«bustad»"
    with translation.override("en"):
        assert quoted("housing") == "\u201chousing\u201d"
