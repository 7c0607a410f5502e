"""The planning strategy in a real browser: the planner starts it and writes a section from the
example, an elected member marks priorities, the planner sees the tally."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from . import plandata
from .conftest import Site, assert_accessible

pytestmark = pytest.mark.browser


def _example_strategy(site: Site) -> object:
    from samplan.strategy.models import Strategy
    from tests.snapshot import example_data

    example_data("strategy", site.personas.municipality)
    return Strategy.objects.get(municipality=site.personas.municipality, period_start=2023)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


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
def test_adopted_strategy_is_frozen_and_a_revision_leaves_the_public_pdf_unchanged(
    site: Site,
) -> None:
    _example_strategy(site)  # adopted 13.06.2024, so frozen with its documents
    public_pdf = f"/offentlig/{plandata.KNR}/planstrategi/2023/planstrategi.pdf"
    adopted = site.page.request.get(site.base_url + public_pdf)
    assert adopted.ok
    assert "Vedtatt av kommunestyret 13.06.2024" in _pdf_text(adopted.body())

    # The planner cannot write in the adopted strategy; a revision is a new draft.
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/planstrategi/2023/")
    assert site.page.locator("main a[href$='/del/trends/']").count() == 0
    with site.page.expect_navigation():
        site.page.locator("main a[href$='/endring/']").click()
    site.page.fill("#id_reason", "Ny kommuneplan krever endring")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator(".ds-tag", has_text=re.compile("Endring 1")).count() == 1
    with site.page.expect_navigation():
        site.page.locator("main a[href$='/del/trends/']").click()
    site.page.fill("#id_text", "Tekst skrevet etter vedtaket.")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").first.click()
    assert site.page.locator(".ds-alert", has_text="er lagret").count() >= 1
    assert_accessible(site.page)

    # The public PDF is still the adopted one, byte for byte.
    after = site.page.request.get(site.base_url + public_pdf)
    assert after.body() == adopted.body()
    assert "Tekst skrevet etter vedtaket" not in _pdf_text(after.body())
    site.goto(f"/offentlig/{plandata.KNR}/planstrategi/2023/")
    assert site.page.locator("#adopted-heading").is_visible()


@pytest.mark.example_data("strategy")
def test_member_marks_priorities_and_the_planner_sees_the_tally(site: Site) -> None:
    from samplan.strategy.services import strategy_start_revision

    # The example is adopted (frozen, no more marks): a revision asks the members again.
    strategy_start_revision(strategy=_example_strategy(site), reason="Ny kommuneplan")
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
