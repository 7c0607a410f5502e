"""samplan arkivpakke planstrategi --kommune KNR --periode 2023-2027 [--sprak nb|nn|en] --out FILE|-
samplan arkivpakke maloppnaelse --kommune KNR --aar 2025 [--sprak nb|nn|en] --out FILE|-

Writes the Noark 5 archive package (a zip) of an adopted planning strategy or a yearly goal
report, validated against the Noark 5 schema like the download (docs/archive.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.documents.pdf import PdfUnavailable
from samplan.municipalities.commands import municipality_or_error
from samplan.municipalities.models import Municipality
from samplan.strategy.models import Strategy

from ...noark import InvalidPackage
from ...package import (
    STRATEGY_NOT_ADOPTED,
    NotDecided,
    Package,
    goal_report_package,
    strategy_package,
)


class Command(SamplanCommand):
    help = gettext_lazy("Write the Noark 5 archive package of a decided case.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        strategy = sub.add_parser("planstrategi", help=gettext_lazy("an adopted planning strategy"))
        report = sub.add_parser("maloppnaelse", help=gettext_lazy("the yearly goal report"))
        self.add_period_argument(strategy)
        report.add_argument("--aar", type=int, required=True, help=gettext_lazy("the year"))
        for subparser in (strategy, report):
            self.add_municipality_argument(subparser)
            self.add_language_argument(subparser, documents=True)
            self.add_output_argument(subparser)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_or_error(options["kommune"], notice=self.stderr.write)
        language = municipality.document_language(options["sprak"])
        if options["action"] == "planstrategi":
            made = self._make(lambda: self._strategy(municipality, options["periode"], language))
        else:
            year = options["aar"]
            made = self._make(
                lambda: goal_report_package(municipality, year, user=None, language=language)
            )
        self.write_output(options["out"], made.data, text=False)

    @staticmethod
    def _strategy(municipality: Municipality, period: int, language: str) -> Package:
        strategy = Strategy.objects.filter(municipality=municipality, period_start=period).first()
        if strategy is None:
            raise NotDecided(STRATEGY_NOT_ADOPTED)
        return strategy_package(strategy, user=None, language=language)

    @staticmethod
    def _make(make: Callable[[], Package]) -> Package:
        try:
            return make()
        except NotDecided as error:
            raise CommandError(str(error.message)) from error
        except LookupError as error:
            raise CommandError(
                _("There is no action part for %(year)s.") % {"year": error}
            ) from error
        except PdfUnavailable as error:
            raise CommandError(
                _("PDF needs WeasyPrint and Pango (apt-get install libpango-1.0-0): %(error)s")
                % {"error": error}
            ) from error
        except InvalidPackage as error:
            raise CommandError(
                _("The archive package does not validate against the Noark 5 schema: %(problems)s")
                % {"problems": error}
            ) from error
