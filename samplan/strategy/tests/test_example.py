"""The example strategy of the demo workspace."""

from __future__ import annotations

import pytest
from django.utils import translation

from samplan.municipalities.models import Municipality
from samplan.stats.models import Statement
from samplan.stats.snapshot import snapshot_load
from samplan.strategy.documents import picked_statements, strategy_document
from samplan.strategy.example import example_strategy_create
from samplan.strategy.models import Strategy

pytestmark = pytest.mark.django_db


def test_the_example_strategy_has_picked_challenges_so_its_document_lacks_none(personas):
    snapshot_load()

    example_strategy_create(personas.municipality)
    example_strategy_create(personas.municipality)  # idempotent

    picked = Statement.objects.filter(municipality=personas.municipality, selected=True)
    assert picked.count() == 3
    texts = picked_statements(personas.municipality)
    assert len(texts) == 3 and all(any(ch.isdigit() for ch in text) for text in texts)
    document = strategy_document(Strategy.objects.get(municipality=personas.municipality), "nb")
    assert "[Mangler: ingen utsagn" not in repr(document)
    assert texts[0] in repr(document)


@pytest.mark.parametrize(
    ("number", "introduction"),
    [
        ("5033", "Planstrategien er kommunestyrets verktøy"),  # Tydal: Bokmål
        ("1114", "Planstrategien er reiskapen kommunestyret har"),  # Bjerkreim: Nynorsk
    ],
)
def test_the_example_strategy_is_written_in_the_municipalitys_language_form(number, introduction):
    municipality = Municipality.objects.get(number=number)

    with translation.override("en"):  # e.g. a command or a request in English
        example_strategy_create(municipality)

    strategy = Strategy.objects.get(municipality=municipality)
    assert strategy.introduction.startswith(introduction), strategy.introduction
