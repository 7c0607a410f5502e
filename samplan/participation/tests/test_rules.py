"""The legal minimum periods and the file checks (pure)."""

from __future__ import annotations

import datetime

import pytest

from samplan.participation import rules

OPENS = datetime.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("kind", "subject", "days", "refused"),
    [
        ("horing", "planprogram", 41, True),
        ("horing", "planprogram", 42, False),
        ("offentlig_ettersyn", "kommuneplan", 41, True),
        ("offentlig_ettersyn", "planstrategi", 29, True),
        ("offentlig_ettersyn", "planstrategi", 30, False),
        ("innspillsrunde", "planprogram", 7, False),
        ("horing", "annet", 7, False),
    ],
)
def test_the_legal_minimum_period_is_checked(kind, subject, days, refused):
    error = rules.period_error(kind, subject, OPENS, OPENS + datetime.timedelta(days=days))
    assert bool(error) is refused
    if refused:
        basis = rules.MINIMUM_DAYS[subject][1]
        assert basis in error


def test_a_consultation_that_closes_before_it_opens_is_refused():
    assert rules.period_error("innspillsrunde", "annet", OPENS, OPENS)


@pytest.mark.parametrize(
    ("name", "head", "ok"),
    [
        ("innspill.pdf", b"%PDF-1.7\n", True),
        ("kart.png", b"\x89PNG\r\n\x1a\n\0\0", True),
        ("bilde.JPG", b"\xff\xd8\xff\xe0", True),
        ("bilde.webp", b"RIFF\0\0\0\0WEBPVP8 ", True),
        ("innspill.pdf", b"MZ\x90\0", False),  # a program called .pdf
        ("bilde.png", b"%PDF-1.4", False),  # a PDF called .png
        ("notat.docx", b"PK\x03\x04", False),
    ],
)
def test_a_file_is_recognised_by_its_content_not_its_name(name, head, ok):
    error, media_type = rules.file_error(name, head, 1000, 10_000_000)
    assert (error == "") is ok
    assert bool(media_type) is ok


def test_a_file_over_the_size_limit_is_refused():
    error, _media = rules.file_error("a.pdf", b"%PDF-", 10_000_001, 10_000_000)
    assert "10 MB" in error
