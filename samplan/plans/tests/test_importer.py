"""Validating register rows: real-world cells, per-row errors in the user's language."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samplan.plans import catalogue
from samplan.plans.importer import parse_date_or_year, validate_rows
from samplan.plans.tabular import RawRow

TODAY = datetime.date(2026, 11, 22)


def row(number: int = 2, **cells) -> RawRow:
    base = {"tittel": "Trafikksikkerhetsplan", "plantype": "TP"}
    base.update(cells)
    return RawRow(number, base)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("KP", "samfunnsdel"),
        ("kd", "kommunedelplan"),
        ("TP", "temaplan"),
        ("F", "temaplan"),
        ("HP", "handlingsplan"),
        ("R", "regional"),
        ("Kommuneplanens arealdel", "arealdel"),
        ("  temaplan/fagplan ", "temaplan"),
        ("Folkehelseoversikt", "oversikt"),
        ("reguleringsplan", None),
        ("", None),
    ],
)
def test_plan_types_are_read_from_names_and_abbreviations(text, key):
    assert catalogue.plan_type_from_text(text) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", (2019, None)),
        ("12.06.2019", (2019, datetime.date(2019, 6, 12))),
        ("2019-06-12", (2019, datetime.date(2019, 6, 12))),
        ("", (None, None)),
    ],
)
def test_dates_may_be_full_dates_or_just_a_year(text, expected):
    assert parse_date_or_year(text) == expected


@pytest.mark.parametrize("text", ["31.02.2019", "2019-13-01", "in 2019", "1066", "19"])
def test_impossible_dates_are_rejected(text):
    with pytest.raises(ValueError):
        parse_date_or_year(text)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Ja", True), ("ja", True), ("x", True), ("X", True), ("", False), ("nei", False)],
)
def test_yes_no_cells_accept_what_real_tables_contain(cell, expected):
    rows, errors = validate_rows([row(i_okonomiplan=cell)], today=TODAY)
    assert errors == []
    assert rows[0].in_financial_plan is expected


def test_a_good_row_is_read_completely():
    rows, errors = validate_rows(
        [
            row(
                id="P-7",
                vedtatt="12.06.2019",
                vedtatt_av="kommunestyret",
                revisjonsintervall_aar="4",
                neste_revisjon="2024",
                ansvarlig_enhet="Teknisk",
                ansvarlig_person="Kari",
                sider="22",
                lenke="https://example.no/tsp.pdf",
                tema="trafikk; skole",
                baerekraftsmaal="3;11",
                status="Gjeldende",
                overordnet_plan="Kommuneplanens samfunnsdel",
            )
        ],
        today=TODAY,
    )
    assert errors == []
    plan = rows[0]
    assert (plan.external_id, plan.plan_type, plan.status) == ("P-7", "temaplan", "gjeldende")
    assert plan.adopted_date == datetime.date(2019, 6, 12)
    assert plan.next_revision_override == datetime.date(2024, 1, 1)
    assert plan.themes == ["trafikk", "skole"]
    assert plan.sdgs == [3, 11]
    assert plan.pages == 22
    assert plan.parent_title == "Kommuneplanens samfunnsdel"


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"tittel": ""}, "tittel"),
        ({"plantype": "reguleringsplan"}, "plantype"),
        ({"status": "kanskje"}, "status"),
        ({"vedtatt": "2031"}, "vedtatt"),
        ({"vedtatt": "32.01.2020"}, "vedtatt"),
        ({"vedtatt": "2020", "neste_revisjon": "2018"}, "neste_revisjon"),
        ({"revisjonsintervall_aar": "fire"}, "revisjonsintervall_aar"),
        ({"sider": "-3"}, "sider"),
        ({"lenke": "javascript:alert(1)"}, "lenke"),
        ({"baerekraftsmaal": "3;18"}, "baerekraftsmaal"),
        ({"i_okonomiplan": "kanskje"}, "i_okonomiplan"),
    ],
)
def test_each_bad_cell_gives_an_error_with_row_and_column(cells, column):
    rows, errors = validate_rows([row(number=7, **cells)], today=TODAY)
    assert rows == []
    assert [(error.row, error.column) for error in errors] == [(7, column)]


def test_duplicate_rows_are_reported_with_the_other_row_number():
    rows, errors = validate_rows([row(2), row(3)], today=TODAY)
    assert [(e.row, e.column) for e in errors] == [(3, "tittel")]
    assert "2" in errors[0].message
    rows, errors = validate_rows([row(2, id="A"), row(3, id="A", tittel="Annen")], today=TODAY)
    assert [(e.row, e.column) for e in errors] == [(3, "id")]


def test_error_messages_are_norwegian_in_nb_and_nn():
    with translation.override("nb"):
        _rows, errors = validate_rows([row(tittel="")], today=TODAY)
        assert errors[0].message == "Tittelen mangler."
    with translation.override("nn"):
        _rows, errors = validate_rows([row(tittel="")], today=TODAY)
        assert errors[0].message == "Tittelen manglar."


@settings(deadline=None)  # parallel runs on a busy machine are slow
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "tittel",
                "plantype",
                "status",
                "vedtatt",
                "neste_revisjon",
                "sider",
                "lenke",
                "tema",
                "baerekraftsmaal",
                "i_okonomiplan",
                "revisjonsintervall_aar",
            ]
        ),
        st.text(max_size=40),
    )
)
def test_validation_never_crashes_and_every_row_is_either_valid_or_reported(cells):
    rows, errors = validate_rows([RawRow(2, cells)], today=TODAY)
    assert (len(rows) == 1) != bool(errors)


def test_a_superscript_digit_as_sdg_is_reported_not_a_crash():
    _rows, errors = validate_rows([row(baerekraftsmaal="¹")], today=TODAY)
    assert [error.column for error in errors] == ["baerekraftsmaal"]


# Kinds from the title, status words, dates with text (issue 13) ------------------------------


@pytest.mark.parametrize(
    ("code", "title", "kind", "warned"),
    [
        ("KP", "Kommuneplanens arealdel 2018 - 2030", "arealdel", True),
        ("KP", "Kommuneplanens samfunnsdel 2020–2032", "samfunnsdel", False),
        ("KP", "Handlingsprogram 2024–2027", "handlingsdel", True),
        ("KP", "Budsjett 2026 og økonomiplan 2026–2029", "handlingsdel", True),
        ("KD", "Kommunedelplan for Vikbygd sentrum", "kommunedelplan_areal", True),
        ("KD", "Kommunedelplan for idrett og fysisk aktivitet", "kommunedelplan", False),
        ("TP", "Kommunedelplan for kulturminner", "kommunedelplan", True),
        ("TP", "Kulturminneplan", "temaplan", False),
        ("HP", "Handlingsplan for trafikksikkerhet", "handlingsplan", False),
        ("", "Trafikksikkerhetsplan 2022–2025", "temaplan", True),
        ("XY", "Folkehelseoversikt 2023", "oversikt", True),
        ("KP", "Kommuneplan for Vikbygd 2015–2027", "samfunnsdel", True),
    ],
)
def test_the_kind_comes_from_the_title_where_it_is_clear(code, title, kind, warned):
    with translation.override("nb"):
        rows, errors = validate_rows([row(plantype=code, tittel=title)], today=TODAY)
    assert errors == []
    assert rows[0].plan_type == kind
    assert bool([w for w in rows[0].warnings if w.column == "plantype"]) is warned


def test_a_kind_chosen_in_the_preview_wins_without_a_warning():
    rows, _errors = validate_rows(
        [row(plantype="KP", tittel="Kommuneplanens arealdel 2018")],
        today=TODAY,
        kinds={2: "samfunnsdel"},
    )
    assert rows[0].plan_type == "samfunnsdel"
    assert rows[0].warnings == []


def test_an_unknown_type_or_status_lists_the_valid_values_with_their_names():
    with translation.override("nb"):
        _rows, errors = validate_rows(
            [row(plantype="XY", tittel="Diverse"), row(3, status="foo", tittel="Annet")],
            today=TODAY,
        )
    messages = {error.column: error.message for error in errors}
    assert messages["plantype"].startswith(
        "Ukjent plantype «XY». Gyldige: PS (Kommunal planstrategi)"
    )
    assert "KPA (Kommuneplanens arealdel)" in messages["plantype"]
    assert messages["status"] == (
        "Ukjent status «foo». Gyldige: i arbeid, gjeldende, under revisjon, utgått, opphevet."
    )
    with translation.override("nn"):
        _rows, errors = validate_rows([row(status="foo")], today=TODAY)
    assert errors[0].message.startswith("Ukjend status «foo». Gyldige: i arbeid, gjeldande")


def test_a_zoning_plan_is_refused_with_where_it_belongs():
    with translation.override("nb"):
        _rows, errors = validate_rows(
            [row(plantype="TP", tittel="Detaljregulering for Nygård")], today=TODAY
        )
    assert [error.column for error in errors] == ["plantype"]
    assert "§ 2-2" in errors[0].message


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("vedtatt", "gjeldende"),
        ("Gyldig", "gjeldende"),
        ("under arbeid", "i_arbeid"),
        ("Under rullering", "under_revisjon"),
        ("utløpt", "utgaatt"),
        ("erstattet", "utgaatt"),
        ("opphevd", "opphevet"),
    ],
)
def test_common_status_words_map_to_a_status_with_a_warning(word, status):
    with translation.override("nb"):
        rows, errors = validate_rows([row(status=word)], today=TODAY)
    assert errors == []
    assert rows[0].status == status
    assert [w.column for w in rows[0].warnings] == ["status"]
    assert f"«{word}»" in rows[0].warnings[0].message


@pytest.mark.parametrize(
    ("cell", "year", "date", "note"),
    [
        ("29.03.2013, K-sak 18/12", 2013, datetime.date(2013, 3, 29), "K-sak 18/12"),
        ("2013 (KS-sak 12/13)", 2013, None, "KS-sak 12/13"),
        ("vedtatt 12.06.2019 i kommunestyret", 2019, datetime.date(2019, 6, 12), "i kommunestyret"),
        ("12.06.2019", 2019, datetime.date(2019, 6, 12), ""),
    ],
)
def test_a_date_with_trailing_text_keeps_the_date_and_the_text_as_a_note(cell, year, date, note):
    rows, errors = validate_rows([row(vedtatt=cell)], today=TODAY)
    assert errors == []
    assert (rows[0].adopted_year, rows[0].adopted_date, rows[0].note) == (year, date, note)
    assert bool(rows[0].warnings) is bool(note)


def test_older_versions_in_a_file_are_expired_and_linked_to_the_newer():
    rows, errors = validate_rows(
        [
            row(2, tittel="Handlingsprogram 2019–2022", plantype="KP"),
            row(3, tittel="Handlingsprogram 2021–2024", plantype="KP"),
            row(4, tittel="Handlingsprogram 2020–2023", plantype="KP"),
            row(5, tittel="Handlingsprogram 2022–2025", plantype="KP", status="under arbeid"),
        ],
        today=TODAY,
    )
    assert errors == []
    by_title = {r.title: r for r in rows}
    assert [by_title[f"Handlingsprogram {y}–{y + 3}"].status for y in (2019, 2020, 2021, 2022)] == [
        "utgaatt",
        "utgaatt",
        "gjeldende",
        "i_arbeid",
    ]
    assert by_title["Handlingsprogram 2021–2024"].replaces_title == "Handlingsprogram 2020–2023"
    assert by_title["Handlingsprogram 2022–2025"].replaces_title == ""
