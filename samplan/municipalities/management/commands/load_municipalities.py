"""samplan load-municipalities: load or update the 357 municipalities and 15 counties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.municipalities.services import ReferenceDataError, municipalities_load


class Command(SamplanCommand):
    help = gettext_lazy(
        "Load or update municipalities and counties from kommuner.csv (idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, help=gettext_lazy("another kommuner.csv (same columns)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = municipalities_load(path=options["file"])
        except ReferenceDataError as error:
            raise CommandError(_("Nothing was loaded: %(reason)s") % {"reason": error}) from error
        self.stdout.write(
            _(
                "%(counties)s counties; municipalities: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "counties": result.counties,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )
