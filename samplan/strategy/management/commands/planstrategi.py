"""samplan planstrategi export --kommune KNR --periode 2023-2027 --format odt|pdf
[--sprak nb|nn|en] --out FILE|-"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.documents.commands import render_or_error
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.commands import municipality_or_error
from samplan.strategy.documents import strategy_file
from samplan.strategy.models import Strategy


class Command(SamplanCommand):
    help = gettext_lazy("Write a municipality's planning strategy as ODT or PDF/A.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help=gettext_lazy("write the strategy document"))
        self.add_municipality_argument(export)
        self.add_period_argument(export)
        self.add_document_arguments(export, DOCUMENT_FORMATS)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_or_error(
            options["kommune"],
            years=(options["periode"], options["periode"] + 4),
            notice=self.stderr.write,
        )
        strategy = Strategy.objects.filter(
            municipality=municipality, period_start=options["periode"]
        ).first()
        if strategy is None:
            raise CommandError(
                _(
                    "%(name)s has no planning strategy for %(start)s–%(end)s. "
                    "Start it in Samplan first."
                )
                % {
                    "name": municipality.name,
                    "start": options["periode"],
                    "end": options["periode"] + 4,
                }
            )
        language = municipality.document_language(options["sprak"])
        # An adopted strategy is written as adopted (its frozen version).
        content = render_or_error(lambda: strategy_file(strategy, options["format"], language))
        self.write_output(options["out"], content, text=False)
