"""samplan restore FILE --yes: replace the database's content with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a file made by `samplan backup` (replaces all data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the current data is replaced"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("Restoring replaces all data in the database. Add --yes to confirm.")
        try:
            restore(options["file"])
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(f"Restored the database from {options['file']}.")
