"""Model instances read together with other reads: a QuerySet's rows as a RowsQuery of
core/queries.py (its fields sent as JSON), turned back into instances of the model without a
query of their own. A page that shows several small lists of different models (a strategy's
bodies, priorities, frozen versions and their histories) reads them all in one query
(`read_together`) and gets the same instances as from separate reads."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import F, JSONField, OuterRef, Subquery, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone

from .queries import Items, PreparedRows, RowsQuery, rows_query, stand_in

# PostgreSQL's JSONB_BUILD_OBJECT takes at most 100 arguments: fields go in objects of 40.
_PER_OBJECT = 40


def _fields(model: type[models.Model], names: Iterable[str] | None) -> list[models.Field]:
    """The model's concrete fields (all, or the primary key and `names`)."""
    wanted = None if names is None else set(names)
    return [
        field
        for field in model._meta.concrete_fields
        if wanted is None or field.primary_key or field.name in wanted or field.attname in wanted
    ]


def _objects(fields: list[models.Field]) -> list[JSONObject]:
    """The fields' values as JSON objects of at most _PER_OBJECT fields each."""
    return [
        JSONObject(**{field.attname: F(field.attname) for field in fields[start:][:_PER_OBJECT]})
        for start in range(0, len(fields), _PER_OBJECT)
    ]


# The SQL of the JSON objects, compiled once per process for each model, set of fields,
# foreign keys and database: its text and parameters never change (the keys and column
# names), and compiling a JSON object of twenty fields costs more than the rest of the query.
_SQL: dict[tuple, dict[str, tuple[str, tuple]]] = {}
_JSON = JSONField()


def _json_sql(
    model: type[models.Model],
    own: list[models.Field],
    others: list[tuple[str, models.Field, list[models.Field]]],
    db: str,
) -> dict[str, RawSQL]:
    """The data of a row (`own` fields, and the objects of the foreign keys in `others` as
    subqueries of their rows), as SQL for rows_query: keys f0, f1… and <prefix>0, …"""
    key = (model, tuple(field.attname for field in own), tuple(o[0] for o in others), db)
    if key not in _SQL:
        expressions: dict[str, Any] = {
            f"f{number}": part for number, part in enumerate(_objects(own))
        }
        for prefix, foreign, target in others:
            related = foreign.related_model._default_manager.filter(pk=OuterRef(foreign.attname))
            for number, part in enumerate(_objects(target)):
                expressions[f"{prefix}{number}"] = Subquery(related.values(data=part)[:1])
        query = model._default_manager.using(db).values(**expressions).query
        compiler = query.get_compiler(db)
        compiler.setup_query()
        _SQL[key] = {alias: compiled for _expression, compiled, alias in compiler.select}
    return {
        alias: RawSQL(sql, params, output_field=_JSON) for alias, (sql, params) in _SQL[key].items()
    }


def _value(field: models.Field, value: Any) -> Any:
    """A field's value as read from JSON, as the field's own read would give it."""
    if value is None:
        return None
    if isinstance(field, models.BinaryField):
        raise TypeError(f"{field}: binary data is not read through JSON; leave it out (fields=)")
    if isinstance(field, models.DecimalField):
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(field, models.JSONField):
        # SQLite keeps JSON as text, which its json_object embeds as a string.
        return json.loads(value) if connection.vendor == "sqlite" else value
    value = field.to_python(value)
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        # SQLite stores date-times in UTC without an offset.
        value = timezone.make_aware(value, datetime.UTC)
    return value


# Field classes whose own read (to_python, when not overridden) gives a JSON value of this type
# back unchanged: such values are taken as they are, without a call per value.
_UNCHANGED = (
    (models.CharField, str),
    (models.TextField, str),
    (models.IntegerField, int),
    (models.BooleanField, bool),
)


def _unchanged(field: models.Field) -> type | None:
    """The type of JSON value that `field`'s own read gives back unchanged, or None."""
    if (
        isinstance(field, models.ForeignKey)
        and type(field).to_python is models.ForeignKey.to_python
    ):
        return _unchanged(field.target_field)  # read as its target field reads it
    for base, kind in _UNCHANGED:
        if isinstance(field, base) and type(field).to_python is base.to_python:
            return kind
    return None


def _reader(fields: list[models.Field]) -> list[tuple[str, type | None, models.Field]]:
    """How _instance reads each field: its attname, its unchanged type and the field."""
    return [(field.attname, _unchanged(field), field) for field in fields]


def _instance(
    model: type[models.Model],
    fields: list[tuple[str, type | None, models.Field]],
    data: dict[str, Any],
    prefix: str,
    db: str,
) -> models.Model:
    values: dict[str, Any] = {}
    for key, part in data.items():
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            values.update(part)
    row = []
    for attname, kind, field in fields:
        value = values.get(attname)
        row.append(value if value is None or type(value) is kind else _value(field, value))
    return model.from_db(db, [attname for attname, _kind, _field in fields], row)


def _order_by(item: Any) -> Any:
    if not isinstance(item, str):
        return item
    return F(item[1:]).desc() if item.startswith("-") else F(item).asc()


def in_order(objects: Iterable[models.Model]) -> list[models.Model]:
    """Instances read through `instances_query` in their QuerySet's order."""
    return sorted(objects, key=lambda obj: obj._rows_rank)


def instances_query(
    rows: models.QuerySet,
    *,
    fields: Iterable[str] | None = None,
    related: Iterable[str] = (),
    ordered: bool = True,
) -> RowsQuery:
    """`rows` (a QuerySet) as a RowsQuery whose items are instances of its model: every
    concrete field (or the primary key and `fields`), the objects of the foreign keys in
    `related` (every concrete field, None when the key is empty) and the QuerySet's annotations
    (set as attributes; JSON values as read, dates as ISO text). The rows come
    back in any order; `in_order` puts them in the QuerySet's order (its `order_by`, else the
    model's), as the database sorts them (`ordered=False`: the caller sorts them itself)."""
    data, items = _shape(rows, fields, related, ordered)
    return rows_query(rows, items=items, data=data)


def _shape(
    rows: models.QuerySet, fields: Iterable[str] | None, related: Iterable[str], ordered: bool
) -> tuple[dict[str, Any], Items]:
    """instances_query's data to read (as rows_query takes it) and its items (the instances
    made from a row's data): neither depends on the values the QuerySet filters by."""
    model = rows.model
    extra = list(rows.query.annotations)
    ordering = list(rows.query.order_by or model._meta.ordering or ("pk",))
    related = list(related)
    own = _fields(model, None if fields is None else [*fields, *related])
    others: list[tuple[str, models.Field, list[models.Field]]] = []
    for number, name in enumerate(related):
        foreign = model._meta.get_field(name)
        others.append((f"r{number}_", foreign, _fields(foreign.related_model, None)))
    data: dict[str, Any] = _json_sql(model, own, others, rows.db)
    data.update({f"a_{name}": F(name) for name in extra})
    if ordered:
        data["rank"] = Window(RowNumber(), order_by=[_order_by(item) for item in ordering])

    own_read = _reader(own)
    others_read = [(prefix, foreign, _reader(target)) for prefix, foreign, target in others]

    def items(_pk: int, _date: datetime.date | None, found: dict[str, Any]) -> Iterator[Any]:
        obj = _instance(model, own_read, found, "f", rows.db)
        for prefix, foreign, target in others_read:
            if getattr(obj, foreign.attname) is None:
                obj._state.fields_cache[foreign.name] = None
            else:
                obj._state.fields_cache[foreign.name] = _instance(
                    foreign.related_model, target, found, prefix, rows.db
                )
        for name in extra:
            setattr(obj, name, found.get(f"a_{name}"))
        obj._rows_rank = found.get("rank")
        yield obj

    return data, items


class PreparedInstances:
    """An instances_query whose SQL is made once per process (a PreparedRows): `build` makes
    the QuerySet from its keyword parameters (`params`, as PreparedRows takes them); called
    with the values, it gives the RowsQuery for read_together, whose items are the instances
    instances_query would make. For the reads a page makes on every request, whose QuerySets
    cost more CPU to compile than the database takes to answer them."""

    def __init__(
        self,
        build: Callable[..., models.QuerySet],
        *,
        params: dict[str, type],
        fields: Iterable[str] | None = None,
        related: Iterable[str] = (),
        ordered: bool = True,
    ) -> None:
        self._build = build
        self._params = params
        self._options = (None if fields is None else tuple(fields), tuple(related), ordered)
        self._made: tuple[dict[str, Any], Items] | None = None
        self._rows = PreparedRows(build, params=params, data=lambda: self._shape()[0])

    def _shape(self) -> tuple[dict[str, Any], Items]:
        if self._made is None:
            samples = {name: stand_in(name, kind) for name, kind in self._params.items()}
            self._made = _shape(self._build(**samples), *self._options)
        return self._made

    def __call__(self, **values: Any) -> RowsQuery:
        return self._rows(items=self._shape()[1], **values)
