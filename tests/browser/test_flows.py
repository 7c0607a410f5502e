"""What people do in Samplan, in a real browser: language, members, keyboard, search, mobile."""

from __future__ import annotations

import pytest

from .conftest import (
    Site,
    assert_accessible,
    assert_no_page_errors,
    axe_violations,
    html_lang,
)

pytestmark = pytest.mark.browser


def test_language_buttons_switch_the_page_to_nynorsk_and_back(site: Site) -> None:
    from samplan.municipalities.example import EXAMPLE_PASSWORD, example_data_create

    example_data_create()
    page = site.page
    site.login("planlegger@tydal.example", EXAMPLE_PASSWORD)
    assert site.path() == "/kommune/5033/oversikt/"
    assert html_lang(page) == "nb"  # Tydal writes Bokmål

    with page.expect_navigation():
        page.locator("button[name=language][value=nn]").click()
    assert site.path() == "/kommune/5033/oversikt/", "the language switch left the page"
    assert html_lang(page) == "nn"
    assert page.locator("button[name=language][value=nn]").get_attribute("aria-pressed") == "true"
    assert page.locator("button[name=language][value=nb]").get_attribute("aria-pressed") == "false"
    site.screenshot("flow-dashboard-nynorsk")

    # The choice sticks: another page is in Nynorsk too.
    site.goto("/hjelp/")
    assert html_lang(page) == "nn"

    with page.expect_navigation():
        page.locator("button[name=language][value=nb]").click()
    assert site.path() == "/hjelp/"
    assert html_lang(page) == "nb"
    assert_no_page_errors(page)


def test_admin_adds_a_member_and_sees_them_in_members_and_history(site: Site) -> None:
    page = site.page
    personas = site.personas
    site.login(personas.admin.email)
    site.goto(personas.workspace.get_absolute_url())

    page.fill("#id_email", "nora.ny@tydal.test")
    page.fill("#id_name", "Nora Ny")
    page.select_option("#id_role", "reader")
    with page.expect_navigation():
        page.locator("form[action$='/medlemmer/ny/'] button[type=submit]").click()

    assert site.path() == personas.workspace.get_absolute_url()
    assert "nora.ny@tydal.test" in page.locator(".sp-messages").inner_text()
    members = page.locator("section[aria-labelledby=members-heading] table tbody")
    row = members.locator("tr", has_text="nora.ny@tydal.test")
    assert row.count() == 1
    assert "Nora Ny" in row.inner_text()
    history = page.locator("section[aria-labelledby=history-heading] table tbody")
    newest = history.locator("tr").first
    assert "Nora Ny" in newest.inner_text()
    assert personas.admin.name in newest.inner_text(), "the history does not say who added her"
    site.screenshot("flow-member-added")
    assert_accessible(page)

    from django.core import mail

    assert [message.to for message in mail.outbox] == [["nora.ny@tydal.test"]]


def test_tab_first_focuses_the_skip_link_which_moves_focus_to_main(site: Site) -> None:
    page = site.page
    site.goto("/kommune/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "ds-skip-link", "href": "#main"}, focused
    skip_link = page.locator(".ds-skip-link")
    box = skip_link.bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1, "skip link is not visible"
    assert box["y"] >= 0
    site.screenshot("flow-skip-link-focused", full_page=False)

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")
    # The next Tab goes to the first link inside main, not back to the header.
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )
    assert inside_main


def test_search_works_without_javascript(site: Site) -> None:
    page = site.new_page(java_script_enabled=False)
    site.goto("/kommune/", page=page)
    assert page.locator("#results tbody tr").count() == 50
    page.fill("#id_q", "tyd")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    assert site.path(page).startswith("/kommune/?q=tyd")
    rows = page.locator("#results tbody tr")
    assert 1 <= rows.count() < 50
    assert "Tydal" in rows.all_inner_texts()[0] or "Tydal" in page.locator("#results").inner_text()
    assert_no_page_errors(page)


def test_search_with_htmx_filters_the_table_without_loading_a_new_page(site: Site) -> None:
    page = site.page
    site.goto("/kommune/")
    page.wait_for_function("() => typeof window.htmx !== 'undefined'")
    page.evaluate("() => { window.samplanSamePage = true; }")
    assert page.locator("#results tbody tr").count() == 50

    page.locator("#id_q").press_sequentially("tyd", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length < 50")
    assert "Tydal" in page.locator("#results tbody").inner_text()
    assert page.evaluate("() => window.samplanSamePage === true"), "a full page load happened"
    page.wait_for_url("**/kommune/?q=tyd*")
    # The focus stays in the search field while typing.
    assert page.evaluate("() => document.activeElement.id") == "id_q"
    site.screenshot("flow-search-htmx")
    assert_accessible(page)


@pytest.mark.parametrize(
    "path", ["/kommune/5033/oversikt/", "/kommune/", "/", "/logg-inn/", "/hjelp/"]
)
def test_mobile_viewport_has_no_horizontal_scrolling(site: Site, path: str) -> None:
    """WCAG 2.1 1.4.10 (reflow): usable at 320 CSS px without scrolling sideways."""
    page = site.new_page(viewport={"width": 320, "height": 720}, is_mobile=True, has_touch=True)
    if path != "/logg-inn/":
        site.login(site.personas.editor.email, page=page)
    site.goto(path, page=page)
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], (
        f"{path} scrolls sideways at 320 px: content is {widths['scroll']} px wide"
    )
    name = path.strip("/").replace("/", "-") or "front"
    site.screenshot(f"mobile-{name}", page=page)
    assert_no_page_errors(page)


def _header_height(page) -> float:
    return page.evaluate(
        "() => document.querySelector('.sp-header').getBoundingClientRect().height"
    )


def test_the_header_is_compact_and_its_menu_folds_on_a_phone(site: Site) -> None:
    page = site.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    site.login_as(site.personas.editor, page=page)
    site.goto("/kommune/5033/oversikt/", page=page)
    button = page.locator(".sp-menu-button")
    menu = page.locator("#sp-menu")
    assert button.get_attribute("aria-expanded") == "false"
    assert menu.is_hidden()
    assert _header_height(page) <= 80, "the folded header should leave the screen to the content"

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the logo
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('sp-menu-button')")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    assert page.get_by_role("navigation", name="Hovedmeny").get_by_role("link").count() > 3
    site.screenshot("mobile-header-menu-open", page=page)
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and menu.is_hidden()

    page.set_viewport_size({"width": 1280, "height": 800})
    assert button.is_hidden() and menu.is_visible()  # a wide screen always shows the menu
    # (the modules on one line below the logo and the tools: 100 px; 130 when they wrapped)
    assert _header_height(page) <= 110
    assert_accessible(page)

    no_script = site.new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    site.login_as(site.personas.editor, page=no_script)
    site.goto("/kommune/5033/oversikt/", page=no_script)
    assert no_script.locator("#sp-menu").is_visible()  # without JavaScript the menu stays open
    assert no_script.locator(".sp-menu-button").is_hidden()


def test_the_module_menu_fits_one_line_on_a_desktop_screen_in_both_language_forms(
    site: Site,
) -> None:
    """Below the logo and the tools, every module's link on one line at 1280 and 1440 px."""
    page = site.new_page(viewport={"width": 1280, "height": 800})
    site.login_as(site.personas.editor, page=page)
    for language in ("nn", "nb"):
        site.goto("/kommune/5033/oversikt/", page=page)
        with page.expect_navigation():
            page.locator(f"button[name=language][value={language}]").click()
        for width in (1280, 1440):
            page.set_viewport_size({"width": width, "height": 800})
            tops = page.eval_on_selector_all(
                ".sp-nav__list a", "links => links.map(a => a.getBoundingClientRect().top)"
            )
            assert len(tops) > 10 and len(set(tops)) == 1, (language, width, tops)
            assert _header_height(page) <= 110, (language, width)
    assert_accessible(page)


def test_the_checks_can_fail(site: Site) -> None:
    """axe-core, the CSP watch and the console watch really report problems."""
    page = site.page
    site.goto("/hjelp/")
    page.evaluate(
        """() => {
      const image = document.createElement('img');
      image.src = '/static/samplan/favicon.svg';
      document.querySelector('main').appendChild(image);
      document.documentElement.removeAttribute('lang');
    }"""
    )
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "html-has-lang"} <= found, found

    page.evaluate(
        """() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true';
      document.body.appendChild(script);
      const div = document.createElement('div');
      div.setAttribute('style', 'color: red');
      document.body.appendChild(div);
    }"""
    )
    assert page.evaluate("() => window.inlineScriptRan === undefined"), "the CSP let it run"
    page.wait_for_timeout(100)
    errors = " ".join(page.watch.console_errors)
    assert "Content Security Policy" in errors, page.watch.console_errors
    with pytest.raises(AssertionError):
        assert_no_page_errors(page)
