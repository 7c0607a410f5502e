"""samplan plantakt: the deadlines of a municipality's election period.

samplan plantakt --kommune KNR --periode 2023-2027 [--konstituert YYYY-MM-DD] [--json] [--ics FILE]

Reads what is stored (constitution date, decision dates, own items, plan register); stores
nothing. --konstituert replaces the stored constitution date for this run only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.municipalities.models import Municipality
from samplan.plantakt import engine, ical, selectors
from samplan.plantakt.labels import KIND_LABELS


class Command(BaseCommand):
    help = "Print the deadlines of a municipality's election period, as text, JSON or iCalendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommune", required=True, help="municipality number, e.g. 5033")
        parser.add_argument("--periode", required=True, help="election period, e.g. 2023-2027")
        parser.add_argument("--konstituert", help="date the council was constituted, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print JSON (stable shape)")
        parser.add_argument("--ics", type=Path, help="write the calendar to this .ics file")

    def handle(self, *args: Any, **options: Any) -> None:
        # The input is checked before the database is read.
        try:
            election_year = engine.parse_period(options["periode"])
            constituted_on = (
                engine.parse_date(options["konstituert"]) if options["konstituert"] else None
            )
        except engine.PeriodError as error:
            raise CommandError(str(error)) from None
        municipality = Municipality.objects.filter(number=options["kommune"]).first()
        if municipality is None:
            raise CommandError(
                _("Unknown municipality number: %(number)s") % {"number": options["kommune"]}
            )
        try:
            period = selectors.period_for(
                municipality, election_year, constituted_on=constituted_on
            )
        except engine.PeriodError as error:
            raise CommandError(str(error)) from None
        today = timezone.localdate()
        if options["ics"]:
            name = f"Plantakt {municipality.name} {period.label}"
            try:
                options["ics"].write_bytes(ical.calendar_bytes(period, name=name))
            except OSError as error:
                raise CommandError(f"{options['ics']}: {error}") from None
            if not options["json"]:
                self.stdout.write(f"{options['ics']}: {len(period.items)} items.")
        if options["json"]:
            self.stdout.write(json.dumps(period.as_json(today), ensure_ascii=False, indent=2))
            return
        if options["ics"]:
            return
        self.stdout.write(f"{municipality.name} {period.label}")
        for item in period.items:
            flags = " [UNCONFIRMED]" if item.unconfirmed else ""
            done = f" (done {item.done_on.isoformat()})" if item.done_on else ""
            self.stdout.write(
                f"{item.date.isoformat()}  {KIND_LABELS[item.kind]}: {item.title}"
                f"{' – ' + item.legal_basis if item.legal_basis else ''}{flags}{done}"
            )
