"""samplan plantakt-data: show and correct the election days and the deadline rules.

samplan plantakt-data show
samplan plantakt-data election 2027 --date 2027-09-13 [--confirmed] [--source TEXT]
samplan plantakt-data rule accounts_adopted --date 06-30 [--confirmed] [--source TEXT]

For operators: these values are the same for every municipality. Changes are recorded in the
history. Rules marked unconfirmed are shown as such in every calendar until confirmed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.plantakt import engine, services
from samplan.plantakt.models import ElectionPeriod, RuleKey, RuleSetting


def _errors(error: ValidationError) -> str:
    return "; ".join(error.messages)


class Command(BaseCommand):
    help = "Show and correct the election days and deadline rules of the plan calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show", help="list election days and rules")
        election = sub.add_parser("election", help="set an election day")
        election.add_argument("year", type=int)
        election.add_argument("--date", required=True, help="YYYY-MM-DD")
        election.add_argument("--confirmed", action="store_true")
        election.add_argument("--source", default="")
        rule = sub.add_parser("rule", help="set a yearly deadline rule")
        rule.add_argument("key", choices=list(RuleKey.values))
        rule.add_argument("--date", required=True, help="MM-DD")
        rule.add_argument("--confirmed", action="store_true")
        rule.add_argument("--source", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(options)

    def _show(self, options: dict[str, Any]) -> None:
        for row in ElectionPeriod.objects.all():
            state = "confirmed" if row.confirmed else "UNCONFIRMED"
            self.stdout.write(f"election {row.election_year}: {row.election_date} {state}")
        for setting in RuleSetting.objects.all():
            state = "confirmed" if setting.confirmed else "UNCONFIRMED"
            self.stdout.write(f"rule {setting.key}: {setting.month:02d}-{setting.day:02d} {state}")

    def _election(self, options: dict[str, Any]) -> None:
        try:
            date = engine.parse_date(options["date"])
            engine.check_election_year(options["year"])
            row = services.election_set(
                election_year=options["year"],
                election_date=date,
                confirmed=options["confirmed"],
                source=options["source"],
            )
        except engine.PeriodError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(_errors(error)) from None
        self.stdout.write(f"election {row.election_year}: {row.election_date} saved.")

    def _rule(self, options: dict[str, Any]) -> None:
        try:
            month, day = (int(part) for part in options["date"].split("-"))
        except ValueError:
            raise CommandError(f"{options['date']!r}: write the date as MM-DD.") from None
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
        self.stdout.write(f"rule {row.key}: {row.month:02d}-{row.day:02d} saved.")
