"""E-mail, always sent in the background.

A service that must send an e-mail calls `mail_enqueue(...)` inside its own transaction: the
message is stored as an `OutgoingMail` row and a django-tasks task is stored with it, so either
both the data and the e-mail are saved or neither is. `samplan worker` runs the task, which sends
through Django's e-mail backend (SMTP in production, configured by SAMPLAN_EMAIL_URL; the console
or a folder for `samplan demo`).

When the mail server cannot be reached, or answers with a temporary error, the task is stored
again to run later (the pause doubles: 1, 2, 4 … minutes by default), up to
settings.EMAIL_ATTEMPTS tries. A permanent refusal (the address does not exist: a 5xx answer) or
the last failed try marks the e-mail as failed, with the server's answer; the module that asked
for it reads that from `OutgoingMail` (a bounced receipt is shown on its submission) and nothing
is lost.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

# Errors after which a later try may succeed: the server is down, slow or busy.
TEMPORARY_ERRORS: tuple[type[BaseException], ...] = (
    OSError,  # refused, unreachable, timed out (socket.timeout is an OSError)
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    socket.gaierror,
)


# Set by `mail_silenced()`: e-mails asked for are stored as not sent, and no task sends them.
_silenced: ContextVar[bool] = ContextVar("samplan_mail_silenced", default=False)
SILENCED = "not sent: written while e-mail was silenced (example data)"


@contextmanager
def mail_silenced() -> Iterator[None]:
    """Write data without e-mailing anyone, e.g. the example data of `samplan demo` (its people
    and addresses are made up). The services run as always; an e-mail one of them asks for is
    stored as failed, with the reason, and no task is made to send it."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


@transaction.atomic
def mail_enqueue(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    purpose: str = "",
    reply_to: str = "",
) -> OutgoingMail:
    """Store an e-mail and the task that sends it, in the caller's transaction."""
    mail = OutgoingMail(
        to=", ".join(address.strip() for address in to if address.strip()),
        subject=subject.replace("\n", " ")[:250],
        body=body,
        purpose=purpose,
        reply_to=reply_to,
    )
    mail.full_clean()
    if _silenced.get():
        mail.status, mail.last_error = MailStatus.FAILED, SILENCED
        mail.save()
        return mail
    mail.save()
    mail_send.enqueue(mail.pk)
    return mail


def retry_pause(attempt: int) -> datetime.timedelta:
    """The pause before try `attempt + 1` (doubling from settings.EMAIL_RETRY_SECONDS)."""
    return datetime.timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** (attempt - 1))


def _deliver(mail: OutgoingMail) -> None:
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address.strip() for address in mail.to.split(",") if address.strip()],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    with get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT) as connection:
        connection.send_messages([message])


def _record(mail: OutgoingMail, status: str, error: str = "") -> None:
    mail.status = status
    mail.attempts += 1
    mail.last_error = error[:1000]
    if status == MailStatus.SENT:
        mail.sent_at = timezone.now()
    mail.save(update_fields=["status", "attempts", "last_error", "sent_at"])


@task()
def mail_send(mail_id: int) -> str:
    """Send one stored e-mail (run by the worker). Returns the e-mail's status."""
    mail = OutgoingMail.objects.filter(pk=mail_id).first()
    if mail is None or mail.status in (MailStatus.SENT, MailStatus.FAILED):
        return "gone" if mail is None else mail.status
    try:
        _deliver(mail)
    except smtplib.SMTPRecipientsRefused as error:
        _record(mail, MailStatus.FAILED, _describe(error))
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600
        _failed_try(mail, _describe(error), permanent=permanent)
    except TEMPORARY_ERRORS as error:
        _failed_try(mail, _describe(error), permanent=False)
    else:
        _record(mail, MailStatus.SENT)
    return mail.status


def _failed_try(mail: OutgoingMail, error: str, *, permanent: bool) -> None:
    """Record a failed try; try again later unless it was the last or the refusal is final."""
    last = mail.attempts + 1 >= settings.EMAIL_ATTEMPTS
    if permanent or last:
        _record(mail, MailStatus.FAILED, error)
        logger.warning("E-mail %s not sent, given up: %s", mail.pk, error)
        return
    _record(mail, MailStatus.RETRYING, error)
    later = timezone.now() + retry_pause(mail.attempts)
    mail_send.using(run_after=later).enqueue(mail.pk)
    logger.warning("E-mail %s not sent (%s), tried again after %s", mail.pk, error, later)


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(message: bytes | str) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)
