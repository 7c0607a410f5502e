"""Fault tests: the production server and the database are made to fail for real.

`server_env` gives a fresh database of the run's kind (a SQLite file, or a new database on the
run's PostgreSQL server): a copy of the worker's test database (every migration recorded, the
municipalities), with an editor in Tydal's workspace.
Tests marked `run_once` need no database of the run's (the restart test brings its own
PostgreSQL cluster); they run in one of the two runs of `make test`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .harness import AppServer, app_env, db_tool


def run_database_url() -> str | None:
    """The run's DATABASE_URL when it names PostgreSQL, else None (SQLite)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return None
    return os.environ["DATABASE_URL"]


def run_vendor() -> str:
    return "sqlite" if run_database_url() is None else "postgresql"


def pytest_report_header(config: pytest.Config) -> str:
    return (
        "fault tests: the PostgreSQL restart test runs in the PostgreSQL run, the hung-database "
        f"test in the SQLite run; this run: {run_vendor()}"
    )


# The tables the worker's test database has rows in once it is set up (conftest.py
# `django_db_setup`: what syncdb's post_migrate signal, `replay_data_migrations` and the
# municipalities write). Every other table must be empty in a copy.
REFERENCE_TABLES = {
    "auth_permission",
    "core_dataversion",
    "django_content_type",
    "django_migrations",
    "municipalities_county",
    "municipalities_municipality",
    "plantakt_electionperiod",
    "plantakt_historicalelectionperiod",
    "plantakt_historicalrulesetting",
    "plantakt_rulesetting",
}


def assert_clean_test_database() -> None:
    """Fail loudly unless the worker's test database is as `django_db_setup` left it: every
    migration recorded, the 357 municipalities, and no rows in any other table."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our table names)
            counts[table] = cursor.fetchone()[0]
    written = {table: n for table, n in counts.items() if n and table not in REFERENCE_TABLES}
    migrations = migration_files()
    problems = []
    if written:
        problems.append(f"rows in tables the set-up does not fill: {written}")
    if counts.get("municipalities_municipality") != 357:
        problems.append(f"{counts.get('municipalities_municipality')} municipalities, not 357")
    if counts.get("django_migrations") != migrations:
        problems.append(f"{counts.get('django_migrations')} migrations recorded, not {migrations}")
    if problems:
        pytest.fail(
            "the worker's test database is not clean, so the fault test cannot start from a "
            "copy of it (did a test run before the fault tests and commit? conftest.py "
            f"`slow_first` sends them first): {'; '.join(problems)}",
            pytrace=False,
        )


def migration_files() -> int:
    """The number of migrations on disk (the test settings hide them from Django's loader)."""
    import importlib
    import pkgutil

    from django.apps import apps

    count = 0
    for config in apps.get_app_configs():
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        count += sum(1 for _ in pkgutil.iter_modules(package.__path__))
    return count


def close_module_snapshot() -> None:
    """Roll back a module's open snapshot transaction (tests/snapshot.py), as conftest.py
    `_django_db_marker` does for a transactional test: the copy must not hold its rows, and
    PostgreSQL copies no database that has another session."""
    from tests.snapshot import ModuleSnapshot

    if ModuleSnapshot.current is not None:
        ModuleSnapshot.current.close()


@pytest.fixture
def server_env(
    tmp_path: Path, django_db_setup: None, django_db_blocker: Any
) -> Iterator[dict[str, str]]:
    """The environment of a Samplan server on a fresh, prepared database of the run's kind: a
    copy of this worker's test database (a SQLite file, or a new database on the run's PostgreSQL
    server, dropped afterwards), with an editor in Tydal's workspace.

    The copy is made lazily, by the test that asks for it, after checking that the test database
    is clean (`assert_clean_test_database`), rather than eagerly in a session fixture right after
    `django_db_setup`: the eager copy would be made (and, on PostgreSQL, kept) for the whole
    session while a worker gets its fault test first anyway (conftest.py `slow_first` sends the
    fault tests first to each worker, and the transactional tests, which commit and empty
    tables, run last), and the check fails loudly instead of copying a database some test
    wrote to. The test database is made from the models and records every migration as applied
    (`replay_data_migrations`), so `samplan serve` (which migrates only with --migrate) starts
    on the copy at once. It saves `samplan migrate` from scratch (about 25 s of CPU) per test;
    the restart test (test_postgres_restart.py) still migrates its own cluster's database."""
    close_module_snapshot()
    with django_db_blocker.unblock():
        assert_clean_test_database()
    url = run_database_url()
    if url is None:
        env = app_env(tmp_path / "data", None)
        with django_db_blocker.unblock():
            copy_sqlite_test_database(tmp_path / "data" / "samplan.sqlite3")
        db_tool(env, "prepare")
        yield env
        return
    import psycopg
    from django.db import connection, connections

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/').removeprefix('test_')}_faultcopy_{os.getpid()}"
    admin_url = parts._replace(path="/postgres").geturl()
    template = connection.settings_dict["NAME"]
    # CREATE DATABASE … TEMPLATE needs the template without other sessions: Django's too.
    connections.close_all()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        env = app_env(tmp_path / "data", parts._replace(path=f"/{name}").geturl())
        db_tool(env, "prepare")
        yield env
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_sqlite_test_database(target: Path) -> None:
    """The worker's SQLite test database (in memory: settings.py sets TEST NAME None) into the
    file `target`, with SQLite's online backup API."""
    import sqlite3

    from django.db import connection

    target.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[AppServer]]:
    """Servers started by a test; all stopped afterwards, whatever happened."""
    started: list[AppServer] = []
    yield started
    for server in started:
        server.stop()
