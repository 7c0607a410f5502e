"""Settings and the `samplan` command, run as real processes with a clean environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The parent's environment without any Samplan or database settings, data in tmp_path."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAMPLAN_", "DJANGO_")) and key != "DATABASE_URL"
    }
    clean["SAMPLAN_DATA_DIR"] = str(tmp_path / "data")
    return clean


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=480
    )


def samplan(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return run(["-m", "samplan.cli", *args], env, cwd)


def production_env(env: dict[str, str]) -> dict[str, str]:
    return {
        **env,
        "SAMPLAN_SECRET_KEY": secrets.token_urlsafe(48)[:64],
        "SAMPLAN_HTTPS": "true",
        "DJANGO_SETTINGS_MODULE": "samplan.settings",
    }


def test_deploy_check_passes_with_production_settings(env, tmp_path):
    result = run(
        ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(env),
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_samplan_deploy_check_passes_behind_a_proxy_with_limits(env, tmp_path):
    """The typical production set-up of the README: a load balancer in front, debug off, own
    per-IP limits; `samplan check --deploy` reports nothing, not even a warning."""
    environment = {
        **production_env(env),
        "SAMPLAN_DEBUG": "false",
        "SAMPLAN_BEHIND_PROXY": "true",
        "SAMPLAN_PROXY_COUNT": "1",
        "SAMPLAN_RATE_LIMITS": "login=30/600,password_reset=5/3600",
        "SAMPLAN_ALLOWED_HOSTS": "samplan.example.no",
        "SAMPLAN_CSRF_TRUSTED_ORIGINS": "https://samplan.example.no",
    }

    result = samplan(["check", "--deploy", "--fail-level", "WARNING"], environment, tmp_path)

    assert result.returncode == 0, result.stderr
    # The one silenced check: the i18n template library's name (test_translate_tag.py).
    assert "System check identified no issues (1 silenced)" in result.stdout
    assert settings.SILENCED_SYSTEM_CHECKS == ["templates.W003"]
    assert "WARNING" not in result.stderr + result.stdout


def test_deploy_check_fails_without_https(env, tmp_path):
    """The check above is real: plain http in production is reported."""
    result = run(
        ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        {**production_env(env), "SAMPLAN_HTTPS": "false"},
        tmp_path,
    )

    assert result.returncode != 0
    assert "security.W" in result.stderr


def test_deploy_check_fails_with_the_development_secret_key(env, tmp_path):
    environment = production_env(env)
    del environment["SAMPLAN_SECRET_KEY"]

    result = run(
        ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"], environment, tmp_path
    )

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_check_with_an_unsupported_database_url_fails_with_a_clear_message(env, tmp_path):
    result = samplan(["check"], {**env, "DATABASE_URL": "mysql://x"}, tmp_path)

    assert result.returncode != 0
    assert "DATABASE_URL must start with postgres://" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_yes_no_setting_fails_with_a_clear_message(env, tmp_path):
    result = samplan(["check"], {**env, "SAMPLAN_HTTPS": "kanskje"}, tmp_path)

    assert result.returncode != 0
    assert "SAMPLAN_HTTPS must be true or false" in result.stderr


def test_load_municipalities_from_a_missing_file_says_nothing_was_loaded(env, tmp_path):
    result = samplan(["load-municipalities", "--file", "/nonexistent"], env, tmp_path)

    assert result.returncode != 0
    assert "Ingenting ble lastet inn" in result.stderr
    assert "/nonexistent" in result.stderr


# `samplan demo` on an empty database, run twice: tests/test_wheel.py, with the installed wheel
# (one migration from scratch for both checks, as a new installation runs it).


def test_wsgi_refuses_to_start_with_the_development_secret_key(env, tmp_path):
    environment = {**env, "DJANGO_SETTINGS_MODULE": "samplan.settings"}

    result = run(["-c", "import samplan.wsgi"], environment, tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SAMPLAN_SECRET_KEY" in result.stderr


def test_wsgi_refuses_to_start_with_a_short_secret_key(env, tmp_path):
    environment = {**env, "SAMPLAN_SECRET_KEY": "too-short"}

    result = run(["-c", "import samplan.wsgi"], environment, tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_wsgi_starts_with_a_long_random_secret_key(env, tmp_path):
    result = run(["-c", "import samplan.wsgi"], production_env(env), tmp_path)

    assert result.returncode == 0, result.stderr


def test_prepared_statements_are_on_unless_switched_off(env, tmp_path):
    show = (
        "import django; django.setup(); from django.conf import settings; "
        "options = settings.DATABASES['default']['OPTIONS']; "
        "print(options.get('server_side_binding'), options.get('prepare_threshold'))"
    )
    database = {
        **env,
        "DATABASE_URL": "postgres://samplan@127.0.0.1:5432/samplan",
        "DJANGO_SETTINGS_MODULE": "samplan.settings",
    }

    on = run(["-c", show], database, tmp_path)
    off = run(["-c", show], {**database, "SAMPLAN_DB_PREPARE": "false"}, tmp_path)

    assert off.stdout.split() == ["None", "None"], off.stderr
    assert on.stdout.split() == ["True", "1"], on.stderr
