"""A query that every request makes, its SQL compiled once per process.

Django compiles a QuerySet's SQL anew each time it runs (some 0.3–1 ms of CPU for a query with
joins). The few queries that every logged-in request makes (the session, the user, the user's
memberships) have the same SQL each time and differ only in their parameter values, so they are
compiled once, from a QuerySet built with sample values, and then run with the values of the
request. Rows become model instances exactly as the QuerySet would make them
(`select_related` included, the database's converters applied).

    by_pk = PreparedQuery(lambda pk: User.objects.filter(pk=pk), pk=-1)
    users = by_pk(pk=7)  # a list of User

The parameters are whole numbers and strings (which reach the database as they are; a date would
need the database's own conversion). Each sample value must be one that no other parameter of
the query has, so that its place in the SQL's parameters is known.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


def _as_given(row: tuple) -> tuple:
    return row


def _loading(connection: Any, description: Any, types: tuple[str, ...]) -> Callable[[tuple], tuple]:
    """What loads the values of `types` a cursor left as text in its rows (see fetch_leaving):
    the connection's own loaders of their columns (found by their types' oids)."""
    from psycopg.pq import Format

    adapters = connection.adapters
    oids = {adapters.types[type_name].oid for type_name in types}
    loaders = {
        place: adapters.get_loader(column.type_code, Format.TEXT)(column.type_code, connection)
        for place, column in enumerate(description)
        if column.type_code in oids
    }

    def load(row: tuple) -> tuple:
        values = list(row)
        for place, loader in loaders.items():
            if values[place] is not None:
                values[place] = loader.load(values[place].encode())
        return tuple(values)

    return load


class CompiledQuery:
    """The SQL of one query on one database, and how to make instances from its rows."""

    def __init__(self, queryset: QuerySet, samples: dict[str, Any], using: str) -> None:
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.places: dict[str, int] = {}
        for name, sample in samples.items():
            if not isinstance(sample, int | str):
                raise TypeError(f"A prepared query's parameters are numbers or strings: {name!r}")
            places = [i for i, value in enumerate(self.params) if value == sample]
            if len(places) != 1:
                raise ValueError(f"Sample value of {name!r} found {len(places)} times in {params}")
            self.places[name] = places[0]
        if compiler.annotation_col_map or queryset._known_related_objects:
            raise ValueError("A prepared query makes plain model instances only")
        klass_info = compiler.klass_info
        self.compiler = compiler
        self.model = klass_info["model"]
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.fields = slice(first, last)
        self.init_list = [column[0].target.attname for column in compiler.select[self.fields]]
        self.populators = get_related_populators(klass_info, compiler.select, using)
        self.using = using
        # The database's converters of the columns, found once (results_iter finds them anew at
        # every call: some 50 µs for a model of a dozen fields, at every request).
        selected = [column[0] for column in compiler.select[0 : compiler.col_count]]
        self.converters = (
            None if compiler.has_composite_fields(selected) else compiler.get_converters(selected)
        )

    def run(self, values: dict[str, Any]) -> list[Model]:
        return self.make(self.fetch(values))

    def fetch(self, values: dict[str, Any]) -> list[tuple]:
        """The query's rows as the database gives them (no instances made)."""
        return self.fetch_leaving(values, ())[0]

    def fetch_leaving(
        self, values: dict[str, Any], types: tuple[str, ...]
    ) -> tuple[list[tuple], Callable[[tuple], tuple]]:
        """`fetch`, but on PostgreSQL with the values of the database types `types` (e.g.
        "timestamptz") left as the database's text; and what loads them in a row as `fetch`
        would have given it (with the connection's loaders: Django's time zone's for a
        timestamptz). For a caller that makes instances of few of many rows: a value loaded in
        Python (Django's timestamptz loader) costs more than a row's other columns together."""
        params = list(self.params)
        for name, place in self.places.items():
            params[place] = values[name]
        connection = connections[self.using]
        leaving = bool(types) and connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if leaving:
                from psycopg.types.string import TextLoader

                for type_name in types:  # on this cursor only (its own adapters)
                    cursor.cursor.adapters.register_loader(type_name, TextLoader)
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
            if not leaving:
                return rows, _as_given
            return rows, _loading(connection.connection, cursor.description, types)

    def column(self, model: type[Model], attname: str) -> int:
        """The place in a fetched row of a field of `model` (the queried model or one it
        selects related, which it selects once): for plain values, with no database
        converters."""
        if model is self.model:
            return self.fields.start + self.init_list.index(attname)
        populators = list(self.populators)
        while populators:
            populator = populators.pop(0)
            if populator.model_cls is model and populator.reorder_for_init is None:
                return populator.cols_start + populator.init_list.index(attname)
            populators.extend(populator.related_populators)
        raise LookupError(f"{model.__name__} is not selected by this query")

    def make(self, rows: list[tuple]) -> list[Model]:
        """Model instances of fetched `rows`, as the QuerySet would make them."""
        result = []
        if self.converters is None:
            made = self.compiler.results_iter([rows])
        elif self.converters:
            made = self.compiler.apply_converters(rows, self.converters)
        else:
            made = rows
        for row in made:
            instance = self.model.from_db(self.using, self.init_list, row[self.fields])
            for populator in self.populators:
                populator.populate(row, instance)
            result.append(instance)
        return result


class PreparedQuery:
    """`make(**samples)`'s SQL, compiled at the first call on each database; calling the prepared
    query with other values runs that SQL with them and returns the model instances."""

    def __init__(self, make: Callable[..., QuerySet], **samples: Any) -> None:
        self.make = make
        self.samples = samples
        self.compiled: dict[tuple[str, str], CompiledQuery] = {}
        self.lock = threading.Lock()

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[Model]:
        return self.compiled_for(using).run(values)

    def rows(
        self, using: str = DEFAULT_DB_ALIAS, **values: Any
    ) -> tuple[CompiledQuery, list[tuple]]:
        """The rows as the database gives them, and the compiled query that makes instances of
        them (`make`) and finds a field's place in them (`column`): for a caller that needs a
        few values of many rows and instances of few of them."""
        compiled = self.compiled_for(using)
        return compiled, compiled.fetch(values)

    def rows_leaving(
        self, types: tuple[str, ...], using: str = DEFAULT_DB_ALIAS, **values: Any
    ) -> tuple[CompiledQuery, list[tuple], Callable[[tuple], tuple]]:
        """`rows`, with the values of the database types `types` left as text, and what loads
        them in a row (CompiledQuery.fetch_leaving): load a row before `make`."""
        compiled = self.compiled_for(using)
        rows, load = compiled.fetch_leaving(values, types)
        return compiled, rows, load

    def compiled_for(self, using: str) -> CompiledQuery:
        key = (using, connections[using].vendor)
        compiled = self.compiled.get(key)
        if compiled is None:
            with self.lock:
                compiled = self.compiled.get(key)
                if compiled is None:
                    compiled = CompiledQuery(self.make(**self.samples), self.samples, using)
                    self.compiled[key] = compiled
        return compiled
