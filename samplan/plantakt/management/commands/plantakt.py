"""samplan plantakt: the deadlines of a municipality's election period.

samplan plantakt --kommune KNR --periode 2023-2027 [--konstituert DATE] [--json] [--ics FILE|-]
                 [--sprak nb|nn|en]

Reads what is stored (constitution date, decision dates, own items, plan register); stores
nothing. --konstituert (19.10.2023 or 2023-10-19) replaces the stored constitution date for this
run only. --ics - writes the calendar to standard output.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samplan.core.commands import STANDARD_OUTPUT, SamplanCommand
from samplan.core.dates import date_argument
from samplan.municipalities.commands import municipality_or_error
from samplan.plantakt import engine, ical, selectors
from samplan.plantakt.labels import KIND_LABELS, status


class Command(SamplanCommand):
    help = gettext_lazy(
        "Print the deadlines of a municipality's election period, as text, JSON or iCalendar."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_municipality_argument(parser)
        parser.add_argument(
            "--periode", required=True, help=gettext_lazy("election period, e.g. 2023-2027")
        )
        parser.add_argument(
            "--konstituert",
            type=date_argument,
            metavar="DATO",
            help=gettext_lazy("date the council was constituted, e.g. 19.10.2023 or 2023-10-19"),
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("print JSON (stable shape)")
        )
        parser.add_argument(
            "--ics",
            metavar="FIL",
            help=gettext_lazy("write the calendar to this .ics file (-: standard output)"),
        )
        self.add_language_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        # The input is checked before the database is read.
        try:
            election_year = engine.parse_period(options["periode"])
        except engine.PeriodError as error:
            raise CommandError(str(error)) from None
        if options["ics"] == STANDARD_OUTPUT and options["json"]:
            raise CommandError(
                _("--ics - and --json both write to standard output; choose one of them.")
            )
        municipality = municipality_or_error(
            options["kommune"], years=(election_year, election_year + 4), notice=self.stderr.write
        )
        try:
            period = selectors.period_for(
                municipality, election_year, constituted_on=options["konstituert"]
            )
        except engine.PeriodError as error:
            raise CommandError(str(error)) from None
        today = timezone.localdate()
        if options["ics"]:
            name = f"Plantakt {municipality.name} {period.label}"
            self.write_output(
                options["ics"], ical.calendar_bytes(period, name=name), text=True, report=False
            )
            if options["ics"] != STANDARD_OUTPUT and not options["json"]:
                count = len(period.items)
                self.stdout.write(
                    ngettext("%(file)s: %(count)s item.", "%(file)s: %(count)s items.", count)
                    % {"file": options["ics"], "count": count}
                )
        if options["json"]:
            self.stdout.write(json.dumps(period.as_json(today), ensure_ascii=False, indent=2))
            return
        if options["ics"]:
            return
        self.stdout.write(f"{municipality.name} {period.label}")
        if period.constitution_assumed:
            self.stdout.write(
                _(
                    "The constitution date is missing: register it (Plantakt, “Period and "
                    "history”), or give --konstituert for one run. Deadlines that run from it are "
                    "latest possible dates, computed from %(date)s."
                )
                % {"date": period.constituted_on.isoformat()}
            )
        for item in period.items:
            self.stdout.write(_item_line(item, today))


def _item_line(item: engine.Item, today: datetime.date) -> str:
    """One item as a line of text: date, kind, title, basis, flags and whether it was done in
    time, how many days late, or how many days overdue."""
    flags = []
    if item.year_only:
        flags.append(_("during %(year)s") % {"year": item.date.year})
    if item.assumed:
        flags.append(_("at the latest: the constitution date is missing"))
    if item.unconfirmed:
        flags.append(_("Unconfirmed"))
    if item.basis_unconfirmed:
        flags.append(
            _("Paragraph not confirmed: %(paragraph)s") % {"paragraph": item.basis_unconfirmed}
        )
    shown = status(item, today)
    basis = f" – {item.legal_basis}" if item.legal_basis else ""
    return (
        f"{item.date.isoformat()}  {KIND_LABELS[item.kind]}: {item.title}{basis}"
        + "".join(f" [{flag}]" for flag in flags)
        + (f" ({shown[0]})" if shown else "")
    )
