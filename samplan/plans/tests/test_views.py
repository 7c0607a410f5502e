"""The register's pages: roles, list, create/edit/delete, import/export, health and clean-up."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samplan.core.testing import page_queries
from samplan.plans import tabular
from samplan.plans.cleanup import cleanup_table
from samplan.plans.importer import validate_rows
from samplan.plans.models import CleanupDecision, Plan, PlanType
from samplan.plans.selectors import plan_health, plan_url_maker

from .factories import DecisionFactory, PlanFactory

KNR = "5033"
# A register row's title (templatetags/plans.py REGISTER_ROW).
REGISTER_TITLE = re.compile(r'<tr><td><a class="ds-link" href="[^"]*">([^<]*)</a>')


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def plan(personas) -> Plan:
    return PlanFactory(title="Tydal-plan", external_id="T-1", pages=12)


@pytest.fixture
def foreign_plan(personas) -> Plan:
    return PlanFactory(title="Utsira-plan", municipality=personas.other_municipality)


def state() -> tuple:
    """What any write to the register would change."""
    return (
        sorted(Plan.objects.values_list("pk", "municipality_id", "title", "status", "pages")),
        sorted(CleanupDecision.objects.values_list("pk", "plan_id", "decision", "target_year")),
        Plan.history.count(),
        CleanupDecision.history.count(),
    )


def url(name: str, **kwargs: object) -> str:
    return reverse(f"plans:{name}", kwargs={"knr": KNR, **kwargs})


def plan_data(**overrides: object) -> dict[str, object]:
    data = {
        "title": "Ny temaplan",
        "plan_type": "temaplan",
        "status": "gjeldende",
        "adopted_year": "2024",
        "revision_interval_years": "4",
        "responsible_unit": "Kultur",
        "pages": "12",
        "themes_text": "kultur; idrett",
        "sdgs": ["3", "11"],
    }
    data.update(overrides)
    return data


def good_csv() -> SimpleUploadedFile:
    content = "tittel;plantype;vedtatt\r\nSmittevernplan;TP;2024\r\nBeredskapsplan;BP;2025\r\n"
    return SimpleUploadedFile("register.csv", content.encode(), "text/csv")


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Roles within the tenant ---------------------------------------------------------------------

VIEW_URLS = [
    ("list", {}),
    ("detail", {"pk": "plan"}),
    ("health", {}),
    ("cleanup", {}),
    ("export", {"file_format": "csv"}),
    ("export", {"file_format": "ods"}),
    ("cleanup_export", {"file_format": "xlsx"}),
]


def resolve(name: str, kwargs: dict, plan: Plan) -> str:
    return url(
        name, **{key: plan.pk if value == "plan" else value for key, value in kwargs.items()}
    )


@pytest.mark.parametrize("role", ["admin", "editor", "reader", "adviser"])
@pytest.mark.parametrize(("name", "kwargs"), VIEW_URLS)
def test_every_role_can_view_the_register(client, personas, plan, role, name, kwargs):
    client.force_login(getattr(personas, role))

    response = client.get(resolve(name, kwargs, plan))

    assert response.status_code == 200


EDIT_REQUESTS = [
    ("create", "GET", {}, lambda plan: {}),
    ("create", "POST", {}, lambda plan: plan_data()),
    ("edit", "GET", {"pk": "plan"}, lambda plan: {}),
    ("edit", "POST", {"pk": "plan"}, lambda plan: plan_data(title="Endret")),
    ("delete", "GET", {"pk": "plan"}, lambda plan: {}),
    ("delete", "POST", {"pk": "plan"}, lambda plan: {}),
    ("import", "GET", {}, lambda plan: {}),
    ("import", "POST", {}, lambda plan: {"file": good_csv()}),
    ("decision_edit", "GET", {"pk": "plan"}, lambda plan: {}),
    (
        "decision_edit",
        "POST",
        {"pk": "plan"},
        lambda plan: {"decision": "oppheve", "periode": "2023"},
    ),
    ("new_plan_decision", "GET", {}, lambda plan: {}),
    (
        "new_plan_decision",
        "POST",
        {},
        lambda plan: {
            "new_plan_title": "Helhetlig ROS",
            "new_plan_type": "oversikt",
            "periode": "2023",
        },
    ),
    ("cleanup_accept", "GET", {}, lambda plan: {"periode": "2023"}),
    ("cleanup_accept", "POST", {}, lambda plan: {"periode": "2023", "bekreft": "1"}),
]
EDIT_IDS = [f"{name}-{method}" for name, method, _kwargs, _data in EDIT_REQUESTS]


@pytest.mark.parametrize("role", ["reader", "adviser"])
@pytest.mark.parametrize(("name", "method", "kwargs", "data"), EDIT_REQUESTS, ids=EDIT_IDS)
def test_reader_and_adviser_get_403_for_every_change(
    client, personas, plan, role, name, method, kwargs, data
):
    client.force_login(getattr(personas, role))
    before = state()

    send = client.get if method == "GET" else client.post
    response = send(resolve(name, kwargs, plan), data(plan))

    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("role", ["editor", "admin"])
@pytest.mark.parametrize(("name", "method", "kwargs", "data"), EDIT_REQUESTS, ids=EDIT_IDS)
def test_editor_and_admin_may_change_the_register(
    client, personas, plan, role, name, method, kwargs, data
):
    client.force_login(getattr(personas, role))
    before = state()

    send = client.get if method == "GET" else client.post
    response = send(resolve(name, kwargs, plan), data(plan))

    if name == "import" and method == "POST":  # the preview writes nothing; saving does
        assert response.status_code == 200
        assert state() == before
        token = response.context["token"]
        response = client.post(resolve(name, kwargs, plan), {"steg": "lagre", "token": token})
    if method == "GET":
        assert response.status_code == 200
        assert state() == before
    else:
        assert response.status_code == 302, getattr(response, "context", {}) and [
            response.context.get("form") and response.context["form"].errors
        ]
        assert state() != before


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("detail", "GET", {}),
        ("edit", "GET", {}),
        ("edit", "POST", plan_data(title="Kapret")),
        ("delete", "GET", {}),
        ("delete", "POST", {}),
        ("decision_edit", "GET", {}),
        ("decision_edit", "POST", {"decision": "oppheve", "periode": "2023"}),
    ],
)
def test_a_plan_of_another_municipality_under_this_municipality_is_404(
    client, personas, foreign_plan, name, method, data
):
    client.force_login(personas.admin)
    before = state()

    send = client.get if method == "GET" else client.post
    response = send(url(name, pk=foreign_plan.pk), data)

    assert response.status_code == 404
    assert state() == before


def test_merge_target_of_another_municipality_is_refused(client, personas, plan, foreign_plan):
    client.force_login(personas.editor)

    response = client.post(
        url("decision_edit", pk=plan.pk),
        {"decision": "slå_sammen", "merge_into": foreign_plan.pk, "periode": "2023"},
    )

    assert response.status_code == 400
    assert not CleanupDecision.objects.exists()


def test_parent_of_another_municipality_is_refused(client, personas, plan, foreign_plan):
    client.force_login(personas.editor)

    response = client.post(url("create"), plan_data(parent=foreign_plan.pk))

    assert response.status_code == 400
    assert not Plan.objects.filter(title="Ny temaplan").exists()


# The list ------------------------------------------------------------------------------------


@pytest.fixture
def register(personas) -> dict[str, Plan]:
    return {
        "climate": PlanFactory(
            title="Klimaplan", plan_type="kommunedelplan", pages=40, adopted_year=2012
        ),
        "traffic": PlanFactory(title="Trafikksikkerhetsplan", pages=22, adopted_year=2024),
        "contagion": PlanFactory(
            title="Smittevernplan",
            is_statutory=True,
            pages=8,
            adopted_year=2023,
            status="under_revisjon",
        ),
        "old": PlanFactory(
            title="Gammel klimastrategi",
            plan_type="strategi",
            status="utgaatt",
            pages=None,
            adopted_year=None,
        ),
    }


def listed(client, **params: object) -> list[str]:
    """The titles of the register's rows, as the page shows them (the register as it opens is
    cached as its rows' HTML)."""
    response = client.get(url("list"), params)
    assert response.status_code == 200
    return [html.unescape(title) for title in REGISTER_TITLE.findall(response.content.decode())]


def test_search_finds_plans_by_the_abbreviations_planners_use(client, personas, register):
    PlanFactory(title="Helhetlig risiko- og sårbarhetsanalyse", plan_type="oversikt")
    PlanFactory(title="Kommuneplanens arealdel 2020–2032", plan_type="arealdel")
    client.force_login(personas.reader)

    assert listed(client, q="ROS") == ["Helhetlig risiko- og sårbarhetsanalyse"]
    assert listed(client, q="kdp") == ["Klimaplan"]  # by its type
    assert listed(client, q="KPA") == ["Kommuneplanens arealdel 2020–2032"]
    assert listed(client, q="TS-plan") == ["Trafikksikkerhetsplan"]
    assert listed(client, q="ts") == ["Trafikksikkerhetsplan"]
    assert listed(client, q="rosplan") == []  # not an abbreviation: the title only


def test_the_cached_register_shows_each_change_at_once(client, personas, register):
    """The register as it opens is cached per version of the municipality's data
    (selectors.register_plans): a plan added, renamed or deleted shows on the next request."""
    from samplan.plans import services as plan_services

    client.force_login(personas.reader)
    before = listed(client)
    added = plan_services.plan_save(plan=PlanFactory.build(title="Aaa ny plan"), user=None)
    assert listed(client) == ["Aaa ny plan", *before]
    added.title = "Zzz omdøpt plan"
    plan_services.plan_save(plan=added, user=None)
    assert listed(client) == [*before, "Zzz omdøpt plan"]
    plan_services.plan_delete(plan=register["climate"], user=None)
    assert "Klimaplan" not in listed(client)


def test_the_cached_plan_page_shows_each_change_at_once(client, personas):
    """A plan's page is cached per version of the municipality's data (views.plan_detail): an
    edit, a clean-up decision, a newer plan replacing it and its history show at once; a plan of
    another municipality stays a 404."""
    from samplan.municipalities.models import Municipality
    from samplan.plans import services as plan_services

    plan = PlanFactory(title="Folkehelseplan", responsible_person="Kari")
    page = reverse("plans:detail", args=[KNR, plan.pk])
    client.force_login(personas.editor)
    assert ", Kari</dd>" in client.get(page).content.decode()

    plan.responsible_person = "Ola Nordmann"
    plan_services.plan_save(plan=plan, user=personas.editor)
    shown = client.get(page).content.decode()
    assert ", Ola Nordmann</dd>" in shown and ", Kari</dd>" not in shown

    DecisionFactory(plan=plan, decision="oppheve", rationale="Erstattes av kommuneplanen")
    assert "Erstattes av kommuneplanen" in client.get(page).content.decode()

    PlanFactory(title="Folkehelseplan 2026–2030", replaces=plan)
    assert "Folkehelseplan 2026–2030" in client.get(page).content.decode()

    other = Municipality.objects.exclude(number=KNR).first()
    elsewhere = PlanFactory(municipality=other, title="Naboens plan")
    assert client.get(reverse("plans:detail", args=[KNR, elsewhere.pk])).status_code == 404


def test_a_plans_page_shows_the_newest_history_entries_each_with_its_change(client, personas):
    """A plan's page reads the newest 51 records of its history (views._history_of): the 50
    it shows are those of the whole history, the oldest shown compared with the record before
    it (not shown as created), the oldest records left out."""
    from samplan.core.audit import history_entries

    plan = PlanFactory(title="Plan 0")
    for edit in range(1, 56):
        plan.title = f"Plan {edit}"
        plan.save()
    client.force_login(personas.editor)
    shown = client.get(reverse("plans:detail", args=[KNR, plan.pk])).context["history"]

    assert shown == history_entries(plan.history.select_related("history_user").all())
    assert len(shown) == 50
    assert [(change.old, change.new) for change in shown[-1].changes] == [("Plan 5", "Plan 6")]


def test_list_searches_filters_and_sorts(client, personas, register):
    client.force_login(personas.reader)

    assert listed(client) == [
        "Gammel klimastrategi",
        "Klimaplan",
        "Smittevernplan",
        "Trafikksikkerhetsplan",
    ]
    assert listed(client, q="KLIMA") == ["Gammel klimastrategi", "Klimaplan"]
    assert listed(client, plan_type="kommunedelplan") == ["Klimaplan"]
    assert listed(client, status="under_revisjon") == ["Smittevernplan"]
    assert listed(client, overdue="on") == ["Klimaplan"]
    assert listed(client, statutory="on") == ["Smittevernplan"]
    assert listed(client, sort="-pages") == [
        "Klimaplan",
        "Trafikksikkerhetsplan",
        "Smittevernplan",
        "Gammel klimastrategi",
    ]
    assert listed(client, sort="adopted_year") == [
        "Klimaplan",
        "Smittevernplan",
        "Trafikksikkerhetsplan",
        "Gammel klimastrategi",
    ]
    assert listed(client, q="plan", sort="-adopted_year", status="gjeldende") == [
        "Trafikksikkerhetsplan",
        "Klimaplan",
    ]


def test_list_ignores_an_unknown_sort_and_filter_value(client, personas, register):
    client.force_login(personas.reader)
    response = client.get(url("list"), {"sort": "password", "plan_type": "x"})
    assert response.status_code == 200
    assert response.context["row_count"] == 4


def test_htmx_request_gets_only_the_results_fragment(client, personas, register):
    client.force_login(personas.reader)

    page = client.get(url("list"), {"q": "klima"})
    fragment = client.get(url("list"), {"q": "klima"}, headers={"HX-Request": "true"})

    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]
    assert "<html" in page.content.decode()
    html = fragment.content.decode().strip()
    assert html.startswith('<div id="results">') and html.endswith("</div>")
    assert "<html" not in html and "<form" not in html
    assert "Klimaplan" in html and "Trafikksikkerhetsplan" not in html


def test_list_rows_show_each_plan_as_the_register_has_it(client, personas, register):
    client.force_login(personas.reader)

    page = client.get(url("list")).content.decode()

    climate, contagion, old = register["climate"], register["contagion"], register["old"]
    assert f'<a class="ds-link" href="{climate.get_absolute_url()}">Klimaplan</a></td>' in page
    assert (
        f'<a class="ds-link" href="{contagion.get_absolute_url()}">Smittevernplan</a> '
        '<span class="ds-tag" data-color="info" data-size="sm">Lovpålagt</span></td>'
    ) in page
    assert "<td>Kommunedelplan for et tema</td><td>Gjeldende</td><td>2012</td>" in page
    assert "<td>Strategi</td><td>Utgått</td><td>–</td><td>–</td>" in page
    assert f'href="{old.get_absolute_url()}">Gammel klimastrategi</a></td>' in page


def test_list_counts_every_plan_and_the_serious_findings_whatever_is_shown(
    client, personas, register
):
    client.force_login(personas.reader)
    serious = sum(1 for finding in plan_health(personas.municipality) if finding.severity == "high")
    assert serious > 1

    for params in ({}, {"q": "klima"}, {"sort": "-pages"}, {"status": "utgaatt"}):
        response = client.get(url("list"), params)
        page = response.content.decode()
        assert (params, response.context["total"]) == (params, 4)
        assert "4 planer i registeret" in page
        assert (params, response.context["high_findings"]) == (params, serious)
        assert f"{serious} alvorlige funn i planhelsen" in page


def test_list_does_not_show_other_municipalities_plans(client, personas, register, foreign_plan):
    client.force_login(personas.reader)
    assert "Utsira-plan" not in listed(client)
    assert "Utsira-plan" not in client.get(url("list")).content.decode()


# Create, edit, delete ------------------------------------------------------------------------


def test_create_saves_the_plan_with_history_by_the_user(client, personas):
    client.force_login(personas.editor)

    response = client.post(url("create"), plan_data(title="Smittevernplan"))

    plan = Plan.objects.get(title="Smittevernplan")
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert (plan.municipality_id, plan.themes, plan.sdgs) == (KNR, ["kultur", "idrett"], [3, 11])
    assert plan.is_statutory and plan.legal_basis == "Smittevernloven § 7-1"
    assert plan.next_revision == datetime.date(2028, 1, 1)
    record = plan.history.get()
    assert (record.history_type, record.history_user) == ("+", personas.editor)


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"plan_type": "reguleringsplan"},
        {"adopted_year": "2027"},
        {"adopted_year": "2020", "adopted_date": "2021-01-05"},
        {"adopted_year": "2020", "next_revision_override": "2019-01-01"},
        {"sdgs": ["18"]},
        {"link": "javascript:alert(1)"},
        {"pages": "-1"},
    ],
)
def test_create_with_invalid_data_is_400_and_saves_nothing(client, personas, overrides):
    client.force_login(personas.editor)
    before = state()

    response = client.post(url("create"), plan_data(**overrides))

    assert response.status_code == 400
    assert response.context["form"].errors
    assert state() == before


def test_edit_changes_the_plan_and_records_who(client, personas, plan):
    client.force_login(personas.admin)

    response = client.post(url("edit", pk=plan.pk), plan_data(title="Ny tittel", pages="99"))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.pages) == ("Ny tittel", 99)
    record = plan.history.first()
    assert (record.history_type, record.history_user) == ("~", personas.admin)
    detail = client.get(url("detail", pk=plan.pk))
    assert personas.admin.name in detail.content.decode()


def test_edit_form_lists_the_municipalitys_other_plans(client, personas, plan, foreign_plan):
    other = PlanFactory(title="Annen plan")
    client.force_login(personas.editor)
    page = client.get(url("edit", pk=plan.pk)).content.decode()
    # parent, replaces, merged into: one read of the plans serves the three lists
    assert page.count(f'<option value="{other.pk}">Annen plan</option>') == 3
    assert f'<option value="{plan.pk}"' not in page
    assert f'<option value="{foreign_plan.pk}"' not in page


def test_edit_refuses_the_plan_as_its_own_parent(client, personas, plan):
    client.force_login(personas.editor)
    before = state()

    response = client.post(url("edit", pk=plan.pk), plan_data(parent=plan.pk))

    assert response.status_code == 400
    assert state() == before


def test_delete_asks_first_then_deletes_and_keeps_the_history(client, personas, plan):
    client.force_login(personas.editor)
    pk = plan.pk

    confirm = client.get(url("delete", pk=pk))
    assert confirm.status_code == 200
    assert [template.name for template in confirm.templates][0] == "plans/delete.html"
    assert Plan.objects.filter(pk=pk).exists()

    response = client.post(url("delete", pk=pk))

    assert response.status_code == 302 and response.url == url("list")
    assert not Plan.objects.filter(pk=pk).exists()
    records = list(Plan.history.filter(id=pk).order_by("history_date"))
    assert [record.history_type for record in records] == ["+", "-"]
    assert records[-1].history_user == personas.editor


def test_deleting_a_parent_keeps_the_children(client, personas, plan):
    child = PlanFactory(parent=plan)
    client.force_login(personas.editor)

    client.post(url("delete", pk=plan.pk))

    child.refresh_from_db()
    assert child.parent is None


# Import and export ---------------------------------------------------------------------------


def test_import_of_a_good_file_is_previewed_then_saved_with_a_message(client, personas):
    client.force_login(personas.editor)

    preview = client.post(url("import"), {"file": good_csv()})

    assert preview.status_code == 200
    assert not Plan.objects.exists()
    token = preview.context["token"]
    assert [row.action for row in preview.context["report"].preview] == ["create", "create"]
    response = client.post(url("import"), {"steg": "lagre", "token": token})
    assert response.status_code == 302 and response.url == url("list")
    assert Plan.objects.for_municipality(KNR).count() == 2
    assert flash(response) == ["Importen er ferdig: 2 nye, 0 endret, 0 uendret."]
    assert Plan.history.filter(history_user=personas.editor).count() == 2
    again = client.post(url("import"), {"steg": "lagre", "token": token})
    assert again.status_code == 302 and again.url == url("import")
    assert Plan.objects.for_municipality(KNR).count() == 2


def test_the_preview_shows_the_title_s_kind_and_lets_the_planner_change_it(client, personas):
    client.force_login(personas.editor)
    content = (
        "Planoversikt for Tydal kommune\r\n\r\n"
        "Plannavn\tType\tVedtatt\tStatus\r\n"
        "Kommuneplanens arealdel 2018 - 2030\tKP\t29.03.2018, K-sak 18/12\tvedtatt\r\n"
        "Kommunedelplan for Gressli\tKD\t2015\tgjeldende\r\n"
    )

    preview = client.post(url("import"), {"text": content})

    assert preview.status_code == 200
    report = preview.context["report"]
    assert report.notes == [
        "Fant overskriftsraden på rad 3; 1 rad med tekst over den (en tittel) ble ikke lest."
    ]
    assert [(row.plan_type, row.status, row.note) for row in report.preview] == [
        ("arealdel", "gjeldende", "K-sak 18/12"),
        ("kommunedelplan_areal", "gjeldende", ""),
    ]
    assert [w.column for w in report.warnings] == ["plantype", "status", "vedtatt", "plantype"]
    page = preview.content.decode()
    assert 'name="type-4"' in page and "Sjekk" in page
    assert not Plan.objects.exists()
    token = preview.context["token"]
    response = client.post(
        url("import"),
        {"steg": "lagre", "token": token, "type-4": "arealdel", "type-5": "kommunedelplan"},
    )
    assert response.status_code == 302
    stored = dict(Plan.objects.values_list("title", "plan_type"))
    assert stored == {
        "Kommuneplanens arealdel 2018 - 2030": "arealdel",
        "Kommunedelplan for Gressli": "kommunedelplan",
    }
    assert Plan.objects.get(plan_type="arealdel").note == "K-sak 18/12"


def test_a_save_without_its_preview_writes_nothing(client, personas):
    client.force_login(personas.editor)

    response = client.post(url("import"), {"steg": "lagre", "token": "gjettet-ø"})

    assert response.status_code == 302 and response.url == url("import")
    assert not Plan.objects.exists()


def test_import_of_a_bad_file_shows_each_row_error_and_writes_nothing(client, personas, plan):
    client.force_login(personas.editor)
    before = state()
    content = "tittel;plantype;vedtatt\r\nGod plan;TP;2020\r\nFeil plan;reguleringsplan;2099\r\n"

    response = client.post(
        url("import"), {"file": SimpleUploadedFile("r.csv", content.encode(), "text/csv")}
    )

    assert response.status_code == 400
    errors = [(error.row, error.column) for error in response.context["report"].errors]
    assert errors == [(3, "plantype"), (3, "vedtatt")]
    page = response.content.decode()
    assert "<td>3</td><td>Plantype (plantype)</td>" in page  # in words, with its name
    assert "Reguleringsplaner hører hjemme i kommunens planregister for arealplaner" in page
    assert state() == before


def test_import_of_a_file_over_10_mb_is_refused_before_reading(client, personas):
    client.force_login(personas.editor)
    big = SimpleUploadedFile("r.csv", b"tittel;plantype\r\n" + b"x" * (11 * 1024 * 1024))

    response = client.post(url("import"), {"file": big})

    assert response.status_code == 400
    assert response.context["report"] is None
    assert "10 MB" in str(response.context["form"].errors["file"])
    assert not Plan.objects.exists()


def test_import_of_a_png_is_a_file_error(client, personas):
    client.force_login(personas.editor)
    png = SimpleUploadedFile("bilde.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image/png")

    response = client.post(url("import"), {"file": png})

    assert response.status_code == 400
    assert response.context["report"].file_error
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_export_downloads_the_register(
    client, personas, plan, foreign_plan, file_format, content_type
):
    client.force_login(personas.reader)

    response = client.get(url("export", file_format=file_format))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="planregister-{KNR}.{file_format}"'
    )
    rows = tabular.read_table(f"x.{file_format}", response.content)
    assert [row.cells["tittel"] for row in rows] == ["Tydal-plan"]


def test_export_of_an_unknown_format_is_404(client, personas):
    client.force_login(personas.reader)
    assert client.get(url("export", file_format="docx")).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_template_is_public_with_the_18_headers_and_a_valid_example_row(client, db, file_format):
    response = client.get(reverse("plans:template", args=[file_format]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="planregister-mal.{file_format}"'
    )
    if file_format == "csv":
        header = response.content.decode("utf-8-sig").splitlines()[0].split(";")
    else:
        import io

        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(response.content))
        sheet = workbook.worksheets[0]
        assert [cell.value for cell in sheet[1]][:4] == [
            "Din ID for planen",
            "Tittel (må fylles ut)",
            "Plantype (må fylles ut)",
            "Status",
        ]
        assert sheet.row_dimensions[2].hidden
        header = [cell.value for cell in sheet[2]]  # the names the importer reads
        allowed = workbook.worksheets[1]
        assert allowed.title == "Gyldige verdier"
        assert "Kommuneplanens arealdel" in [cell.value for cell in allowed["A"]]
        assert "Under revisjon" in [cell.value for cell in allowed["B"]]
        lists = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
        assert lists["C3:C1000"] == f"'Gyldige verdier'!$A$2:$A${1 + len(PlanType.choices)}"
        assert lists["D3:D1000"] == "'Gyldige verdier'!$B$2:$B$6"
        assert all(rule.type == "list" for rule in sheet.data_validations.dataValidation)
    assert header == [
        "id",
        "tittel",
        "plantype",
        "status",
        "vedtatt",
        "vedtatt_av",
        "revisjonsintervall_aar",
        "neste_revisjon",
        "ansvarlig_enhet",
        "ansvarlig_person",
        "sider",
        "lenke",
        "tema",
        "baerekraftsmaal",
        "overordnet_plan",
        "i_okonomiplan",
        "erstatter",
        "merknad",
    ]
    rows = tabular.read_table(f"mal.{file_format}", response.content)
    assert len(rows) == 1
    valid, errors = validate_rows(rows)
    assert errors == [] and valid[0].plan_type == "samfunnsdel"


def test_template_in_an_unknown_format_is_404(client, db):
    assert client.get(reverse("plans:template", args=["ods"])).status_code == 404


# Health and clean-up ------------------------------------------------------------------------


def test_health_page_shows_the_findings_with_their_reasons(client, personas):
    PlanFactory(title="Forfalt plan", adopted_year=2015, revision_interval_years=4)
    client.force_login(personas.reader)

    response = client.get(url("health"))

    assert response.status_code == 200
    kinds = {finding.kind for finding in response.context["findings"]}
    assert {"revision_overdue", "statutory_missing", "older_than_two_periods"} <= kinds
    assert "Forfalt plan" in response.content.decode()


def test_health_page_says_why_a_grant_plan_is_kept(client, personas):
    PlanFactory(
        title="Trafikksikkerhetsplan 2016–2019",
        adopted_year=2016,
        revision_interval_years=None,
        themes=["trafikk"],
    )
    PlanFactory(title="Plan for skoleveg", pages=200, themes=["trafikk"])
    client.force_login(personas.reader)

    response = client.get(url("health"))

    page = response.content.decode()
    assert "Beholdes: planen er et vilkår for fylkeskommunens tilskudd" in page
    suggestions = {
        finding.suggestion
        for finding in response.context["findings"]
        if finding.plan_title.startswith("Trafikksikkerhetsplan")
    }
    assert suggestions == {"revidere", ""}


def test_dashboard_shows_the_plan_health_panel(client, personas):
    PlanFactory(title="Forfalt plan", adopted_year=2015, revision_interval_years=4)
    client.force_login(personas.reader)

    response = client.get(reverse("municipalities:dashboard", args=[KNR]))

    assert response.status_code == 200
    assert 'id="panel-plan-health"' in response.content.decode()


@pytest.fixture
def three_plans(personas) -> list[Plan]:
    return [
        PlanFactory(title="A-plan", pages=10, adopted_year=2024),
        PlanFactory(title="B-plan", pages=20, adopted_year=2024),
        PlanFactory(title="C-plan", pages=30, adopted_year=2024),
    ]


def counts(client) -> tuple[int, int, int, int]:
    table = client.get(url("cleanup"), {"periode": "2023"}).context["table"]
    return table.plans_before, table.pages_before, table.plans_after, table.pages_after


def test_cleanup_counts_before_and_after_the_decisions(client, personas, three_plans):
    a, b, c = three_plans
    PlanFactory(title="Utgått plan", status="utgaatt", pages=100)
    client.force_login(personas.editor)
    assert counts(client) == (3, 60, 3, 60)

    assert (
        client.post(
            url("decision_edit", pk=a.pk), {"decision": "oppheve", "periode": "2023"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("decision_edit", pk=b.pk),
            {"decision": "slå_sammen", "merge_into": c.pk, "periode": "2023"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("decision_edit", pk=c.pk),
            {"decision": "revidere", "target_year": "2026", "periode": "2023"},
        ).status_code
        == 302
    )
    assert counts(client) == (3, 60, 1, 30)

    response = client.post(
        url("new_plan_decision"),
        {
            "new_plan_title": "Helhetlig ROS",
            "new_plan_type": "oversikt",
            "target_year": "2027",
            "periode": "2023",
        },
    )
    assert response.status_code == 302
    assert response.url == url("cleanup") + "?periode=2023"
    assert counts(client) == (3, 60, 2, 30)
    page = client.get(url("cleanup"), {"periode": "2023"})
    assert page.context["table"].undecided == 0
    assert "Helhetlig ROS" in page.content.decode()


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_planning_needs_export_has_every_row_and_the_counts(
    client, personas, three_plans, file_format
):
    a, b, c = three_plans
    DecisionFactory(plan=a, decision="oppheve", rationale="Erstattet av kommuneplanen.")
    DecisionFactory(plan=b, decision="slå_sammen", merge_into=c, responsible="Rådmannen")
    DecisionFactory(
        plan=None,
        municipality=a.municipality,
        decision="ny_plan",
        new_plan_title="Helhetlig ROS",
        new_plan_type="oversikt",
        target_year=2025,
    )
    DecisionFactory(plan=c, period_start=2027, decision="oppheve")  # another period
    client.force_login(personas.reader)

    response = client.get(url("cleanup_export", file_format=file_format), {"periode": "2023"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="planbehov-5033-2023.{file_format}"'
    )
    rows = list(tabular.read_grid(f"x.{file_format}", response.content))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Plan", "Plantype", "Sider", "Beslutning"]
    by_title = {row[0]: row for row in body if row and row[0]}
    assert by_title["A-plan"][3] == "Oppheve"
    assert by_title["A-plan"][8] == "Erstattet av kommuneplanen."
    assert by_title["B-plan"][6] == "C-plan" and by_title["B-plan"][7] == "Rådmannen"
    assert by_title["C-plan"][3] == "" and by_title["C-plan"][4] != ""  # a suggestion only
    assert by_title["Helhetlig ROS"][5] == "2025"
    assert by_title["Planer nå"][2:4] == ["60", "3"]
    assert by_title["Planer etter beslutningene"][2:4] == ["30", "2"]
    assert by_title["Planer uten beslutning"][3] == "1"


def test_planning_needs_export_of_an_unknown_format_is_404(client, personas):
    client.force_login(personas.editor)
    assert client.get(url("cleanup_export", file_format="docx")).status_code == 404


def test_a_plan_repealed_after_its_decision_stays_in_that_periods_table(
    client, personas, three_plans
):
    a, _b, _c = three_plans
    DecisionFactory(plan=a, decision="oppheve")
    client.force_login(personas.editor)
    assert counts(client) == (3, 60, 2, 50)

    a.status = "opphevet"
    a.save()

    assert counts(client) == (3, 60, 2, 50)
    assert "A-plan" in client.get(url("cleanup"), {"periode": "2023"}).content.decode()
    table = client.get(url("cleanup"), {"periode": "2027"}).context["table"]
    assert (table.plans_before, table.pages_before) == (2, 50)


def test_decisions_belong_to_their_election_period(client, personas, three_plans):
    client.force_login(personas.editor)
    client.post(
        url("decision_edit", pk=three_plans[0].pk), {"decision": "oppheve", "periode": "2027"}
    )
    assert counts(client) == (3, 60, 3, 60)
    table = client.get(url("cleanup"), {"periode": "2027"}).context["table"]
    assert (table.plans_after, table.pages_after) == (2, 50)


def test_changing_a_decision_updates_it(client, personas, three_plans):
    decision = DecisionFactory(plan=three_plans[0], decision="oppheve")
    client.force_login(personas.editor)

    response = client.post(
        url("decision_edit", pk=three_plans[0].pk),
        {"decision": "videreføre", "rationale": "Brukes", "periode": "2023"},
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.decision, decision.rationale) == ("videreføre", "Brukes")
    assert CleanupDecision.objects.count() == 1
    assert decision.history.first().history_user == personas.editor


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "slå_sammen"},
        {"decision": "revidere", "target_year": "2030"},
        {"decision": "revidere", "target_year": "2019"},
        {"decision": "slå_sammen", "merge_into": "self"},
        {"decision": "ny_plan"},
        {"decision": ""},
    ],
)
def test_decision_with_invalid_data_is_400_and_saves_nothing(client, personas, three_plans, data):
    plan = three_plans[0]
    data = {key: plan.pk if value == "self" else value for key, value in data.items()}
    client.force_login(personas.editor)

    response = client.post(url("decision_edit", pk=plan.pk), {**data, "periode": "2023"})

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not CleanupDecision.objects.exists()


def test_new_plan_decision_needs_a_title(client, personas):
    client.force_login(personas.editor)

    response = client.post(url("new_plan_decision"), {"new_plan_title": "", "periode": "2023"})

    assert response.status_code == 400
    assert not CleanupDecision.objects.exists()


def test_accepting_suggestions_shows_what_it_records_then_records_only_undecided_plans(
    client, personas
):
    tydal = personas.municipality
    forfalt = PlanFactory(title="Forfalt", adopted_year=2015, revision_interval_years=4)
    PlanFactory(title="Fersk", adopted_year=2025)
    PlanFactory(title="Klima stor", themes=["klima"], pages=50, adopted_year=2025)
    PlanFactory(title="Klima liten", themes=["klima"], pages=5, adopted_year=2025)
    PlanFactory(
        title="Økonomiplan", adopted_year=2016, revision_interval_years=4, in_financial_plan=True
    )
    decided = DecisionFactory(
        plan=PlanFactory(title="Allerede besluttet", adopted_year=2010),
        decision="videreføre",
        rationale="Vedtatt i utvalget",
    )
    table = cleanup_table(tydal, 2023)
    expected = {
        row.plan.title: row.suggestion
        for row in table.rows
        if row.decision is None and row.suggestion != "slå_sammen"
    }
    assert expected == {
        "Forfalt": "oppheve",
        "Fersk": "videreføre",
        "Klima stor": "videreføre",
        "Økonomiplan": "revidere",
    }
    client.force_login(personas.editor)
    before = state()

    # First what would be recorded: counts per decision, the repeal listed with its reason.
    preview = client.get(url("cleanup_accept"), {"periode": "2023"})
    unconfirmed = client.post(url("cleanup_accept"), {"periode": "2023"})

    assert preview.status_code == unconfirmed.status_code == 200
    assert state() == before and CleanupDecision.objects.count() == 1
    counts = preview.context["preview"].counts
    assert [count for _label, count in counts] == [2, 1, 1]  # keep, revise, repeal
    page = preview.content.decode()
    assert all(f"{label}: <strong>{count}</strong>" in page for label, count in counts)
    assert f'name="oppheve" value="{forfalt.pk}" checked' in page
    # In November 2026 an overdue revision gets 2027, never a year gone by.
    assert [p.target_year for p in preview.context["preview"].others if p.target_year] == [2027]

    # Confirmed with the repeal unticked: everything but the repeal is recorded.
    first = client.post(url("cleanup_accept"), {"periode": "2023", "bekreft": "1"})

    assert first.status_code == 302 and first.url == url("cleanup") + "?periode=2023"
    made = {
        decision.plan.title: (decision.decision, decision.target_year)
        for decision in CleanupDecision.objects.exclude(pk=decided.pk)
    }
    assert made == {
        "Fersk": ("videreføre", None),
        "Klima stor": ("videreføre", None),
        "Økonomiplan": ("revidere", 2027),
    }
    decided.refresh_from_db()
    assert (decided.decision, decided.rationale) == ("videreføre", "Vedtatt i utvalget")
    assert not CleanupDecision.objects.filter(plan__title="Klima liten").exists()

    # The repeal, ticked: recorded with the findings by key, in both languages.
    second = client.post(
        url("cleanup_accept"), {"periode": "2023", "bekreft": "1", "oppheve": [str(forfalt.pk)]}
    )
    repeal = CleanupDecision.objects.get(plan=forfalt)
    assert second.status_code == 302 and repeal.decision == "oppheve"
    assert repeal.rationale == "" and repeal.reasons
    assert {reason["kind"] for reason in repeal.reasons} >= {"older_than_two_periods"}
    nb, nn = repeal.reasons[0]["text"]["nb"], repeal.reasons[0]["text"]["nn"]
    assert nb and nn and nb != nn
    after = state()

    third = client.post(url("cleanup_accept"), {"periode": "2023", "bekreft": "1"})

    assert state() == after
    assert flash(third)[-1] == "Ingen beslutninger ble registrert."


def test_cleanup_falls_back_to_the_current_period_for_a_bad_period(client, personas):
    client.force_login(personas.reader)
    for period in ("abc", "2024", "1999"):
        response = client.get(url("cleanup"), {"periode": period})
        assert response.context["table"].period_start == 2023


# Number of queries at two sizes --------------------------------------------------------------


def make_register(count: int, first: Plan | None = None) -> Plan:
    """`count` plans with themes, parents and decisions (merges into the first plan)."""
    for number in range(count):
        plan = PlanFactory(
            themes=["klima", f"tema {number % 3}"],
            adopted_year=2010 + number % 15,
            responsible_unit="" if number % 4 == 0 else "Plan",
        )
        if first is None:
            first = plan
            DecisionFactory(plan=plan, decision="revidere", target_year=2025)
            continue
        plan.parent = first
        plan.replaces = first
        plan.save()
        if number % 2:
            DecisionFactory(plan=plan, decision="slå_sammen", merge_into=first)
    CleanupDecision.objects.create(
        municipality=first.municipality,
        period_start=2023,
        decision="ny_plan",
        new_plan_title=f"Ny plan {count}",
    )
    return first


QUERY_PAGES = ["list", "detail", "health", "cleanup", "dashboard", "list-htmx"]


def page_url(name: str, first: Plan) -> str:
    if name == "dashboard":
        return reverse("municipalities:dashboard", args=[KNR])
    if name == "detail":
        return url("detail", pk=first.pk)
    if name == "list-htmx":
        return url("list")
    return url(name)


def get_page(client, name: str, target: str):
    headers = {"HX-Request": "true"} if name == "list-htmx" else {}
    response = client.get(target, {"periode": "2023"} if name == "cleanup" else {}, headers=headers)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("name", QUERY_PAGES)
def test_pages_make_the_same_number_of_queries_for_3_and_40_plans(client, personas, name):
    first = make_register(3)
    client.force_login(personas.editor)
    target = page_url(name, first)
    get_page(client, name, target)  # warm up (session, per-process caches)
    small = page_queries(lambda: get_page(client, name, target))

    make_register(37, first)
    assert Plan.objects.count() == 40

    assert page_queries(lambda: get_page(client, name, target)) == small
    response = get_page(client, name, target)
    if name in ("list", "list-htmx"):
        assert response.content.decode().count("<tr>") == 1 + 40


def test_detail_names_the_sustainable_development_goals(client, personas):
    plan = PlanFactory(title="Folkehelseplan", sdgs=[3, 11])
    client.force_login(personas.reader)
    page = client.get(url("detail", pk=plan.pk)).content.decode()
    assert "3. God helse og livskvalitet; 11. Bærekraftige byer og lokalsamfunn" in page


def test_plan_addresses_made_once_per_page_are_the_plans_own(personas, plan, foreign_plan):
    for each in (plan, foreign_plan):
        assert plan_url_maker(each.municipality_id)(each.pk) == each.get_absolute_url()
