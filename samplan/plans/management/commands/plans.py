"""samplan plans: import, export and assess a municipality's plan register.

samplan plans import FILE --kommune KNR
samplan plans export --kommune KNR [--format csv|xlsx|ods|odt|pdf] [--sprak nb|nn] [--out F]
samplan plans health --kommune KNR [--json]
samplan plans needs --kommune KNR [--periode 2023-2027] [--format csv|xlsx|ods|odt|pdf]
                    [--sprak nb|nn] [--out F]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.core.periods import period_argument
from samplan.documents.content import DOCUMENT_FORMATS
from samplan.documents.pdf import PdfUnavailable
from samplan.municipalities.models import Municipality
from samplan.plans import services
from samplan.plans.cleanup import current_period_start
from samplan.plans.selectors import plan_health

FORMATS = [*sorted(services.EXPORT_FORMATS), *DOCUMENT_FORMATS]
LANGUAGE_HELP = "language of headers and documents (default: the municipality's language form)"


def _municipality(number: str) -> Municipality:
    municipality = Municipality.objects.filter(number=number).first()
    if municipality is None:
        raise CommandError(f"Unknown municipality number: {number}")
    return municipality


class Command(BaseCommand):
    help = "Import, export and assess the plan register of a municipality."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import a register (CSV, XLSX or ODS)")
        importer.add_argument("file", type=Path)
        importer.add_argument("--kommune", required=True)
        exporter = sub.add_parser("export", help="export the register")
        exporter.add_argument("--kommune", required=True)
        exporter.add_argument("--format", choices=FORMATS, default="csv")
        exporter.add_argument("--sprak", choices=["nb", "nn"], help=LANGUAGE_HELP)
        exporter.add_argument("--out", type=Path, help="file to write (default: standard output)")
        needs = sub.add_parser("needs", help="export the planning-needs table of a period")
        needs.add_argument("--kommune", required=True)
        needs.add_argument(
            "--periode",
            type=period_argument,
            help="election period, e.g. 2023-2027 (default: current)",
        )
        needs.add_argument("--format", choices=FORMATS, default="csv")
        needs.add_argument("--out", type=Path, help="file to write (default: standard output)")
        needs.add_argument("--sprak", choices=["nb", "nn"], help=LANGUAGE_HELP)
        health = sub.add_parser("health", help="the plan-health findings")
        health.add_argument("--kommune", required=True)
        health.add_argument("--json", action="store_true", help="print JSON (stable shape)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = _municipality(options["kommune"])
        getattr(self, "_" + options["action"])(municipality, options)

    def _import(self, municipality: Municipality, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        report = services.plans_import(municipality=municipality, filename=path.name, data=data)
        if report.file_error:
            raise CommandError(f"Nothing was imported: {report.file_error}")
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"row {error.row}, column {error.column}: {error.message}")
            raise CommandError(f"Nothing was imported: {len(report.errors)} errors.")
        created = " (the municipality's workspace was created)" if report.workspace_created else ""
        self.stdout.write(
            f"{municipality.name}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged{created}."
        )

    def _export(self, municipality: Municipality, options: dict[str, Any]) -> None:
        content, _content_type = self._render(
            services.plans_export,
            municipality=municipality,
            file_format=options["format"],
            language=options["sprak"],
        )
        self._write(content, options)

    def _needs(self, municipality: Municipality, options: dict[str, Any]) -> None:
        content, _content_type = self._render(
            services.planning_needs_export,
            municipality=municipality,
            period_start=options["periode"] or current_period_start(),
            file_format=options["format"],
            language=options["sprak"],
        )
        self._write(content, options)

    @staticmethod
    def _render(export: Callable[..., tuple[bytes, str]], **kwargs: Any) -> tuple[bytes, str]:
        try:
            return export(**kwargs)
        except PdfUnavailable as error:
            raise CommandError(
                f"PDF needs WeasyPrint and Pango (apt-get install libpango-1.0-0): {error}"
            ) from error

    def _write(self, content: bytes, options: dict[str, Any]) -> None:
        """Write to --out, or to standard output (text as text, so it can be captured)."""
        if options["out"]:
            try:
                options["out"].write_bytes(content)
            except OSError as error:
                raise CommandError(f"Cannot write {options['out']}: {error}") from error
            self.stdout.write(f"Wrote {options['out']} ({len(content)} bytes).")
        elif options["format"] == "csv":
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None:
                raise CommandError(f"Use --out FILE for the {options['format']} format.")
            stream.write(content)
            stream.flush()

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
