"""Importing and exporting the register: round trips, re-imports, bad files that write nothing."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from django.utils import translation

from samplan.municipalities.models import Municipality, Organisation
from samplan.municipalities.services import workspace_get_or_create
from samplan.plans import exports, services, tabular
from samplan.plans.exports import plans_export
from samplan.plans.models import Plan
from samplan.plans.services import plan_save, plans_import

from .factories import PlanFactory

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "xlsx", "ods"]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def tydal() -> Municipality:
    municipality = Municipality.objects.get(number="5033")
    workspace_get_or_create(municipality=municipality)
    return municipality


@pytest.fixture
def holtaalen() -> Municipality:
    """A municipality with no workspace yet."""
    municipality = Municipality.objects.get(number="5026")
    assert not Organisation.objects.filter(municipality=municipality).exists()
    return municipality


# The register's community part; the other plans of `rich_register` (UNDER_COMMUNITY: its parts).
COMMUNITY_PLAN = {
    "external_id": "P-01",
    "title": "Kommuneplanens samfunnsdel 2020–2032",
    "plan_type": "samfunnsdel",
    "status": "gjeldende",
    "adopted_date": datetime.date(2020, 6, 18),
    "adopted_year": 2020,
    "adopted_by": "kommunestyret",
    "revision_interval_years": 4,
    "responsible_unit": "Plan og utvikling",
    "responsible_person": "Kari Nordmann",
    "pages": 46,
    "link": "https://www.example.no/ksd.pdf",
    "themes": ["folkehelse", "næring", "bolig"],
    "sdgs": [3, 8, 11],
    "in_financial_plan": True,
}
UNDER_COMMUNITY = "under_community"
RICH_PLANS = (
    {
        "external_id": "P-02",
        "title": "Trafikksikkerhetsplan; «Trygg veg»",
        "plan_type": "temaplan",
        "status": "under_revisjon",
        "adopted_year": 2018,
        "adopted_by": "formannskapet",
        "revision_interval_years": 4,
        "next_revision_override": datetime.date(2027, 3, 1),
        "responsible_unit": "Teknisk drift",
        "pages": 22,
        "themes": ["trafikk"],
        "sdgs": [3, 11],
        UNDER_COMMUNITY: True,
    },
    {
        "title": "Boligpolitisk strategi",
        "plan_type": "strategi",
        "status": "i_arbeid",
        "responsible_person": "Åse Ødegård",
    },
    {
        "external_id": "P-04",
        "title": "Plan for biblioteket",
        "plan_type": "temaplan",
        "status": "utgaatt",
        "adopted_year": 2008,
        "pages": 8,
        "link": "https://example.no/bibliotek?side=1&x=2",
        "themes": ["kultur"],
        "sdgs": [4],
    },
    {
        "external_id": "P-05",
        "title": "Kommunedelplan for klima og energi",
        "plan_type": "kommunedelplan",
        "status": "opphevet",
        "adopted_date": datetime.date(2016, 2, 29),
        "adopted_year": 2016,
        "revision_interval_years": 1,
        "responsible_unit": "",
        "pages": 0,
        "in_financial_plan": False,
        UNDER_COMMUNITY: True,
    },
    {
        "external_id": "P-06",
        "title": "Regional plan for Sylan",
        "plan_type": "regional",
        "adopted_year": 2017,
        "next_revision_override": datetime.date(2030, 1, 1),
        "sdgs": [15, 17],
        "themes": ["arealbruk", "reindrift"],
    },
)


def rich_register(municipality: Municipality) -> list[Plan]:
    """Plans that use every column, in every way a real register does."""
    community = plan_save(plan=Plan(municipality=municipality, **COMMUNITY_PLAN))
    plans = [community]
    for fields in RICH_PLANS:
        fields = dict(fields)
        if fields.pop(UNDER_COMMUNITY, False):
            fields["parent"] = community
        plans.append(plan_save(plan=Plan(municipality=municipality, **fields)))
    return plans


def exported_rows(municipality: Municipality, file_format: str) -> list[dict[str, str]]:
    content, _content_type = plans_export(municipality=municipality, file_format=file_format)
    return [row.cells for row in tabular.read_table(f"export.{file_format}", content)]


FIELDS = (*services.PLAN_FIELDS, "next_revision")


def plan_values(municipality: Municipality) -> list[tuple]:
    plans = Plan.objects.for_municipality(municipality).select_related("parent").order_by("title")
    return [
        (*(getattr(plan, name) for name in FIELDS), plan.parent.title if plan.parent else "")
        for plan in plans
    ]


def register_snapshot() -> list[tuple]:
    """Every stored value of every plan (to show that a failed import wrote nothing)."""
    return sorted(
        Plan.objects.values_list(
            "pk", "municipality_id", "updated_at", "parent_id", *services.PLAN_FIELDS
        ),
        key=lambda row: row[0],
    )


# Round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_export_import_export_keeps_every_column(tydal, holtaalen, file_format):
    rich_register(tydal)
    first = exported_rows(tydal, file_format)
    content, _content_type = plans_export(municipality=tydal, file_format=file_format)

    report = plans_import(municipality=holtaalen, filename=f"register.{file_format}", data=content)

    assert report.ok, (report.file_error, report.errors)
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    assert report.workspace_created
    assert Organisation.objects.filter(municipality=holtaalen, kind="kommune").exists()
    assert exported_rows(holtaalen, file_format) == first
    assert plan_values(holtaalen) == plan_values(tydal)


@pytest.mark.parametrize("file_format", FORMATS)
def test_exported_cells_are_written_the_way_the_template_describes(tydal, file_format):
    rich_register(tydal)

    rows = {row["tittel"]: row for row in exported_rows(tydal, file_format)}

    community = rows["Kommuneplanens samfunnsdel 2020–2032"]
    assert community == {
        "id": "P-01",
        "tittel": "Kommuneplanens samfunnsdel 2020–2032",
        "plantype": "samfunnsdel",
        "status": "gjeldende",
        "vedtatt": "18.06.2020",
        "vedtatt_av": "kommunestyret",
        "revisjonsintervall_aar": "4",
        "neste_revisjon": "18.06.2024",
        "ansvarlig_enhet": "Plan og utvikling",
        "ansvarlig_person": "Kari Nordmann",
        "sider": "46",
        "lenke": "https://www.example.no/ksd.pdf",
        "tema": "folkehelse; næring; bolig",
        "baerekraftsmaal": "3; 8; 11",
        "overordnet_plan": "",
        "i_okonomiplan": "ja",
        "erstatter": "",
        "merknad": "",
    }
    library = rows["Plan for biblioteket"]
    assert (library["vedtatt"], library["neste_revisjon"], library["i_okonomiplan"]) == (
        "2008",
        "",
        "nei",
    )
    traffic = rows["Trafikksikkerhetsplan; «Trygg veg»"]
    assert traffic["neste_revisjon"] == "01.03.2027"
    assert traffic["overordnet_plan"] == "Kommuneplanens samfunnsdel 2020–2032"
    assert rows["Kommunedelplan for klima og energi"]["sider"] == "0"


@pytest.mark.parametrize("file_format", FORMATS)
def test_reimporting_the_same_file_updates_instead_of_duplicating(tydal, file_format):
    rich_register(tydal)
    content, _content_type = plans_export(municipality=tydal, file_format=file_format)
    before = plan_values(tydal)

    report = plans_import(municipality=tydal, filename=f"register.{file_format}", data=content)

    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert not report.workspace_created
    assert plan_values(tydal) == before


def test_reimport_matches_on_id_first_then_on_title_and_type(tydal):
    plans = rich_register(tydal)
    rows = exports.export_rows(Plan.objects.for_municipality(tydal).order_by("title"))
    for row in rows:
        if row[0] == "P-04":
            row[1] = "Plan for biblioteket (ny tittel)"  # matched on the id
        if row[1] == "Boligpolitisk strategi":
            row[10] = 12  # no id: matched on title and type
    content = tabular.write_csv(rows)

    report = plans_import(municipality=tydal, filename="register.csv", data=content)

    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 2, 4)
    assert Plan.objects.for_municipality(tydal).count() == len(plans)
    assert Plan.objects.get(external_id="P-04", municipality=tydal).title == (
        "Plan for biblioteket (ny tittel)"
    )
    assert Plan.objects.get(title="Boligpolitisk strategi", municipality=tydal).pages == 12


def test_import_reads_abbreviations_yes_no_variants_and_year_only_dates(tydal):
    content = (
        "tittel;plantype;status;vedtatt;revisjonsintervall_aar;i_okonomiplan;overordnet_plan;"
        "baerekraftsmaal\r\n"
        "Kommuneplanens samfunnsdel;KP;Gjeldende;2019;4;Ja;;3, 11\r\n"
        "Næringsplan;F;;12.06.2021;;x;Kommuneplanens samfunnsdel;\r\n"
        "Beredskapsplan;BP;under revisjon;2024-02-01;1;;;\r\n"
    ).encode()

    report = plans_import(municipality=tydal, filename="register.csv", data=content)

    assert report.ok, report.errors
    community = Plan.objects.get(municipality=tydal, title="Kommuneplanens samfunnsdel")
    business = Plan.objects.get(municipality=tydal, title="Næringsplan")
    emergency = Plan.objects.get(municipality=tydal, title="Beredskapsplan")
    assert (community.plan_type, community.adopted_year, community.adopted_date) == (
        "samfunnsdel",
        2019,
        None,
    )
    assert community.next_revision == datetime.date(2023, 1, 1)
    assert community.next_revision_override is None
    assert community.is_statutory and community.legal_basis.startswith("PBL")
    assert community.sdgs == [3, 11] and community.in_financial_plan
    assert (business.plan_type, business.adopted_date, business.status) == (
        "temaplan",
        datetime.date(2021, 6, 12),
        "gjeldende",
    )
    assert business.parent == community and business.in_financial_plan
    assert (emergency.status, emergency.next_revision) == (
        "under_revisjon",
        datetime.date(2025, 2, 1),
    )


def test_windows_1252_csv_with_norwegian_letters_is_imported_correctly(tydal):
    content = (
        "tittel;plantype;ansvarlig_enhet;ansvarlig_person;tema\r\n"
        "Plan for idrett og fysisk aktivitet i Ålen;KD;Kultur og fritid;Bjørn Æsøy;"
        '"idrett; friluftsliv; særlig barn"\r\n'
    ).encode("cp1252")

    report = plans_import(municipality=tydal, filename="register.csv", data=content)

    assert report.ok, (report.file_error, report.errors)
    plan = Plan.objects.get(municipality=tydal)
    assert plan.title == "Plan for idrett og fysisk aktivitet i Ålen"
    assert plan.responsible_person == "Bjørn Æsøy"
    assert plan.themes == ["idrett", "friluftsliv", "særlig barn"]


def test_importing_creates_the_workspace_of_a_municipality_without_one(holtaalen):
    report = plans_import(
        municipality=holtaalen,
        filename="r.csv",
        data=b"tittel;plantype\r\nSmittevernplan;TP\r\n",
    )

    assert report.ok and report.workspace_created
    holtaalen.refresh_from_db()
    assert holtaalen.workspace.kind == "kommune"


# Bad input: nothing is written ---------------------------------------------------------------


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


GOOD_HEADER = "id;tittel;plantype;status;vedtatt;neste_revisjon;overordnet_plan;sider"


def forty_rows_with_a_bad_last_row(last_row: str) -> bytes:
    lines = [GOOD_HEADER, "P-01;Eksisterende plan;TP;opphevet;2018;;;999"]
    lines += [
        f"N-{number:02d};Ny plan {number};TP;gjeldende;2020;;;{number}" for number in range(2, 40)
    ]
    lines.append(last_row)
    assert len(lines) == 41  # the header and 40 rows
    return csv_bytes(*lines)


def xlsx_zip_of_something_else() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


BAD_FILES = {
    "png": ("plans.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100),
    "png-named-csv": ("plans.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100),
    "pdf": ("plans.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
    "missing-headers": ("plans.csv", csv_bytes("overskrift;kode", "Plan;TP")),
    "unknown-column": ("plans.csv", csv_bytes("tittel;plantype;farge", "Plan;TP;rød")),
    "unknown-plan-type": ("plans.csv", csv_bytes("tittel;plantype", "Plan;reguleringsplan")),
    "adopted-in-future": ("plans.csv", csv_bytes("tittel;plantype;vedtatt", "Plan;TP;01.12.2026")),
    "adopted-next-year": ("plans.csv", csv_bytes("tittel;plantype;vedtatt", "Plan;TP;2027")),
    "revision-before-adoption": (
        "plans.csv",
        csv_bytes("tittel;plantype;vedtatt;neste_revisjon", "Plan;TP;2020;2019"),
    ),
    "duplicate-rows": ("plans.csv", csv_bytes("tittel;plantype", "Plan;TP", "plan ;F")),
    "duplicate-ids": ("plans.csv", csv_bytes("id;tittel;plantype", "A;Plan;TP", "A;Annen;TP")),
    "over-10-mb": ("plans.csv", b"tittel;plantype\r\n" + b"Plan;TP\r\n" * 1_400_000),
    "50-mb": ("plans.csv", b"tittel;plantype\r\n" + b"x" * (50 * 1024 * 1024)),
    "row-40-of-40-bad-type": (
        "plans.csv",
        forty_rows_with_a_bad_last_row("N-40;Ny plan 40;reguleringsplan;;2020;;;1"),
    ),
    "row-40-of-40-link-too-long": (
        "plans.csv",
        forty_rows_with_a_bad_last_row("N-40;Ny plan 40;TP;;2020;;;1")
        .replace(b"id;tittel", b"lenke;id;tittel")
        .replace(b"\r\nN-40;", b"\r\nhttps://example.no/" + b"a" * 600 + b";N-40;")
        .replace(b"\r\nN-", b"\r\n;N-")
        .replace(b"\r\nP-01", b"\r\n;P-01")
        .replace(b"\r\n;N-40;", b"\r\nN-40;"),
    ),
    "parent-does-not-exist": (
        "plans.csv",
        csv_bytes("tittel;plantype;overordnet_plan", "Plan;TP;Kommuneplanens samfunnsdel"),
    ),
    "garbage": ("plans.csv", bytes(range(256)) * 8),
    "garbage-xlsx": ("plans.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4),
    "empty": ("plans.csv", b""),
    "headers-only": ("plans.csv", csv_bytes("tittel;plantype")),
    "xlsx-zip-of-something-else": ("plans.xlsx", xlsx_zip_of_something_else()),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_writes_nothing(tydal, case):
    PlanFactory(external_id="P-01", title="Eksisterende plan", pages=5)
    PlanFactory(title="Kommuneplan (annen tittel)")
    before = register_snapshot()
    workspaces = Organisation.objects.count()
    filename, data = BAD_FILES[case]

    report = plans_import(municipality=tydal, filename=filename, data=data)

    assert not report.ok
    assert bool(report.file_error) != bool(report.errors)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert register_snapshot() == before
    assert Organisation.objects.count() == workspaces
    assert all(error.row >= 2 and error.column and error.message for error in report.errors)


def test_a_bad_file_for_a_municipality_without_workspace_does_not_create_one(holtaalen):
    filename, data = BAD_FILES["row-40-of-40-link-too-long"]

    report = plans_import(municipality=holtaalen, filename=filename, data=data)

    assert not report.ok
    assert not report.workspace_created
    assert not Organisation.objects.filter(municipality=holtaalen).exists()
    assert not Plan.objects.for_municipality(holtaalen).exists()


def test_the_row_40_error_names_row_41_of_the_file_and_its_column(tydal):
    report = plans_import(
        municipality=tydal, filename="plans.csv", data=BAD_FILES["row-40-of-40-bad-type"][1]
    )
    assert [(error.row, error.column) for error in report.errors] == [(41, "plantype")]


def test_a_model_level_error_names_the_template_column(tydal):
    report = plans_import(
        municipality=tydal,
        filename="plans.csv",
        data=BAD_FILES["row-40-of-40-link-too-long"][1],
    )
    assert [(error.row, error.column) for error in report.errors] == [(41, "lenke")]


def test_every_bad_row_is_reported_not_only_the_first(tydal):
    content = csv_bytes(
        "tittel;plantype;vedtatt;sider", "A;TP;2020;3", ";TP;2020;3", "C;XX;2099;mange"
    )

    report = plans_import(municipality=tydal, filename="plans.csv", data=content)

    assert [(error.row, error.column) for error in report.errors] == [
        (3, "tittel"),
        (4, "plantype"),
        (4, "vedtatt"),
        (4, "sider"),
    ]
    assert not Plan.objects.exists()


def test_file_and_row_messages_are_norwegian_in_nb(tydal):
    with translation.override("nb"):
        empty = plans_import(municipality=tydal, filename="plans.csv", data=b"")
        headers_only = plans_import(
            municipality=tydal, filename="plans.csv", data=csv_bytes("tittel;plantype")
        )
        big = plans_import(municipality=tydal, filename="plans.csv", data=BAD_FILES["50-mb"][1])
        parent = plans_import(
            municipality=tydal, filename="plans.csv", data=BAD_FILES["parent-does-not-exist"][1]
        )
    assert empty.file_error == "Filen er tom."
    assert headers_only.file_error == "Filen har overskrifter, men ingen planer."
    assert big.file_error == "Filen er 50.0 MB; grensen er 10 MB."
    assert parent.errors[0].message == (
        "Ingen plan med tittelen «Kommuneplanens samfunnsdel» i filen eller registeret."
    )


def test_a_parent_already_in_the_register_is_found(tydal):
    community = PlanFactory(title="Kommuneplanens samfunnsdel", plan_type="samfunnsdel")
    content = csv_bytes("tittel;plantype;overordnet_plan", "Plan;TP;kommuneplanens  samfunnsdel")

    report = plans_import(municipality=tydal, filename="plans.csv", data=content)

    assert report.ok
    assert Plan.objects.get(title="Plan").parent == community
