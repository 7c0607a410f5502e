"""samplan load-municipalities: load or update the 357 municipalities and 15 counties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.municipalities.services import ReferenceDataError, municipalities_load


class Command(BaseCommand):
    help = "Load or update municipalities and counties from kommuner.csv (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, help="another kommuner.csv (same columns)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = municipalities_load(options["file"])
        except ReferenceDataError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(
            f"{result.counties} counties; municipalities: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
