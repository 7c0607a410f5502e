"""samplan planstrategi export --kommune KNR --periode 2023-2027 --format odt|pdf [--sprak nb|nn]
--out FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.core.periods import period_argument
from samplan.documents.content import DOCUMENT_FORMATS, render
from samplan.documents.pdf import PdfUnavailable
from samplan.municipalities.models import Municipality
from samplan.strategy.documents import strategy_document
from samplan.strategy.models import Strategy


class Command(BaseCommand):
    help = "Write a municipality's planning strategy as ODT or PDF/A."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the strategy document")
        export.add_argument("--kommune", required=True)
        export.add_argument("--periode", type=period_argument, required=True, help="e.g. 2023-2027")
        export.add_argument("--format", choices=DOCUMENT_FORMATS, required=True)
        export.add_argument("--sprak", choices=["nb", "nn"], help="default: the municipality's")
        export.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(number=options["kommune"]).first()
        if municipality is None:
            raise CommandError(f"Unknown municipality number: {options['kommune']}")
        strategy = Strategy.objects.filter(
            municipality=municipality, period_start=options["periode"]
        ).first()
        if strategy is None:
            raise CommandError(
                f"{municipality.name} has no planning strategy for "
                f"{options['periode']}–{options['periode'] + 4}. Start it in Samplan first."
            )
        language = options["sprak"] or municipality.default_language
        try:
            content, _content_type = render(
                strategy_document(strategy, language), options["format"]
            )
        except PdfUnavailable as error:
            raise CommandError(
                f"PDF needs WeasyPrint and Pango (apt-get install libpango-1.0-0): {error}"
            ) from error
        try:
            options["out"].write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {options['out']}: {error}") from error
        self.stdout.write(f"Wrote {options['out']} ({len(content)} bytes).")
