"""samplan plantakt-data: show and correct the election days and the deadline rules.

samplan plantakt-data show
samplan plantakt-data election 2027 --date 13.09.2027 [--confirmed] [--source TEXT]
samplan plantakt-data rule accounts_adopted --date 06-30 [--confirmed] [--source TEXT]

For operators: these values are the same for every municipality. Changes are recorded in the
history. Rules marked unconfirmed are shown as such in every calendar until confirmed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.core.dates import date_argument
from samplan.plantakt import engine, services
from samplan.plantakt.models import ElectionPeriod, RuleKey, RuleSetting


def _errors(error: ValidationError) -> str:
    return "; ".join(error.messages)


def _state(confirmed: bool) -> str:
    return _("confirmed") if confirmed else _("UNCONFIRMED")


class Command(SamplanCommand):
    help = gettext_lazy(
        "Show and correct the election days and deadline rules of the plan calendar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show", help=gettext_lazy("list election days and rules"))
        election = sub.add_parser("election", help=gettext_lazy("set an election day"))
        election.add_argument("year", type=int, help=gettext_lazy("election year, e.g. 2027"))
        election.add_argument(
            "--date",
            type=date_argument,
            metavar="DATO",
            required=True,
            help=gettext_lazy("election day, e.g. 13.09.2027 or 2027-09-13"),
        )
        rule = sub.add_parser("rule", help=gettext_lazy("set a yearly deadline rule"))
        rule.add_argument("key", choices=list(RuleKey.values), help=gettext_lazy("the rule"))
        rule.add_argument(
            "--date",
            required=True,
            metavar="MM-DD",
            help=gettext_lazy("day of the year as MM-DD, e.g. 06-30"),
        )
        for action in (election, rule):
            action.add_argument(
                "--confirmed", action="store_true", help=gettext_lazy("the sources confirm it")
            )
            action.add_argument("--source", default="", help=gettext_lazy("where it comes from"))

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(options)

    def _show(self, options: dict[str, Any]) -> None:
        for row in ElectionPeriod.objects.all():
            self.stdout.write(
                _("election %(year)s: %(date)s %(state)s")
                % {
                    "year": row.election_year,
                    "date": row.election_date,
                    "state": _state(row.confirmed),
                }
            )
        for setting in RuleSetting.objects.all():
            self.stdout.write(
                _("rule %(key)s: %(date)s %(state)s")
                % {
                    "key": setting.key,
                    "date": f"{setting.month:02d}-{setting.day:02d}",
                    "state": _state(setting.confirmed),
                }
            )

    def _election(self, options: dict[str, Any]) -> None:
        try:
            engine.check_election_year(options["year"])
            row = services.election_set(
                election_year=options["year"],
                election_date=options["date"],
                confirmed=options["confirmed"],
                source=options["source"],
            )
        except engine.PeriodError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(_errors(error)) from None
        self.stdout.write(
            _("election %(year)s: %(date)s saved.")
            % {"year": row.election_year, "date": row.election_date}
        )

    def _rule(self, options: dict[str, Any]) -> None:
        try:
            month, day = (int(part) for part in options["date"].split("-"))
        except ValueError:
            raise CommandError(
                _("%(text)r: write the date as MM-DD.") % {"text": options["date"]}
            ) from None
        try:
            row = services.rule_set(
                key=options["key"],
                month=month,
                day=day,
                confirmed=options["confirmed"],
                source=options["source"],
            )
        except ValidationError as error:
            raise CommandError(_errors(error)) from None
        self.stdout.write(
            _("rule %(key)s: %(date)s saved.")
            % {"key": row.key, "date": f"{row.month:02d}-{row.day:02d}"}
        )
