"""samplan prosess export --kommune KNR --prosess ID|NAVN --format odt|pdf [--sprak nb|nn|en]
--out FILE|-"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.documents.commands import render_or_error
from samplan.documents.render import DOCUMENT_FORMATS, render
from samplan.municipalities.commands import municipality_or_error
from samplan.municipalities.models import Municipality
from samplan.processes import selectors
from samplan.processes.documents import process_document
from samplan.processes.models import Process


class Command(SamplanCommand):
    help = gettext_lazy("Write a municipality's process plan as ODT or PDF/A.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help=gettext_lazy("write the process plan"))
        self.add_municipality_argument(export)
        export.add_argument(
            "--prosess",
            required=True,
            metavar="ID",
            help=gettext_lazy("the process: its number in the address, or its exact name"),
        )
        self.add_document_arguments(export, DOCUMENT_FORMATS)

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = municipality_or_error(options["kommune"], notice=self.stderr.write)
        process = _process_or_error(municipality, options["prosess"])
        language = municipality.document_language(options["sprak"])
        page = selectors.process_page(process)
        content = render_or_error(
            lambda: render(process_document(page, language), options["format"])
        )
        self.write_output(options["out"], content, text=False)


def _process_or_error(municipality: Municipality, wanted: str) -> Process:
    processes = Process.objects.filter(municipality=municipality).select_related(
        "municipality", "plan"
    )
    found = (
        processes.filter(pk=int(wanted)).first()
        if wanted.isdigit()
        else processes.filter(name__iexact=wanted.strip()).first()
    )
    if found is None:
        names = ", ".join(f"{p.pk} ({p.name})" for p in processes.order_by("pk")[:20])
        raise CommandError(
            _("%(name)s has no process “%(wanted)s”. Its processes: %(list)s")
            % {"name": municipality.name, "wanted": wanted, "list": names or "–"}
        )
    return found
