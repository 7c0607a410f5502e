"""Query helpers shared by the apps' selectors (no models of their own): counts and maxima as
subqueries, and several small reads made as one query (read_together)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.utils.dateparse import parse_datetime

_COLUMNS = ("rows_pk", "rows_date", "rows_data")


@dataclass(frozen=True)
class RowsQuery:
    """A read that is not yet made: `rows` a QuerySet annotated by rows_query (each row's pk, a
    date and its data), `items` what turns one row into what the caller wants (model
    instances, dates, calendar items). read_together makes several of them as one query."""

    rows: Any
    items: Callable[[int, datetime.date | None, dict[str, Any]], Iterable[Any]]


def rows_query(
    rows: Any,
    *,
    items: Callable[[int, datetime.date | None, dict[str, Any]], Iterable[Any]],
    date: Any = None,
    fields: Iterable[str] = (),
    data: dict[str, Any] | None = None,
    pk: Any = "pk",
) -> RowsQuery:
    """A RowsQuery of the QuerySet `rows`: each row's pk, its `date` (a field name or an
    expression giving a date; None: no date) and its data are what `items` gets. The data, read
    as one JSON object (dates in it come as ISO text, see json_date): `fields` under their own
    names and `data` (names to field names or expressions)."""
    if date is None:
        date = Value(None, DateField())
    date_expression = F(date) if isinstance(date, str) else date
    data = {**{name: name for name in fields}, **(data or {})}
    data = {name: F(value) if isinstance(value, str) else value for name, value in data.items()}
    return RowsQuery(
        rows=rows.order_by().annotate(
            rows_pk=Cast(pk, BigIntegerField()),
            rows_date=Cast(date_expression, DateField()),
            rows_data=JSONObject(**data),
        ),
        items=items,
    )


def read_together(queries: list[RowsQuery]) -> list[list[Any]]:
    """What `items` makes of each query's rows (by date, undated first, then pk), all rows read
    in one query (UNION ALL): small reads of one page in one round trip."""
    if not queries:
        return []
    tagged = [
        query.rows.annotate(rows_query=Value(number, IntegerField())).values_list(
            "rows_query", *_COLUMNS
        )
        for number, query in enumerate(queries)
    ]
    rows = tagged[0].union(*tagged[1:], all=True) if len(tagged) > 1 else tagged[0]
    by_query: list[list[tuple]] = [[] for _query in queries]
    for number, pk, date, data in rows:
        by_query[number].append((date or datetime.date.min, pk, date, data))
    return [
        [
            item
            for _sort, pk, date, data in sorted(found, key=lambda row: row[:2])
            for item in query.items(pk, date, data)
        ]
        for query, found in zip(queries, by_query, strict=True)
    ]


def json_date(value: str | None) -> datetime.date | None:
    """A date read from rows_query's data (ISO text)."""
    return datetime.date.fromisoformat(value[:10]) if value else None


def json_datetime(value: str | None) -> datetime.datetime | None:
    """A date and time read from rows_query's data (ISO text; SQLite's has no zone: UTC)."""
    found = parse_datetime(value) if value else None
    if found is not None and found.tzinfo is None and settings.USE_TZ:
        found = found.replace(tzinfo=datetime.UTC)
    return found


def first_rows(rows: Any, limit: int) -> Any:
    """The first `limit` of `rows` (a QuerySet in its order) as a QuerySet without a slice of
    its own, so that read_together can read it with others (a compound query's parts take no
    LIMIT on every database): the rows whose pk is among the first."""
    return rows.model._default_manager.filter(pk__in=rows.values("pk")[:limit])


def instance(model: type, pk: int, data: dict[str, Any], **also: Any) -> Any:
    """A `model` instance made from rows_query's data (no query): each field named in `data`
    converted from JSON (dates and times are ISO text, SQLite's booleans 0 or 1), other names
    (annotations such as counts) set as they are, and `also` set on it (related objects already
    read, `process=Process(…)`, or annotations already converted)."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    fields = model._meta._forward_fields_map
    for name, value in data.items():
        field = fields.get(name)
        if field is None:
            extra[name] = value
        elif value is None:
            values[field.attname] = None
        elif isinstance(field, DateTimeField):
            values[field.attname] = json_datetime(value)
        elif isinstance(field, DateField):
            values[field.attname] = json_date(value)
        elif field.get_internal_type() == "BooleanField":
            values[field.attname] = bool(value)
        else:
            values[field.attname] = value
    made = model(pk=pk, **values)
    for name, value in {**extra, **also}.items():
        setattr(made, name, value)
    return made


def count_of(rows: Any) -> Coalesce:
    """The number of `rows` (a QuerySet filtered by OuterRef), as a subquery: a count per row
    of the outer query without a join that multiplies its rows or a query per row."""
    return Coalesce(
        Subquery(rows.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def newest(rows: Any, field: str) -> Subquery:
    """The largest `field` of `rows` (a QuerySet filtered by OuterRef), as a subquery."""
    return Subquery(rows.order_by(f"-{field}").values(field)[:1])
