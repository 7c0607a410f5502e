"""samplan demo: everything a newcomer needs, on SQLite, in one command.

Creates or upgrades the database, loads the reference data, creates the example workspace and
users, collects static files and serves on http://127.0.0.1:8000 (gunicorn), with a background
worker (`samplan worker`) beside it that prints the e-mails it sends.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.core.mail import mail_silenced
from samplan.core.modules import modules
from samplan.municipalities.example import (
    EXAMPLE_MUNICIPALITY,
    EXAMPLE_PASSWORD,
    example_data_create,
)
from samplan.municipalities.models import Municipality
from samplan.municipalities.services import ReferenceDataError


def local_secret_key(data_dir: Path) -> str:
    """A secret key kept in the data folder, made once, never committed."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(64)
    data_dir.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(key, encoding="utf-8")
    return key


class Command(SamplanCommand):
    help = gettext_lazy("Prepare the example installation (SQLite) and serve it on 127.0.0.1.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=8000, help=gettext_lazy("port (default: 8000)")
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=gettext_lazy("prepare everything and exit (for scripts)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(_("--port must be between 1 and 65535."))
        database = settings.DATABASES["default"]
        self.stdout.write(
            _("Database: %(engine)s %(name)s")
            % {"engine": database["ENGINE"].rsplit(".", 1)[-1], "name": database["NAME"]}
        )
        call_command("migrate", interactive=False, verbosity=0)
        try:
            call_command("load_municipalities", stdout=self.stdout)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        call_command("stats", "load", stdout=self.stdout)
        # The example people's addresses are made up: nobody is e-mailed (a comment in a
        # guidance thread would otherwise tell the planners).
        with mail_silenced():
            users = example_data_create()
            tydal = Municipality.objects.get(number=EXAMPLE_MUNICIPALITY)
            for module in modules():
                if module.example_data is not None:
                    module.example_data(tydal)
        call_command("collectstatic", interactive=False, verbosity=0)

        self.stdout.write(self.style.SUCCESS("\n" + _("Samplan is ready, with example data.")))
        self.stdout.write(
            _("Log in with one of these example users (password for all: %(password)s):")
            % {"password": EXAMPLE_PASSWORD}
        )
        for user in users:
            self.stdout.write(f"  {user.email:<30} {user.description}")
        if options["no_serve"]:
            return
        self.stdout.write(
            "\n"
            + _("Open %(address)s in your browser. Stop with Ctrl+C.")
            % {"address": f"http://127.0.0.1:{port}/"}
            + "\n"
        )
        self.stdout.flush()
        env = dict(os.environ)
        env.setdefault("SAMPLAN_SECRET_KEY", local_secret_key(settings.DATA_DIR))
        env.setdefault("SAMPLAN_HTTPS", "false")
        env.setdefault("SAMPLAN_DATA_DIR", str(settings.DATA_DIR))
        env.setdefault("SAMPLAN_LOG_LEVEL", "INFO")
        # The background worker beside the server: e-mail is printed here (console), or put in
        # a folder with SAMPLAN_EMAIL_URL=file:///folder. It gets Ctrl+C with the server.
        subprocess.Popen([sys.executable, "-m", "samplan.cli", "worker"], env=env)  # noqa: S603
        args_ = [
            sys.executable,
            "-m",
            "gunicorn",
            "samplan.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ]
        os.execve(sys.executable, args_, env)
