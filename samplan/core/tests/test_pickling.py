"""Cached values pickle their lazy translations cheaply (samplan/core/pickling.py)."""

from __future__ import annotations

import pickle
from unittest import mock

from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import functional, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from samplan.core import pickling


class Status(models.TextChoices):
    ADOPTED = "vedtatt", gettext_lazy("Help")


def test_lazy_strings_come_back_lazy_and_translate_in_the_active_language() -> None:
    value = {
        "label": gettext_lazy("Help"),
        "context": pgettext_lazy("month", "May"),
        "choice": Status.ADOPTED.label,
        "rows": [gettext_lazy("Help")] * 3,
        "plain": "tekst",
    }
    again = pickling.loads(pickling.dumps(value))
    assert isinstance(again["label"], Promise) and isinstance(again["choice"], Promise)
    assert again["plain"] == "tekst"
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            assert [str(again[key]) for key in ("label", "context", "choice")] == [
                str(value[key]) for key in ("label", "context", "choice")
            ]
            assert [str(row) for row in again["rows"]] == [str(gettext_lazy("Help"))] * 3
    assert pickle.loads(pickling.dumps(value)).keys() == value.keys()


def test_unpickling_makes_no_proxy_class_per_string() -> None:
    # Distinct objects (pickle writes an object met again as a reference).
    data = pickling.dumps([gettext_lazy(text) for text in ("Help", "Menu") * 50])
    pickling.loads(data)  # the proxy classes made once
    with mock.patch.object(functional, "lazy", wraps=functional.lazy) as made:
        rows = pickling.loads(data)
    assert len(rows) == 100 and made.call_count == 0
    plain = pickle.dumps([gettext_lazy("Help") for _ in range(50)], pickle.HIGHEST_PROTOCOL)
    with mock.patch.object(functional, "lazy", wraps=functional.lazy) as made:
        pickle.loads(plain)
    assert made.call_count == 50  # what Django's own pickling costs (a class per string)


def test_lean_model_instances_come_back_with_their_fields_relations_and_prefetches(db) -> None:
    import gc

    from samplan.municipalities.models import Municipality, Organisation

    organisation = Organisation.objects.create(name="Nettverk", slug="nettverk", kind="nasjonal")
    organisation.municipalities.set(Municipality.objects.filter(number__in=["5033", "1151"]))
    organisation = Organisation.objects.prefetch_related("municipalities__county").get(
        pk=organisation.pk
    )

    again = pickling.loads_many(pickling.dumps_instances([organisation, organisation]))

    assert again[0] is again[1] and again[0] is not organisation and gc.isenabled()
    assert again[0].__dict__.keys() == organisation.__dict__.keys()
    assert again[0]._state.db == "default" and not again[0]._state.adding
    with CaptureQueriesContext(connection) as queries:
        followed = [(m.number, m.name, m.county.name) for m in again[0].municipalities.all()]
    assert not queries.captured_queries
    assert followed == [
        (m.number, m.name, m.county.name) for m in organisation.municipalities.all()
    ]
    assert len(followed) == 2 and again[0] == organisation
