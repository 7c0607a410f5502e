"""`samplan plantakt` and `samplan plantakt-data`, the example data and the rule corrections."""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import sys

import icalendar
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from samplan.municipalities.models import Municipality
from samplan.plantakt import selectors
from samplan.plantakt.example import example_plantakt_create
from samplan.plantakt.models import (
    ElectionPeriod,
    ItemDecision,
    MunicipalityPeriod,
    OwnItem,
    RuleSetting,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def run(*args: str, command: str = "plantakt") -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def stored() -> tuple:
    return (
        MunicipalityPeriod.objects.count(),
        ItemDecision.objects.count(),
        OwnItem.objects.count(),
        MunicipalityPeriod.history.count(),
    )


def test_json_has_the_documented_shape_and_uses_the_given_constitution_date():
    data = json.loads(
        run("--kommune", "5033", "--periode", "2023-2027", "--konstituert", "2023-10-19", "--json")
    )
    assert data["kommune"] == "5033"
    assert data["periode"] == "2023-2027"
    assert data["constituted_on"] == "2023-10-19"
    assert data["constitution_assumed"] is False
    items = {item["key"]: item for item in data["items"]}
    strategy = items["planning_strategy.adopted"]
    assert strategy["date"] == "2024-10-19"
    assert strategy["kind"] == "lovkrav"
    assert strategy["legal_basis"] == "PBL § 10-1 (1)"
    assert strategy["depends_on"] == ["council.constitution"]
    assert items["accounts_adopted.2024"]["unconfirmed"] is True
    for item in data["items"]:
        assert {"date", "title", "kind", "legal_basis", "depends_on"} <= set(item)


def test_the_cli_stores_nothing_even_with_a_constitution_date():
    before = stored()
    run("--kommune", "5033", "--periode", "2019-2023", "--konstituert", "2019-10-10", "--json")
    assert stored() == before


def test_the_cli_uses_stored_decision_dates():
    tydal = Municipality.objects.get(number="5033")
    example_plantakt_create(tydal)
    data = json.loads(run("--kommune", "5033", "--periode", "2023-2027", "--json"))
    items = {item["key"]: item for item in data["items"]}
    assert items["planning_strategy.adopted"]["done_on"] == "2024-06-13"
    assert items["planning_strategy.draft_public"]["date"] == "2024-05-14"


def test_ics_file_is_valid_icalendar(tmp_path):
    target = tmp_path / "plantakt.ics"
    output = run("--kommune", "5033", "--periode", "2023-2027", "--ics", str(target))
    assert "plantakt.ics" in output
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) > 20
    assert all(event.get("dtstart") and event.get("uid") for event in events)


@pytest.mark.parametrize("text", ["19.10.2023", "2023-10-19", "19.10.23"])
def test_the_constitution_date_takes_the_forms_of_the_import(text):
    data = json.loads(
        run("--kommune", "5033", "--periode", "2023-2027", "--konstituert", text, "--json")
    )
    assert data["constituted_on"] == "2023-10-19"


def test_ics_dash_writes_the_calendar_to_standard_output_and_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    output = run("--kommune", "5033", "--periode", "2023-2027", "--ics", "-")

    calendar = icalendar.Calendar.from_ical(output)
    assert len(calendar.walk("VEVENT")) > 20
    assert output.startswith("BEGIN:VCALENDAR")
    assert list(tmp_path.iterdir()) == []


def test_ics_dash_and_json_cannot_share_standard_output():
    with pytest.raises(CommandError, match="--ics - og --json skriver begge til standard ut"):
        run("--kommune", "5033", "--periode", "2023-2027", "--ics", "-", "--json")


def test_sprak_nn_gives_the_items_in_nynorsk():
    bokmaal = run("--kommune", "5033", "--periode", "2023-2027")
    nynorsk = run("--kommune", "5033", "--periode", "2023-2027", "--sprak", "nn")

    assert "Anbefaling: Kunnskapsgrunnlaget oppdatert før valget" in bokmaal
    assert "Tilråding: Kunnskapsgrunnlaget oppdatert før valet" in nynorsk


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--periode", "2023-2027"], "Feil: disse argumentene mangler: --kommune"),
        (
            ["--kommune", "5033", "--periode", "2023-2027", "--konstituert", "19.13.2023"],
            "Feil: --konstituert: «19.13.2023» er ikke en dato; skriv den som 19.10.2023 eller "
            "2023-10-19.",
        ),
        (
            ["--kommune", "5033", "--periode", "2023-2027", "--konstituert", "x", "--sprak", "nn"],
            "Feil: --konstituert: «x» er ikkje ein dato; skriv han som 19.10.2023 eller "
            "2023-10-19.",
        ),
        (
            ["--kommune", "9999", "--periode", "2023-2027", "--sprak", "nn"],
            "Ukjent kommunenummer: 9999 (nummerering frå 2024).",
        ),
    ],
)
def test_errors_are_norwegian(args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message


def test_text_output_lists_the_items():
    output = run("--kommune", "5033", "--periode", "2019-2023")
    assert output.startswith("Tydal 2019–2023")
    assert "2020-10-31" in output
    # Without a constitution date the output says so, and marks the dates computed from it.
    assert "Konstitueringsdato mangler – registrer den" in output
    line = next(line for line in output.splitlines() if "Planstrategien vedtatt" in line)
    assert line.startswith("2020-10-31") and "[senest: konstitueringsdato mangler]" in line
    # The 1992 act applied to the budget for 2020, adopted in 2019.
    line = next(line for line in output.splitlines() if line.startswith("2019-12-31"))
    assert "kommuneloven 1992 §§ 44, 45" in line
    assert "[Paragraf ikke bekreftet: kommuneloven 1992 § 45]" in line


def test_text_and_json_say_how_late_a_decision_was():
    ItemDecision.objects.create(
        municipality=Municipality.objects.get(number="5033"),
        election_year=2023,
        item_key="planning_strategy.adopted",
        decided_on=D(2024, 11, 7),
    )
    args = ("--kommune", "5033", "--periode", "2023-2027", "--konstituert", "2023-10-19")
    line = next(line for line in run(*args).splitlines() if "Planstrategien vedtatt" in line)
    assert "(Gjort 07.11.2024, 19 dager etter fristen)" in line
    items = {item["key"]: item for item in json.loads(run(*args, "--json"))["items"]}
    assert items["planning_strategy.adopted"]["late_by_days"] == 19
    assert items["budget.2024"]["late_by_days"] is None
    assert isinstance(items["budget.2024"]["overdue_by_days"], int)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kommune", "5033", "--periode", "2024-2028"], "2024"),
        (["--kommune", "5033", "--periode", "2023-2028"], "2023-2028"),
        (["--kommune", "5033", "--periode", "2023-2027", "--konstituert", "2023-09-01"], "11.09"),
        (
            ["--kommune", "5033", "--periode", "2023-2027", "--konstituert", "31.02.2023"],
            "31.02.2023",
        ),
        (["--kommune", "5033", "--periode", "2023-2027", "--konstituert", "i går"], "ikke en dato"),
        (["--kommune", "9999", "--periode", "2023-2027"], "9999"),
    ],
)
def test_bad_input_gives_a_clear_error_and_stores_nothing(args, message):
    before = stored()
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        run(*args)
    assert stored() == before


def test_bad_input_exits_non_zero_from_the_samplan_command(tmp_path):
    # The period is checked before the database is opened, so an empty data directory will do.
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["SAMPLAN_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "samplan.cli", "plantakt", "--kommune", "5033", "--periode", "2022"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("Feil: 2022 er ikke et kommunevalgår")


# Example data ------------------------------------------------------------------------------------


def test_example_data_is_idempotent_and_has_own_and_completed_items():
    tydal = Municipality.objects.get(number="5033")
    assert example_plantakt_create(tydal) == 3
    example_plantakt_create(tydal)
    assert OwnItem.objects.filter(municipality=tydal).count() == 3
    assert all(item.title.startswith("Eksempeldata") for item in OwnItem.objects.all())
    period = selectors.period_for(tydal, 2023)
    assert period.constituted_on == D(2023, 10, 19)
    assert any(item.kind == "egen" and item.done for item in period.items)
    assert period.item("planning_strategy.adopted").done_on == D(2024, 6, 13)


# Administrator corrections ------------------------------------------------------------------------


def test_elections_and_rules_are_seeded_with_their_sources():
    assert ElectionPeriod.objects.get(election_year=2023).election_date == D(2023, 9, 11)
    assert not ElectionPeriod.objects.get(election_year=2027).confirmed
    assert not RuleSetting.objects.get(key="accounts_adopted").confirmed
    # Every stored source names a paragraph or docs/sources.md, never notes outside the project.
    sources = list(ElectionPeriod.objects.values_list("source", flat=True))
    sources += list(RuleSetting.objects.values_list("source", flat=True))
    assert not [source for source in sources if "DOMAIN" in source]
    assert ElectionPeriod.objects.get(election_year=2019).source.endswith("(docs/sources.md)")


def test_correcting_a_rule_changes_the_deadlines_and_removes_the_unconfirmed_mark():
    run("rule", "accounts_adopted", "--date", "06-15", "--confirmed", command="plantakt_data")
    tydal = Municipality.objects.get(number="5033")
    item = selectors.period_for(tydal, 2023).item("accounts_adopted.2024")
    assert item.date == D(2025, 6, 15)
    assert not item.unconfirmed
    # The seed migration writes no history; the correction is recorded.
    assert RuleSetting.history.filter(key="accounts_adopted", month=6, day=15).count() == 1


@pytest.mark.parametrize("date", ["2027-09-13", "13.09.2027"])
def test_correcting_an_election_day_changes_the_period(date):
    run("election", "2027", "--date", date, "--confirmed", command="plantakt_data")
    tydal = Municipality.objects.get(number="5033")
    assert selectors.period_for(tydal, 2027).election_confirmed
    assert "2027-09-13" in run("show", command="plantakt_data")


@pytest.mark.parametrize(
    "args",
    [
        ["rule", "accounts_adopted", "--date", "02-30"],
        ["rule", "accounts_adopted", "--date", "30. juni"],
        ["election", "2026", "--date", "2026-09-14"],
        ["election", "2027", "--date", "2028-09-11"],
    ],
)
def test_bad_corrections_are_refused(args):
    before = (
        list(ElectionPeriod.objects.values_list("election_year", "election_date")),
        list(RuleSetting.objects.values_list("key", "month", "day")),
    )
    with pytest.raises(CommandError):
        run(*args, command="plantakt_data")
    after = (
        list(ElectionPeriod.objects.values_list("election_year", "election_date")),
        list(RuleSetting.objects.values_list("key", "month", "day")),
    )
    assert after == before


def test_current_election_year_changes_on_election_day():
    assert selectors.current_election_year(D(2027, 9, 12)) == 2023
    assert selectors.current_election_year(D(2027, 9, 13)) == 2027
    assert selectors.current_election_year(D(2026, 1, 1)) == 2023
