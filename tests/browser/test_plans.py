"""The plan register and the clean-up in a real browser: what an editor and a reader do.

The assertions use the page's structure, URLs and the data typed in, not translated text, so the
tests hold in Bokmål and Nynorsk while the catalogues change.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest

from . import plandata
from .conftest import Site, assert_accessible, assert_no_page_errors

pytestmark = pytest.mark.browser


def _submit(page: Any, selector: str = "main form.sp-form button[type=submit]") -> Any:
    with page.expect_navigation() as navigation:
        page.locator(selector).click()
    return navigation.value


def _fact(page: Any, position: int) -> str:
    """The text of the n-th value (1-based) in the page's first fact list."""
    return page.locator("main dl.sp-facts").first.locator("dd").nth(position - 1).inner_text()


def _first_number(text: str) -> int:
    match = re.search(r"\d+", text)
    assert match, f"no number in {text!r}"
    return int(match.group())


# (a) Create, see, edit, see in the history, delete ------------------------------------------


def test_editor_creates_edits_and_deletes_a_plan(site: Site) -> None:
    from samplan.plans.models import Plan

    page = site.page
    editor = site.personas.editor
    site.login(editor.email)
    site.goto(plandata.PLANS)
    with page.expect_navigation():
        page.locator("main a[href$='/planer/ny/']").click()
    assert site.path() == f"{plandata.PLANS}ny/"

    page.fill("#id_title", "Plan for friluftsliv 2022–2026")
    page.select_option("#id_plan_type", "temaplan")
    page.select_option("#id_status", "gjeldende")
    page.fill("#id_adopted_year", "2022")
    page.fill("#id_revision_interval_years", "4")
    page.fill("#id_responsible_unit", "Kultur og fritid")
    page.fill("#id_themes_text", "folkehelse; næring")
    page.check("input[name=sdgs][value='3']")
    page.check("input[name=sdgs][value='15']")
    response = _submit(page)
    assert response.status == 200

    plan = Plan.objects.get(title="Plan for friluftsliv 2022–2026")
    assert site.path() == plan.get_absolute_url()
    assert plan.municipality_id == plandata.KNR
    assert plan.themes == ["folkehelse", "næring"]
    assert plan.sdgs == [3, 15]
    assert page.locator(".sp-messages").is_visible()
    assert page.locator("h1").inner_text() == "Plan for friluftsliv 2022–2026"
    facts = page.locator("main dl.sp-facts").inner_text()
    # Adopted 2022, every 4 years: the next revision is computed as 1 January 2026.
    assert "01.01.2026" in facts, facts
    assert "Kultur og fritid" in facts
    assert "folkehelse, næring" in facts
    assert "3. God helse og livskvalitet; 15. Livet på land" in facts
    assert_accessible(page)

    with page.expect_navigation():
        page.locator(f"main a[href='{plan.get_absolute_url()}endre/']").click()
    assert page.locator("#id_themes_text").input_value() == "folkehelse; næring"
    assert page.locator("input[name=sdgs][value='15']").is_checked()
    page.fill("#id_revision_interval_years", "2")
    page.fill("#id_responsible_person", "Siri Sti")
    assert _submit(page).status == 200
    assert site.path() == plan.get_absolute_url()
    facts = page.locator("main dl.sp-facts").inner_text()
    assert "01.01.2024" in facts and "Siri Sti" in facts, facts

    history = page.locator("section[aria-labelledby=history-heading] tbody tr")
    assert history.count() == 2
    newest = history.first.inner_text()
    assert editor.name in newest, "the history does not say who changed the plan"
    assert re.search(r"4\s*→\s*2", newest), newest
    assert "Siri Sti" in newest
    assert editor.name in history.nth(1).inner_text()
    site.screenshot("flow-plan-edited")

    with page.expect_navigation():
        page.locator(f"main a[href='{plan.get_absolute_url()}slett/']").click()
    assert "Plan for friluftsliv 2022–2026" in page.locator("h1").inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert site.path() == plandata.PLANS
    assert page.locator(".sp-messages").is_visible()
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert page.locator("#results table").count() == 0
    assert_no_page_errors(page)


# (b) Import -----------------------------------------------------------------------------------


def test_import_with_a_bad_row_writes_nothing_then_a_good_file_imports(site: Site) -> None:
    from samplan.plans.models import Plan

    page = site.page
    site.login_as(site.personas.editor)
    site.goto(plandata.PLANS)
    with page.expect_navigation():
        page.locator("main a[href$='/planer/import/']").click()

    page.set_input_files("#id_file", plandata.csv_file(plandata.BAD_ROWS, "med-feil.csv"))
    assert _submit(page).status == 400
    assert site.path() == f"{plandata.PLANS}import/"
    assert page.locator("main [role=alert]").is_visible()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_inner_texts()
    assert cells[:2] == [plandata.BAD_ROW_NUMBER, plandata.BAD_COLUMN], cells
    assert "Ukjent plantype" in cells[2]
    assert not Plan.objects.exists(), "a row was written although the file has an error"
    site.screenshot("flow-plan-import-errors")
    assert_accessible(page)

    site.goto(plandata.PLANS)
    assert page.locator("#results table").count() == 0, "the register changed"
    site.goto(f"{plandata.PLANS}import/")
    page.set_input_files("#id_file", plandata.csv_file(plandata.GOOD_ROWS))
    assert _submit(page).status == 200
    # The preview shows what will be stored; nothing is written before "Save".
    assert site.path() == f"{plandata.PLANS}import/"
    assert page.locator("main table tbody tr").count() == len(plandata.GOOD_ROWS)
    assert not Plan.objects.exists(), "the preview wrote to the register"
    assert_accessible(page)
    assert _submit(page, "main button[name=steg][value=lagre]").status == 200
    assert site.path() == plandata.PLANS
    assert page.locator(".sp-messages").is_visible()
    table = page.locator("#results tbody")
    assert table.locator("tr").count() == 2
    for row in plandata.GOOD_ROWS:
        assert table.locator("a", has_text=row["tittel"]).count() == 1
    traffic = Plan.objects.get(external_id="B-2")
    assert traffic.parent is not None and traffic.parent.external_id == "B-1"
    assert traffic.in_financial_plan
    assert_no_page_errors(page)


# Downloads -----------------------------------------------------------------------------------


def _download(page: Any, selector: str) -> Any:
    with page.expect_download() as info:
        page.locator(selector).click()
    download = info.value
    assert download.failure() is None, download.failure()
    return download


@pytest.mark.example_data("plans")
def test_template_and_export_are_downloaded_with_their_file_names(site: Site) -> None:
    from openpyxl import load_workbook

    page = site.page
    plandata.example_register(site.personas.municipality)
    site.login_as(site.personas.editor)

    site.goto(f"{plandata.PLANS}import/")
    template = _download(page, "main a[href='/planregister/mal.csv']")
    assert template.suggested_filename == "planregister-mal.csv"
    header = template.path().read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("id;tittel;plantype;status;vedtatt;")
    template = _download(page, "main a[href='/planregister/mal.xlsx']")
    assert template.suggested_filename == "planregister-mal.xlsx"
    sheet = load_workbook(io.BytesIO(template.path().read_bytes())).active
    assert sheet.cell(1, 2).value == "Tittel (må fylles ut)"
    assert sheet.cell(2, 2).value == "tittel"  # the names the import reads, in a hidden row
    assert sheet.max_row == 3, "the template has one example row"

    site.goto(plandata.PLANS)
    for file_format in ("csv", "xlsx", "ods"):
        download = _download(page, f"main a[href$='/planer/eksport.{file_format}']")
        assert download.suggested_filename == f"planregister-{plandata.KNR}.{file_format}"
    download = _download(page, "main a[href$='/planer/eksport.csv']")
    exported = download.path().read_text(encoding="utf-8-sig")
    assert len(exported.splitlines()) == 37, "the header and 36 plans"
    assert "Kommuneplanens samfunnsdel 2015–2027" in exported
    assert_no_page_errors(page)


# (c) The clean-up ------------------------------------------------------------------------------


def _cleanup_row(page: Any, plan: Any) -> Any:
    link = page.locator(f"a[href='{plan.get_absolute_url()}']")
    return page.locator("main table tbody tr").filter(has=link)


def _counts(page: Any) -> dict[str, int]:
    return {
        "plans_after": _first_number(_fact(page, 2)),
        "undecided": _first_number(_fact(page, 3)),
    }


@pytest.mark.example_data("plans")
def test_cleanup_decision_new_plan_and_accepting_the_suggestions(site: Site) -> None:
    from samplan.plans.models import CleanupDecision

    page = site.page
    plans = plandata.example_register(site.personas.municipality)
    site.login_as(site.personas.editor)
    cleanup = f"{plandata.CLEANUP}?periode={plandata.EXAMPLE_PERIOD}"
    site.goto(cleanup)
    start = _counts(page)
    assert start["undecided"] > 0

    # A decision for one plan: revise it by 2026.
    school = plans["P-21"]
    with page.expect_navigation():
        _cleanup_row(page, school).locator(f"a[href*='/rydding/{school.pk}/']").click()
    page.select_option("#id_decision", "revidere")
    page.fill("#id_target_year", "2026")
    page.fill("#id_rationale", "Elevtallet har endret seg.")
    assert _submit(page).status == 200
    assert site.path() == cleanup
    assert page.locator(".sp-messages").is_visible()
    row = _cleanup_row(page, school)
    assert "2026" in row.inner_text() and "Elevtallet har endret seg." in row.inner_text()
    decided = _counts(page)
    assert decided == {**start, "undecided": start["undecided"] - 1}

    # A new plan that is needed: one more plan after the clean-up.
    with page.expect_navigation():
        page.locator("main a[href*='/rydding/ny-plan/']").click()
    page.fill("#id_new_plan_title", "Plan for klimatilpasning")
    page.select_option("#id_new_plan_type", "temaplan")
    page.fill("#id_target_year", "2027")
    assert _submit(page).status == 200
    assert site.path() == cleanup
    assert page.locator("main table tbody tr", has_text="Plan for klimatilpasning").count() == 1
    with_new = _counts(page)
    assert with_new["plans_after"] == decided["plans_after"] + 1
    before_accepting = CleanupDecision.objects.count()

    # Accept the suggestions: first what will be recorded, nothing written yet.
    with page.expect_navigation():
        page.locator("main a[href*='/rydding/godta-forslag/']").click()
    assert CleanupDecision.objects.count() == before_accepting
    counts = page.locator("[data-testid=accept-counts] li")
    assert counts.count() >= 2  # keep, revise, repeal … with their numbers
    repeals = page.locator("main input[type=checkbox][name=oppheve]")
    assert repeals.count() >= 1 and all(box.is_checked() for box in repeals.all())
    # Target years are never in the past.
    this_year = datetime.date.today().year
    years = [
        int(cell.inner_text())
        for cell in page.locator("main table tbody td:nth-child(3)").all()
        if cell.inner_text().strip().isdigit()
    ]
    assert years and min(years) >= this_year
    assert_accessible(page)
    # Confirm: plans suggested for repeal go, so fewer plans remain.
    with page.expect_navigation():
        page.locator("main button[name=bekreft]").click()
    assert site.path() == cleanup
    assert page.locator(".sp-messages").is_visible()
    accepted = _counts(page)
    assert accepted["undecided"] < with_new["undecided"]
    assert accepted["plans_after"] < with_new["plans_after"]
    assert CleanupDecision.objects.count() == before_accepting + (
        with_new["undecided"] - accepted["undecided"]
    )
    # Only merges (which need a plan chosen) are left undecided.
    assert page.locator("main table tbody em").count() == accepted["undecided"]
    site.screenshot("flow-cleanup-accepted")
    assert_accessible(page)


# (d) The htmx filter --------------------------------------------------------------------------


def _type_label(page: Any, value: str) -> str:
    return page.locator(f"#id_plan_type option[value='{value}']").inner_text().strip()


@pytest.mark.example_data("plans")
def test_plan_type_filter_with_htmx_keeps_the_page(site: Site) -> None:
    page = site.page
    plans = plandata.example_register(site.personas.municipality)
    thematic = sum(1 for plan in plans.values() if plan.plan_type == "temaplan")
    site.login_as(site.personas.editor)
    site.goto(plandata.PLANS)
    page.wait_for_function("() => typeof window.htmx !== 'undefined'")
    page.evaluate("() => { window.samplanSamePage = true; }")
    rows = page.locator("#results tbody tr")
    assert rows.count() == len(plans)

    page.select_option("#id_plan_type", "temaplan")
    page.wait_for_function(
        "(count) => document.querySelectorAll('#results tbody tr').length === count", arg=thematic
    )
    assert page.evaluate("() => window.samplanSamePage === true"), "a full page load happened"
    page.wait_for_url("**/planer/?*plan_type=temaplan*")
    label = _type_label(page, "temaplan")
    assert {text.strip() for text in rows.locator("td:nth-child(2)").all_inner_texts()} == {label}
    assert page.locator("#results [role=status]").count() == 1
    assert_accessible(page)


@pytest.mark.example_data("plans")
def test_plan_type_filter_without_javascript_uses_the_show_button(site: Site) -> None:
    plans = plandata.example_register(site.personas.municipality)
    thematic = sum(1 for plan in plans.values() if plan.plan_type == "temaplan")
    page = site.new_page(java_script_enabled=False)
    site.login_as(site.personas.editor, page=page)
    site.goto(plandata.PLANS, page=page)
    assert page.locator("#results tbody tr").count() == len(plans)
    page.select_option("#id_plan_type", "temaplan")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    assert "plan_type=temaplan" in site.path(page)
    assert page.locator("#results tbody tr").count() == thematic
    assert page.locator("#id_plan_type").input_value() == "temaplan"
    assert_no_page_errors(page)


# (e) A reader ---------------------------------------------------------------------------------


@pytest.mark.example_data("plans")
def test_reader_sees_the_register_but_no_editing(site: Site) -> None:
    plans = plandata.example_register(site.personas.municipality)
    page = site.page
    site.login_as(site.personas.reader)
    site.goto(plandata.PLANS)
    assert page.locator("#results tbody tr").count() == len(plans)
    main = page.locator("main")
    assert main.locator("a[href$='/planer/ny/']").count() == 0
    assert main.locator("a[href$='/planer/import/']").count() == 0
    assert main.locator("a[href*='/planer/eksport.']").count() == 5, "readers may export"

    plan = plans["P-02"]
    site.goto(plan.get_absolute_url())
    assert main.locator("a[href$='/endre/']").count() == 0
    assert main.locator("a[href$='/slett/']").count() == 0
    assert main.locator("a[href*='/rydding/']").count() == 0

    site.goto(f"{plandata.CLEANUP}?periode={plandata.EXAMPLE_PERIOD}")
    assert main.locator("table tbody tr").count() > 0
    assert main.locator("a[href*='/rydding/ny-plan/']").count() == 0
    assert main.locator("form[action$='/godta-forslag/']").count() == 0
    assert main.locator(f"a[href*='/rydding/{plan.pk}/']").count() == 0
    assert_accessible(page)

    site.goto(f"{plandata.PLANS}ny/", status=403)
    site.goto(f"{plan.get_absolute_url()}endre/", status=403)


# (f) Mobile -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [plandata.PLANS, f"{plandata.CLEANUP}?periode={plandata.EXAMPLE_PERIOD}"]
)
@pytest.mark.example_data("plans")
def test_plan_pages_do_not_scroll_sideways_on_a_phone(site: Site, path: str) -> None:
    plandata.example_register(site.personas.municipality)
    page = site.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    site.login_as(site.personas.editor, page=page)
    site.goto(path, page=page)
    layout = page.evaluate(
        """() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      unwrapped: [...document.querySelectorAll('main table')]
        .filter((table) => !table.closest('.sp-table-wrap')).length,
      scrollingWraps: [...document.querySelectorAll('.sp-table-wrap')]
        .filter((wrap) => wrap.scrollWidth > wrap.clientWidth).length,
    })"""
    )
    assert layout["scroll"] <= layout["client"], (
        f"{path} scrolls sideways at 375 px: content is {layout['scroll']} px wide"
    )
    assert layout["unwrapped"] == 0, "a table is not inside .sp-table-wrap"
    assert layout["scrollingWraps"] >= 1, "the wide table should scroll inside its wrapper"
    name = "register" if "planer" in path else "cleanup"
    site.screenshot(f"mobile-plans-{name}", page=page)
    assert_accessible(page)
