"""Model instances read together (core/instances.py): the same objects, values and order as the
ORM's own reads, several models in one query, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from samplan.core.audit import history_entries, recent_history
from samplan.core.instances import in_order, instances_query
from samplan.core.models import FrozenVersion
from samplan.core.queries import read_together
from samplan.core.testing import database_features_read
from samplan.goals.models import FocusArea, Goal, Indicator
from samplan.strategy.models import ConsultationBody, Priority, PriorityVote, Strategy
from samplan.strategy.services import strategy_get_or_create, strategy_save

pytestmark = pytest.mark.django_db


def _values(obj: object) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _goals(municipality: object) -> tuple[FocusArea, list[Goal], list[Indicator]]:
    area = FocusArea.objects.create(municipality=municipality, title="Folkehelse", order=1)
    goals = [
        Goal.objects.create(
            municipality=municipality,
            focus_area=area,
            title=title,
            sdgs=sdgs,
            order=order,
            public=order == 1,
        )
        for order, (title, sdgs) in enumerate([("Øvre", [3, 11]), ("Alle", []), ("åpen", [1])])
    ]
    indicators = [
        Indicator.objects.create(
            municipality=municipality, goal=goals[0], name="Andel", baseline=Decimal("1.50")
        ),
        Indicator.objects.create(
            municipality=municipality, goal=goals[0], name="Tal", target=Decimal("-12.05")
        ),
    ]
    return area, goals, indicators


def test_instances_have_the_values_and_order_of_the_orms_own_read(personas):
    _area, _goals_made, _indicators = _goals(personas.municipality)
    strategy = strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    strategy.public_from = datetime.date(2024, 2, 1)
    strategy.shared_with_members = True
    strategy_save(strategy=strategy, constituted_on=datetime.date(2023, 10, 19))
    reads = [
        Goal.objects.filter(municipality=personas.municipality).order_by("-title"),
        Indicator.objects.filter(municipality=personas.municipality),
        Strategy.objects.filter(pk=strategy.pk),
        ConsultationBody.objects.filter(strategy=strategy),
    ]
    with CaptureQueriesContext(connection) as one:
        together = read_together([instances_query(rows) for rows in reads])
    assert len(one.captured_queries) == 1
    for rows, found in zip(reads, together, strict=True):
        found = in_order(found)
        assert [type(obj) for obj in found] == [rows.model] * len(found)
        assert [_values(obj) for obj in found] == [_values(obj) for obj in rows]
    goals = in_order(together[0])
    assert [goal.title for goal in goals] == ["åpen", "Øvre", "Alle"]  # the database's order
    assert goals[1].sdgs == [3, 11] and goals[0].public is False
    baselines = {item.name: (item.baseline, item.target) for item in together[1]}
    assert baselines == {"Andel": (Decimal("1.50"), None), "Tal": (None, Decimal("-12.05"))}
    read_strategy = together[2][0]
    assert read_strategy.updated_at == Strategy.objects.get(pk=strategy.pk).updated_at
    assert read_strategy.updated_at.tzinfo is not None


def test_annotations_and_related_objects_come_with_the_instances(personas):
    strategy = strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    first = Priority.objects.create(strategy=strategy, title="Bustader")
    Priority.objects.create(strategy=strategy, title="Arbeidsplassar")
    PriorityVote.objects.create(priority=first, user=personas.reader)
    FrozenVersion.objects.create(
        subject_type_id=1, subject_id=1, number=1, decided_on=datetime.date(2024, 6, 1),
        label="Vedteken", content={}, frozen_by=personas.editor,
    )  # fmt: skip
    FrozenVersion.objects.create(
        subject_type_id=1, subject_id=1, number=2, decided_on=datetime.date(2025, 6, 1),
        label="Endra", content={},
    )  # fmt: skip
    priorities = strategy.priorities.annotate(marks=Count("votes")).order_by("-marks", "title")
    versions = FrozenVersion.objects.filter(subject_id=1).order_by("number")
    database_features_read()  # SQLite's JSON check: not counted, whichever test ran first
    with CaptureQueriesContext(connection) as queries:
        read_priorities, read_versions = read_together(
            [
                instances_query(priorities),
                instances_query(versions, fields=("number", "label"), related=("frozen_by",)),
            ]
        )
        read_versions = in_order(read_versions)
        names = [str(version.frozen_by) for version in read_versions if version.frozen_by]
    assert len(queries.captured_queries) == 1
    assert [(item.title, item.marks) for item in in_order(read_priorities)] == [
        ("Bustader", 1),
        ("Arbeidsplassar", 0),
    ]
    assert [version.number for version in read_versions] == [1, 2]
    assert names == [str(personas.editor)]
    assert read_versions[1].frozen_by is None


def test_several_histories_read_as_one_give_the_entries_of_separate_reads(personas):
    strategy = strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    strategy_save(strategy=strategy, constituted_on=datetime.date(2023, 10, 19))
    strategy.public_from = datetime.date(2024, 2, 1)
    strategy_save(strategy=strategy, user=personas.editor)
    body = ConsultationBody.objects.filter(strategy=strategy).first()
    body.asked_on = datetime.date(2024, 2, 2)
    body.save()
    Priority.objects.create(strategy=strategy, title="Bustader")
    histories = (
        strategy.history.all(),
        ConsultationBody.history.filter(strategy_id=strategy.pk),
        Priority.history.filter(strategy_id=strategy.pk),
    )
    separate = history_entries(
        sorted(
            (record for history in histories for record in history.select_related("history_user")),
            key=lambda record: (record.history_date, record.history_id),
            reverse=True,
        ),
        complete=True,
    )
    with CaptureQueriesContext(connection) as queries:
        together = recent_history(*histories)
    assert len(queries.captured_queries) == 1
    assert together == separate
    assert any(change.new for entry in together for change in entry.changes)
    assert str(personas.editor) in {entry.who for entry in together}
