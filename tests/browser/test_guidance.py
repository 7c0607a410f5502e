"""Guidance in a real browser: the county adviser finds Tydal on the status board, comments on a
section of the planning strategy, the planner answers and the adviser resolves the thread."""

from __future__ import annotations

import pytest

from .conftest import Site, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.example_data("strategy")]


def test_adviser_comments_from_the_board_and_the_planner_answers(site: Site) -> None:
    from samplan.guidance.models import Thread
    from tests.snapshot import example_data

    example_data("strategy", site.personas.municipality)
    site.login_as(site.personas.adviser)
    site.goto(f"/veiledning/{site.personas.county_org.slug}/")
    assert_accessible(site.page)
    site.page.locator("table.sp-board a[href='/kommune/5033/veiledning/']").click()
    site.page.wait_for_load_state()
    site.page.locator("a[href='/kommune/5033/veiledning/ny/']").click()
    site.page.wait_for_load_state()
    site.page.select_option("#id_target", "strategy|2023:trends")
    site.page.fill("#id_title", "Befolkningen")
    site.page.fill("#id_text", "Ta med lavalternativet i framskrivingen.")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").first.click()
    thread = Thread.objects.get(title="Befolkningen")
    assert site.page.url.endswith(thread.get_absolute_url())

    site.login_as(site.personas.editor)
    site.goto("/kommune/5033/oversikt/")
    site.page.locator(f"a[href='{thread.get_absolute_url()}']").first.click()
    site.page.wait_for_load_state()
    site.page.fill("#id_text", "Takk, vi legger det inn.")
    with site.page.expect_navigation():
        site.page.locator("main form.sp-form button[type=submit]").click()
    assert_accessible(site.page)

    site.login_as(site.personas.adviser)
    site.goto(thread.get_absolute_url())
    with site.page.expect_navigation():
        site.page.locator("button[name=action][value=resolve]").click()
    thread.refresh_from_db()
    assert thread.status == "lukket" and thread.comments.count() == 2
