"""The `samplan` command: Django's management commands with Samplan's own names.

The commands speak Bokmål (see samplan.core.commands). The texts in this module (the overview,
and the messages for broken settings or an unreachable database) are written in Bokmål directly,
not through gettext: they are printed before Django is set up, or because its set-up failed.
"""

from __future__ import annotations

import os
import sys

USAGE = """\
samplan demo [--port 8000] [--no-serve]   eksempeldata på SQLite, på 127.0.0.1
samplan serve [--bind 0.0.0.0:8000]        produksjonsserveren (gunicorn)
samplan worker [--batch]                   bakgrunnsarbeid: e-post, eksport
samplan load-municipalities [--file F]     last inn eller oppdater grunndataene
samplan seed-scale [--kommuner 357]        syntetiske arbeidsrom for skala og ytelse
samplan stats load|refresh|show            statistikk fra SSB
samplan plans import|export|health|needs   planregisteret
samplan plantakt --kommune KNR --periode P fristene i en valgperiode
samplan planstrategi export ...            planstrategien som ODT eller PDF/A
samplan mal import-budsjett|rapport ...    budsjettlinjer og årsrapporten om måloppnåelse
samplan plantakt-data ...                  rett valgdager og fristregler
samplan organisation ...                   organisasjoner og medlemmer
samplan backup | restore                   sikkerhetskopi av databasen
samplan sso-rotate                         krypter SSO-klienthemmeligheter med ny nøkkel
samplan <Django-kommando>                  f.eks. samplan migrate, samplan check --deploy

samplan help <kommando> viser hjelpen til en kommando; samplan help viser alle kommandoene.
Kommandoene svarer på bokmål; --sprak nn|en der det gjelder. Med -, f.eks. --out -, skrives
utdata til standard ut.\
"""

ALIASES = {
    "load-municipalities": "load_municipalities",
    "compile-translations": "compile_translations",
    "seed-scale": "seed_scale",
    "plantakt-data": "plantakt_data",
    "sso-rotate": "sso_rotate",
}


def main(argv: list[str] | None = None) -> int:
    """Run a Samplan or Django management command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samplan.settings")
    if argv and argv[0] in ALIASES:
        argv[0] = ALIASES[argv[0]]
    if not argv:
        print(USAGE)
        return 0
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(["samplan", *argv])
    except BrokenPipeError:
        # The reader went away (e.g. `samplan plantakt … | head`): stop quietly, as Unix tools
        # do, and keep Python from complaining about the unflushed output at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except ImproperlyConfigured as error:
        print(f"samplan: feil i innstillingene: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        print(
            f"samplan: databasen kan ikke nås eller brukes: {first_line}\n"
            "Sjekk DATABASE_URL (eller SAMPLAN_DATA_DIR for SQLite). Ingenting ble endret.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
