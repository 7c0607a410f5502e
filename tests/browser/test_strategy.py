"""The planning strategy in a real browser: the planner starts it and writes a section from the
example, an elected member marks priorities, the planner sees the tally."""

from __future__ import annotations

import pytest

from . import plandata
from .conftest import Site, assert_accessible

pytestmark = pytest.mark.browser


def test_planner_starts_the_strategy_and_writes_from_the_example(site: Site) -> None:
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/planstrategi/")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert "/planstrategi/" in site.page.url
    site.page.locator("a[href$='/del/trends/']").click()
    site.page.wait_for_load_state()
    site.page.locator("button[name=bruk_eksempel]").click()
    site.page.wait_for_load_state()
    text = site.page.locator("#id_text").input_value()
    assert text.startswith("Folketallet")
    site.page.fill("#id_text", text + "\n\nTydal har mange hytter.")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").first.click()
    assert site.page.locator(".ds-alert", has_text="er lagret").count() >= 1
    assert_accessible(site.page)


@pytest.mark.example_data("strategy")
def test_member_marks_priorities_and_the_planner_sees_the_tally(site: Site) -> None:
    from samplan.strategy.models import Strategy
    from tests.snapshot import example_data

    example_data("strategy", site.personas.municipality)
    # The example strategy is adopted, and marking closes on adoption: back to public display.
    Strategy.objects.filter(municipality=site.personas.municipality, period_start=2023).update(
        status="offentlig_ettersyn", adopted_on=None
    )
    site.login_as(site.personas.reader)
    site.goto(f"/kommune/{plandata.KNR}/planstrategi/2023/politikere/")
    buttons = site.page.locator("main button[aria-pressed=false]")
    first = site.page.locator("main li h3").first.inner_text()
    with site.page.expect_navigation():
        buttons.first.click()
    assert site.page.locator("main button[aria-pressed=true]").count() == 1
    assert (
        site.page.locator("main p[role=status]").inner_text().strip().startswith("Du har markert 1")
    )

    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/planstrategi/2023/")
    row = site.page.locator("section[aria-labelledby=priorities-heading] tr", has_text=first)
    assert row.locator("td").nth(1).inner_text().strip() == "1"
