"""Start the test OpenID Connect provider (server.py) in its own process and steer it over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

SERVER = Path(__file__).resolve().parent / "server.py"


@dataclass
class OidcTestProvider:
    """A running provider: its issuer address and the controls the tests use."""

    issuer: str
    process: subprocess.Popen

    def _control(self, what: str, **data: Any) -> dict[str, Any]:
        response = httpx.post(f"{self.issuer}/_control/{what}", json=data, timeout=10)
        response.raise_for_status()
        return response.json()

    def add_client(self, client_id: str, client_secret: str, redirect_uris: list[str]) -> None:
        self._control(
            "client",
            client_id=client_id,
            client_secret=client_secret,
            redirect_uris=redirect_uris,
        )

    def add_user(self, email: str, **claims: Any) -> str:
        """A user who may log in; returns their subject (`sub`)."""
        claims.setdefault("email_verified", True)
        return self._control("user", email=email, **claims)["sub"]

    def set_mode(self, mode: str, **options: Any) -> None:
        self._control("mode", mode=mode, **options)

    def logouts(self) -> list[dict[str, str]]:
        """The RP-initiated logouts the provider was asked for, oldest first."""
        response = httpx.get(f"{self.issuer}/_control/logouts", timeout=10)
        response.raise_for_status()
        return response.json()["logouts"]

    def reset(self) -> None:
        self._control("reset")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck provider
            self.process.kill()
            self.process.wait()


def start_provider() -> OidcTestProvider:
    """Start the provider on a free port and wait until it listens."""
    process = subprocess.Popen(
        [sys.executable, str(SERVER), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    line = process.stdout.readline() if process.stdout else ""
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(f"the test OIDC provider did not start: {line!r}")
    return OidcTestProvider(issuer=line.split()[1], process=process)


@contextmanager
def running_provider() -> Iterator[OidcTestProvider]:
    """A provider for a test module (or session): started once, stopped at the end."""
    provider = start_provider()
    try:
        yield provider
    finally:
        provider.stop()
