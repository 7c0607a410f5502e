"""The `samplan` command: Django's management commands with Samplan's own names.

samplan demo [--port 8000] [--no-serve]   example data on SQLite, served on 127.0.0.1
samplan serve [--bind 0.0.0.0:8000]        production server (gunicorn)
samplan load-municipalities [--file F]     load or update the reference data
samplan seed-scale [--kommuner 357]        synthetic workspaces for scale tests and benchmarks
samplan stats load|refresh|show            statistics from SSB (docs/statistics.md)
samplan plantakt-data ...                  correct election days and deadline rules
samplan <any Django command>               e.g. samplan migrate, samplan check --deploy
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "load-municipalities": "load_municipalities",
    "compile-translations": "compile_translations",
    "seed-scale": "seed_scale",
    "plantakt-data": "plantakt_data",
}


def main(argv: list[str] | None = None) -> int:
    """Run a Samplan or Django management command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samplan.settings")
    if argv and argv[0] in ALIASES:
        argv[0] = ALIASES[argv[0]]
    if not argv:
        argv = ["help"]
        print(__doc__)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(["samplan", *argv])
    except ImproperlyConfigured as error:
        print(f"samplan: configuration error: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        print(
            f"samplan: the database cannot be reached or used: {first_line}\n"
            "Check DATABASE_URL (or SAMPLAN_DATA_DIR for SQLite). Nothing was changed.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
