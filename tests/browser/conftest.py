"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download is not used; the tests launch /usr/bin/chromium (or the
browser named by SAMPLAN_CHROMIUM). Without it the tests are skipped, except with CI=true,
where a missing browser is a failure.

The live server serves from the test's own database connection (`_SharedConnectionServer`), so
each browser test runs in a transaction that is rolled back, like the other database tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.snapshot import ModuleSnapshot

# Playwright's sync API runs an asyncio event loop in this thread, which makes Django refuse
# ORM calls from the test ("SynchronousOnlyOperation"). The calls are in fact synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# Full-page screenshots of every page (in Bokmål) for a person to look at, in test-artifacts/:
# SAMPLAN_SCREENSHOTS=true. They assert nothing and cost about a tenth of the browser tests' time,
# so `make test` leaves them out unless asked.
SCREENSHOTS = os.environ.get("SAMPLAN_SCREENSHOTS", "").strip().lower() in {"1", "true", "yes"}
AXE_SOURCE_PATH = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGE_COOKIE = "samplan_sprak"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Debian's chromium wrapper loads extensions and turns on GPU rasterisation, which without a
    # GPU is done in software (SwiftShader); neither is wanted in a test, and both cost CPU on
    # every page. The features are background services a test never uses.
    "--disable-extensions",
    "--disable-gpu-rasterization",
    "--disable-features=Translate,OptimizationHints,MediaRouter,PaintHolding,BackForwardCache",
]
# Where a reused tab is parked between tests: an empty page of the live server (served by the
# test server itself, `_parking`). On about:blank, the next test's first page is a navigation to
# another site, for which Chromium starts a new renderer process (about three per test); on the
# server's own origin the renderer is kept. The page names an icon, so Chromium asks for no
# /favicon.ico.
PARKING_PATH = "/__test-parking__/"
PARKING_PAGE = (
    b'<!doctype html><html lang="nb"><title>-</title><link rel="icon" href="data:,"></html>'
)
# Chromium logs the HTTP status of a page that is not 2xx as a console error. The tests check
# those statuses themselves, so the message is expected for the page document (not for CSS,
# scripts or images, which must all load).
FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status of")


def is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def chromium_path() -> str | None:
    configured = os.environ.get("SAMPLAN_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def unavailable(reason: str) -> None:
    """Skip the browser tests, or fail them under CI=true where nothing may be skipped."""
    if is_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


# Browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session; every test gets its own context."""
    executable = chromium_path()
    if executable is None:
        unavailable(
            "Chromium is missing: install it with `sudo apt-get install -y chromium` "
            "or set SAMPLAN_CHROMIUM to its path"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed: pip install -e '.[dev]'")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        unavailable(f"Chromium at {executable} could not be started: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


# Server and data ---------------------------------------------------------------------------


class _SharedConnectionServer:
    """The live server, serving from the test's own database connection.

    pytest-django's `live_server` needs a transactional database: the server thread has a
    connection of its own, so every test commits its data and the whole database is emptied
    afterwards (on PostgreSQL about two seconds a test, with the 357 municipalities loaded again
    before the next). Here the server's request threads use the test's connection instead, as
    Django does for an in-memory SQLite database, so a browser test runs inside the test's
    transaction like any other database test, sees the session's reference data and is rolled
    back at its end. Requests are served one at a time (a lock), since they share a connection;
    static files are served without it.
    """

    def __init__(self, static_root: Path) -> None:
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.servers.basehttp import ThreadedWSGIServer
        from django.db import connections
        from django.test.testcases import LiveServerThread, _MediaFilesHandler
        from django.test.utils import modify_settings, override_settings

        self.connection = connections["default"]

        class Server(ThreadedWSGIServer):
            def _close_connections(self) -> None:
                """Keep the shared connection open: the test's transaction is still going on."""

        class Thread(LiveServerThread):
            server_class = Server

        def static_handler(application: _MediaFilesHandler) -> Any:
            from django.contrib.staticfiles.handlers import StaticFilesHandler

            assert isinstance(application.application, WSGIHandler)
            application.application = _Serialised(application.application)
            return _parking(StaticFilesHandler(application))

        self.thread = Thread(
            "localhost", static_handler, connections_override={"default": self.connection}
        )
        self.thread.daemon = True
        # WhiteNoise, set up with the server's handler, warns if STATIC_ROOT does not exist.
        self.settings = [
            modify_settings(ALLOWED_HOSTS={"append": "localhost"}),
            override_settings(STATIC_ROOT=static_root),
        ]

    def start(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections

        # Django closes a connection at the end of each request when its autocommit is off,
        # which inside the test's transaction it is; the test client turns this off the same way.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.connection.inc_thread_sharing()
        for change in self.settings:
            change.enable()
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            error = self.thread.error
            self.stop()
            raise error

    def stop(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db import close_old_connections

        self.thread.terminate()
        for change in reversed(self.settings):
            change.disable()
        self.connection.dec_thread_sharing()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    @property
    def url(self) -> str:
        return f"http://{self.thread.host}:{self.thread.port}"


def _parking(application: Any) -> Any:
    """The WSGI application, with the empty page a reused tab is parked on (`PARKING_PATH`)."""

    def serve(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == PARKING_PATH:
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [PARKING_PAGE]
        return application(environ, start_response)

    return serve


class _Serialised:
    """A WSGI handler whose requests are served one at a time (they share a connection)."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        with self.lock:
            return self.handler(environ, start_response)


@pytest.fixture(scope="session")
def _shared_server(django_db_setup, django_db_blocker, _static_root) -> Iterator[Any]:  # noqa: ANN001
    with django_db_blocker.unblock():
        server = _SharedConnectionServer(_static_root)
        server.start()
    yield server
    with django_db_blocker.unblock():
        server.stop()


@pytest.fixture
def server(_shared_server, db, settings) -> Any:  # noqa: ANN001
    """The live server, in this test's transaction, with settings fit for plain http."""
    from samplan.municipalities.selectors import clear_language_cache

    # Serve the CSS as it is in the source tree (the manifest storage would need collectstatic).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    clear_language_cache()
    return _shared_server


@dataclass
class Watch:
    """What the page reported: console errors, uncaught exceptions, document statuses."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    documents: dict[str, int] = field(default_factory=dict)

    def problems(self) -> list[str]:
        found = [f"uncaught exception: {error}" for error in self.page_errors]
        for message in self.console_errors:
            found.append(f"console error: {message}")
        return found


def _watch(page: Any) -> None:
    """Record what the page reports in `page.watch` (a new Watch is put there for each test)."""
    page.watch = Watch()

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if FAILED_RESOURCE.match(message.text) and url in page.watch.documents:
            return
        where = f" ({url})" if url else ""
        page.watch.console_errors.append(f"{message.text}{where}")

    def on_response(response: Any) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            page.watch.documents[response.url] = response.status

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.watch.page_errors.append(str(error)))
    page.on("response", on_response)


def _new_page(browser: Any, base_url: str, **context_options: Any) -> Any:
    context = browser.new_context(base_url=base_url, **context_options)
    context.set_default_timeout(10_000)
    # A page load after a POST waited more than 10 s once on a busy CI machine (the goals flow's
    # budget lines, 2026-12-03; never alone): loads get longer than the other waits.
    context.set_default_navigation_timeout(30_000)
    page = context.new_page()
    _watch(page)
    return page


class _ReusedTab:
    """The tab each test starts with, reused from test to test by one worker.

    Opening a browser context and its first tab costs Chromium a new window and renderer
    (about half a second of CPU, more than many a test's own work). Between tests the tab is made
    as new: cookies, permissions, local and session storage cleared, a page without scripts
    loaded (`PARKING_PATH`), and a fresh record of what the page reports. A test that needs other
    options (no JavaScript, a phone's viewport) opens a context of its own with `Site.new_page`.
    """

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.page: Any = None

    def take(self) -> Any:
        if self.page is None or self.page.is_closed():
            self.page = _new_page(self.browser, self.base_url)
        self.page.watch = Watch()
        return self.page

    def give_back(self) -> None:
        page = self.page
        if page is None or page.is_closed():
            return
        try:
            if page.url.startswith(self.base_url):
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            page.goto(self.base_url + PARKING_PATH)
            # A case at a phone's width (the political workshop) gives the tab back as it was.
            page.set_viewport_size({"width": 1280, "height": 720})
            page.context.clear_cookies()
            page.context.clear_permissions()
        except Exception:
            # A tab in a state that cannot be reset is not reused.
            page.context.close()
            self.page = None

    def close(self) -> None:
        if self.page is not None and not self.page.is_closed():
            self.page.context.close()


class Site:
    """A browser tab on the live server, with the steps the tests share."""

    def __init__(self, browser: Any, server: Any, personas_factory: Any, tab: _ReusedTab) -> None:
        self.browser = browser
        self.server = server
        self.base_url = server.url
        self._personas_factory = personas_factory
        self._personas = None
        self.contexts: list[Any] = []
        self._tab = tab
        self.page = tab.take()

    # Pages and contexts
    def new_page(self, **context_options: Any) -> Any:
        """A tab in a browser context of its own (no cookies), with the options given."""
        page = _new_page(self.browser, self.base_url, **context_options)
        self.contexts.append(page.context)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self._tab.give_back()

    def set_language(self, language: str, page: Any = None) -> None:
        """Choose the UI language the way the language buttons do: with the language cookie."""
        page = page or self.page
        page.context.add_cookies(
            [{"name": LANGUAGE_COOKIE, "value": language, "url": self.base_url}]
        )

    def goto(self, path: str, status: int = 200, page: Any = None) -> Any:
        page = page or self.page
        response = page.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        return response

    def path(self, page: Any = None) -> str:
        page = page or self.page
        return page.url.removeprefix(self.base_url)

    # Data
    @property
    def personas(self) -> Any:
        if self._personas is None:
            self._personas = self._personas_factory()
        return self._personas

    # Steps
    def login(self, email: str, password: str | None = None, page: Any = None) -> None:
        """Log in through the real login form and check that it worked."""
        from samplan.core.testing import TEST_PASSWORD

        page = page or self.page
        self.submit_login(email, password or TEST_PASSWORD, page=page)
        page.wait_for_load_state()
        assert "/logg-inn/" not in page.url, f"login as {email} failed: still on {page.url}"

    def login_as(self, user: Any, page: Any = None) -> None:
        """Log in without the form: a session made by Django's test client, as a cookie.

        For tests about other pages; the log-in form itself is tested through `login`. Saves a
        page load and a form post per test.
        """
        from django.conf import settings
        from django.test import Client

        page = page or self.page
        client = Client()
        client.force_login(user, backend="samplan.accounts.backends.UserBackend")
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.base_url}]
        )

    def submit_login(self, email: str, password: str, page: Any = None) -> Any:
        page = page or self.page
        if "/logg-inn/" not in page.url:
            self.goto("/logg-inn/", page=page)
        page.fill("#id_username", email)
        page.fill("#id_password", password)
        with page.expect_navigation() as navigation:
            # The password form (the login page also has single sign-on's e-mail form).
            page.locator("main form:has(#id_password) button[type=submit]").click()
        return navigation.value

    def screenshot(self, name: str, page: Any = None, full_page: bool = True) -> Path:
        page = page or self.page
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture(scope="session")
def _reused_tab(browser, _shared_server) -> Iterator[_ReusedTab]:  # noqa: ANN001
    tab = _ReusedTab(browser, _shared_server.url)
    yield tab
    tab.close()


@pytest.fixture
def site(browser, _module_personas, server, _reused_tab) -> Iterator[Site]:  # noqa: ANN001
    from samplan.municipalities.testing import create_personas

    if _module_personas is not None and ModuleSnapshot.current is _module_personas:
        personas = _module_personas.personas_copy
    else:
        personas = create_personas
    site = Site(browser, server, personas, _reused_tab)
    yield site
    site.close()


@pytest.fixture
def page(site: Site) -> Any:
    """The tab a test starts with (no cookies, nothing stored), on the live server."""
    return site.page


# Checks ------------------------------------------------------------------------------------

_axe_source: str | None = None


def axe_source() -> str:
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_SOURCE_PATH.read_text(encoding="utf-8")
    return _axe_source


AXE_RUN = """async (tags) => {
  // resultTypes: only the violations are collected in full (the passes and the rest are
  // counted, not described), which is what makes axe slow on a long page.
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map((part) => Array.isArray(part) ? part.join(' >>> ') : part),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page with the WCAG 2.1 A and AA rules.

    The script is evaluated through the DevTools protocol, not added as a <script> tag, since
    the Content-Security-Policy rightly blocks inline scripts.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(AXE_RUN, AXE_TAGS)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(node['target'])}")
            lines.append(f"       {node['html'][:300]}")
            if node.get("summary"):
                summary = node["summary"].replace("\n", "\n         ")
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_no_page_errors(page: Any) -> None:
    problems = page.watch.problems()
    assert not problems, f"{page.url} reported errors:\n" + "\n".join(problems)


def assert_accessible(page: Any) -> None:
    """No axe-core violations of WCAG 2.1 A/AA, no console errors (CSP) and no script errors."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
        + format_violations(violations)
    )
    assert_no_page_errors(page)


def html_lang(page: Any) -> str:
    return page.evaluate("() => document.documentElement.lang")


def dump(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
