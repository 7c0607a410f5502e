"""samplan serve: the production server (gunicorn), with static files served by WhiteNoise."""

from __future__ import annotations

import fcntl
import hashlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand


class Command(SamplanCommand):
    help = gettext_lazy(
        "Serve Samplan in production with gunicorn (set SAMPLAN_SECRET_KEY and DATABASE_URL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("SAMPLAN_BIND", "0.0.0.0:8000"),
            help=gettext_lazy("address and port (default: SAMPLAN_BIND or 0.0.0.0:8000)"),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("SAMPLAN_WORKERS", "3")),
            help=gettext_lazy("number of worker processes (default: SAMPLAN_WORKERS or 3)"),
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help=gettext_lazy("apply database migrations before serving"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
            raise CommandError(
                _("SAMPLAN_SECRET_KEY is not set. Generate one with: %(command)s")
                % {"command": "python -c 'import secrets; print(secrets.token_urlsafe(64))'"}
            )
        if options["workers"] < 1:
            raise CommandError(_("--workers must be at least 1."))
        with _one_at_a_time(Path(settings.STATIC_ROOT)):
            if options["migrate"]:
                call_command("migrate", interactive=False)
            _collect_static(Path(settings.STATIC_ROOT))
        self.stdout.write(
            _("Serving Samplan on %(bind)s with %(workers)s workers.")
            % {"bind": options["bind"], "workers": options["workers"]}
        )
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "samplan.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("SAMPLAN_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        os.execv(sys.executable, argv)


@contextmanager
def _one_at_a_time(static_root: Path) -> Iterator[None]:
    """Let one server at a time collect static files (and migrate) on a host.

    Two servers started together on one machine share STATIC_ROOT: without the lock one deletes
    or renames a file the other is compressing, and that server exits at start.
    """
    static_root.parent.mkdir(parents=True, exist_ok=True)
    with open(static_root.parent / ".samplan-serve.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _collect_static(static_root: Path) -> None:
    """`collectstatic`, unless the files were collected from exactly these sources already (a
    second server on the host, or a restart): WhiteNoise hashes and compresses every file each
    time, which takes a while on a small machine."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(repr(settings.STORAGES.get("staticfiles")).encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list(["CVS", ".*", "*~"]), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    stamp = static_root / ".samplan-collected"
    if stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())
