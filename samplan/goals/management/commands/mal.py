"""samplan mal import-budsjett --kommune KNR --aar 2026 --fil FILE [--lagre]
samplan mal rapport --kommune KNR --aar 2025 --format odt|pdf [--sprak nb|nn|en] --out FILE|-

import-budsjett checks every row of the file and prints the messages; only with --lagre, and only
when no row has errors, are the lines stored (replacing the plan's lines, links kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.documents.commands import render_or_error
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.commands import municipality_or_error
from samplan.plans.tabular import TableError, read_grid

from ... import budget, services
from ...documents import report_file
from ...models import ActionPlan
from ...selectors import latest_plan


class Command(SamplanCommand):
    help = gettext_lazy("Import the budget and write the yearly goal report.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imports = sub.add_parser("import-budsjett", help=gettext_lazy("import budget lines"))
        self.add_municipality_argument(imports)
        imports.add_argument("--aar", type=int, required=True, help=gettext_lazy("budget year"))
        imports.add_argument("--fil", type=Path, required=True, help=gettext_lazy("CSV or XLSX"))
        imports.add_argument(
            "--lagre", action="store_true", help=gettext_lazy("store the lines (else only check)")
        )
        report = sub.add_parser("rapport", help=gettext_lazy("write the yearly goal report"))
        self.add_municipality_argument(report)
        report.add_argument("--aar", type=int, required=True, help=gettext_lazy("the year"))
        self.add_document_arguments(report, DOCUMENT_FORMATS)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_or_error(options["kommune"], notice=self.stderr.write)
        if options["action"] == "rapport":
            plan = latest_plan(municipality, options["aar"])
            if plan is None:
                raise CommandError(
                    _("%(name)s has no action part for %(year)s.")
                    % {"name": municipality.name, "year": options["aar"]}
                )
            language = municipality.document_language(options["sprak"])
            content = render_or_error(
                lambda: report_file(municipality, options["aar"], options["format"], language)
            )
            self.write_output(options["out"], content, text=False)
            return
        plan = ActionPlan.objects.filter(
            municipality=municipality, first_year=options["aar"]
        ).first()
        if plan is None:
            raise CommandError(
                _("%(name)s has no action part for %(year)s.")
                % {"name": municipality.name, "year": options["aar"]}
            )
        self._import(plan, options["fil"], save=options["lagre"])

    def _import(self, plan: ActionPlan, path: Path, *, save: bool) -> None:
        try:
            grid = [list(row) for row in read_grid(path.name, path.read_bytes())]
        except (OSError, TableError) as error:
            raise CommandError(str(error)) from error
        parsed = budget.parse(grid, plan.years)
        for note in parsed.notes:
            self.stdout.write(note)
        for row in parsed.rows:
            for message in [*row.errors, *row.notes]:
                self.stdout.write(
                    _("Row %(row)s: %(message)s") % {"row": row.number, "message": message}
                )
        totals = " ".join(
            f"{year}: {total}" for year, total in zip(plan.years, parsed.totals(), strict=True)
        )
        self.stdout.write(
            _("%(count)s lines, %(errors)s rows with errors. Totals: %(totals)s")
            % {"count": len(parsed.good), "errors": parsed.error_count, "totals": totals}
        )
        if not parsed.ok:
            raise CommandError(_("Nothing was stored: correct the rows with errors."))
        if not save:
            self.stdout.write(_("Checked only; add --lagre to store the lines."))
            return
        result = services.budget_import(
            action_plan=plan, rows=[row.as_data() for row in parsed.good], user=None
        )
        self.stdout.write(
            _(
                "Stored: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
                "%(removed)s removed."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "removed": len(result.removed),
            }
        )
        for line, measures in result.removed:
            if measures:
                self.stdout.write(
                    _("Removed line %(line)s was linked to: %(measures)s.")
                    % {"line": line, "measures": ", ".join(measures)}
                )
