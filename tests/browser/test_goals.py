"""Goals in a real browser: from a goal to a new measure, its budget line and the goal report."""

from __future__ import annotations

import io
import zipfile

import pytest

from . import plandata
from .conftest import Site, assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.example_data("plans", "strategy", "goals")
def test_planner_goes_from_a_goal_to_a_measure_its_budget_line_and_the_report(site: Site) -> None:
    from tests.snapshot import example_data

    example_data("goals", site.personas.municipality)
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/mal/")
    site.page.locator("main a", has_text="Lavere klimagassutslipp").first.click()
    site.page.wait_for_load_state()
    site.page.locator("main a", has_text="Nytt tiltak for dette målet").click()
    site.page.wait_for_load_state()
    assert site.page.locator("input[name=goals]:checked").count() == 1
    site.page.fill("#id_title", "Solceller på Tydal skole")
    site.page.select_option("#id_kind", "investering")
    site.page.fill("#id_cost_1", "750000")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator("main h1").inner_text() == "Solceller på Tydal skole"
    assert site.page.locator(".ds-alert", has_text="Tiltaket ble lagret").count() == 1

    site.page.locator("summary", has_text="Velg budsjettlinjer").click()
    site.page.locator("label", has_text="Energieffektivisering kommunale bygg").first.click()
    with site.page.expect_navigation():
        site.page.locator("main details form button[type=submit]").click()
    assert (
        site.page.locator("section[aria-labelledby=lines-heading] table", has_text="9109").count()
        == 1
    )
    assert_accessible(site.page)

    site.goto(f"/kommune/{plandata.KNR}/mal/oppfolging/2026/")
    link = site.page.locator("main a", has_text="(ODT)")
    report = site.page.request.get(site.base_url + link.get_attribute("href"))
    assert report.ok
    with zipfile.ZipFile(io.BytesIO(report.body())) as archive:
        content = archive.read("content.xml").decode()
    assert "Måloppnåelse 2026" in content and "Solceller på Tydal skole" in content
