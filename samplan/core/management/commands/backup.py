"""samplan backup [--out FILE]: a consistent copy of the whole database."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.core.backup import BackupError, backup, engine


class Command(BaseCommand):
    help = "Back up the database (SQLite: a copy of the file; PostgreSQL: pg_dump custom format)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", type=Path, help="file to write (default: <data dir>/backups/<time>.<ext>)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path | None = options["out"]
        if target is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            extension = "sqlite3" if engine() == "sqlite" else "pgdump"
            target = Path(settings.DATA_DIR) / "backups" / f"samplan-{stamp}.{extension}"
        try:
            written = backup(target)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup was made: {error}") from error
        self.stdout.write(f"Wrote {written} ({written.stat().st_size} bytes).")
