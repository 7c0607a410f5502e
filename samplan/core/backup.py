"""Backup and restore of the whole database: a consistent copy of the SQLite file (SQLite's online
backup API), or a PostgreSQL dump (pg_dump's custom format, restored with pg_restore in one
transaction so that a failed restore leaves the database as it was)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import DatabaseError, connections

from samplan.core import freshness

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore could not be made; nothing was changed."""


def _settings() -> dict:
    return connections["default"].settings_dict


def engine() -> str:
    return "postgresql" if "postgresql" in _settings()["ENGINE"] else "sqlite"


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, the password in the environment only."""
    settings = _settings()
    arguments = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        arguments += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", str(settings["USER"])]
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup(target: Path) -> Path:
    """Write a backup of the database to `target` (written to a temporary file first, so an
    interrupted backup never leaves a half-written file under the target's name)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".backup-", dir=target.parent)
    os.close(handle)
    try:
        if engine() == "sqlite":
            connections["default"].ensure_connection()
            source = connections["default"].connection
            destination = sqlite3.connect(temporary)
            try:
                source.backup(destination)
            finally:
                destination.close()
        else:
            arguments, environment = _pg_environment()
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", temporary, *arguments],
                environment,
            )
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def restore(source: Path) -> None:
    """Replace the database's content with the backup in `source`. The file is checked first;
    a file of the wrong kind, or a failing restore, changes nothing."""
    try:
        head = source.read_bytes()[:16]
    except OSError as error:
        raise BackupError(f"cannot read {source}: {error}") from error
    try:
        before = freshness.highest_version()
    except DatabaseError:  # an empty database: nothing cached from it
        before = 0
    _restore(source, head)
    freshness.after_restore(before)


def _restore(source: Path, head: bytes) -> None:
    if engine() == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup")
        _check_sqlite(source)
        connections["default"].ensure_connection()
        target = connections["default"].connection
        backup_connection = sqlite3.connect(source)
        try:
            # The online backup API replaces every page of the live database in one step.
            backup_connection.backup(target)
        finally:
            backup_connection.close()
    else:
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(f"{source} is not a PostgreSQL dump (pg_dump --format=custom)")
        connections["default"].close()
        arguments, environment = _pg_environment()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *arguments,
                str(source),
            ],
            environment,
        )


def _check_sqlite(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (integrity check failed)")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
    finally:
        connection.close()
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is not a Samplan database (no django_migrations table)")
