"""E-mail through the background worker to a real SMTP server (aiosmtpd), and what happens
when the server is down or refuses the address."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samplan.core.mail import mail_enqueue, retry_pause
from samplan.core.models import MailStatus, OutgoingMail

from .smtp import free_port, run_worker, smtp_settings

pytestmark = pytest.mark.django_db


def test_an_enqueued_mail_is_sent_by_the_worker_and_arrives(smtp_server):
    mail = mail_enqueue(
        to=["innbygger@example.no"], subject="Kvittering", body="Takk for innspillet ditt."
    )
    assert smtp_server.messages == []  # nothing is sent in the request

    run_worker()

    [message] = smtp_server.to("innbygger@example.no")
    assert message["Subject"] == "Kvittering"
    assert "Takk for innspillet ditt." in message.get_content()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 1)


def test_a_mail_server_that_is_down_leaves_the_mail_to_be_tried_again(smtp_server):
    with override_settings(**smtp_settings(free_port())):  # nobody listens there
        mail = mail_enqueue(to=["a@example.no"], subject="Hei", body="Tekst")
        run_worker()
    mail.refresh_from_db()
    assert mail.status == MailStatus.RETRYING
    assert mail.attempts == 1
    assert "Error" in mail.last_error or "refused" in mail.last_error.lower()
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert waiting.run_after >= timezone.now() + retry_pause(1) - datetime.timedelta(seconds=5)
    run_worker()  # not due yet: nothing happens
    assert smtp_server.messages == []

    with time_machine.travel(waiting.run_after + datetime.timedelta(seconds=1)):
        run_worker()  # the server is up again

    assert len(smtp_server.to("a@example.no")) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)


def test_a_refused_address_is_marked_as_failed_and_not_tried_again(smtp_server):
    smtp_server.refuse.add("finnes.ikke@example.no")
    mail = mail_enqueue(to=["finnes.ikke@example.no"], subject="Hei", body="Tekst")

    run_worker()

    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED
    assert "550" in mail.last_error
    assert not DBTaskResult.objects.filter(status="READY").exists()


@override_settings(EMAIL_ATTEMPTS=2, EMAIL_RETRY_SECONDS=1)
def test_the_last_failed_try_gives_up_and_keeps_the_error():
    with override_settings(**smtp_settings(free_port())):
        mail = mail_enqueue(to=["b@example.no"], subject="Hei", body="Tekst")
        run_worker()
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
            run_worker()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, 2)
    assert OutgoingMail.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://post%40kommune.no:hemmelig@smtp.example.no",
            {"EMAIL_HOST": "smtp.example.no", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True},
        ),
        ("smtps://smtp.example.no", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp+plain://localhost:2525", {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": False}),
        ("file:///tmp/e-post", {"EMAIL_FILE_PATH": "/tmp/e-post"}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_samplan_email_url_gives_the_email_settings(url, expected):
    from samplan.settings import email_settings

    found = email_settings(url)
    assert {key: found[key] for key in expected} == expected
    if url.startswith("smtp://"):
        assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == (
            "post@kommune.no",
            "hemmelig",
        )


@pytest.mark.parametrize("url", ["http://example.no", "smtp://", "smtp://host:port"])
def test_a_wrong_samplan_email_url_is_refused_with_the_forms_it_may_take(url):
    from django.core.exceptions import ImproperlyConfigured

    from samplan.settings import email_settings

    with pytest.raises(ImproperlyConfigured):
        email_settings(url)


def test_the_worker_prints_each_line_once(caplog):
    """`samplan demo` runs the worker with the root logger at INFO: a line the worker prints
    itself must not also reach the root logger's console handler (it was printed twice)."""
    import io
    import logging
    from unittest import mock

    from django.core.management import call_command

    logger = logging.getLogger("django_tasks_db")
    handlers, propagate, level = list(logger.handlers), logger.propagate, logger.level
    logger.handlers.clear()
    out = io.StringIO()
    try:
        with (
            caplog.at_level(logging.INFO),
            mock.patch(
                "django_tasks_db.management.commands.db_worker.close_old_connections",
                lambda: None,
            ),
        ):
            call_command("worker", "--batch", stdout=out)
    finally:
        logger.handlers[:] = handlers
        logger.propagate, logger.level = propagate, level

    assert out.getvalue().count("Starting worker") == 1
    assert not [record for record in caplog.records if record.name == "django_tasks_db"]
