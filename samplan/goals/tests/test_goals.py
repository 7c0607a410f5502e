"""The goals module from Tydal's example data: the goal tree, measures and versions, the budget
import to the krone, follow-up, the report, the public page and who may do what."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from samplan.core.testing import database_features_read
from samplan.documents.check import pdfa_problems
from samplan.goals import budget, selectors, services
from samplan.goals.example import BUDGET_FILE
from samplan.goals.models import (
    ActionPlan,
    BudgetLine,
    FocusArea,
    Goal,
    GoalComment,
    IndicatorValue,
    Measure,
    MeasureStatus,
    ReportAdoption,
)
from samplan.plans.tabular import read_grid

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("ssb", "goals")]
KNR = "5033"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, 0), tick=False):
        yield


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def url(name: str, *args: object) -> str:
    return reverse(f"goals:{name}", args=[KNR, *args])


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def plan_2026() -> ActionPlan:
    return ActionPlan.objects.get(municipality_id=KNR, first_year=2026)


def goal(title: str) -> Goal:
    return Goal.objects.get(municipality_id=KNR, title=title)


def _file_totals() -> list[int]:
    """The four years' sums of the example file, read without the app's parser: every row with
    a KOSTRA function, the amounts with the spaces taken out."""
    totals = [0, 0, 0, 0]
    for line in BUDGET_FILE.read_text(encoding="utf-8").splitlines()[2:]:
        cells = line.split(";")
        if cells[1]:
            for index, cell in enumerate(cells[5:9]):
                totals[index] += int(cell.replace(" ", ""))
    return totals


# The example data


def test_tydal_has_the_example_goal_structure_and_two_years_of_follow_up(personas):
    assert FocusArea.objects.filter(municipality_id=KNR).count() == 4
    assert Goal.objects.filter(municipality_id=KNR).count() == 11
    assert plan_2026().measures.count() == 25
    assert plan_2026().lines.count() == 324
    years = set(MeasureStatus.objects.filter(municipality_id=KNR).values_list("year", flat=True))
    assert years == {2025, 2026}
    # SSB indicators are filled from the statistics module (the snapshot's years).
    population = IndicatorValue.objects.filter(indicator__ssb_series="population")
    assert population.filter(from_ssb=True).count() >= 5


def test_the_money_picture_sums_to_the_krone_against_the_file(personas):
    picture = selectors.money_picture(plan_2026())
    expected = _file_totals()
    assert picture.budget_totals == expected == [176748000, 183498000, 180442000, 173600000]
    assert [a + b for a, b in zip(picture.linked_totals, picture.unlinked_totals, strict=True)] == (
        expected
    )
    grid = [list(row) for row in read_grid(BUDGET_FILE.name, BUDGET_FILE.read_bytes())]
    parsed = budget.parse(grid, plan_2026().years)
    assert parsed.totals() == expected
    assert [row.number for row in parsed.rows if row.skipped] == [len(grid)]  # the totals row
    housing = next(
        m for m in picture.goals if m.goal.title == "Nok boliger for unge og tilflyttere"
    )
    assert housing.costs == [2500000 + 0, 1500000 + 6000000, 0 + 4000000, 0]
    assert [m.title for m in picture.measures_without_money] == ["Kulturskole i alle grender"]
    assert {row.funksjon for row in picture.unlinked_by_function} >= {"100", "202"}


def test_the_version_diff_lists_carried_ended_and_added(personas):
    diff = selectors.plan_diff(plan_2026())
    assert [row.old.title for row in diff["ended"]] == ["Reguleringsplan for hyttefelt Stugudal"]
    assert sorted(row.measure.title for row in diff["added"]) == [
        "Innsamling av matavfall",
        "Ladepunkter ved kommunale bygg",
    ]
    assert len(diff["carried"]) == 23
    flood = next(row for row in diff["carried"] if row.measure.title.startswith("Flomsikring"))
    assert flood.changes == []  # costs moved one year on, as planned
    flood.measure.cost_1 = 700000
    flood.measure.save()
    [changed] = [r for r in selectors.plan_diff(plan_2026())["carried"] if r.changes]
    assert changed.changes == ["2026: 500\u00a0000 kr → 700\u00a0000 kr"]


# The goal tree


def test_a_goal_cannot_be_put_under_its_own_sub_goal(personas):
    parent = goal("Flere innbyggere i alle aldre")
    child = goal("Flere unge voksne flytter hit")
    parent.parent = child
    with pytest.raises(ValidationError, match="under itself or under one of its sub-goals"):
        services.goal_save(goal=parent, expected_version=parent.version, user=personas.editor)
    parent.parent = parent
    with pytest.raises(ValidationError):
        services.goal_save(goal=parent, expected_version=parent.version, user=personas.editor)


def test_deleting_a_goal_that_measures_serve_is_refused_with_which(client, personas):
    client.force_login(personas.editor)
    target = goal("Lavere klimagassutslipp")
    response = client.post(url("goal_delete", target.pk))
    assert Goal.objects.filter(pk=target.pk).exists()
    [message] = flash(response)
    assert "Klimabudsjett i økonomiplanen (2025)" in message
    assert "Ladepunkter ved kommunale bygg (2026)" in message


def test_two_planners_editing_the_same_goal_the_second_is_told(client, personas):
    client.force_login(personas.editor)
    target = goal("Flere arbeidsplasser")
    form = {
        "title": "Flere arbeidsplasser i hele kommunen",
        "focus_area": target.focus_area_id,
        "order": 1,
        "public": "on",
        "expected_version": target.version,
    }
    assert client.post(url("goal_edit", target.pk), form).status_code == 302
    stale = client.post(url("goal_edit", target.pk), {**form, "title": "Noe annet"})
    assert stale.status_code == 400
    assert "Noen andre lagret dette" in stale.content.decode()
    target.refresh_from_db()
    assert target.title == "Flere arbeidsplasser i hele kommunen"
    record = target.history.order_by("-history_id").first()
    assert record.history_user == personas.editor


def test_suggestions_come_from_the_strategys_priorities(personas):
    from samplan.strategy.models import Priority
    from samplan.strategy.services import strategy_get_or_create

    strategy = strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    Priority.objects.create(strategy=strategy, title="Klimatilpasning")
    Priority.objects.create(strategy=strategy, title="Flere arbeidsplasser")  # already a goal
    _plan, _tree, suggestions = selectors.goal_tree_page(personas.municipality, 2026, suggest=True)
    assert [item["title"] for item in suggestions] == ["Klimatilpasning"]


# Budget import


def _upload(client, text: str):
    file = SimpleUploadedFile("budsjett.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(url("budget_import", 2026), {"file": file})


def test_budget_preview_stores_nothing_and_confirming_keeps_links(client, personas):
    client.force_login(personas.editor)
    plan = plan_2026()
    linked = BudgetLine.objects.get(action_plan=plan, prosjekt="9101", art="02300")
    before = set(BudgetLine.objects.filter(action_plan=plan).values_list("pk", flat=True))
    text = (
        "Ansvar;Funksjon;Art;Prosjekt;Tekst;Budsjett 2026;ØP 2027;ØP 2028;ØP 2029\n"
        "4300;315;02300;9101;Tomtefelt Østby;2.600.000;1 500 000;0;0\n"
        "4300;325;14700;;Næringsfond;500 000;500 000;500 000;500 000\n"
        "Sum;;;;;3 100 000;2 000 000;500 000;500 000\n"
    )
    preview = _upload(client, text)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "En sumlinje: ikke lest" in page and "knyttet til:" in page
    assert set(BudgetLine.objects.filter(action_plan=plan).values_list("pk", flat=True)) == before
    token = preview.context["token"]
    mapping = {
        f"kol-{name}": index
        for name, index in preview.context["parsed"].mapping.fields.items()
        if index is not None
    }
    mapping |= {
        f"kol-{year}": index for year, index in preview.context["parsed"].mapping.years.items()
    }
    response = client.post(url("budget_import", 2026), {"steg": "lagre", "token": token, **mapping})
    assert response.status_code == 302
    assert sorted(plan.lines.values_list("prosjekt", "amount_1")) == [
        ("", 500000),
        ("9101", 2600000),
    ]
    linked.refresh_from_db()  # the same row, still linked
    assert linked.measures.get().title == "Tomtefelt Østby"
    assert any("var knyttet til" in message for message in flash(response))


def test_a_budget_file_with_bad_rows_cannot_be_imported(client, personas):
    client.force_login(personas.editor)
    count = BudgetLine.objects.count()
    response = _upload(
        client,
        "Ansvar;Funksjon;Art;Prosjekt;2026;2027;2028;2029\n1000;999;10100;;1;1;1;1\n"
        "1000;120;10100;;ti;1;1;1\n",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "er ikke en KOSTRA-funksjon" in page and "er ikke et tall" in page
    assert "Ingen kolonne for" not in page
    assert 'value="lagre"' not in page
    assert BudgetLine.objects.count() == count


# Follow-up, report, calendar


def test_status_per_period_from_the_measure_page(client, personas):
    client.force_login(personas.editor)
    measure = plan_2026().measures.get(title="Hverdagsrehabilitering")
    response = client.post(
        url("measure_status", measure.pk),
        {"aar": 2026, "periode": "aar", "status": "fullfort", "comment": "Ferdig i desember."},
    )
    assert response.status_code == 302
    status = MeasureStatus.objects.get(measure=measure, year=2026, period="aar")
    assert status.status == "fullfort"
    assert status.history.order_by("-history_id").first().history_user == personas.editor


def test_the_report_opens_in_libreoffice_and_the_pdf_is_pdfa(client, personas, odt_text):
    client.force_login(personas.reader)
    odt = client.get(url("report", 2025, "odt"))
    assert odt.status_code == 200
    text = " ".join(odt_text(odt.content).split())
    assert "Måloppnåelse 2025" in text or "Goal achievement 2025" in text
    assert "Eldre kan bo hjemme lenger" in text and "Hverdagsrehabilitering" in text
    pdf = client.get(url("report", 2025, "pdf"))
    assert pdf.status_code == 200
    assert pdfa_problems(pdf.content, language="nb") == []


def test_cli_checks_and_imports_the_budget_and_writes_the_report(tmp_path, personas):
    out = io.StringIO()
    call_command("mal", "import-budsjett", "--kommune", KNR, "--aar", "2026", "--fil",
                 str(BUDGET_FILE), stdout=out)  # fmt: skip
    assert "324" in out.getvalue()
    bad = tmp_path / "feil.csv"
    bad.write_text("Funksjon;2026\n999;1\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("mal", "import-budsjett", "--kommune", KNR, "--aar", "2026", "--fil",
                     str(bad), "--lagre", stdout=io.StringIO())  # fmt: skip
    assert plan_2026().lines.count() == 324
    target = tmp_path / "rapport.odt"
    call_command("mal", "rapport", "--kommune", KNR, "--aar", "2025", "--format", "odt",
                 "--out", str(target))  # fmt: skip
    assert target.read_bytes()[:2] == b"PK"


def test_reporting_dates_go_to_plantakt(personas):
    items = selectors.calendar_items(personas.municipality, 2023)
    keys = {item.key: item for item in items}
    assert keys["rapport-2025-aar"].date == datetime.date(2026, 3, 31)
    assert keys["rapport-2025-aar"].kind == "anbefaling" and keys["rapport-2025-t1"].done_on
    assert keys["rapport-2026-aar"].done_on is None
    assert keys["rapport-2026-t1"].url == url("follow_up", 2026)


# Public page, members, advisers


def test_the_public_page_shows_only_what_is_public_without_login(client, personas):
    hidden = goal("Nok fagfolk i tjenestene")
    hidden.public = False
    hidden.save()
    page = client.get(reverse("goals:public", args=[KNR]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Eldre kan bo hjemme lenger" in text and "Nok fagfolk i tjenestene" not in text
    assert client.get(reverse("goals:public_goal", args=[KNR, hidden.pk])).status_code == 404
    shown = client.get(
        reverse("goals:public_goal", args=[KNR, goal("Eldre kan bo hjemme lenger").pk])
    )
    assert "Hverdagsrehabilitering" in shown.content.decode()
    assert client.get(reverse("goals:public", args=["1151"])).status_code == 404


def test_elected_members_comment_and_the_county_adviser_reads(client, personas):
    target = goal("Flere innbyggere i alle aldre")
    client.force_login(personas.reader)
    assert client.post(url("comment_add", target.pk), {"text": "Bra mål."}).status_code == 302
    assert GoalComment.objects.get(goal=target).author == personas.reader
    assert client.post(url("goal_edit", target.pk), {"title": "x"}).status_code == 403
    client.force_login(personas.adviser)
    assert client.get(url("goal", target.pk)).status_code == 200
    assert client.post(url("comment_add", target.pk), {"text": "Nei"}).status_code == 404
    assert GoalComment.objects.filter(goal=target).count() == 1


def test_new_version_from_the_planners_page(client, personas):
    client.force_login(personas.editor)
    ended = plan_2026().measures.get(title="Oppdatert ROS-analyse")
    response = client.post(url("plan_create"), {"first_year": 2027, "avslutt": [ended.pk]})
    assert response.status_code == 302
    plan = ActionPlan.objects.get(municipality_id=KNR, first_year=2027)
    diff = selectors.plan_diff(plan)
    assert {row.old.title for row in diff["ended"]} == {
        "Oppdatert ROS-analyse",
        "Nytt uteområde ved Tydal skole",  # ended in 2026
        "Ladepunkter ved kommunale bygg",
    }
    assert not Measure.objects.filter(action_plan=plan, title="Oppdatert ROS-analyse").exists()


def test_plantakt_shows_the_reporting_dates_in_its_list_and_timeline(client, personas):
    client.force_login(personas.editor)
    for name in ("plantakt:list", "plantakt:timeline"):
        page = client.get(reverse(name, args=[KNR]) + "?periode=2023")
        assert page.status_code == 200
        assert "Oppfølgingsrapport 2026, 1. tertial" in page.content.decode()


def test_ssb_indicator_values_are_filled_in_from_the_statistics_module(client, personas):
    from samplan.goals.models import Indicator
    from samplan.stats.figures import Store

    indicator = Indicator.objects.get(municipality_id=KNR, ssb_series="population")
    indicator.values.all().delete()
    client.force_login(personas.editor)
    response = client.post(url("indicator_values", indicator.pk), {"steg": "ssb"})
    assert response.status_code == 302
    store = Store([KNR])
    expected = {year: store.total(KNR, year) for year in store.years("population_age", KNR)}
    stored = {value.year: int(value.value) for value in indicator.values.all()}
    assert stored == {year: total for year, total in expected.items() if total is not None}
    assert all(value.from_ssb for value in indicator.values.all())


def test_a_suggestion_fills_in_the_title_only_from_the_own_strategy(client, personas):
    from samplan.strategy.models import Priority
    from samplan.strategy.services import strategy_get_or_create

    own = Priority.objects.create(
        strategy=strategy_get_or_create(municipality=personas.municipality, period_start=2023),
        title="Klimatilpasning",
    )
    other = Priority.objects.create(
        strategy=strategy_get_or_create(
            municipality=personas.other_municipality, period_start=2023
        ),
        title="Utsiras hemmelighet",
    )
    client.force_login(personas.editor)
    page = client.get(url("area_add") + f"?prioritet={own.pk}").content.decode()
    assert 'value="Klimatilpasning"' in page
    page = client.get(url("goal_add") + f"?prioritet={other.pk}").content.decode()
    assert "Utsiras hemmelighet" not in page


def test_the_acting_user_is_in_the_history_of_a_change_a_link_and_a_removal(personas):
    """The `service` decorator records the acting user; the services set nothing by hand."""
    area = services.focus_area_save(
        focus_area=FocusArea(municipality=personas.municipality, title="Ny satsing"),
        expected_version=None,
        user=personas.editor,
    )
    area_id = area.pk
    services.focus_area_delete(focus_area=area, user=personas.admin)
    line = BudgetLine.objects.filter(municipality_id=KNR).first()
    measure = Measure.objects.filter(action_plan=line.action_plan).exclude(budget_lines=line)[0]
    services.measure_links_save(measure=measure, lines=[line], user=personas.admin)

    assert [(r.history_type, r.history_user) for r in FocusArea.history.filter(id=area_id)] == [
        ("-", personas.admin),
        ("+", personas.editor),
    ]
    linked = measure.history.order_by("-history_id").first()
    assert linked.history_user == personas.admin
    assert list(linked.budget_lines.values_list("budgetline_id", flat=True)) == [line.pk]


def test_a_save_from_an_old_version_is_refused_and_writes_nothing(personas):
    target = goal("Flere arbeidsplasser")
    read = target.version
    services.goal_save(goal=target, expected_version=read, user=personas.editor)
    again = goal("Flere arbeidsplasser")
    again.title = "Noe annet"

    with pytest.raises(ValidationError) as error:
        services.goal_save(goal=again, expected_version=read, user=personas.editor)

    assert error.value.code == "stale"
    assert goal("Flere arbeidsplasser").version == read + 1


def test_the_dashboard_panel_counts_the_latest_follow_up_the_year_after_the_tertials(personas):
    """The year's report comes after the tertials, though its code sorts first ("aar" < "t1")."""
    plan = ActionPlan.objects.get(municipality_id="5033", first_year=2026)
    MeasureStatus.objects.filter(measure__action_plan=plan).delete()
    measure = plan.measures.order_by("pk").first()
    for period, status in (("t1", "i_rute"), ("t2", "i_rute"), ("aar", "fullfort")):
        services.status_save(
            measure=measure,
            year=2026,
            period=period,
            status=status,
            comment="",
            spent=None,
            user=personas.editor,
        )

    statuses = dict(selectors._goals_panel(personas.municipality)["statuses"])

    assert statuses["Done"] == 1 and statuses["On track"] == 0


# The adviser's status board


def _goal_report_cells(municipalities: list, today: datetime.date) -> dict:
    """The column's cells, its read made alone (the board makes it with the other columns')."""
    from samplan.core.modules import panel_data

    return panel_data(selectors.goal_report_cells(municipalities, today))


def test_the_boards_goal_report_column_with_and_without_reports(
    personas, django_assert_num_queries
):
    from samplan.municipalities.models import Municipality

    holtalen = Municipality.objects.get(number="5026")  # no action plan
    database_features_read()  # SQLite's JSON check: not counted, whichever test ran first
    with django_assert_num_queries(1):
        cells = _goal_report_cells([personas.municipality, holtalen], datetime.date.today())

    tydal = cells[KNR]
    assert (tydal.text, tydal.urgency) == ("Annual report 2025: reported", 0)
    assert tydal.url == url("follow_up", 2025)
    assert "Annual report 2025: goal achievement (by 31.03.2026): 24 of 24 measures reported" in (
        tydal.details
    )
    assert len(tydal.details) == 6  # three reports of 2025 and three of 2026
    assert (cells["5026"].text, cells["5026"].urgency) == ("No action plan for 2025", 0)
    assert cells["5026"].details == ()
    assert cells["5026"].url == reverse("goals:index", args=["5026"])


def test_the_boards_goal_report_reads_the_plan_in_force_as_the_follow_up_page_does(personas):
    """A year without its own version is followed up on the newest earlier one."""
    ActionPlan.objects.filter(municipality_id=KNR, first_year=2026).delete()

    tydal = _goal_report_cells([personas.municipality], datetime.date.today())[KNR]

    assert tydal.text == "Annual report 2025: reported"
    assert tydal.details[3:] == (
        "Follow-up report 2026, 1st tertial (by 15.06.2026): 0 of 24 measures reported",
        "Follow-up report 2026, 2nd tertial (by 15.10.2026): 0 of 24 measures reported",
        "Annual report 2026: goal achievement (by 31.03.2027): 0 of 24 measures reported",
    )
    ActionPlan.objects.filter(municipality_id=KNR).delete()
    empty = ActionPlan.objects.create(municipality_id=KNR, first_year=2026)
    tydal = _goal_report_cells([personas.municipality], datetime.date.today())[KNR]
    assert (tydal.text, tydal.urgency) == ("No action plan for 2025", 0)
    assert tydal.url == url("follow_up", empty.first_year) and len(tydal.details) == 3


def test_last_years_goal_report_not_done_by_31_march_is_late(personas):
    last = ActionPlan.objects.get(municipality_id=KNR, first_year=2025)
    measures = last.measures.count()
    MeasureStatus.objects.filter(measure__action_plan=last, year=2025, period="aar").order_by(
        "pk"
    ).first().delete()

    before = _goal_report_cells([personas.municipality], datetime.date(2026, 3, 1))[KNR]
    after = _goal_report_cells([personas.municipality], datetime.date(2026, 4, 2))[KNR]

    reported = f"Annual report 2025: {measures - 1} of {measures} measures reported"
    assert (before.text, before.urgency) == (f"{reported} · due 31.03.2026", 0)
    assert (after.text, after.urgency) == (f"{reported} · 2 days late", 2)
    assert after.sort < before.sort
    MeasureStatus.objects.filter(measure__action_plan=last, period="aar").delete()
    none = _goal_report_cells([personas.municipality], datetime.date(2026, 4, 2))[KNR]
    assert none.text == "Annual report 2025: not started · 2 days late"


def test_the_council_adoption_of_the_annual_report_is_recorded_on_the_follow_up_page(
    client, personas
):
    # The example: the council adopted the annual report for 2025 in June 2026.
    adoption = ReportAdoption.objects.get(municipality_id=KNR, year=2025)
    assert (adoption.adopted_on, adoption.case_number) == (datetime.date(2026, 6, 18), "31/2026")
    client.force_login(personas.editor)
    with translation.override("nb"):
        # 2026 is not over: nothing to record yet, and no archive package.
        page = client.get(url("follow_up", 2026)).content.decode()
        assert "Registrer datoen når den er vedtatt" in page
        assert url("report_adoption", 2026) not in page
        assert reverse("archive:goal_report", args=[KNR, 2026]) not in page
        address = url("report_adoption", 2025)
        for date, message in [
            ("2025-12-20", "etter at året er omme"),
            ("2027-01-10", "fram i tid"),
            ("", "Feltet er påkrevet."),
        ]:
            refused = client.post(address, {"adopted_on": date, "case_number": ""})
            assert refused.status_code == 400 and message in refused.content.decode()
        saved = client.post(address, {"adopted_on": "2026-06-20", "case_number": " 33/2026 "})
        assert saved.status_code == 302 and saved.url == url("follow_up", 2025)
        page = client.get(url("follow_up", 2025)).content.decode()
    assert "Kommunestyret vedtok årsberetningen for 2025 20. juni 2026." in page
    assert "Sak 33/2026." in page
    assert reverse("archive:goal_report", args=[KNR, 2025]) in page
    adoption.refresh_from_db()
    assert (adoption.adopted_on, adoption.case_number) == (datetime.date(2026, 6, 20), "33/2026")
    # (the example's record is dated when the example was made, after this test's frozen day)
    assert adoption.history.latest("history_id").history_user == personas.editor
    client.force_login(personas.reader)
    assert client.post(address, {"adopted_on": "2026-06-01"}).status_code == 403


def test_the_goal_tree_kept_as_markup_shows_a_change_at_once_and_no_editors_links_to_a_reader(
    client, personas
):
    """The tree is cached as its markup per version of the municipality's data and edit right
    (municipalities.pages.cached_content): a goal renamed shows on the next request, and a reader
    who opens it after an editor gets no editor's link."""
    client.force_login(personas.editor)
    first = client.get(url("index")).content.decode()
    assert "Nytt satsingsområde" in first and "Nytt mål" in first
    renamed = Goal.objects.filter(municipality_id=KNR).order_by("pk").first()
    assert renamed.title in first
    renamed.title = "Flere unge bor i Tydal"
    services.goal_save(goal=renamed, expected_version=renamed.version, user=personas.editor)
    assert "Flere unge bor i Tydal" in client.get(url("index")).content.decode()

    client.force_login(personas.reader)
    read = client.get(url("index")).content.decode()
    assert "Flere unge bor i Tydal" in read
    assert "Nytt satsingsområde" not in read and "Nytt mål" not in read
    assert f'href="{reverse("goals:area_add", args=[KNR])}"' not in read
