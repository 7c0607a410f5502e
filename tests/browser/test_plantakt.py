"""Plantakt in a real browser: recording a decision moves the dependent deadline, own items are
added, moved and completed, the htmx filter, the calendar download and the secret feed.

The assertions use the page's structure (data-key, datetime attributes, URLs), not translated text,
so they hold in Bokmål and Nynorsk.
"""

from __future__ import annotations

from typing import Any

import icalendar
import pytest

from . import plantaktdata
from .conftest import Site, assert_accessible, assert_no_page_errors

pytestmark = pytest.mark.browser

LIST = f"{plantaktdata.BASE}liste/?periode=2023"


def _submit(page: Any) -> Any:
    with page.expect_navigation() as navigation:
        page.locator("main form.sp-form button[type=submit]").click()
    return navigation.value


def _item_date(page: Any, key: str) -> str:
    return page.locator(f"li[data-key='{key}'] time").first.get_attribute("datetime")


def test_recording_the_strategy_decision_moves_the_publication_deadline(site: Site) -> None:
    page = site.page
    site.login_as(site.personas.editor)
    site.goto(LIST)
    assert _item_date(page, "planning_strategy.draft_public") == "2024-10-01"

    with page.expect_navigation():
        page.locator("li[data-key='planning_strategy.adopted'] a[href*='/frist/']").click()
    assert "/plantakt/frist/planning_strategy.adopted/" in site.path()
    # The dependants are listed before the date is recorded.
    assert page.locator("main ul li").count() >= 1
    page.fill("#id_decided_on", "2024-06-13")
    response = _submit(page)
    assert response.status == 200
    assert site.path() == LIST
    assert _item_date(page, "planning_strategy.draft_public") == "2024-05-14"
    done = page.locator("li[data-key='planning_strategy.adopted'].sp-plantakt-item--done")
    assert done.count() == 1

    # The period page shows the decision in the history, with the user.
    site.goto(f"{plantaktdata.BASE}periode/?periode=2023")
    history = page.locator("section[aria-labelledby=history-heading] tbody")
    assert "2024" in history.inner_text()
    assert site.personas.editor.name in history.inner_text()
    assert_no_page_errors(page)


def test_constitution_date_and_master_plan_revision_change_the_calendar(site: Site) -> None:
    page = site.page
    site.login_as(site.personas.editor)
    site.goto(f"{plantaktdata.BASE}periode/?periode=2023")
    page.fill("#id_constituted_on", "2023-10-19")
    page.check("#id_revise_master_plan")
    _submit(page)
    site.goto(LIST)
    assert _item_date(page, "planning_strategy.adopted") == "2024-10-19"
    assert page.locator("li[data-key^='master_plan.']").count() == 6


def test_editor_adds_moves_and_completes_an_own_item(site: Site) -> None:
    from samplan.plantakt.models import OwnItem

    page = site.page
    site.login_as(site.personas.editor)
    site.goto(LIST)
    with page.expect_navigation():
        page.locator("main a[href*='/plantakt/ny/']").click()
    page.fill("#id_title", "Folkemøte om hyttebygging")
    page.fill("#id_date", "2025-03-12")
    page.fill("#id_description", "I samfunnshuset.")
    _submit(page)
    item = OwnItem.objects.get(title="Folkemøte om hyttebygging")
    assert _item_date(page, f"own.{item.pk}") == "2025-03-12"

    with page.expect_navigation():
        page.locator(f"li[data-key='own.{item.pk}'] a").click()
    page.fill("#id_date", "2025-04-02")
    _submit(page)
    assert _item_date(page, f"own.{item.pk}") == "2025-04-02"

    site.goto(f"{plantaktdata.BASE}egne/{item.pk}/?periode=2023")
    page.fill("#id_done_on", "2025-04-02")
    _submit(page)
    assert page.locator(f"li[data-key='own.{item.pk}'].sp-plantakt-item--done").count() == 1
    site.goto(f"{plantaktdata.BASE}egne/{item.pk}/?periode=2023")
    assert page.locator("section[aria-labelledby=history-heading] tbody tr").count() == 3
    assert_no_page_errors(page)


@pytest.mark.example_data("plantakt")
def test_kind_filter_with_htmx_keeps_the_page(site: Site) -> None:
    page = site.page
    plantaktdata.editor(site)
    site.goto(LIST)
    page.wait_for_function("() => typeof window.htmx !== 'undefined'")
    page.evaluate("() => { window.samplanSamePage = true; }")
    assert page.locator("#items > li").count() > 20
    page.select_option("#id_kind", "egen")
    page.wait_for_function("() => document.querySelectorAll('#items > li').length === 3")
    assert page.evaluate("() => window.samplanSamePage === true"), "a full page load happened"
    page.wait_for_url("**/plantakt/liste/?*kind=egen*")
    assert page.locator("#results [role=status]").count() == 1
    page.check("#id_overdue")
    page.wait_for_function("() => document.querySelectorAll('#items > li').length === 1")
    assert_accessible(page)


@pytest.mark.example_data("plantakt")
def test_holiday_warning_is_shown_for_a_consultation_in_july(site: Site) -> None:
    page = site.page
    plantaktdata.editor(site)
    site.goto(f"{LIST}&module=kommuneplan")
    warning = page.locator("li[data-key='master_plan.draft_consultation'] .sp-plantakt-holiday")
    assert warning.count() == 1
    assert "2025" in warning.inner_text()


@pytest.mark.example_data("plantakt")
def test_calendar_download_and_secret_feed(site: Site) -> None:
    page = site.page
    plantaktdata.editor(site)
    site.goto(LIST)
    with page.expect_download() as info:
        page.locator("main a[href*='/plantakt/kalender.ics']").click()
    download = info.value
    assert download.suggested_filename == f"plantakt-{plantaktdata.KNR}-2023.ics"
    calendar = icalendar.Calendar.from_ical(download.path().read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == page.locator("#items > li").count()

    site.goto(f"{plantaktdata.BASE}abonnement/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    feed_url = page.locator("#feed-url").inner_text().strip()
    # A calendar program fetches it without a session.
    anonymous = site.new_page()
    fetched = anonymous.request.get(feed_url)
    assert fetched.status == 200
    assert icalendar.Calendar.from_ical(fetched.body()).walk("VEVENT")

    # Revoking stops the address.
    site.goto(f"{plantaktdata.BASE}abonnement/")
    with page.expect_navigation():
        page.locator("main form button[data-color=danger]").click()
    assert anonymous.request.get(feed_url).status == 404
    assert page.locator("#feed-url").count() == 0
    assert_no_page_errors(page)


@pytest.mark.example_data("plantakt")
def test_reader_sees_the_calendar_but_cannot_change_it(site: Site) -> None:
    page = site.page
    plantaktdata.example_period(site.personas.municipality)
    site.login_as(site.personas.reader)
    site.goto(LIST)
    assert page.locator("#items > li").count() > 20
    assert page.locator("main a[href*='/frist/'], main a[href*='/plantakt/ny/']").count() == 0
    assert page.locator("main a[href*='/abonnement/']").count() == 0
    site.goto(f"{plantaktdata.BASE}frist/budget.2027/?periode=2023", status=403)

    # The dashboard's "Neste frister": the coming deadlines first, soonest at the top, and the
    # overdue ones after them in their own marked group.
    site.goto("/kommune/5033/oversikt/")
    panel = page.locator("section[aria-labelledby=panel-plantakt]")
    upcoming = panel.locator("[data-testid=deadlines-upcoming] time")
    overdue = panel.locator("[data-testid=deadlines-overdue] time")
    coming = [upcoming.nth(i).get_attribute("datetime") for i in range(upcoming.count())]
    late = [overdue.nth(i).get_attribute("datetime") for i in range(overdue.count())]
    assert coming and coming == sorted(coming)
    assert late and max(late) < min(coming)
    order = panel.evaluate(
        "p => [...p.querySelectorAll('[data-testid]')].map(e => e.dataset.testid)"
    )
    assert order == ["deadlines-upcoming", "deadlines-overdue"]
    assert panel.locator("#panel-plantakt-overdue .ds-tag").is_visible()


@pytest.mark.example_data("plantakt")
def test_plantakt_pages_do_not_scroll_sideways_on_a_phone(site: Site) -> None:
    plantaktdata.example_period(site.personas.municipality)
    page = site.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    site.login_as(site.personas.editor, page=page)
    for path in (
        f"{plantaktdata.BASE}?periode=2023",
        f"{plantaktdata.BASE}tidslinje/?periode=2023",
    ):
        site.goto(path, page=page)
        width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width[0] <= width[1], f"{path} scrolls sideways at 375 px"
    site.screenshot("mobile-plantakt-timeline", page=page)
    assert_accessible(page)
