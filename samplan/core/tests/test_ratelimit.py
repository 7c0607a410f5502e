"""Per-IP limits on the public forms: counted in the database, per address, per window."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from samplan.core import ratelimit
from samplan.core.models import RateLimitCounter
from samplan.core.ratelimit import Limit, client_ip, hit
from samplan.settings import env_rate_limits
from samplan.strategy.example import example_strategy_create

RESET_URL = reverse("accounts:password_reset")


def reset(client, ip: str, email: str = "nobody@example.test"):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=ip)


@pytest.fixture
def low_limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login": (3, 900),
        "password_reset": (2, 3600),
        "public_document": (2, 600),
    }
    settings.LANGUAGE_CODE = "nb"
    return settings


def test_the_request_over_the_limit_gets_429_with_retry_after(client, db, low_limits):
    assert [reset(client, "10.1.1.1").status_code for _ in range(2)] == [302, 302]

    refused = reset(client, "10.1.1.1")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "For mange forespørsler" in page
    assert "429.html" in [template.name for template in refused.templates]


def test_another_address_is_not_affected(client, db, low_limits):
    for _ in range(3):
        reset(client, "10.1.1.1")

    assert reset(client, "10.1.1.2").status_code == 302
    assert reset(client, "10.1.1.1").status_code == 429


def test_getting_the_form_is_not_counted(client, db, low_limits):
    for _ in range(5):
        assert client.get(RESET_URL, REMOTE_ADDR="10.1.1.1").status_code == 200

    assert reset(client, "10.1.1.1").status_code == 302


def test_the_limit_ends_with_its_window(client, db, low_limits, monkeypatch):
    now = timezone.now()
    monkeypatch.setattr(ratelimit.timezone, "now", lambda: now)
    for _ in range(3):
        reset(client, "10.1.1.1")
    assert reset(client, "10.1.1.1").status_code == 429

    monkeypatch.setattr(ratelimit.timezone, "now", lambda: now + datetime.timedelta(hours=1))

    assert reset(client, "10.1.1.1").status_code == 302


def test_login_has_an_address_wide_limit_across_e_mail_addresses(client, personas, low_limits):
    statuses = [
        client.post(
            reverse("accounts:login"),
            {"username": f"user{number}@example.test", "password": "wrong-password"},
            REMOTE_ADDR="10.2.2.2",
        ).status_code
        for number in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    right = client.post(
        reverse("accounts:login"),
        {"username": personas.editor.email, "password": "test-passord-som-er-langt"},
        REMOTE_ADDR="10.2.2.3",
    )
    assert right.status_code == 302


def test_the_new_password_form_counts_with_the_reset_form(client, db, low_limits):
    url = reverse("accounts:password_reset_confirm", args=["MQ", "invalid-token"])
    for _ in range(2):
        reset(client, "10.3.3.3")

    assert client.post(url, {}, REMOTE_ADDR="10.3.3.3").status_code == 429


def test_the_public_strategy_document_is_limited(client, personas, low_limits):
    example_strategy_create(personas.municipality)
    url = reverse("strategy:public_document", args=["5033", 2023, "odt"])

    statuses = [client.get(url, REMOTE_ADDR="10.4.4.4").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_hit_counts_in_fixed_windows_and_says_how_long_to_wait(db):
    start = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
    limit = Limit(requests=2, seconds=600)

    waits = [
        hit("test", "10.0.0.9", limit, start + datetime.timedelta(seconds=s)) for s in range(3)
    ]
    later = hit("test", "10.0.0.9", limit, start + datetime.timedelta(seconds=599))
    next_window = hit("test", "10.0.0.9", limit, start + datetime.timedelta(seconds=600))

    assert waits == [0, 0, 598]
    assert later == 1
    assert next_window == 0
    assert RateLimitCounter.objects.get(window_start=start).count == 4


def test_a_new_window_prunes_rows_older_than_a_day(db):
    old = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)
    hit("test", "10.0.0.9", Limit(5, 60), old)
    hit("other", "10.0.0.8", Limit(5, 60), old)

    hit("test", "10.0.0.9", Limit(5, 60), old + datetime.timedelta(days=1, minutes=1))

    assert list(RateLimitCounter.objects.values_list("scope", "window_start")) == [
        ("test", old + datetime.timedelta(days=1, minutes=1))
    ]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "", "10.0.0.1"),
        (0, "10.0.0.1", "203.0.113.7", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "10.0.0.1", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left one is forged
        (2, "10.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "10.0.0.1", "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies
        (1, "10.0.0.1", "not-an-address", "unknown"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.RATE_LIMIT_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_limits_from_the_environment(monkeypatch):
    defaults = {"login": (60, 900), "password_reset": (10, 3600)}
    monkeypatch.setenv("SAMPLAN_RATE_LIMITS", "login=5/60")
    assert env_rate_limits("SAMPLAN_RATE_LIMITS", defaults) == {
        "login": (5, 60),
        "password_reset": (10, 3600),
    }
    for wrong in ("login=5", "unknown=1/60", "login=x/60", "login=5/0"):
        monkeypatch.setenv("SAMPLAN_RATE_LIMITS", wrong)
        with pytest.raises(ImproperlyConfigured):
            env_rate_limits("SAMPLAN_RATE_LIMITS", defaults)


@pytest.mark.run_once("postgresql")  # concurrent writers need PostgreSQL (SQLite locks)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_are_all_counted_without_errors(reference_data):
    threads_count, per_thread = 8, 10
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []
    limit = Limit(requests=1000, seconds=3600)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                hit("concurrent", "10.9.9.9", limit)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sum(RateLimitCounter.objects.values_list("count", flat=True)) == (
        threads_count * per_thread
    )
