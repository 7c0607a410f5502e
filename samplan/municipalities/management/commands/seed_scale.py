"""samplan seed-scale [--kommuner 357] [--seed N]: synthetic workspaces (marked as example data)
for scale tests and benchmarks."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.municipalities.models import Municipality
from samplan.municipalities.scale import SCALE_DOMAIN, SCALE_PASSWORD, seed_scale


class Command(BaseCommand):
    help = "Fill the database with deterministic synthetic workspaces, marked as example data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kommuner", type=int, default=357, help="how many (1–357)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["kommuner"]
        if not 1 <= count <= 357:
            raise CommandError("--kommuner must be between 1 and 357.")
        if not Municipality.objects.exists():
            raise CommandError("No municipalities yet: run `samplan load-municipalities` first.")
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
            f"Seeded {result.municipalities} municipalities ({result.skipped} were already "
            f"seeded), {result.rows} module rows, in {time.monotonic() - started:.1f} s. "
            f"Everything is marked as example data. Log in as planlegger-<knr>@{SCALE_DOMAIN} "
            f"(password {SCALE_PASSWORD})."
        )
