"""Old municipality numbers: the shipped history checked against itself and today's list, the
well-known cases, and where a typed number is read (command line, search, address)."""

from __future__ import annotations

import csv
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from samplan.municipalities import numbers
from samplan.municipalities.commands import municipality_or_error

KOMMUNER = numbers.HISTORY_FILE.parent / "kommuner.csv"


def current_numbers() -> set[str]:
    with KOMMUNER.open(encoding="utf-8") as handle:
        return {row["kommunenummer"] for row in csv.DictReader(handle)}


def test_every_old_number_leads_to_municipalities_of_today():
    today = current_numbers()
    for change in numbers.history():
        renumbering = numbers.renumbering(change.old_number)  # raises on a circle
        assert renumbering is not None
        assert renumbering.current, change
        assert set(renumbering.current) <= today, change


def test_no_old_number_is_in_use_today():
    assert not {change.old_number for change in numbers.history()} & current_numbers()


def test_the_dates_of_each_row_agree():
    for change in numbers.history():
        assert change.valid_to == change.changed_on - datetime.timedelta(days=1)
        assert change.changed_on.month == change.changed_on.day == 1  # changes take effect 1 Jan
        assert change.valid_from is None or change.valid_from < change.valid_to


def test_a_new_number_of_a_later_change_was_made_by_an_earlier_one():
    """A chain: 2011 → 5430 (2020) → 5612 (2024); 5430 appears as new before it is old."""
    rows = numbers.history()
    made = {(change.new_number, change.changed_on) for change in rows}
    for change in rows:
        if change.valid_from is not None:
            assert (change.old_number, change.valid_from) in made, change


@pytest.mark.parametrize(
    ("old", "name", "changed", "current"),
    [
        ("1601", "Trondheim", 2018, ("5001",)),
        ("5430", "Guovdageaidnu - Kautokeino", 2024, ("5612",)),
        ("2011", "Guovdageaidnu - Kautokeino", 2020, ("5612",)),
        ("5414", "Gratangen", 2024, ("5516",)),
        ("1919", "Gratangen", 2020, ("5516",)),
        ("1567", "Rindal", 2019, ("5061",)),
        ("0722", "Nøtterøy", 2018, ("3911",)),
        ("3026", "Aurskog-Høland", 2024, ("3226",)),
        ("1507", "Ålesund", 2024, ("1508", "1580")),
        ("5012", "Snillfjord", 2020, ("5055", "5056", "5059")),
        ("1850", "Tysfjord - Divtasvuodna", 2020, ("1806", "1875")),
    ],
)
def test_well_known_changes(old, name, changed, current):
    renumbering = numbers.renumbering(old)
    assert (renumbering.name, renumbering.changed_on.year, renumbering.current) == (
        name,
        changed,
        current,
    )
    assert renumbering.is_split == (len(current) > 1)


def test_a_current_or_unknown_number_is_no_old_number():
    assert numbers.renumbering("5033") is None
    assert numbers.renumbering("9999") is None


def test_in_use_during_a_period():
    trondheim = numbers.renumbering("1601")  # in use until 31 December 2017
    assert trondheim.valid_during(2015, 2019)
    assert trondheim.valid_during(2017, 2017)
    assert not trondheim.valid_during(2018, 2019)
    kautokeino_2020 = numbers.renumbering("5430")  # 2020–2023
    assert kautokeino_2020.valid_during(2023, 2027)
    assert not kautokeino_2020.valid_during(2011, 2015)


def test_a_broken_history_file_is_refused(tmp_path):
    path = tmp_path / "number_history.csv"
    path.write_text(
        ",".join(numbers.COLUMNS) + "\n1601,Trondheim,,2017-12-30,5001,Trondheim,2018-01-01\n"
    )
    with pytest.raises(numbers.HistoryError, match="day before"):
        numbers.read_history(path)
    path.write_text("kommune,navn\n")
    with pytest.raises(numbers.HistoryError, match="columns"):
        numbers.read_history(path)


# Where a number is typed


@pytest.mark.django_db
def test_the_command_line_names_the_number_to_use():
    with translation.override("nb"), pytest.raises(CommandError) as error:
        municipality_or_error("1601")
    assert str(error.value) == (
        "1601 var kommunenummeret til Trondheim før 2018; bruk 5001 (Trondheim)."
    )


@pytest.mark.django_db
def test_the_command_line_lists_the_municipalities_of_a_divided_one():
    with translation.override("nn"), pytest.raises(CommandError) as error:
        municipality_or_error("1507")
    assert "1508 Ålesund, 1580 Haram" in str(error.value)
    assert "fleire kommunar" in str(error.value)


@pytest.mark.django_db
def test_an_old_number_in_use_in_the_period_is_taken_with_a_notice():
    notices: list[str] = []
    with translation.override("nb"):
        municipality = municipality_or_error("1601", years=(2015, 2019), notice=notices.append)
    assert municipality.number == "5001"
    assert notices == [
        "1601 (Trondheim) var i bruk til og med 2017; i dag er det 5001 Trondheim, som blir brukt."
    ]
    with pytest.raises(CommandError, match="bruk 5001"):
        municipality_or_error("1601", years=(2023, 2027))


@pytest.mark.django_db
def test_plantakt_takes_an_old_number_for_its_period():
    out, err = StringIO(), StringIO()
    call_command(
        "plantakt",
        "--kommune",
        "1601",
        "--periode",
        "2015-2019",
        "--sprak",
        "nb",
        stdout=out,
        stderr=err,
    )
    assert out.getvalue().startswith("Trondheim 2015–2019")
    assert "i dag er det 5001" in err.getvalue()


@pytest.mark.django_db
def test_organisation_command_names_the_number_to_use():
    with translation.override("nb"), pytest.raises(CommandError, match="bruk 5612"):
        call_command("organisation", "create-office", "Plankontoret", "--kommuner", "5033,2011")


def test_search_by_an_old_number_finds_the_municipality_of_today(client, db):
    response = client.get(reverse("municipalities:list"), {"q": "5414"}, HTTP_ACCEPT_LANGUAGE="nb")
    page = response.content.decode()
    assert "Gratangen" in page
    assert "5414 var kommunenummeret til Gratangen før 2024; bruk 5516" in page


def test_the_address_of_an_old_number_leads_to_the_municipality_of_today(client, db):
    response = client.get(reverse("municipalities:detail", args=["1919"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("municipalities:detail", args=["5516"])


def test_the_address_of_a_divided_municipality_lists_the_new_ones(client, db):
    response = client.get(
        reverse("municipalities:detail", args=["1507"]), HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert response.status_code == 404
    page = response.content.decode()
    assert reverse("municipalities:detail", args=["1508"]) in page
    assert reverse("municipalities:detail", args=["1580"]) in page


def test_every_page_of_an_old_number_leads_to_the_same_page_today(client, personas):
    client.force_login(personas.reader)
    response = client.get("/kommune/1665/planer/?side=2")  # 1665 Tydal until 2017

    assert response.status_code == 301
    assert response["Location"] == "/kommune/5033/planer/?side=2"
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/kommune/1507/planer/").status_code == 404  # divided: no single successor
    assert client.post("/kommune/1665/planer/ny/").status_code in (403, 404)  # only reads move
