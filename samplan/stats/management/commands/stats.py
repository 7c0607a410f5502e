"""samplan stats: the statistics from SSB.

samplan stats load                               load the shipped snapshot (run by samplan demo)
samplan stats refresh (--kommune KNR | --alle)   fetch births, deaths, migration and projections
samplan stats show --kommune KNR [--json]        print the figures with their sources

Every subcommand takes --sprak nb|nn|en (default: Bokmål). The JSON names, for every figure, the
publisher (Statistisk sentralbyrå), the table, its title and its address in Statistikkbanken.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.municipalities.commands import municipality_or_error
from samplan.stats import challenges, selectors, services
from samplan.stats.figures import municipality_figures, percent
from samplan.stats.models import Measure
from samplan.stats.snapshot import SnapshotError, snapshot_load
from samplan.stats.ssb import SsbClient, SsbError


class Command(SamplanCommand):
    help = gettext_lazy(
        "Statistics from Statistics Norway (SSB): load the snapshot, refresh, show."
    )

    # Tests replace this with a client on httpx.MockTransport.
    client_factory = SsbClient

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "load", help=gettext_lazy("load the SSB snapshot shipped with Samplan (idempotent)")
        )
        refresh = sub.add_parser("refresh", help=gettext_lazy("fetch the newest figures from SSB"))
        which = refresh.add_mutually_exclusive_group(required=True)
        self.add_municipality_argument(
            which, required=False, help_text=gettext_lazy("one municipality (with its comparisons)")
        )
        which.add_argument("--alle", action="store_true", help=gettext_lazy("every municipality"))
        show = sub.add_parser("show", help=gettext_lazy("print a municipality's figures"))
        self.add_municipality_argument(show)
        show.add_argument(
            "--json", action="store_true", help=gettext_lazy("print JSON (stable shape)")
        )
        for action in (load, refresh, show):
            self.add_language_argument(action)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(options)

    def _load(self, options: dict[str, Any]) -> None:
        try:
            result = snapshot_load()
        except SnapshotError as error:
            raise CommandError(_("Nothing was loaded: %(reason)s") % {"reason": error}) from error
        self.stdout.write(
            _("SSB snapshot loaded: %(series)s series for %(regions)s regions, %(first)s–%(last)s.")
            % {
                "series": result.series,
                "regions": result.regions,
                "first": result.years[0],
                "last": result.years[1],
            }
        )

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = round(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending=end)
        self.stdout.flush()

    def _refresh(self, options: dict[str, Any]) -> None:
        if options["alle"]:
            regions = selectors.regions_all()
        else:
            regions = selectors.regions_for(municipality_or_error(options["kommune"]))
        self.stdout.write(_("Fetching from SSB for %(n)s regions …") % {"n": len(regions)})
        try:
            with self.client_factory() as client:
                result = services.refresh(regions=regions, client=client, progress=self._progress)
        except SsbError as error:
            self.stdout.write("")
            raise CommandError(
                _("%(reason)s Nothing was changed; the figures already stored are kept.")
                % {"reason": str(error)}
            ) from error
        self.stdout.write(
            _("Done: %(series)s series updated with %(requests)s queries.")
            % {"series": result.series, "requests": result.requests}
        )

    def _show(self, options: dict[str, Any]) -> None:
        municipality = municipality_or_error(options["kommune"])
        figures = municipality_figures(municipality)
        statements = challenges.compute(figures)
        if options["json"]:
            data = figures.as_json()
            data["statements"] = [
                {
                    "key": s.key,
                    "text": s.text,
                    "numbers": s.numbers,
                    "source": s.source.as_json() if s.source else None,
                }
                for s in statements
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{municipality.number} {municipality.name}")
        not_fetched = _("not fetched yet")
        for figure in figures.key_figures:
            source = f"SSB {figure.source.table_id}" if figure.source else not_fetched
            self.stdout.write(
                f"  {figure.label}: {percent(figure.values.municipality)} "
                f"({_('Norway')}: {percent(figure.values.norway)}; {figure.year}; {source})"
            )
        for measure, values in figures.flows.items():
            if not values:
                self.stdout.write(f"  {Measure(measure).label}: {not_fetched}")
        if not figures.projection:
            self.stdout.write(f"  {Measure.PROJECTION_AGE.label}: {not_fetched}")
        for statement in statements:
            self.stdout.write(f"  – {statement.text}")
