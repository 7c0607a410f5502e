"""The page cache on a real Redis (SAMPLAN_REDIS_URL): shared by app servers, invalidated per
municipality, and skipped with a warning when Redis stops. Each test module starts its own
redis-server on a free port (never the host's shared one)."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from django.urls import reverse

from samplan.core import freshness, installation
from samplan.core.rediscache import RedisCache
from samplan.plans.tests.factories import PlanFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    port = _free_port()
    directory: Path = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(  # noqa: S603 -- a fixed command
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", process
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_cache(redis_server, settings) -> Iterator[str]:
    url, _ = redis_server
    settings.CACHES = {
        "default": {
            "BACKEND": "samplan.core.rediscache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "samplan",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    freshness.clear()
    yield url
    freshness.clear()


def test_values_live_in_redis_and_a_write_cools_only_its_municipality(personas, redis_cache):
    import redis

    tydal, utsira = personas.municipality.pk, personas.other_municipality.pk
    calls: list[str] = []

    def read(knr: str) -> str:
        freshness.forget_request_version()
        return freshness.cached("test", lambda: calls.append(knr) or knr, municipality=knr)

    assert (read(tydal), read(utsira)) == (tydal, utsira)
    stored = redis.Redis.from_url(redis_cache).keys(f"samplan.{installation.fingerprint()}:*")
    assert stored  # in the shared Redis, under this installation's keys
    freshness._recent.clear()  # as a second app server, which has kept none of them
    assert (read(tydal), read(utsira)) == (tydal, utsira)
    assert calls == [tydal, utsira]  # a second app server reads the same keys

    PlanFactory(municipality=personas.other_municipality)  # a write in Utsira
    assert (read(tydal), read(utsira)) == (tydal, utsira)
    assert calls == [tydal, utsira, utsira]


def test_a_page_shows_a_write_at_once_through_redis(client, personas, redis_cache):
    plan = PlanFactory(title="Gammel plan")
    client.force_login(personas.editor)
    url = reverse("plans:list", args=[personas.municipality.number])
    assert "Gammel plan" in client.get(url).content.decode()

    plan.title = "Ny plan"
    plan.save()

    assert "Ny plan" in client.get(url).content.decode()


def test_a_deploy_does_not_read_values_pickled_by_the_code_before_it(redis_cache, monkeypatch):
    options = {"KEY_PREFIX": "samplan", "OPTIONS": {"socket_timeout": 0.2}}
    before = RedisCache(redis_cache, options)
    before.set("guidance_board", ("a value of the old shape",))
    assert RedisCache(redis_cache, options).get("guidance_board") == ("a value of the old shape",)

    monkeypatch.setattr(installation, "fingerprint", lambda: "0123456789abcdef" * 2)  # new code
    assert RedisCache(redis_cache, options).get("guidance_board") is None


def test_the_installation_fingerprint_follows_the_files_contents_not_their_times(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for root, mtime in ((first, 1_000_000), (second, 2_000_000)):
        (root / "app" / "templates").mkdir(parents=True)
        for name, text in (("app/views.py", "x = 1\n"), ("app/templates/page.html", "<p>")):
            (root / name).write_text(text)
            os.utime(root / name, (mtime, mtime))
        (root / "notes.md").write_text(str(mtime))  # not code: not in the digest
        (root / "app" / "tests").mkdir()
        (root / "app" / "tests" / "test_views.py").write_text(str(mtime))  # nor the tests
    assert installation.digest_of(first) == installation.digest_of(second)

    (second / "app" / "templates" / "page.html").write_text("<p class=x>")  # a changed template
    assert installation.digest_of(first) != installation.digest_of(second)


def test_a_redis_that_is_down_never_breaks_a_page(client, personas, caplog, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "samplan.core.rediscache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    freshness.clear()
    client.force_login(personas.editor)
    url = reverse("plans:health", args=[personas.municipality.number])

    with caplog.at_level(logging.WARNING, logger="samplan.core.freshness"):
        assert client.get(url).status_code == 200
    assert "Page cache unavailable" in caplog.text
    health = client.get("/healthz").json()
    assert (health["status"], health["cache"]) == ("degraded", "unavailable")
    freshness.clear()


def test_the_redis_client_is_made_once_and_shared_by_threads(redis_cache):
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import cache

    backend = cache._cache
    assert backend.get_client() is backend.get_client(write=True)  # one server: one pool
    with ThreadPoolExecutor(4) as threads:
        list(threads.map(lambda n: cache.set(f"t{n}", n * 1000, 60), range(40)))
        found = list(threads.map(lambda n: cache.get(f"t{n}"), range(40)))
    assert found == [n * 1000 for n in range(40)]


def test_small_values_are_kept_in_the_process_and_a_write_is_seen_at_once(personas, redis_cache):
    from django.core.cache import cache

    tydal = personas.municipality.pk
    reads: list[str] = []
    get = cache.get

    def counted(key: str, default: object = None) -> object:
        reads.append(key)
        return get(key, default)

    def read(name: str, value: object) -> object:
        freshness.forget_request_version()
        return freshness.cached(name, lambda: value, municipality=tydal)

    with patch.object(cache, "get", counted):
        big = "x" * (freshness.RECENT_VALUE_BYTES + 1)
        assert read("small", "a") == "a" and read("big", big) == big
        freshness._recent.clear()
        assert read("small", "-") == "a" and read("big", "-") == big  # from the store
        assert read("small", "-") == "a" and read("big", "-") == big
        assert len([key for key in reads if ":small:" in key]) == 2  # then kept in the process
        assert len([key for key in reads if ":big:" in key]) == 3  # too big: always the store's
        PlanFactory(municipality=personas.municipality)  # a write, through any server
        assert read("small", "b") == "b"
