"""Fault tests: the production server and the database are made to fail for real.

`server_env` gives a fresh database of the run's kind (a SQLite file, or a new database on the
run's PostgreSQL server), migrated, with the municipalities and an editor in Tydal's workspace.
Tests marked `run_once` need no database of the run's (the restart test brings its own
PostgreSQL cluster); they run in one of the two runs of `make test`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .harness import AppServer, app_env, prepare_database


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


@pytest.fixture
def server_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a Samplan server on a fresh, prepared database of the run's kind."""
    url = run_database_url()
    if url is None:
        env = app_env(tmp_path / "data", None)
        prepare_database(env)
        yield env
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/').removeprefix('test_')}_faultkill_{os.getpid()}"
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = app_env(tmp_path / "data", parts._replace(path=f"/{name}").geturl())
        prepare_database(env)
        yield env
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[AppServer]]:
    """Servers started by a test; all stopped afterwards, whatever happened."""
    started: list[AppServer] = []
    yield started
    for server in started:
        server.stop()
