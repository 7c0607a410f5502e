"""Test set-up shared by all apps: reference data once per database, personas, fast hashing."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from samplan.municipalities.testing import Personas, create_personas
from tests.snapshot import FAST_HASHERS, ModuleSnapshot, layer_positions, layers_for

# `soffice` and `odt_text`: LibreOffice opens generated ODT files and reads their text back.
pytest_plugins = ["samplan.documents.testing"]


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    return (
        f"samplan database: {database['ENGINE'].rsplit('.', 1)[-1]} (CI={os.environ.get('CI', '')})"
    )


def _uses_database(item: pytest.Item) -> bool:
    """Whether pytest-django lets the test reach the run's database (as it decides), or the test
    reaches it another way (`every_database`: its own server on the run's database)."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("every_database"):
        return True
    database_fixtures = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(database_fixtures & set(getattr(item, "fixturenames", ())))


def run_of(item: pytest.Item, *, single_run: bool = False) -> str | None:
    """The run of `make test` a test belongs to, or None for both (or for the only run).

    `make test` runs the suite on SQLite and on PostgreSQL. A test runs in both when the
    database can change its outcome; otherwise once:
    - `run_once("postgresql")` / `run_once("sqlite")`, as marked (concurrent writers need
      PostgreSQL; the restart test brings its own cluster; the wheel test its own SQLite);
    - the browser tests (Chromium + axe) in the PostgreSQL run: they test pages, and the page
      a view renders does not depend on the database;
    - tests that open ODT files in LibreOffice (`soffice`) in the PostgreSQL run: they test
      the document, which is made from the same data on either database;
    - tests with no database access (pytest-django blocks it) in the SQLite run.
    """
    if marker := item.get_closest_marker("run_once"):
        return marker.args[0]
    if single_run:
        return None
    if item.get_closest_marker("browser") or "soffice" in getattr(item, "fixturenames", ()):
        return "postgresql"
    if not _uses_database(item):
        return "sqlite"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that belong to the other run of `make test` (see `run_of`) are deselected, not
    skipped. With SAMPLAN_SINGLE_RUN=true (`make test` without a PostgreSQL server, outside CI;
    `make check`) this run is the only one: only tests marked `run_once` for the other database
    are deselected."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    vendor = "postgresql" if engine == "django.db.backends.postgresql" else "sqlite"
    single_run = os.environ.get("SAMPLAN_SINGLE_RUN", "").strip().lower() in {"1", "true", "yes"}
    elsewhere = [
        item for item in items if run_of(item, single_run=single_run) not in (None, vendor)
    ]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if item not in elsewhere]
    items[:] = slow_first(by_example_data(items))


# Test modules that each take tens of seconds (they build and install the wheel, start servers
# and databases, crawl a workspace, run `samplan demo`). They start first, shared out over the
# workers, so the many short tests fill the gaps instead of one worker finishing a slow test alone
# at the end of the run.
SLOW_MODULES = (
    "tests/test_wheel.py",
    "tests/faults/",
    "samplan/municipalities/tests/test_tenant_crawl.py",
    "samplan/core/tests/test_settings.py",
    "samplan/municipalities/tests/test_scale.py",
)


def slow_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """The tests of `SLOW_MODULES` at the start of the first batch of tests each pytest-xdist
    worker is sent, a module to a worker in turn (a module's tests share their slow fixtures);
    the rest in their order. xdist sends each worker a run of consecutive tests first, a quarter of
    its share (`LoadScheduling.schedule`). A transactional test stays where it is, after the others
    (it empties the database)."""
    slow = [
        item
        for item in items
        if item.nodeid.startswith(SLOW_MODULES) and not _is_transactional(item)
    ]
    if not slow:
        return items
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    rank = {prefix: index for index, prefix in enumerate(SLOW_MODULES)}
    modules: dict[str, list[pytest.Item]] = {}
    for item in sorted(
        slow, key=lambda item: next(rank[p] for p in SLOW_MODULES if item.nodeid.startswith(p))
    ):
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    firsts: list[list[pytest.Item]] = [[] for _ in range(workers)]
    for index, module_items in enumerate(modules.values()):
        firsts[index % workers].extend(module_items)
    chosen = set(slow)
    rest = [item for item in items if item not in chosen]
    chunk = max(len(items) // workers // 4, 2)
    ordered: list[pytest.Item] = []
    for first in firsts:
        ordered.extend(first)
        take = max(chunk - len(first), 0)
        ordered.extend(rest[:take])
        rest = rest[take:]
    return ordered + rest


def by_example_data(items: list[pytest.Item]) -> list[pytest.Item]:
    """The tests of each run of one module's tests with the same example data next to each other
    (tests/snapshot.py makes it once for them); otherwise the order stays. Runs, not modules:
    pytest-django has already put the transactional tests last, apart from their modules, and
    they must stay there (they empty the database)."""
    keys = {}
    run = -1
    module = None
    for position, item in enumerate(items):
        if item.nodeid.split("::", 1)[0] != module:
            module = item.nodeid.split("::", 1)[0]
            run += 1
        marker = item.get_closest_marker("example_data")
        names = layers_for(marker.args if marker else (), getattr(item, "fixturenames", ()))
        keys[item] = (run, layer_positions(names), position)
    return sorted(items, key=keys.__getitem__)


@pytest.fixture(scope="session")
def django_db_use_migrations() -> bool:
    """The test database is made from the models, not by running the migrations: `migrate`
    renders the project's state after every operation (about 18 s per database, and each worker
    of each run makes one), a table made from the models takes under a second. The migrations
    still run for real on both databases: the PostgreSQL restart test (tests/faults) prepares its
    cluster's database with `samplan migrate`, `samplan demo` and the wheel test migrate an empty
    SQLite database, and `make test`'s lint stage fails on models without a migration. (The other
    fault tests start from a copy of this database: tests/faults/conftest.py, `server_env`.)"""
    return False


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """The data the migrations write (`replay_data_migrations`), and the 357 municipalities,
    once into the test database.

    pytest-django makes the test database only when a test of the session asks it for one (the
    `django_db` marker, `db`); the fault tests (tests/faults) copy it without asking. When they
    run without such a test (`pytest tests/faults`), the test database is made here."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from samplan.municipalities.selectors import clear_language_cache
    from samplan.municipalities.services import municipalities_load

    with django_db_blocker.unblock():
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            made = setup_databases(verbosity=0, interactive=False, aliases={"default"})

            def teardown() -> None:
                with django_db_blocker.unblock():
                    teardown_databases(made, verbosity=0)

            request.addfinalizer(teardown)
        replay_data_migrations()
        municipalities_load()
    clear_language_cache()


def replay_data_migrations() -> None:
    """Make a database made from the models what `migrate` would have made: every migration
    recorded as applied (backup and restore read `django_migrations`), and the data operations
    (RunPython) of Samplan's own migrations run in order (the election days and deadline rules of
    plantakt), with the current models instead of the historical ones."""
    import importlib
    import pkgutil

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.operations.special import RunPython
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    for config in apps.get_app_configs():
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        names = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
        for name in names:
            migration = importlib.import_module(f"{config.name}.migrations.{name}").Migration
            recorder.record_applied(config.label, name)
            if not config.name.startswith("samplan."):
                continue
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    with connection.schema_editor() as editor:
                        operation.code(apps, editor)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete() -> Iterator[None]:
    """A transactional test's database is emptied with DELETE, not TRUNCATE, on PostgreSQL.

    After a transactional test (`django_db(transaction=True)`) Django empties every table with
    one `TRUNCATE` of all of them. On PostgreSQL a TRUNCATE gives each table (and its indexes and
    TOAST table) new files and removes the old ones at commit: for the 167 tables of the test
    database, mostly empty, that is 1-2 s on a quiet machine and 3-13 s on a busy one (disk
    syncs). A `DELETE FROM` of a small table touches only the rows it has: all of them take under
    0.1 s. Every foreign key Django makes on PostgreSQL is deferred to the commit, so the tables
    are emptied in any order. The result is the same: every table empty, the sequences as they
    were (Django's TRUNCATE does not reset them either, unless asked: `reset_sequences`, which
    keeps the TRUNCATE)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(  # noqa: ANN202
        self,  # noqa: ANN001
        style,  # noqa: ANN001
        tables,  # noqa: ANN001
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            "SET CONSTRAINTS ALL DEFERRED",
            *(f"DELETE FROM {self.quote_name(table)}" for table in tables),
        ]

    patch = pytest.MonkeyPatch()
    patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def _static_root(tmp_path_factory):  # noqa: ANN001, ANN202
    return tmp_path_factory.mktemp("static")


@pytest.fixture(autouse=True)
def _fresh_page_cache():  # noqa: ANN202
    """Each test starts with an empty page cache: a rolled-back data counter repeats values."""
    from samplan.core import freshness

    freshness.clear()
    yield
    freshness.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings, _static_root):  # noqa: ANN001, ANN202
    """Fast password hashing, plain http for the test client (production forces HTTPS), and
    static file URLs without a collectstatic manifest."""
    # WhiteNoise warns on every request if STATIC_ROOT does not exist (a fresh clone has none).
    settings.STATIC_ROOT = _static_root
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.SECURE_SSL_REDIRECT = False
    # Tests must not depend on a previous `collectstatic` (the manifest storage needs one).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(scope="module")
def _module_personas(request, django_db_setup, django_db_blocker):  # noqa: ANN001, ANN202
    """The module's snapshot (tests/snapshot.py): personas and example data made once.

    A module-scoped fixture is made for the first test that asks for it: for a transactional
    test (which commits, and empties the database afterwards) no snapshot is made."""
    if _is_transactional(request._pyfuncitem):
        yield None
        return
    snapshot = ModuleSnapshot(django_db_blocker)
    yield snapshot
    snapshot.close()


@pytest.fixture(autouse=True)
def _django_db_marker(request):  # noqa: ANN001, ANN202
    """pytest-django's fixture of this name, which opens the test's transaction for the
    `django_db` marker, after the module's snapshot was made ready for the test: it holds the
    example data the test names (`example_data` marker) and nothing else. It runs before every
    other function-scoped fixture, so the snapshot changes outside the test's transaction.

    A transactional test must not run inside a module's open snapshot transaction (pytest-django
    runs them after all other database tests, but the module may still be the same)."""
    current = ModuleSnapshot.current
    if _is_transactional(request.node):
        if current is not None:
            current.close()
    elif "_module_personas" in request.fixturenames:
        snapshot = request.getfixturevalue("_module_personas")
        if snapshot is not None:
            marker = request.node.get_closest_marker("example_data")
            snapshot.provide(layers_for(marker.args if marker else (), request.fixturenames))
    elif current is not None and current.layers:
        current.provide(())
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")


@pytest.fixture
def personas(_module_personas, db) -> Personas:  # noqa: ANN001
    """One user per role in Tydal, a county adviser following Tydal, and outsiders of Utsira.

    Created once per test module (tests/snapshot.py); each test gets its own copies of the
    model instances, so changing one in a test does not leak into the next."""
    if _module_personas is None or ModuleSnapshot.current is not _module_personas:
        return create_personas()
    return _module_personas.personas_copy()


@pytest.fixture(scope="module")
def reference_data_kept(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    """For modules of transactional tests: pytest-django empties every table after such a test,
    which also removes the municipalities loaded once per session. Put them back afterwards, so
    the tests that run next in the same process find them."""
    yield
    from samplan.municipalities.models import Municipality
    from samplan.municipalities.selectors import clear_language_cache
    from samplan.municipalities.services import municipalities_load

    with django_db_blocker.unblock():
        if not Municipality.objects.exists():
            municipalities_load()
    clear_language_cache()


@pytest.fixture
def reference_data(transactional_db, reference_data_kept):  # noqa: ANN001, ANN201
    """The municipalities, in a transactional test (loaded again if an earlier one removed them)."""
    from samplan.municipalities.models import Municipality
    from samplan.municipalities.selectors import clear_language_cache
    from samplan.municipalities.services import municipalities_load

    if not Municipality.objects.exists():
        municipalities_load()
        clear_language_cache()
