"""The political workshop in a real browser: the planner's projector view and a member's phone
(375 px wide) that joins with a one-time code and gives points; the projector shows the new
count without a reload (htmx polling). The assertions use the page's structure, not text."""

from __future__ import annotations

import pytest

from .conftest import Site, assert_accessible, assert_no_page_errors

pytestmark = pytest.mark.browser


def test_a_phone_joins_with_a_code_and_its_points_reach_the_projector(site: Site) -> None:
    from samplan.politics import services

    workshop = services.workshop_create(
        municipality=site.personas.municipality,
        title="Verksted",
        body="Kommunestyret",
        points=5,
        challenges=["Færre unge", "Boliger"],
        proposals=["Tomter"],
    )
    code = services.codes_create(workshop=workshop, count=1)[0].code
    services.workshop_step(workshop=workshop, step="prikker")
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/5033/politikk/verksted/{workshop.pk}/skjerm/")
    projector = site.page
    assert projector.locator("#live .sp-count").inner_text().startswith("0")

    phone = site.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    site.goto(f"/v/{workshop.key}/", page=phone)
    phone.fill("#id_code", code.upper())
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    fields = phone.locator("main input[inputmode=numeric]")
    assert fields.count() == 2
    fields.nth(1).fill("4")
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    assert_accessible(phone)

    # The projector polls every 3 s: the participant and the 4 points appear without a reload.
    projector.locator("#live td.sp-num", has_text="4").first.wait_for(timeout=10_000)
    assert projector.locator("#live .sp-count").inner_text().startswith("1")
    assert_no_page_errors(projector)
    assert_no_page_errors(phone)
