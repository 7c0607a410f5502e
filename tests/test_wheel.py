"""The built wheel and sdist work without the source tree: installed into a fresh virtualenv
outside the checkout, Samplan's pages and its strategy document come out in Bokmål and Nynorsk,
with the example data in Tydal's language form (Bokmål), and no step after `pip install`.

The packages are built from a copy of the checkout's files (what git tracks, and new files it
does not ignore), so nothing an earlier build or `pip install -e .` left behind gets in.
Slow (it builds, installs from the package index and runs `samplan demo`), so it runs once, in
the SQLite run of `make test`. It is never skipped: when the build or an install fails, the
test fails and shows pip's output.
"""

from __future__ import annotations

import gettext
import io
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from samplan.municipalities.example import EXAMPLE_PASSWORD, EXAMPLE_USERS

pytestmark = pytest.mark.run_once("sqlite")

CHECKOUT = Path(__file__).resolve().parents[1]
CATALOGUES = {
    "nb": "samplan/locale/nb/LC_MESSAGES/django.mo",
    "nn": "samplan/locale/nn/LC_MESSAGES/django.mo",
}
SKIP_LINK = {"nb": "Hopp til hovedinnhold", "nn": "Hopp til hovudinnhald"}
# Tydal writes Bokmål, so the example strategy's texts are Bokmål in either document language.
EXAMPLE_TEXT = "Planstrategien er kommunestyrets verktøy"
LOG_TAIL = 12_000

# Run by the virtualenv's Python: the example planner's strategy page and the public page, with
# the language chosen by the language cookie, as a browser gets them.
PAGES_SCRIPT = """
import json, sys
import django

django.setup()
import samplan
from django.contrib.auth import get_user_model
from django.test import Client

planner = get_user_model().objects.get(email="planlegger@tydal.example")
pages = {"package": samplan.__file__}
for language in ("nb", "nn"):
    client = Client()
    client.cookies["samplan_sprak"] = language
    public = client.get("/offentlig/5033/planstrategi/2023/")
    client.force_login(planner)
    workspace = client.get("/kommune/5033/planstrategi/2023/")
    pages[language] = [
        {
            "status": response.status_code,
            "language": response.headers.get("Content-Language"),
            "html": response.content.decode(),
        }
        for response in (public, workspace)
    ]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(pages, out)
"""


def _text(output: str | bytes | None) -> str:
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def run(args: list[str | Path], *, what: str, cwd: Path, env: dict[str, str]) -> str:
    """Run a command; on failure, fail the test with the command and its output."""
    command = [str(arg) for arg in args]
    try:
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900
        )
    except subprocess.TimeoutExpired as error:
        output = _text(error.stdout) + _text(error.stderr)
        pytest.fail(
            f"{what}: no answer after {error.timeout} s\n$ {shlex.join(command)}\n"
            f"{output[-LOG_TAIL:]}",
            pytrace=False,
        )
    if result.returncode != 0:
        output = result.stdout + result.stderr
        pytest.fail(
            f"{what} failed (exit code {result.returncode})\n$ {shlex.join(command)}\n"
            f"{output[-LOG_TAIL:]}",
            pytrace=False,
        )
    return result.stdout


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without Samplan's, Django's or a virtualenv's settings, so nothing
    points back into the checkout or at another database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAMPLAN_", "DJANGO_"))
        and key not in {"DATABASE_URL", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


UV = Path(sys.executable).parent / "uv"  # installed into .venv by `make install-dev`


def pip(*args: str | Path, what: str, cwd: Path) -> str:
    """This virtualenv's pip (`--python` points it at another environment)."""
    return run([sys.executable, "-m", "pip", *args], what=what, cwd=cwd, env=clean_env())


def assert_compiled_catalogues(read: Callable[[str], bytes | None], where: str) -> None:
    """Each catalogue is a compiled .mo that translates the skip link into its language;
    `read` gives a file of the package by its path, or None when it is not there."""
    for language, name in CATALOGUES.items():
        data = read(name)
        assert data is not None, f"{where} has no {name}: the build did not compile the catalogues"
        translated = gettext.GNUTranslations(io.BytesIO(data)).gettext("Skip to main content")
        assert translated == SKIP_LINK[language], f"{where}: {name} says {translated!r}"


def pdf_text(path: Path) -> str:
    """The PDF's text with whitespace normalised (line breaks fall anywhere)."""
    return " ".join("".join(page.extract_text() for page in PdfReader(path).pages).split())


@dataclass(frozen=True)
class Installed:
    venv: Path
    env: dict[str, str]
    work: Path
    demo_output: str = ""  # what the first `samplan demo --no-serve` printed

    def samplan(self, *args: str | Path, what: str) -> str:
        return run([self.venv / "bin" / "samplan", *args], what=what, cwd=self.work, env=self.env)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout as a clean clone has it, with the uncommitted changes: the files git tracks
    and the new ones it does not ignore. Leaves out what earlier builds and installs left behind
    (build/, *.egg-info, compiled .mo files), which would otherwise end up in the packages."""
    listed = run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        what="Listing the checkout's files",
        cwd=CHECKOUT,
        env=clean_env(),
    )
    copy = tmp_path_factory.mktemp("source")
    for name in filter(None, listed.split("\0")):
        original = CHECKOUT / name
        if original.is_file():  # not a file deleted in the work tree
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(original, copy / name)
    return copy


@pytest.fixture(scope="module")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    pip("wheel", "--no-deps", "--wheel-dir", dist, source, what="Building the wheel", cwd=dist)
    wheels = list(dist.glob("samplan-*.whl"))
    assert len(wheels) == 1, f"expected one Samplan wheel in {dist}, found {wheels}"
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel and its dependencies in a fresh virtualenv outside the checkout, with the
    example installation (`samplan demo --no-serve`) in its own data folder."""
    work = tmp_path_factory.mktemp("installed")
    venv = work / "venv"
    run(
        [sys.executable, "-m", "venv", "--without-pip", venv],
        what="Creating the virtualenv",
        cwd=work,
        env=clean_env(),
    )
    # The wheel's dependencies as its metadata names them, resolved and installed by uv (the
    # installer `make install` uses; it installs the same packages as pip, from its cache, in
    # a fifth of pip's time). Python compiles what the commands below import, not all of
    # Django's files.
    python = venv / "bin" / "python"
    if UV.exists():
        install = [UV, "pip", "install", "--python", python, wheel]
    else:  # as `make install` does without uv
        install = [sys.executable, "-m", "pip", "--python", python, "install", wheel]
    run(install, what="Installing the wheel and its dependencies", cwd=work, env=clean_env())
    # An English environment must not matter: the UI language comes from the request and
    # the example data is written in Tydal's language form.
    env = clean_env(
        DJANGO_SETTINGS_MODULE="samplan.settings",
        SAMPLAN_DATA_DIR=str(work / "data"),
        SAMPLAN_HTTPS="false",
        SAMPLAN_ALLOWED_HOSTS="testserver",
        LANGUAGE="en",
        LC_ALL="C.UTF-8",
    )
    installation = Installed(venv=venv, env=env, work=work)
    output = installation.samplan("demo", "--no-serve", what="samplan demo --no-serve")
    return Installed(venv=venv, env=env, work=work, demo_output=output)


def test_the_installed_demo_prepares_the_example_installation_and_can_run_again(installed):
    """`samplan demo` on an empty database (the fixture's run: `migrate`, the 357
    municipalities, the SSB snapshot, the example workspace), then once more: nothing twice."""
    first = installed.demo_output
    second = installed.samplan("demo", "--no-serve", what="samplan demo --no-serve, again")

    for example in EXAMPLE_USERS:
        assert example.email in first
    assert EXAMPLE_PASSWORD in first
    assert "357 opprettet" in first
    assert "0 opprettet, 0 oppdatert, 357 uendret" in second
    assert "SSB-øyeblikksbildet er lastet inn: 2611 serier" in first
    database = installed.work / "data" / "samplan.sqlite3"
    with sqlite3.connect(database) as db:
        count = lambda table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: E731
        # The guidance example adds the intercommunal plan office and its planner.
        assert count("accounts_user") == len(EXAMPLE_USERS) + 1
        assert count("municipalities_organisation") == 3
        assert count("municipalities_membership") == len(EXAMPLE_USERS) + 1
        assert count("guidance_thread") == 2  # made once, not again on the second run
        # The example comments e-mail nobody: no e-mail waits for the worker, no task is stored.
        assert count("django_tasks_database_dbtaskresult") == 0
        assert (
            db.execute(
                "SELECT COUNT(*) FROM core_outgoingmail WHERE status != 'feilet'"
            ).fetchone()[0]
            == 0
        )
        assert count("municipalities_municipality") == 357
        assert count("stats_series") == 373 * 7  # the SSB snapshot, loaded once, not twice
        assert (
            db.execute(
                "SELECT COUNT(*) FROM municipalities_organisation WHERE NOT is_example"
            ).fetchone()[0]
            == 0
        )


def test_the_wheel_holds_the_compiled_catalogues(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert_compiled_catalogues(
            lambda name: archive.read(name) if name in names else None, wheel.name
        )


def test_the_installed_wheel_serves_pages_in_bokmaal_and_nynorsk(installed):
    script = installed.work / "pages.py"
    script.write_text(PAGES_SCRIPT, encoding="utf-8")
    result = installed.work / "pages.json"
    run(
        [installed.venv / "bin" / "python", script, result],
        what="Fetching pages with the installed Samplan",
        cwd=installed.work,
        env=installed.env,
    )
    pages = json.loads(result.read_text(encoding="utf-8"))

    assert Path(pages["package"]).is_relative_to(installed.venv), pages["package"]
    for language, other in (("nb", "nn"), ("nn", "nb")):
        for page in pages[language]:
            assert page["status"] == 200
            assert page["language"] == language
            assert f'<html lang="{language}"' in page["html"]
            assert SKIP_LINK[language] in page["html"]
            assert SKIP_LINK[other] not in page["html"]
        # The example workspace's name was written in Norwegian by `samplan demo`.
        assert "Tydal kommune" in pages[language][1]["html"]


def test_the_installed_wheel_exports_the_strategy_in_bokmaal_and_nynorsk(installed):
    texts = {}
    for language in ("nb", "nn"):
        out = installed.work / f"planstrategi-{language}.pdf"
        export = f"planstrategi export --kommune 5033 --periode 2023-2027 --sprak {language}"
        installed.samplan(
            *export.split(), "--format", "pdf", "--out", out, what=f"samplan {export}"
        )
        texts[language] = pdf_text(out)

    assert "Innledning" in texts["nb"] and "Utfordringsbildet" in texts["nb"]
    assert "Innleiing" in texts["nn"] and "Utfordringsbiletet" in texts["nn"]
    assert "Innleiing" not in texts["nb"] and "Innledning" not in texts["nn"]
    for text in texts.values():
        assert "Introduction" not in text
        assert EXAMPLE_TEXT in text


def test_the_sdist_installs_with_the_compiled_catalogues(source, tmp_path):
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", dist, source],
        what="Building the sdist",
        cwd=tmp_path,
        env=clean_env(),
    )
    sdists = list(dist.glob("samplan-*.tar.gz"))
    assert len(sdists) == 1, f"expected one Samplan sdist in {dist}, found {sdists}"
    sdist = sdists[0]
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert any(name.endswith("/locale/nb/LC_MESSAGES/django.po") for name in names)
    assert not [name for name in names if name.endswith(".mo")], "the sdist carries .mo files"

    target = tmp_path / "installed"
    pip(
        *("install", "--no-deps", "--no-compile", "--target", target, sdist),
        what="Installing the sdist",
        cwd=tmp_path,
    )

    assert_compiled_catalogues(
        lambda name: (target / name).read_bytes() if (target / name).is_file() else None,
        "the installed sdist",
    )
