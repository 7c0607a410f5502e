"""samplan seed-scale [--kommuner 357] [--seed N]: synthetic workspaces (marked as example data)
for scale tests and benchmarks."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.municipalities.models import Municipality
from samplan.municipalities.scale import SCALE_DOMAIN, SCALE_PASSWORD, seed_scale


class Command(SamplanCommand):
    help = gettext_lazy(
        "Fill the database with deterministic synthetic workspaces, marked as example data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kommuner", type=int, default=357, help=gettext_lazy("how many (1–357)")
        )
        parser.add_argument(
            "--seed", type=int, default=1, help=gettext_lazy("the same seed gives the same data")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["kommuner"]
        if not 1 <= count <= 357:
            raise CommandError(_("--kommuner must be between 1 and 357."))
        if not Municipality.objects.exists():
            raise CommandError(_("No municipalities yet: run `samplan load-municipalities` first."))
        started = time.monotonic()
        interactive = sys.stderr.isatty()

        def progress(done: int, total: int, municipality: Municipality) -> None:
            width = 30
            filled = width * done // total
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {municipality.name}"
            if interactive:
                self.stderr.write(f"\r{line:<80}", ending="")
            elif done == total or done % 25 == 0:
                self.stderr.write(line)

        result = seed_scale(count, options["seed"], progress)
        if interactive:
            self.stderr.write("")
        self.stdout.write(
            _(
                "Seeded %(municipalities)s municipalities (%(skipped)s were already seeded), "
                "%(rows)s module rows, in %(seconds)s s. Everything is marked as example data. "
                "Log in as planlegger-<knr>@%(domain)s (password %(password)s)."
            )
            % {
                "municipalities": result.municipalities,
                "skipped": result.skipped,
                "rows": result.rows,
                "seconds": f"{time.monotonic() - started:.1f}",
                "domain": SCALE_DOMAIN,
                "password": SCALE_PASSWORD,
            }
        )
