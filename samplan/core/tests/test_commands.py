"""The `samplan` commands speak Norwegian: messages, argparse's own texts and help, with --sprak."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation
from django.utils.translation import gettext

from samplan.core.commands import argparse_message, requested_language

SAMPLAN_COMMANDS = sorted(
    name for name, app in get_commands().items() if app.startswith("samplan.")
)


@pytest.mark.parametrize(
    ("message", "bokmaal", "nynorsk"),
    [
        (
            "the following arguments are required: --kommune, --periode",
            "disse argumentene mangler: --kommune, --periode",
            "desse argumenta manglar: --kommune, --periode",
        ),
        (
            "argument --format: invalid choice: 'docx' (choose from 'csv', 'xlsx')",
            "--format: ugyldig valg: 'docx' (velg mellom 'csv', 'xlsx')",
            "--format: ugyldig val: 'docx' (vel mellom 'csv', 'xlsx')",
        ),
        ("argument --kommune: expected one argument", "--kommune: mangler en verdi", None),
        ("argument year: invalid int value: 'x'", "year: ugyldig verdi for int: 'x'", None),
        (
            "unrecognized arguments: --fort",
            "ukjente argumenter: --fort",
            "ukjende argument: --fort",
        ),
        (
            "one of the arguments --kommune --alle is required",
            "ett av argumentene --kommune --alle må være med",
            None,
        ),
        # A message that is already ours (from an argparse type) passes through.
        (
            "argument --periode: «2024» er ikke en valgperiode",
            "--periode: «2024» er ikke en valgperiode",
            None,
        ),
    ],
)
def test_argparse_messages_are_translated(message, bokmaal, nynorsk):
    with translation.override("nb"):
        assert argparse_message(message) == bokmaal
    if nynorsk:
        with translation.override("nn"):
            assert argparse_message(message) == nynorsk


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["export", "--kommune", "5033", "--sprak", "nn"], "nn"),
        (["--sprak=en", "--json"], "en"),
        (["--sprak", "de"], None),
        (["--sprak"], None),
        (["--kommune", "5033"], None),
    ],
)
def test_the_language_is_found_anywhere_on_the_command_line(arguments, expected):
    assert requested_language(arguments) == expected


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                yield from _parsers(subparser)


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("name", SAMPLAN_COMMANDS)
def test_every_help_text_of_every_command_is_translated(name, language):
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("samplan", name)
    texts = [command.help] + [
        action.help
        for each in _parsers(parser)
        for action in each._actions
        if action.help not in (None, argparse.SUPPRESS)
    ]
    for text in texts:
        with translation.override("en"):
            english = str(text)
        with translation.override(language):
            assert gettext(str(text)) != english, f"{name}: untranslated help {english!r}"
    with translation.override(language):
        page = parser.format_help()
    assert page.startswith("bruk: samplan " + name)
    assert ("\nvalg:\n" if language == "nb" else "\nval:\n") in page


@pytest.fixture
def shell(tmp_path):
    """Run `samplan …` as from a shell, in an empty data directory (nothing here needs data)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAMPLAN_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env["SAMPLAN_DATA_DIR"] = str(tmp_path / "data")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "samplan.cli", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=480,
            check=False,
        )

    return run


def test_a_missing_argument_in_the_shell_gives_norwegian_usage_and_error(shell):
    result = shell("plans", "export")

    assert result.returncode == 2
    assert result.stderr.startswith("bruk: samplan plans export [-h] --kommune KNR")
    assert "samplan plans export: feil: disse argumentene mangler: --kommune" in result.stderr
    assert "usage" not in result.stderr and "error" not in result.stderr


def test_the_shell_error_follows_sprak_even_before_the_error(shell):
    result = shell("stats", "show", "--sprak", "nn")

    assert result.returncode == 2
    assert "samplan stats show: feil: desse argumenta manglar: --kommune" in result.stderr


def test_a_command_error_in_the_shell_is_one_norwegian_line(shell):
    result = shell("plantakt", "--kommune", "5033", "--periode", "2022")

    assert result.returncode == 1
    assert result.stderr.startswith("Feil: 2022 er ikke et kommunevalgår.")
    assert "CommandError" not in result.stderr


def test_samplan_without_a_command_prints_a_norwegian_overview(shell):
    result = shell()

    assert result.returncode == 0
    assert "samplan plans import|export|health|needs   planregisteret" in result.stdout
    assert "--out -" in result.stdout
