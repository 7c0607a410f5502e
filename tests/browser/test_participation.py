"""Participation in a real browser: a citizen sends input on a phone with the keyboard only, and
the planner assesses it and downloads the merknadsbehandling."""

from __future__ import annotations

import datetime

import pytest

from . import plandata
from .conftest import Site, assert_accessible

pytestmark = pytest.mark.browser


def _open_consultation(site: Site) -> object:
    from django.utils import timezone

    from samplan.participation import services
    from samplan.participation.models import Consultation, Question

    consultation = services.consultation_save(
        consultation=Consultation(
            municipality=site.personas.municipality,
            title="Hva vil du med sentrum?",
            kind="innspillsrunde",
            subject="annet",
            summary="Kommunen lager en plan for Ås sentrum.",
            opens_on=timezone.localdate() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=20),
            status="publisert",
        )
    )
    for kind, text, options in (
        ("valg", "Hva er viktigst?", "Bolig\nHelse"),
        ("sted", "Hvor?", ""),
    ):
        services.question_add(
            question=Question(consultation=consultation, kind=kind, text=text, options=options)
        )
    return consultation


def _tab_to(page, selector: str, visited: list[str]) -> None:
    """Press Tab until `selector` has the focus (keyboard only), noting what got it on the way."""
    for _press in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.id || document.activeElement.name")
        visited.append(focused)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_a_citizen_sends_input_on_a_phone_with_the_keyboard_only(site: Site, monkeypatch) -> None:
    from samplan.participation import public
    from samplan.participation.models import Submission

    monkeypatch.setattr(public, "MIN_FILL_SECONDS", 0)  # a test types faster than a person
    consultation = _open_consultation(site)
    choice, place = consultation.questions.all()
    page = site.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    site.goto(f"/delta/{plandata.KNR}/{consultation.pk}/", page=page)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    visited: list[str] = []
    _tab_to(page, f"#id_q_{choice.pk}_0", visited)
    page.keyboard.press("Space")
    _tab_to(page, f"#id_q_{place.pk}", visited)
    page.keyboard.type("Stugudal")
    _tab_to(page, "#id_text", visited)
    page.keyboard.type("Vi trenger en kafé som er åpen om kvelden.")
    _tab_to(page, "#id_name", visited)
    page.keyboard.type("Kari Nordmann")
    _tab_to(page, "#id_email", visited)
    page.keyboard.type("kari@example.no")
    _tab_to(page, "#id_consent", visited)
    page.keyboard.press("Space")
    _tab_to(page, "main form button[type=submit]", visited)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "nettside" not in visited  # the honeypot is out of the tab order
    assert "/delta/5033/innspill/" in page.url
    assert page.locator(".sp-messages").is_visible()
    submission = Submission.objects.get(consultation=consultation)
    assert (submission.place, submission.name) == ("", "Kari Nordmann")
    assert submission.answers.get(question=place).value == "Stugudal"
    site.screenshot("participation-phone-receipt", page=page)
    assert_accessible(page)


@pytest.mark.example_data("strategy", "participation")
def test_the_planner_assesses_a_submission_and_downloads_the_merknadsbehandling(
    site: Site,
) -> None:
    from samplan.participation.models import Consultation
    from tests.snapshot import example_data

    example_data("participation", site.personas.municipality)
    consultation = Consultation.objects.get(municipality=site.personas.municipality)
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/medvirkning/{consultation.pk}/innspill/3/")
    site.page.fill("#id_assessment", "Tatt inn i kapittel 4 om arealbruk.")
    site.page.select_option("#id_taken_into_account", "ja")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator(".sp-messages").is_visible()

    with site.page.expect_download() as download:
        site.page.locator("a[href$='merknadsbehandling.odt']").click()
    assert download.value.suggested_filename == "merknadsbehandling.odt"
    history = site.page.locator("#history-heading + .sp-table-wrap")
    assert "Tatt inn i kapittel 4" in history.inner_text()
