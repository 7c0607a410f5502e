"""samplan backup [--out FILE|-]: a consistent copy of the whole database."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.backup import BackupError, backup, engine
from samplan.core.commands import STANDARD_OUTPUT, SamplanCommand


class Command(SamplanCommand):
    help = gettext_lazy(
        "Back up the database (SQLite: a copy of the file; PostgreSQL: pg_dump custom format)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            metavar="FIL",
            help=gettext_lazy(
                "file to write (default: <data dir>/backups/<time>.<ext>; -: standard output)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path | None = options["out"]
        if target is not None and str(target) == STANDARD_OUTPUT:
            with tempfile.TemporaryDirectory(prefix="samplan-backup-") as folder:
                self.copy_to_stdout(self._backup(Path(folder) / "samplan.backup"))
            return
        if target is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            extension = "sqlite3" if engine() == "sqlite" else "pgdump"
            target = Path(settings.DATA_DIR) / "backups" / f"samplan-{stamp}.{extension}"
        written = self._backup(target)
        self.stdout.write(
            _("Wrote %(file)s (%(size)s bytes).")
            % {"file": written, "size": written.stat().st_size}
        )

    @staticmethod
    def _backup(target: Path) -> Path:
        try:
            return backup(target)
        except (BackupError, OSError) as error:
            raise CommandError(_("No backup was made: %(reason)s") % {"reason": error}) from error
