"""Test helpers that know no app: the test password, the query count of a page, and two
templates rendered alike (a tag written in Python against the template it replaced).

The personas (one user per role in a municipality workspace) are tenants, so they live with the
tenants: samplan.municipalities.testing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

TEST_PASSWORD = "test-passord-som-er-langt"  # noqa: S105


def page_queries(get: Callable[[], object]) -> tuple[int, int]:
    """The SQL queries of one page as (cold, warm): with this process's page cache emptied
    (everything computed), then again with it filled (see core/freshness)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samplan.core import freshness

    freshness.clear()
    with CaptureQueriesContext(connection) as cold:
        get()
    with CaptureQueriesContext(connection) as warm:
        get()
    return len(cold.captured_queries), len(warm.captured_queries)


def form_fields(page: str) -> dict[str, str]:
    """What a browser would post from `page`'s form: its text, number, date, e-mail, address and
    hidden inputs, ticked checkboxes, chosen options and text areas (not the CSRF token)."""
    import html
    import re

    inputs = r'<input type="(?:text|number|hidden|url|date|email)" name="([^"]+)" value="([^"]*)"'
    fields = {name: html.unescape(value) for name, value in re.findall(inputs, page)}
    ticked = r'<input type="checkbox" name="([^"]+)"[^>]*\bchecked\b'
    fields |= {name: "on" for name in re.findall(ticked, page)}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        fields[name] = html.unescape(chosen.group(1)) if chosen else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.S):
        fields[name] = html.unescape(text)
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def saved_then_refused(
    client: Any, address: str, saved: dict[str, str], refused: dict[str, str]
) -> tuple[dict[str, str], str]:
    """Two people with the same form at `address` (core.versioning): the form fetched once, the
    first save (its fields with `saved` over them) accepted, the second from the same form
    (`refused` over its fields) refused as stale, the conflict shown. The form's fields as
    fetched, and the refused page."""
    first = form_fields(client.get(address).content.decode())
    assert client.post(address, {**first, **saved}).status_code == 302
    response = client.post(address, {**first, **refused})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="conflict"' in page
    return first, page


def at_once(*saves: Callable[[], object]) -> list[object]:
    """Run `saves` in threads of their own, started together (each on its own database
    connection: PostgreSQL, `django_db(transaction=True)`); what each returned or raised, in
    the order given."""
    import threading

    from django.db import connections

    start = threading.Barrier(len(saves))
    outcome: list[object] = [None] * len(saves)

    def run(index: int) -> None:
        try:
            start.wait()
            outcome[index] = saves[index]()
        except Exception as error:  # noqa: BLE001 (the outcome to check)
            outcome[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(saves))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def database_features_read() -> None:
    """The database's checks made once per connection, made now: SQLite asks whether it has
    JSON functions (`SELECT JSON(…)`, a query of its own) the first time a query uses them, so a
    test that counts the queries of a read built with JSONObject (core.queries) counts one more
    when it runs first than after any other such read. Call it before counting: the count is
    then the same whichever test runs first, and only the read's own queries are counted."""
    from django.db import connection

    connection.features.supports_json_field  # noqa: B018 (a cached property: read to make it)


def rendered_both(old: str, new: str, values: dict, language: str) -> tuple[str, str]:
    """The template sources `old` and `new` rendered with the same `values` in `language`: a
    tag written in Python is pinned byte for byte against the template loop it replaced."""
    from django.template import Context, Template
    from django.utils import translation

    with translation.override(language):
        return Template(old).render(Context(values)), Template(new).render(Context(values))


HOSTILE = "<b>&\"'"
"""What `hostile_catalog` puts before every translation: each of the characters autoescaping
changes."""


@contextmanager
def hostile_catalog(language: str) -> Iterator[None]:
    """`language` active with every translation (gettext, ngettext) beginning with HOSTILE, as
    a catalog with markup in its texts would give them: what a page does with a translation
    containing & < > " ' shows."""
    from django.utils import translation
    from django.utils.translation import trans_real

    with translation.override(language):
        catalog = trans_real._active.value  # noqa: SLF001 (the language's translation object)
        plain, plural = catalog.gettext, catalog.ngettext
        catalog.gettext = lambda message: HOSTILE + plain(message)
        catalog.ngettext = lambda one, many, count: HOSTILE + plural(one, many, count)
        try:
            yield
        finally:
            del catalog.gettext, catalog.ngettext


def panel_pin(tests: str, app: str, panel: str) -> tuple[str, str]:
    """A dashboard panel written in Python and the template it replaced, as template sources:
    (`<app>/tests/<panel>_panel_before.html`, the app's `panels/<panel>.html` now), `tests`
    being the test module's `__file__`."""
    from pathlib import Path

    here = Path(tests).parent
    old = here.joinpath(f"{panel}_panel_before.html").read_text(encoding="utf-8")
    new = here.parent.joinpath(f"templates/{app}/panels/{panel}.html").read_text(encoding="utf-8")
    return old, new


def assert_panel_pinned(pin: tuple[str, str], values: dict, language: str, key: str) -> None:
    """The panel renders byte for byte as the old template did with `values` in `language`
    (and is the panel `key`: not an empty rendering of both)."""
    old, new = rendered_both(*pin, values, language)
    assert new == old
    assert f'aria-labelledby="panel-{key}"' in new
    with hostile_catalog(language):
        old, new = rendered_both(*pin, values, language)
    assert new == old
    assert HOSTILE in new  # the heading at least: translated as `{% translate %}` gives it
