"""A PostgreSQL server that accepts connections but never answers (a hung host, a full
backlog): /healthz must still answer, with 503 and JSON, instead of hanging the worker."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import AppServer, app_env

# No PostgreSQL is needed, so it runs once, in the SQLite run (the PostgreSQL run is longer).
pytestmark = pytest.mark.run_once("sqlite")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose kernel completes the TCP handshake while nobody ever reads or answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def test_healthz_answers_503_when_the_database_never_answers(
    silent_port: int, servers: list[AppServer], tmp_path: Path
) -> None:
    env = app_env(tmp_path / "data", f"postgres://postgres@127.0.0.1:{silent_port}/samplan")
    server = AppServer(env, tmp_path / "server.log")
    servers.append(server)
    server.start(healthy=False)
    # Longer than the connect timeout, shorter than gunicorn's 30 s worker timeout.
    asked = time.monotonic()
    response = server.client.get("/healthz", timeout=25)
    waited = time.monotonic() - asked
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/json"
    assert response.json()["database"] == "unreachable"
    print(f"\nsilent database: /healthz answered 503 after {waited:.1f} s")
