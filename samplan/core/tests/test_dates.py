"""One date parser for the plan import and the command line."""

from __future__ import annotations

import argparse
import datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from samplan.core.dates import (
    LONG,
    NUMERIC,
    SHORT,
    date_argument,
    parse_date,
    period_label,
    written_date,
)


@pytest.mark.parametrize(
    "text", ["19.10.2023", "2023-10-19", "19.10.23", "19/10/2023", " 19.10.2023 "]
)
def test_the_forms_of_the_import_are_read(text):
    assert parse_date(text) == datetime.date(2023, 10, 19)


@pytest.mark.parametrize("text", ["31.02.2023", "2023-13-01", "i går", "19.10", "", "01.01.1066"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "«31.02.2023» er ikke en dato; skriv den som 19.10.2023 eller 2023-10-19."),
        ("nn", "«31.02.2023» er ikkje ein dato; skriv han som 19.10.2023 eller 2023-10-19."),
    ],
)
def test_a_bad_date_on_the_command_line_is_explained_in_norwegian(language, expected):
    with translation.override(language), pytest.raises(argparse.ArgumentTypeError) as error:
        date_argument("31.02.2023")
    assert str(error.value) == expected


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 12, 3),
        datetime.date(2027, 1, 31),
        datetime.date(987, 5, 1),
        datetime.datetime(2026, 6, 9, 23, 30),
        None,
        "",
    ],
)
def test_written_date_is_the_date_filters(value, language):
    with translation.override(language):
        assert written_date(value) == date_filter(value, "j. F Y")
        for date_format in (NUMERIC, LONG, SHORT, "l j.n.Y"):
            assert written_date(value, date_format) == date_filter(value, date_format)


def test_an_election_period_is_written_from_its_first_year_to_the_next_election():
    assert period_label(2023) == "2023\u20132027"
    assert period_label(2027) == "2027\u20132031"


def test_the_templates_write_an_election_period_with_period_label():
    from django.template import engines

    template = engines["django"].from_string("{% load samplan %}{{ year|period_label }}")
    assert template.render({"year": 2023}) == period_label(2023)
