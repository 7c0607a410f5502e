"""samplan worker: runs the background work (e-mail, exports) stored by django-tasks.

The database backend's worker (django-tasks-db) under Samplan's name, in Norwegian: it runs
until it is stopped (Ctrl+C or SIGTERM lets the running task finish first); `--batch` runs what
is due and exits (for cron, or a test). Run one or more beside `samplan serve`; `samplan demo`
starts one itself.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.management.commands.db_worker import Worker

from samplan.core.commands import SamplanCommand


class Command(SamplanCommand):
    help = gettext_lazy(
        "Run the background work (e-mail and other slow work) until stopped; --batch runs what "
        "is due and exits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help=gettext_lazy("run the tasks that are due, then exit"),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help=gettext_lazy("seconds to wait when there is nothing to do (default: 1)"),
        )
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help=gettext_lazy("exit after this many tasks"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0 or (
            options["max_tasks"] is not None and options["max_tasks"] < 1
        ):
            raise CommandError(_("--interval must be 0 or more and --max-tasks 1 or more."))
        logger = logging.getLogger("django_tasks_db")
        if options["verbosity"] > 0 and not logger.handlers:
            logger.addHandler(logging.StreamHandler(self.stdout))
            logger.setLevel(logging.INFO)
            # Printed here once: not also by the root logger's console handler (settings.LOGGING,
            # which `samplan demo` sets to INFO), which printed every line twice.
            logger.propagate = False
        worker = Worker(
            queue_names=["*"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not options["batch"]:
            worker.configure_signals()
        worker.run()
