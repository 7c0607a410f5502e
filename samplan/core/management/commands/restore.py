"""samplan restore FILE --yes: replace the database's content with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.backup import BackupError, restore
from samplan.core.commands import SamplanCommand


class Command(SamplanCommand):
    help = gettext_lazy(
        "Restore the database from a file made by `samplan backup` (replaces all data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=gettext_lazy("the backup file"))
        parser.add_argument(
            "--yes",
            action="store_true",
            help=gettext_lazy("confirm that the current data is replaced"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                _("Restoring replaces all data in the database. Add --yes to confirm.")
            )
        try:
            restore(options["file"])
        except BackupError as error:
            raise CommandError(_("Nothing was restored: %(reason)s") % {"reason": error}) from error
        self.stdout.write(_("Restored the database from %(file)s.") % {"file": options["file"]})
