"""Samplan settings: one file, driven by environment variables (listed in README.md).

SQLite under SAMPLAN_DATA_DIR by default; PostgreSQL when DATABASE_URL is set.
Production (the default) expects HTTPS and a secret from the environment; `samplan demo`
sets SAMPLAN_HTTPS=false and a locally generated secret for http://127.0.0.1.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent

# A key that is only good for tests and local development. `samplan serve` and the WSGI
# entry point refuse to run with it (see samplan.wsgi).
DEVELOPMENT_SECRET_KEY = "django-insecure-samplan-development-only-never-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable (1/0, true/false, yes/no, ja/nei)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on", "ja"}:
        return True
    if value in {"0", "false", "no", "off", "nei"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("SAMPLAN_DEBUG", False)
# `make bench` only: serve Django's minimal "hello" view at /bench/hello, the framework's floor.
BENCH_HELLO = env_bool("SAMPLAN_BENCH", False)
SECRET_KEY = os.environ.get("SAMPLAN_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
# Old secret keys during a key rotation (comma-separated): sessions, reset links and the single
# sign-on client secrets made under them stay valid until `samplan sso-rotate` (docs/sso.md).
SECRET_KEY_FALLBACKS = env_list("SAMPLAN_SECRET_KEY_FALLBACKS", "")
# Seconds Samplan waits for an organisation's OpenID Connect provider (docs/sso.md).
SAMPLAN_SSO_TIMEOUT = float(os.environ.get("SAMPLAN_SSO_TIMEOUT", "10"))
DATA_DIR = Path(os.environ.get("SAMPLAN_DATA_DIR", "var")).resolve()
HTTPS = env_bool("SAMPLAN_HTTPS", True)

ALLOWED_HOSTS = env_list("SAMPLAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("SAMPLAN_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SAMPLAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "samplan.core",
    "samplan.accounts",
    "samplan.municipalities",
    "samplan.plans",
    "samplan.documents",
    "samplan.strategy",
    "samplan.stats",
    "samplan.plantakt",
    "samplan.politics",
    "samplan.processes",
    "samplan.goals",
    "samplan.participation",
    "samplan.guidance",
    "samplan.api",
    "samplan.archive",
    "samplan.feeds",
    "samplan.sso",
    "samplan.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "samplan.accounts.middleware.AuthenticationMiddleware",
    "samplan.core.freshness.FreshnessMiddleware",
    "samplan.municipalities.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "samplan.municipalities.middleware.OldNumberMiddleware",
]

ROOT_URLCONF = "samplan.urls"
WSGI_APPLICATION = "samplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samplan.municipalities.context_processors.samplan",
            ],
            # Django's i18n library, with a fixed text's {% translate %} translated once per
            # language (core/templatetags/translations.py).
            "libraries": {"i18n": "samplan.core.templatetags.translations"},
        },
    }
]
# That library is meant to take the name of Django's own `i18n`, which Django's check of template
# libraries with the same name (templates.W003) warns about; core/tests/test_translate_tag.py
# runs that check and allows no other name twice.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]
# Django's renderer, with the commonest widget templates made in Python (same markup).
FORM_RENDERER = "samplan.core.widgets.FormRenderer"

# Databases -----------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            "DATABASE_URL must start with postgres://, postgresql:// or sqlite:// "
            f"(got {DATABASE_URL.split(':', 1)[0]!r})"
        )
    try:
        _database = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {error}") from error
else:
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"SAMPLAN_DATA_DIR {DATA_DIR} cannot be created: {error}"
        ) from error
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "samplan.sqlite3",
    }
if _database["ENGINE"] == "django.db.backends.postgresql":
    # Give up on a database that accepts the connection but never answers (a hung host), so
    # requests and /healthz fail within seconds instead of hanging until gunicorn kills the
    # worker. `?connect_timeout=N` in DATABASE_URL overrides it.
    _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    if env_bool("SAMPLAN_DB_PREPARE", True):
        # Server-side binding, each statement prepared on its connection at its first use
        # (psycopg's prepare_threshold): PostgreSQL parses and plans a page's queries once per
        # connection (kept 60 s) instead of at every request; the database's own CPU per page
        # fell to a third or less (docs/performance-log.md, "Eighth round"). Off
        # (SAMPLAN_DB_PREPARE=false) behind a pooler that hands a session's statements to
        # another client (PgBouncer in transaction mode).
        _database["OPTIONS"].update(server_side_binding=True, prepare_threshold=1)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging lets several gunicorn workers read while one writes.
    _database["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _database["TEST"] = {"NAME": None}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions and login throttling live in the database, so app processes stay stateless.
# Computed page data is cached per municipality (samplan/core/freshness.py): in each process's
# memory by default, in a Redis shared by the app servers of a host with SAMPLAN_REDIS_URL.
# SAMPLAN_PAGE_CACHE_MB=0 turns the cache off (the benchmark's worst case).
REDIS_URL = os.environ.get("SAMPLAN_REDIS_URL", "").strip()
PAGE_CACHE_MB = int(os.environ.get("SAMPLAN_PAGE_CACHE_MB", "48"))
if PAGE_CACHE_MB <= 0:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "samplan.core.rediscache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "samplan",
            # A slow or stopped Redis costs a page at most this long, then it is skipped.
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # An entry (a page's computed data) is some ten kilobytes on average.
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MB * 100},
        }
    }

# Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "samplan.accounts.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

AXES_FAILURE_LIMIT = int(os.environ.get("SAMPLAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SAMPLAN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# No log of successful logins (IP address, browser, time) is kept: Samplan has no use for it,
# so it would be personal data without a purpose. Failed attempts are still counted for lockout.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "samplan.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("SAMPLAN_PROXY_COUNT", "0")) or None


def env_rate_limits(name: str, defaults: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Read per-IP limits as `scope=requests/seconds,...`; scopes not named keep their default."""
    limits = dict(defaults)
    for item in env_list(name, ""):
        scope, _, value = item.partition("=")
        requests, _, seconds = value.partition("/")
        scope = scope.strip()
        if scope not in defaults or not requests.strip().isdigit() or not seconds.strip().isdigit():
            raise ImproperlyConfigured(
                f"{name} must look like login=60/900,password_reset=10/3600 "
                f"(scopes: {', '.join(defaults)}), not {item!r}"
            )
        if int(seconds) < 1:
            raise ImproperlyConfigured(f"{name}: the window of {scope} must be at least 1 second")
        limits[scope] = (int(requests), int(seconds))
    return limits


# Per-IP limits on the public forms (samplan.core.ratelimit): requests per window in seconds.
RATE_LIMITS = env_rate_limits(
    "SAMPLAN_RATE_LIMITS",
    {
        # All login attempts from one address, whatever the e-mail (axes locks per user and IP).
        "login": (60, 15 * 60),
        # Each request may send an e-mail; the new-password form is counted with it.
        "password_reset": (10, 60 * 60),
        # The public strategy document: a PDF or ODT is built for each request.
        "public_document": (30, 10 * 60),
        # One-time workshop codes typed on phones: a venue's phones share one address, so the
        # limit is generous; with 31^10 codes guessing one is still hopeless.
        "workshop_join": (60, 10 * 60),
        # Submissions to consultations from one address (a school class shares one address).
        "submission": (60, 60 * 60),
        # All submissions to one consultation, whoever sends them.
        "submission_consultation": (3000, 10 * 60),
        # The open API, per API key (samplan/api).
        "api": (600, 60),
    },
)
RATE_LIMIT_PROXY_COUNT = int(os.environ.get("SAMPLAN_PROXY_COUNT", "0"))


# E-mail --------------------------------------------------------------------------------------
# SAMPLAN_EMAIL_URL says where e-mail goes, in one setting (README.md):
#   smtp://user:password@host:587 (STARTTLS), smtps://…:465 (TLS from the start),
#   smtp+plain://host:25 (no encryption, a relay on the same host), console:// (printed: the
#   default, and `samplan demo`), file:///path/to/folder (one file per e-mail).
# Without it the older SAMPLAN_EMAIL_BACKEND/_HOST/_PORT/... settings are read. E-mail is always
# sent by the background worker (`samplan worker`), never in a request (samplan/core/mail.py).
def email_settings(url: str) -> dict[str, object]:
    """The EMAIL_* settings for SAMPLAN_EMAIL_URL."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("SAMPLAN_EMAIL_URL file:// needs a folder: file:///var/mail")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    secure = {"smtp": (True, False), "smtps": (False, True), "smtp+plain": (False, False)}
    if scheme not in secure or not parts.hostname:
        raise ImproperlyConfigured(
            "SAMPLAN_EMAIL_URL must look like smtp://user:password@host:587, smtps://host:465, "
            f"smtp+plain://host:25, console:// or file:///folder (got {scheme or url!r})"
        )
    tls, ssl = secure[scheme]
    try:
        port = parts.port or (465 if ssl else 587 if tls else 25)
    except ValueError as error:
        raise ImproperlyConfigured(f"SAMPLAN_EMAIL_URL: {error}") from error
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
    }


EMAIL_BACKEND = os.environ.get(
    "SAMPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("SAMPLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SAMPLAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SAMPLAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SAMPLAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SAMPLAN_EMAIL_TLS", False)
EMAIL_USE_SSL = False
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
if os.environ.get("SAMPLAN_EMAIL_URL", "").strip():
    globals().update(email_settings(os.environ["SAMPLAN_EMAIL_URL"].strip()))
# An SMTP server that does not answer holds the worker at most this long, then the send is retried.
EMAIL_TIMEOUT = int(os.environ.get("SAMPLAN_EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("SAMPLAN_FROM_EMAIL", "Samplan <samplan@localhost>")
# How many times a failed send is tried in all, and the first pause between tries (doubling).
EMAIL_ATTEMPTS = int(os.environ.get("SAMPLAN_EMAIL_ATTEMPTS", "6"))
EMAIL_RETRY_SECONDS = int(os.environ.get("SAMPLAN_EMAIL_RETRY_SECONDS", "60"))

# Background work -----------------------------------------------------------------------------
# django-tasks (the backport of Django 6's tasks) on its database backend: a request stores the
# task in the same transaction as its data, and `samplan worker` runs it (`samplan demo` starts
# one beside the server).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Language ------------------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "samplan_sprak"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# Static files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SAMPLAN_STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # WhiteNoise's CompressedManifestStaticFilesStorage, each address computed once per process.
    "staticfiles": {"BACKEND": "samplan.core.staticfiles.StaticStorage"},
}
MEDIA_ROOT = Path(os.environ.get("SAMPLAN_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = DEBUG

# Security ------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# Database sessions in accounts.Session, read with their user in one query (accounts/sessions.py).
SESSION_ENGINE = "samplan.accounts.sessions"
SECURE_SSL_REDIRECT = HTTPS and env_bool("SAMPLAN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SAMPLAN_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
if env_bool("SAMPLAN_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Designsystemet's CSS carries its icons as data: URLs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMPLAN_LOG_LEVEL", "WARNING")},
    # WeasyPrint sets its progress logger to INFO ("Step 2 - Fetching and parsing CSS"), which
    # would print every PDF's layout steps in the server's output.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CSRF_FAILURE_VIEW = "samplan.core.views.csrf_failure"
