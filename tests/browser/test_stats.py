"""Statistics and the challenge picture in a real browser: what an editor and a reader do.

The assertions use the page's structure, URLs and numbers, not translated text, so they hold in
Bokmål and Nynorsk.
"""

from __future__ import annotations

import pytest

from . import statsdata
from .conftest import Site, assert_accessible, assert_no_page_errors

pytestmark = pytest.mark.browser


@pytest.mark.example_data("ssb")
def test_editor_rewords_a_statement_and_picks_it_for_the_strategy(site: Site) -> None:
    from samplan.stats.models import Statement

    page = site.page
    statsdata.snapshot()
    site.login_as(site.personas.editor)
    site.goto(statsdata.CHALLENGES)
    statement = page.locator("#statement-population_change")
    assert "851" in statement.inner_text() and "773" in statement.inner_text()

    # The statement links to its figure on the statistics page.
    with page.expect_navigation():
        statement.locator("a[href$='#figure-population']").click()
    assert site.path().split("#")[0] == statsdata.FIGURES
    assert page.locator("#figure-population").is_visible()
    assert page.locator("section[aria-labelledby=figure-population] svg title").count() == 1

    site.goto(statsdata.CHALLENGES)
    with page.expect_navigation():
        statement.locator("a[href$='/population_change/']").click()
    page.fill("#id_text", "Vi er 773 innbyggere, 78 færre enn i 2016.")
    page.check("#id_selected")
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 200
    assert site.path() == statsdata.CHALLENGES

    saved = Statement.objects.get(municipality=site.personas.municipality, key="population_change")
    assert saved.selected and saved.numbers["now"] == 773 and saved.numbers["then"] == 851
    chosen = page.locator("section[aria-labelledby=selected-heading] li")
    assert chosen.count() == 1
    assert "78 færre" in chosen.inner_text()
    history = page.locator("section[aria-labelledby=history-heading] tbody tr")
    assert history.count() == 1
    assert str(site.personas.editor) in history.inner_text()
    assert_no_page_errors(page)
    assert_accessible(page)


@pytest.mark.example_data("ssb-refreshed")
def test_reader_sees_figures_charts_tables_and_sources_but_cannot_edit(site: Site) -> None:
    page = site.page
    statsdata.refreshed(site.personas.municipality)
    site.login_as(site.personas.reader)
    site.goto(statsdata.FIGURES)

    charts = page.locator("main svg[role=img]")
    assert charts.count() == 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        labelled_by = chart.get_attribute("aria-labelledby").split()
        assert [chart.locator(f"[id='{i}']").count() for i in labelled_by] == [1, 1]
    # Every chart's numbers as a table, and a source beside every figure.
    assert page.locator("main details table caption").count() == 5
    assert page.locator("main .sp-source").count() >= 5
    assert "07459" in page.locator("section[aria-labelledby=figure-key]").inner_text()
    assert "06913" in page.locator("section[aria-labelledby=figure-flows]").inner_text()
    assert "14288" in page.locator("section[aria-labelledby=figure-projection]").inner_text()

    site.goto(statsdata.CHALLENGES)
    assert page.locator("main .sp-statement").count() >= 6
    assert page.locator("main a[href*='/utfordringsbilde/'][href$='/']").count() == 0
    site.goto(f"{statsdata.CHALLENGES}population_change/", status=403)
    assert_no_page_errors(page)
