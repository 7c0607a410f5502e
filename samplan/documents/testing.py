"""Test fixtures (a pytest plugin, see conftest.py): LibreOffice for the ODT tests, which
convert each document headless and read its text back.

Without LibreOffice the ODT round-trip tests are skipped, except with CI=true, where nothing may
be skipped (`make test` installs libreoffice-writer-nogui with apt-get when it runs as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"{reason} (CI=true: the ODT tests must run)", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture
def odt_text(soffice: str, tmp_path: Path) -> Callable[[bytes], str]:
    """Open ODT bytes in LibreOffice (headless, own profile) and return the plain text it reads."""

    def convert(data: bytes) -> str:
        source = tmp_path / "document.odt"
        source.write_bytes(data)
        profile = (tmp_path / "profile").as_uri()
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                str(tmp_path / "out"),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        target = tmp_path / "out" / "document.txt"
        assert result.returncode == 0 and target.exists(), (result.stdout, result.stderr)
        return target.read_text(encoding="utf-8-sig")

    return convert
