"""A process plan in a real browser: the planner writes the desired result, answers a key
question, adds a phase and an activity, maps an actor and downloads the plan as PDF; two planners
saving the same process at once, the second told and nothing overwritten."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from . import plandata
from .conftest import Site, assert_accessible

pytestmark = pytest.mark.browser


def _plan_warnings(site: Site) -> str:
    """The text of the process page's "check the plan" box (empty when there is none)."""
    box = site.page.locator(".ds-alert[data-color=warning][role=status]")
    return box.inner_text() if box.count() else ""


def _submit(site: Site) -> None:
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").first.click()


def test_planner_goes_from_desired_result_to_actors_and_the_pdf(site: Site) -> None:
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/prosesser/ny/")
    site.page.fill("#id_name", "Ny samfunnsdel")
    site.page.select_option("#id_kind", "samfunnsdel")
    _submit(site)
    assert "/onsket-resultat/" in site.page.url  # the desired result comes first
    site.page.fill("#id_desired_result", "En kort samfunnsdel kommunestyret eier.")
    _submit(site)
    assert_accessible(site.page)
    assert "barn og unge" in _plan_warnings(site)  # PBL § 5-1 for a statutory plan

    site.page.locator("a[href$='/sporsmal/hvem/']").click()
    site.page.wait_for_load_state()
    site.page.fill("#id_text", "Vi er enige om utfordringene.")
    site.page.select_option("#id_status", "omforent")
    _submit(site)
    assert site.page.locator("#sporsmal-hvem", has_text="Omforent").count() == 1

    site.page.locator("a[href$='/faser/ny/']").click()
    site.page.wait_for_load_state()
    site.page.fill("#id_title", "Oppstart")
    site.page.fill("#id_starts_on", "2027-01-04")
    site.page.fill("#id_ends_on", "2027-03-31")
    _submit(site)
    site.page.locator("a[href$='/aktiviteter/ny/']").click()
    site.page.wait_for_load_state()
    site.page.fill("#id_title", "Verksted med ungdomsrådet")
    site.page.select_option("#id_kind", "verksted")
    site.page.fill("#id_starts_on", "2027-04-15")  # after the phase: saved, with a warning
    site.page.select_option("#id_group", "barn_unge")
    _submit(site)
    assert site.page.locator(".ds-alert", has_text="utenfor datoene").count() >= 1
    assert "barn og unge" not in _plan_warnings(site)  # the activity is aimed at them
    assert "eldre" in _plan_warnings(site)

    site.goto(f"/kommune/{plandata.KNR}/prosesser/aktorregister/ny/")
    site.page.fill("#id_name", "Eldrerådet")
    site.page.select_option("#id_kind", "politisk")
    site.page.select_option("#id_group", "eldre")
    _submit(site)
    from samplan.processes.models import Process

    process = Process.objects.get(name="Ny samfunnsdel")
    site.goto(f"/kommune/{plandata.KNR}/prosesser/{process.pk}/aktorer/ny/")
    site.page.select_option("#id_actor", label="Eldrerådet")
    site.page.select_option("#id_influence", "2")
    site.page.select_option("#id_stance", "5")
    site.page.check("#id_champion")
    _submit(site)
    assert site.page.locator("main svg circle").count() == 1
    assert site.page.locator("main table", has_text="Eldrerådet").count() >= 1
    assert_accessible(site.page)
    site.goto(process.get_absolute_url())
    assert "eldre" not in _plan_warnings(site)

    pdf = site.page.request.get(
        f"{site.base_url}/kommune/{plandata.KNR}/prosesser/{process.pk}/prosessplan.pdf"
    )
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "En kort samfunnsdel kommunestyret eier." in text and "Eldrerådet" in text


def test_two_planners_save_the_same_process_and_the_second_is_told(site: Site) -> None:
    """Two planners open the process's facts at the same time; the first saves. The second's
    save is refused with a clear message, and nothing of the first's is overwritten."""
    from samplan.processes.models import Process

    process = Process.objects.create(
        municipality=site.personas.municipality, name="Sentrumsutvikling", kind="utvikling"
    )
    read_at = process.version
    address = f"/kommune/{plandata.KNR}/prosesser/{process.pk}/om/"
    site.login_as(site.personas.editor)
    site.goto(address)
    other = site.new_page()
    site.login_as(site.personas.admin, page=other)
    site.goto(address, page=other)  # both forms carry the version they were read at

    site.page.fill("#id_name", "Sentrumsutvikling i Tydal")
    _submit(site)
    other.fill("#id_name", "Et annet navn")
    with other.expect_navigation():
        other.locator("main form button[type=submit]").first.click()

    assert "Noen andre lagret dette mens du arbeidet med det" in other.locator("main").inner_text()
    assert_accessible(other)
    process.refresh_from_db()
    # one save moved the version once; the refused one wrote nothing
    assert (process.name, process.version) == ("Sentrumsutvikling i Tydal", read_at + 1)
    assert process.history.first().history_user == site.personas.editor
