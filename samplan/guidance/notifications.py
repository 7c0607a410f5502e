"""E-mail notifications of guidance threads.

One function sends them, after the transaction that wrote the comment commits (nothing is sent
for a comment that was rolled back). It uses Django's mail API directly; when the background
worker of the participation module is in place, `notify` hands the message to it instead, and
its callers stay as they are."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def notify(*, subject: str, body: str, recipients: Iterable[str]) -> None:
    """Send `body` to each recipient once the current transaction commits (one e-mail each,
    so that no recipient sees the others' addresses). A failing mail server is logged, never
    undoes the comment."""
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return

    def send() -> None:
        for address in addresses:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            except Exception:  # noqa: BLE001 -- any failure of the mail server: log it
                logger.exception("Guidance e-mail to %s not sent", address)

    transaction.on_commit(send)
