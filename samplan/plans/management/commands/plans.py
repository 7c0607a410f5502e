"""samplan plans: import, export and assess a municipality's plan register.

samplan plans import FILE --kommune KNR [--forhandsvis] [--sprak nb|nn|en]
samplan plans export --kommune KNR [--format csv|xlsx|ods|odt|pdf] [--sprak nb|nn|en] [--out F|-]
samplan plans health --kommune KNR [--json] [--sprak nb|nn|en]
samplan plans needs --kommune KNR [--periode 2023-2027] [--format csv|xlsx|ods|odt|pdf]
                    [--sprak nb|nn|en] [--out F|-]

Without --out, or with --out -, the file goes to standard output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samplan.core.commands import STANDARD_OUTPUT, SamplanCommand
from samplan.core.periods import period_argument
from samplan.documents.commands import render_or_error
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.commands import municipality_or_error
from samplan.municipalities.models import Municipality
from samplan.plans import exports, services
from samplan.plans.cleanup import current_period_start
from samplan.plans.selectors import plan_health

FORMATS = [*sorted(exports.EXPORT_FORMATS), *DOCUMENT_FORMATS]
OUT_HELP = gettext_lazy("file to write; - or nothing: standard output")


class Command(SamplanCommand):
    help = gettext_lazy("Import, export and assess the plan register of a municipality.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser(
            "import", help=gettext_lazy("import a register (CSV, XLSX or ODS)")
        )
        importer.add_argument("file", type=Path, help=gettext_lazy("the file to import"))
        importer.add_argument(
            "--forhandsvis",
            action="store_true",
            help=gettext_lazy("show how each row would be stored, and write nothing"),
        )
        exporter = sub.add_parser("export", help=gettext_lazy("export the register"))
        needs = sub.add_parser(
            "needs", help=gettext_lazy("export the planning-needs table of a period")
        )
        needs.add_argument(
            "--periode",
            type=period_argument,
            help=gettext_lazy("election period, e.g. 2023-2027 (default: the current one)"),
        )
        health = sub.add_parser("health", help=gettext_lazy("the plan-health findings"))
        health.add_argument(
            "--json", action="store_true", help=gettext_lazy("print JSON (stable shape)")
        )
        for action in (importer, exporter, needs, health):
            self.add_municipality_argument(action)
            self.add_language_argument(action, documents=action in (exporter, needs))
        for action in (exporter, needs):
            action.add_argument(
                "--format", choices=FORMATS, default="csv", help=gettext_lazy("file format")
            )
            action.add_argument("--out", type=Path, metavar="FIL", help=OUT_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_or_error(options["kommune"])
        getattr(self, "_" + options["action"])(municipality, options)

    def _import(self, municipality: Municipality, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": error}
            ) from error
        preview = options["forhandsvis"]
        report = services.plans_import(
            municipality=municipality, filename=path.name, data=data, save=not preview
        )
        if report.file_error:
            raise CommandError(
                _("Nothing was imported: %(reason)s") % {"reason": report.file_error}
            )
        if report.errors:
            for error in report.errors:
                self.stderr.write(
                    _("row %(row)s, column %(column)s: %(message)s")
                    % {"row": error.row, "column": error.column, "message": error.message}
                )
            count = len(report.errors)
            raise CommandError(
                ngettext(
                    "Nothing was imported: %(count)s error.",
                    "Nothing was imported: %(count)s errors.",
                    count,
                )
                % {"count": count}
            )
        for note in report.notes:
            self.stderr.write(note)
        for warning in report.warnings:
            self.stderr.write(
                _("row %(row)s, column %(column)s: %(message)s")
                % {"row": warning.row, "column": warning.column, "message": warning.message}
            )
        if preview:
            for row in report.preview:
                self.stdout.write(
                    f"{row.row}\t{row.plan_type}\t{row.status}\t{row.action}\t{row.title}"
                )
            self.stdout.write(_("Preview only: nothing was written."))
            return
        counts = {
            "name": municipality.name,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if report.workspace_created:
            message = _(
                "%(name)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged "
                "(the municipality's workspace was created)."
            )
        else:
            message = _(
                "%(name)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
            )
        self.stdout.write(message % counts)

    def _export(self, municipality: Municipality, options: dict[str, Any]) -> None:
        content = render_or_error(
            exports.plans_export,
            municipality=municipality,
            file_format=options["format"],
            language=municipality.document_language(options["sprak"]),
        )
        self._write(content, options)

    def _needs(self, municipality: Municipality, options: dict[str, Any]) -> None:
        content = render_or_error(
            exports.planning_needs_export,
            municipality=municipality,
            period_start=options["periode"] or current_period_start(),
            file_format=options["format"],
            language=municipality.document_language(options["sprak"]),
        )
        self._write(content, options)

    def _write(self, content: bytes, options: dict[str, Any]) -> None:
        target = options["out"] or STANDARD_OUTPUT
        self.write_output(target, content, text=options["format"] == "csv")

    def _health(self, municipality: Municipality, options: dict[str, Any]) -> None:
        findings = plan_health(municipality)
        if options["json"]:
            payload = {
                "kommune": municipality.number,
                "findings": [finding.as_json() for finding in findings],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for finding in findings:
            subject = finding.plan_title or "-"
            self.stdout.write(f"[{finding.severity}] {finding.kind}: {subject}: {finding.reason}")
