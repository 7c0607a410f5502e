"""Query helpers shared by the apps' selectors (no models of their own): counts and maxima as
subqueries, and several small reads made as one query (read_together), whose SQL a module may
have made once per process (PreparedRows: building and compiling the ORM's SQL costs more CPU
than the database takes to answer these small reads)."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    DateTimeField,
    F,
    Func,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, JSONObject
from django.utils.dateparse import parse_datetime

_COLUMNS = ("rows_pk", "rows_date", "rows_data")


Items = Callable[[int, datetime.date | None, dict[str, Any]], Iterable[Any]]


@dataclass(frozen=True)
class RowsQuery:
    """A read that is not yet made: `rows` a QuerySet annotated by rows_query (each row's pk, a
    date and its data), or the `prepared` SQL with its `values`; `items` what turns one row
    into what the caller wants (model instances, dates, calendar items). read_together makes
    several of them as one query."""

    rows: Any
    items: Items
    prepared: PreparedRows | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def sql(self, connection: Any) -> tuple[str, list[Any]]:
        """The SELECT of (rows_pk, rows_date, rows_data) and its parameters (EmptyResultSet
        when the rows are known to be none)."""
        if self.prepared is not None:
            return self.prepared.sql(connection, self.values)
        rows = self.rows.values_list(*_COLUMNS)
        sql, params = rows.query.get_compiler(connection=connection).as_sql()
        return sql, list(params)


def rows_query(
    rows: Any,
    *,
    items: Items,
    date: Any = None,
    fields: Iterable[str] = (),
    data: dict[str, Any] | None = None,
    pk: Any = "pk",
) -> RowsQuery:
    """A RowsQuery of the QuerySet `rows`: each row's pk, its `date` (a field name or an
    expression giving a date; None: no date) and its data are what `items` gets. The data, read
    as one JSON object (dates in it come as ISO text, see json_date): `fields` under their own
    names and `data` (names to field names or expressions). `pk` is what is read as the pk: of
    rows grouped by `.values(…)`, an aggregate such as Min("pk") (the data may then hold
    aggregates: counts per group)."""
    if date is None:
        date = Value(None, DateField())
    date_expression = F(date) if isinstance(date, str) else date
    data = {**{name: name for name in fields}, **(data or {})}
    data = {name: F(value) if isinstance(value, str) else value for name, value in data.items()}
    return RowsQuery(
        rows=rows.order_by().annotate(
            rows_pk=Cast(pk, BigIntegerField()),
            rows_date=Cast(date_expression, DateField()),
            rows_data=_RowData(**data),
        ),
        items=items,
    )


class _RowData(JSONObject):
    """rows_query's data as one JSON object: on PostgreSQL `json` (JSON_BUILD_OBJECT) rather
    than Django's `jsonb` (JSONB_BUILD_OBJECT), which builds a binary value only for it to be
    written out as text again (a tenth of the database's CPU for the dashboard's combined read
    of some 110 rows). The same object: read_together parses the text (all rows' at once);
    keys are not sorted and duplicates not removed, which a dict does not see."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        copy = self.copy()
        copy.set_source_expressions(
            [  # the keys as text, as Django's own (a parameter's type is otherwise unknown)
                Cast(expression, TextField()) if index % 2 == 0 else expression
                for index, expression in enumerate(copy.get_source_expressions())
            ]
        )
        return Func.as_sql(
            copy, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context
        )


# Stand-ins for a PreparedRows' parameters while its SQL is made (two sets: a value derived
# from a parameter in Python, which the SQL would hold as a constant, is found and refused).
# Small numbers: an integer field's lookup refuses values out of its range.
_STAND_INS: dict[type, Callable[[str, int, int], Any]] = {
    str: lambda name, number, round_: f"prepared:{name}:{round_}",
    int: lambda name, number, round_: 30001 + 100 * round_ + number,
    datetime.date: lambda name, number, round_: (
        datetime.date(1901 + round_, 1, 1) + datetime.timedelta(days=number)
    ),
}


def stand_in(name: str, kind: type) -> Any:
    """A value of `kind` (str, int or datetime.date) for the parameter `name` of a
    PreparedRows' QuerySet, built only to know its shape (its model, annotations and order)."""
    return _STAND_INS[kind](name, 0, 0)


class PreparedRows:
    """A rows_query whose SQL is made once per process and database, then read with new values:
    `build` makes the QuerySet from its keyword parameters (`params`: their names and types,
    str, int or datetime.date, or list[str] for an `__in` lookup: its SQL is made once for
    each length of the list) and must pass them to the ORM as they are (a value computed
    from one, such as `year + 4`, is a parameter of its own). Called with `items` and the
    values, it gives a RowsQuery for read_together. The other arguments are rows_query's
    (`data` may be a function that returns it: expressions made only when first read)."""

    def __init__(
        self,
        build: Callable[..., Any],
        *,
        params: dict[str, type],
        date: Any = None,
        fields: Iterable[str] = (),
        data: dict[str, Any] | Callable[[], dict[str, Any]] | None = None,
        pk: Any = "pk",
    ) -> None:
        self._build = build
        self._params = params
        self._shape = {"date": date, "fields": tuple(fields), "data": data, "pk": pk}
        # By database vendor and the lengths of the list parameters: the SQL, and for each of
        # its parameters (the value it takes, a name and for a list's item its index, and how
        # the ORM passed it on; or None and the constant).
        self._made: dict[tuple, tuple[str, tuple[tuple[_Slot | None, Any], ...]]] = {}

    def __call__(self, *, items: Items, **values: Any) -> RowsQuery:
        if set(values) != set(self._params):
            raise TypeError(f"PreparedRows takes {sorted(self._params)}, got {sorted(values)}")
        return RowsQuery(rows=None, items=items, prepared=self, values=values)

    def sql(self, connection: Any, values: dict[str, Any]) -> tuple[str, list[Any]]:
        lengths = tuple(len(values[name]) for name in self._params if self._params[name] == _LIST)
        made = self._made.get((connection.vendor, lengths))
        if made is None:
            made = self._prepare(connection, lengths)
            if connection.vendor == "postgresql":
                made = _as_arrays(*made)
            self._made[(connection.vendor, lengths)] = made
        sql, slots = made
        return sql, [
            value if slot is None else value(_slot_value(values, slot)) for slot, value in slots
        ]

    def _stand_ins(self, lengths: tuple[int, ...], round_: int) -> dict[str, Any]:
        """A stand-in for each parameter (for a list, one for each of its `lengths` items)."""
        lists = iter(lengths)
        stand_ins: dict[str, Any] = {}
        for number, (name, kind) in enumerate(self._params.items()):
            if kind == _LIST:
                stand_ins[name] = [
                    _STAND_INS[str](f"{name}.{index}", number, round_)
                    for index in range(next(lists))
                ]
            else:
                stand_ins[name] = _STAND_INS[kind](name, number, round_)
        return stand_ins

    def _compiled(self, connection: Any, stand_ins: dict[str, Any]) -> tuple[str, list[Any]]:
        shape = dict(self._shape)
        if callable(shape["data"]):
            shape["data"] = shape["data"]()
        query = rows_query(self._build(**stand_ins), items=_no_items, **shape)
        return query.sql(connection)

    def _prepare(
        self, connection: Any, lengths: tuple[int, ...]
    ) -> tuple[str, tuple[tuple[_Slot | None, Any], ...]]:
        first, second = self._stand_ins(lengths, 0), self._stand_ins(lengths, 1)
        sql, params = self._compiled(connection, first)
        other_sql, other_params = self._compiled(connection, second)
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"{self._build!r}: a parameter is written into the SQL")
        slots: list[tuple[_Slot | None, Any]] = []
        for value, other in zip(params, other_params, strict=True):
            found = [(slot, _as_passed(value, v)) for slot, v in _slots(first)]
            slot, convert = next(((s, c) for s, c in found if c is not None), (None, None))
            if slot is not None and _as_passed(other, _slot_value(second, slot)) is not None:
                slots.append((slot, convert))
            elif value == other:
                slots.append((None, value))
            else:
                raise ImproperlyConfigured(
                    f"{self._build!r}: a value computed from a parameter reaches the SQL"
                )
        return _constants_written(connection, sql, slots)


def _constants_written(
    connection: Any, sql: str, slots: list[tuple[_Slot | None, Any]]
) -> tuple[str, tuple[tuple[_Slot | None, Any], ...]]:
    """On PostgreSQL, the SQL's constant values (the names of the data's fields, most of its
    values) written into it as psycopg writes them on the client (Django's `compose_sql`), and
    only the parameters' values left to send: fewer values to quote at every read."""
    if connection.vendor != "postgresql" or all(slot is not None for slot, _value in slots):
        return sql, tuple(slots)
    pieces = _PLACEHOLDERS.split(sql)
    written: list[str] = [pieces[0]]
    values = iter(slots)
    for token, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        slot, value = next(values) if token == "%s" else (token, None)
        if slot is None:
            token = connection.ops.compose_sql("%s", [value]).replace("%", "%%")
        written.append(token + piece)
    return "".join(written), tuple((slot, value) for slot, value in slots if slot is not None)


# Django's SQL: "%s" a value's place, "%%" a "%" written out.
_PLACEHOLDERS = re.compile(r"(%[s%])")


# A list parameter of PreparedRows (municipality numbers); a slot is the name of a parameter
# and, for a list's item, its index.
_LIST = list[str]
_Slot = tuple[str, int | None]


def _as_arrays(
    sql: str, slots: tuple[tuple[_Slot | None, Any], ...]
) -> tuple[str, tuple[tuple[_Slot | None, Any], ...]]:
    """PostgreSQL: each `IN (%s, …, %s)` of a list parameter's items, in their order, as
    `= ANY(%s)` of the list as one (array) parameter. The combined read of a national status
    board passed some 3,300 parameters: the driver split and converted a 20 KB text at every
    request, and the database parsed a constant per item."""
    pieces: list[str] = []  # the text between the placeholders
    start = 0
    for match in _PLACEHOLDERS.finditer(sql):
        if match.group() == "%s":
            pieces.append(sql[start : match.start()])
            start = match.end()
    pieces.append(sql[start:])
    if len(pieces) != len(slots) + 1:
        return sql, slots  # not the ORM's SQL as expected: left as it is
    text, made, index = [pieces[0]], [], 0
    while index < len(slots):
        slot = slots[index][0]
        run = _list_run(pieces, slots, index)
        if run and text[-1].endswith("IN ("):
            text[-1] = text[-1][: -len("IN (")] + "= ANY("
            made.append(((slot[0], None), list))  # type: ignore[index]
            index += run
        else:
            made.append(slots[index])
            index += 1
        text.append(pieces[index])
    return "%s".join(text), tuple(made)


def _list_run(pieces: list[str], slots: tuple[tuple[_Slot | None, Any], ...], index: int) -> int:
    """How many placeholders from `index` on are a whole list's items in order, separated by
    ", " and closed by ")" (0: none)."""
    slot = slots[index][0]
    if slot is None or slot[1] != 0:
        return 0
    count = 0
    while index + count < len(slots) and slots[index + count][0] == (slot[0], count):
        count += 1
        following = pieces[index + count]
        if following != ", ":
            break
    return count if pieces[index + count].startswith(")") else 0


def _slots(values: dict[str, Any]) -> Iterator[tuple[_Slot, Any]]:
    for name, value in values.items():
        if isinstance(value, list):
            yield from (((name, index), item) for index, item in enumerate(value))
        else:
            yield (name, None), value


def _slot_value(values: dict[str, Any], slot: _Slot) -> Any:
    name, index = slot
    return values[name] if index is None else values[name][index]


def _as_passed(value: Any, stand_in: Any) -> Callable[[Any], Any] | None:
    """How the ORM passed a stand-in on to the database, if `value` is it: as it is, in an
    adapter's type (psycopg's Int2 for a small integer) or as ISO text (SQLite's dates)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, type(stand_in)) and value == stand_in:
        return _itself if type(value) is type(stand_in) else type(value)
    if isinstance(stand_in, datetime.date) and value == stand_in.isoformat():
        return str
    return None


def _itself(value: Any) -> Any:
    return value


def _no_items(_pk: int, _date: datetime.date | None, _data: dict[str, Any]) -> list[Any]:
    return []


def read_together(queries: list[RowsQuery]) -> list[list[Any]]:
    """What `items` makes of each query's rows (by date, undated first, then pk), all rows read
    in one query (UNION ALL): small reads of one page in one round trip."""
    if not queries:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    parts: list[str] = []
    params: list[Any] = []
    for number, query in enumerate(queries):
        try:
            sql, values = query.sql(connection)
        except EmptyResultSet:
            continue  # known to read nothing
        parts.append(f"SELECT {number} AS rows_query, part.* FROM ({sql}) part")  # noqa: S608 -- our SQL
        params.extend(values)
    by_query: list[list[tuple]] = [[] for _query in queries]
    if parts:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The rows' data as the database's text (on this cursor only), parsed below as
                # one JSON array: the driver's loader parses each row's apart, and the calls
                # cost more than the parsing (some 110 rows of the dashboard).
                from psycopg.types.string import TextLoader

                cursor.cursor.adapters.register_loader("json", TextLoader)
            cursor.execute(" UNION ALL ".join(parts), params)
            found = cursor.fetchall()
        parsed = _parsed_data(found)
        for number, pk, date, data in found:
            if isinstance(date, str):
                date = datetime.date.fromisoformat(date)  # SQLite's dates are text
            if isinstance(data, str):
                data = next(parsed)
            elif isinstance(data, bytes):
                data = json.loads(data)
            by_query[number].append((date or datetime.date.min, pk, date, data))
    return [
        [
            item
            for _sort, pk, date, data in sorted(found, key=lambda row: row[:2])
            for item in query.items(pk, date, data)
        ]
        for query, found in zip(queries, by_query, strict=True)
    ]


def _parsed_data(found: list[tuple]) -> Iterator[Any]:
    """The data of the rows whose data is text (JSON), parsed in one call, in their order."""
    texts = [row[3] for row in found if isinstance(row[3], str)]
    return iter(json.loads(f"[{','.join(texts)}]") if texts else ())


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
    of the outer query without a join that multiplies its rows or a query per row. COUNT(*),
    not of the primary key (never null: the same number), so that an index on the filtered
    columns answers alone (an index-only scan, no visit of each row)."""
    return Coalesce(
        Subquery(rows.order_by().values(one=Value(1)).annotate(n=Count("*")).values("n")[:1]),
        0,
    )


def newest(rows: Any, field: str) -> Subquery:
    """The largest `field` of `rows` (a QuerySet filtered by OuterRef), as a subquery."""
    return Subquery(rows.order_by(f"-{field}").values(field)[:1])
