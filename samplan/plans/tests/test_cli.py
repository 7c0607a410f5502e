"""`samplan plans import|export|health` through call_command."""

from __future__ import annotations

import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from samplan.municipalities.models import Municipality, Organisation
from samplan.plans import tabular
from samplan.plans.models import Plan

from .factories import DecisionFactory, PlanFactory

pytestmark = pytest.mark.django_db

FINDING_KEYS = {
    "plan_id",
    "kind",
    "severity",
    "reason",
    "plan_title",
    "suggestion",
    "related_plan_ids",
    "keep_reason",
}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("plans", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_health_json_has_the_stable_shape():
    overdue = PlanFactory(
        title="Forfalt", adopted_year=2015, revision_interval_years=4, themes=["klima"]
    )
    other = PlanFactory(title="Klimaplan", adopted_year=2025, themes=["klima"])

    out, _err = run("health", "--kommune", "5033", "--json")

    payload = json.loads(out)
    assert set(payload) == {"kommune", "findings"}
    assert payload["kommune"] == "5033"
    assert payload["findings"]
    for finding in payload["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in {"high", "medium", "info"}
        assert isinstance(finding["related_plan_ids"], list)
        assert finding["plan_id"] is None or isinstance(finding["plan_id"], int)
        assert isinstance(finding["reason"], str) and finding["reason"]
    kinds = {(finding["plan_id"], finding["kind"]) for finding in payload["findings"]}
    assert (overdue.pk, "revision_overdue") in kinds
    assert (None, "statutory_missing") in kinds
    overlap = next(
        f
        for f in payload["findings"]
        if f["kind"] == "theme_overlap" and f["plan_id"] == overdue.pk
    )
    assert overlap["related_plan_ids"] == [other.pk]


def test_health_as_text_has_one_line_per_finding():
    PlanFactory(title="Forfalt", adopted_year=2015, revision_interval_years=4)
    out, _err = run("health", "--kommune", "5033")
    assert "[high] revision_overdue: Forfalt:" in out


def test_import_then_export_through_the_cli(tmp_path):
    holtaalen = Municipality.objects.get(number="5026")
    source = tmp_path / "register.csv"
    source.write_bytes(
        b"id;tittel;plantype;vedtatt;tema\r\nP-1;Smittevernplan;TP;2024;smittevern\r\n"
        b"P-2;Trafikksikkerhetsplan;TP;12.06.2022;trafikk\r\n"
    )

    out, _err = run("import", str(source), "--kommune", "5026")

    assert "2 opprettet, 0 oppdatert, 0 uendret" in out
    assert "kommunens arbeidsrom ble opprettet" in out
    assert Organisation.objects.filter(municipality=holtaalen).exists()
    out, _err = run("import", str(source), "--kommune", "5026")
    assert "0 opprettet, 0 oppdatert, 2 uendret" in out
    assert Plan.objects.for_municipality(holtaalen).count() == 2

    for file_format in ("csv", "xlsx", "ods"):
        target = tmp_path / f"ut.{file_format}"
        out, _err = run(
            "export", "--kommune", "5026", "--format", file_format, "--out", str(target)
        )
        assert str(target) in out
        rows = tabular.read_table(target.name, target.read_bytes())
        assert [(row.cells["id"], row.cells["vedtatt"]) for row in rows] == [
            ("P-1", "2024"),
            ("P-2", "12.06.2022"),
        ]


def test_export_without_out_writes_the_file_to_standard_output(capsysbinary):
    PlanFactory(title="Smittevernplan")

    call_command("plans", "export", "--kommune", "5033", "--format", "csv")

    content = capsysbinary.readouterr().out
    assert content.startswith("\ufeffid;tittel;".encode())
    assert b"Smittevernplan" in content


@pytest.mark.parametrize("action", [["health"], ["export"], ["import", "x.csv"]])
def test_unknown_municipality_is_a_command_error(action):
    with pytest.raises(CommandError, match="9999"):
        run(*action, "--kommune", "9999")


def test_bad_file_is_a_command_error_listing_the_rows_and_nothing_is_written(tmp_path):
    PlanFactory(title="Eksisterende", external_id="P-1", pages=3)
    before = sorted(Plan.objects.values_list("pk", "title", "pages", "updated_at"))
    source = tmp_path / "register.csv"
    source.write_bytes(
        b"id;tittel;plantype;sider\r\nP-1;Eksisterende;TP;99\r\nP-2;Ny;reguleringsplan;3\r\n"
        b"P-3;;TP;3\r\n"
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="Ingenting ble importert: 2 feil"):
        call_command(
            "plans", "import", str(source), "--kommune", "5033", stderr=err, stdout=io.StringIO()
        )

    assert "rad 3, kolonne plantype" in err.getvalue()
    assert "rad 4, kolonne tittel" in err.getvalue()
    assert sorted(Plan.objects.values_list("pk", "title", "pages", "updated_at")) == before


def test_unreadable_or_wrong_type_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Kan ikke lese"):
        run("import", str(tmp_path / "missing.csv"), "--kommune", "5033")
    png = tmp_path / "bilde.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    with pytest.raises(CommandError, match="Ingenting ble importert"):
        run("import", str(png), "--kommune", "5033")
    assert not Plan.objects.exists()


def test_needs_writes_the_planning_needs_table_of_the_period(tmp_path):
    plan = PlanFactory(title="Smittevernplan", pages=7)
    DecisionFactory(plan=plan, decision="oppheve", period_start=2023)
    target = tmp_path / "planbehov.xlsx"

    out, _err = run(
        "needs",
        "--kommune",
        "5033",
        "--periode",
        "2023-2027",
        "--format",
        "xlsx",
        "--out",
        str(target),
    )

    assert "Skrev" in out
    rows = list(tabular.read_grid(target.name, target.read_bytes()))
    assert rows[1][0] == "Smittevernplan" and rows[1][2] == "7"
    assert rows[0][:4] == ["Plan", "Plantype", "Sider", "Beslutning"]  # Tydal writes Bokmål
    assert rows[1][3] == "Oppheve"


def test_needs_in_nynorsk_on_request(tmp_path):
    target = tmp_path / "planbehov.csv"
    run("needs", "--kommune", "5033", "--sprak", "nn", "--out", str(target))
    header = next(tabular.read_grid(target.name, target.read_bytes()))
    assert header[:3] == ["Plan", "Plantype", "Sider"] and "Ansvarleg" in header


def test_needs_to_standard_output_as_csv(capsysbinary):
    PlanFactory(title="Smittevernplan")
    out, _err = run("needs", "--kommune", "5033", "--periode", "2023")
    assert out.startswith("\ufeffPlan;") and "Smittevernplan" in out


@pytest.mark.parametrize("period", ["2024-2028", "2023-2026", "tjuetjuetre", "1999"])
def test_needs_refuses_a_period_that_is_not_an_election_period(period):
    with pytest.raises(CommandError, match="er ikke en valgperiode"):
        run("needs", "--kommune", "5033", "--periode", period)


def test_binary_export_to_a_captured_stream_asks_for_out():
    with pytest.raises(CommandError, match="--out"):
        run("export", "--kommune", "5033", "--format", "xlsx")


# Standard output, language and argparse -------------------------------------------------------


def test_out_dash_writes_the_csv_to_standard_output_and_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    PlanFactory(title="Smittevernplan")

    out, _err = run("export", "--kommune", "5033", "--out", "-")

    assert out.startswith("\ufeffid;tittel;") and "Smittevernplan" in out
    assert list(tmp_path.iterdir()) == []


def test_out_dash_writes_a_spreadsheet_as_bytes_to_standard_output(
    tmp_path, monkeypatch, capsysbinary
):
    monkeypatch.chdir(tmp_path)
    plan = PlanFactory(title="Smittevernplan")
    DecisionFactory(plan=plan, decision="oppheve", period_start=2023)

    call_command(
        "plans", "needs", "--kommune", "5033", "--periode", "2023", "--format", "xlsx",
        "--out", "-",
    )  # fmt: skip

    content = capsysbinary.readouterr().out
    rows = list(tabular.read_grid("planbehov.xlsx", content))
    assert rows[1][0] == "Smittevernplan" and rows[1][3] == "Oppheve"
    assert list(tmp_path.iterdir()) == []


def test_sprak_nn_gives_nynorsk_messages(tmp_path):
    source = tmp_path / "register.csv"
    source.write_bytes(b"id;tittel;plantype\r\nP-1;Smittevernplan;TP\r\n")

    out, _err = run("import", str(source), "--kommune", "5033", "--sprak", "nn")

    assert out == (
        "Tydal: 1 oppretta, 0 oppdaterte, 0 uendra (arbeidsrommet til kommunen vart oppretta).\n"
    )
    with pytest.raises(CommandError, match=r"Ukjent kommunenummer: 9999 \(nummerering frå 2024\)"):
        run("health", "--kommune", "9999", "--sprak", "nn")


def test_unknown_municipality_is_said_in_bokmaal_by_default():
    with pytest.raises(CommandError, match=r"^Ukjent kommunenummer: 9999 \(nummerering fra 2024\)"):
        run("export", "--kommune", "9999")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "Feil: disse argumentene mangler: --kommune"),
        (["export", "--sprak", "nn"], "Feil: desse argumenta manglar: --kommune"),
        (
            ["export", "--kommune", "5033", "--format", "docx"],
            "Feil: --format: ugyldig valg: 'docx' (velg mellom 'csv', 'ods', 'xlsx', 'odt', 'pdf')",
        ),
        ([], "Feil: disse argumentene mangler: {import,export,needs,health}"),
    ],
)
def test_argparse_errors_are_norwegian(args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message


def test_import_preview_prints_each_row_and_its_warnings_and_writes_nothing(tmp_path):
    source = tmp_path / "register.csv"
    source.write_bytes(
        b"Planoversikt\r\ntittel;plantype;vedtatt\r\n"
        b"Kommuneplanens arealdel 2018 - 2030;KP;29.03.2018, K-sak 18/12\r\n"
    )

    with translation.override("nb"):
        out, err = run("import", str(source), "--kommune", "5026", "--forhandsvis")

    assert out.splitlines() == [
        "3\tarealdel\tgjeldende\tcreate\tKommuneplanens arealdel 2018 - 2030",
        "Bare forhåndsvisning: ingenting er skrevet.",
    ]
    assert "Fant overskriftsraden på rad 2" in err
    assert "rad 3, kolonne vedtatt: Datoen er lest som 29.03.2018" in err
    assert not Plan.objects.exists()
