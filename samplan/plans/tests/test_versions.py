"""Versions of one rolling plan: the grouping, as properties over generated titles."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samplan.plans.versions import Version, superseded, title_version, version_chains

STEMS = [
    "Handlingsprogram",
    "Handlings- og økonomiplan",
    "Økonomiplan",
    "Kommunal planstrategi",
    "Kommunedelplan for idrett og fysisk aktivitet",
    "Trafikksikkerhetsplan",
    "Folkehelseoversikt",
]
# Ways real lists write the years of one version.
YEAR_FORMS = [
    "{stem} {start}–{end}",
    "{stem} {start}-{end}",
    "{stem} {start} - {end}",
    "{stem} {start}-{short}",
    "{stem} for perioden {start}–{end}",
    "{stem} {start}–{end}, rullert {start}",
    "{stem} ({start}–{end})",
]


def titled(stem: str, start: int, form: str, length: int = 3) -> str:
    end = start + length
    return form.format(stem=stem, start=start, end=end, short=str(end)[2:])


@settings(deadline=None)
@given(
    stem=st.sampled_from(STEMS),
    starts=st.sets(st.integers(2005, 2030), min_size=2, max_size=9),
    forms=st.lists(st.sampled_from(YEAR_FORMS), min_size=9, max_size=9),
    seed=st.integers(0, 1000),
)
def test_successive_versions_form_one_chain_newest_last_in_any_order_and_any_form(
    stem, starts, forms, seed
):
    versions = [
        Version(key, titled(stem, start, forms[key]), "handlingsdel")
        for key, start in enumerate(sorted(starts))
    ]
    shuffled = versions[:]
    random.Random(seed).shuffle(shuffled)

    chains = version_chains(shuffled)

    assert chains == [versions]
    replaced = superseded(shuffled)
    assert set(replaced) == {version.key for version in versions[:-1]}
    assert all(
        replaced[older.key] == newer for older, newer in zip(versions, versions[1:], strict=False)
    )


@settings(deadline=None)
@given(
    stems=st.lists(st.sampled_from(STEMS), min_size=2, max_size=2, unique=True),
    start=st.integers(2005, 2030),
)
def test_different_plans_are_never_versions_of_each_other(stems, start):
    versions = [
        Version(key, titled(stem, start + key, YEAR_FORMS[0]), "temaplan")
        for key, stem in enumerate(stems)
    ]

    assert version_chains(versions) == []


@settings(deadline=None)
@given(stem=st.sampled_from(STEMS), count=st.integers(2, 5))
def test_titles_without_years_are_not_versions(stem, count):
    assert version_chains([Version(key, stem, "temaplan") for key in range(count)]) == []


@settings(deadline=None)
@given(starts=st.sets(st.integers(2010, 2030), min_size=2, max_size=6))
def test_the_same_title_of_another_kind_is_another_plan(starts):
    starts = sorted(starts)
    versions = [
        Version(key, titled("Plan for vann", start, YEAR_FORMS[0]), kind)
        for key, (start, kind) in enumerate(
            zip(starts, ["temaplan", "kommunedelplan"] * len(starts), strict=False)
        )
    ]

    assert all(len({version.kind for version in chain}) == 1 for chain in version_chains(versions))


def test_a_version_in_progress_replaces_nothing_yet():
    adopted = Version(1, "Handlingsprogram 2026–2029", "handlingsdel")
    draft = Version(2, "Handlingsprogram 2027–2030", "handlingsdel", in_progress=True)

    assert version_chains([draft, adopted]) == [[adopted, draft]]
    assert superseded([draft, adopted]) == {}


@pytest.mark.parametrize(
    ("title", "stem", "start", "end", "replaces"),
    [
        ("Handlingsprogram 2019–2022", "handlingsprogram", 2019, 2022, ""),
        ("Handlingsprogram for perioden 2021-24", "handlingsprogram", 2021, 2024, ""),
        ("Økonomiplan 2024-2027, rullert 2024", "økonomiplan", 2024, 2027, ""),
        ("Folkehelseoversikt 2023", "folkehelseoversikt", 2023, 2023, ""),
        ("Trafikksikkerhetsplan", "trafikksikkerhetsplan", None, None, ""),
        (
            "Handlingsprogram 2022–2025 (erstatter Handlingsprogram 2021–2024)",
            "handlingsprogram",
            2022,
            2025,
            "Handlingsprogram 2021–2024",
        ),
        ("Klimaplan 2023, erstattar Klimaplan 2010", "klimaplan", 2023, 2023, "Klimaplan 2010"),
    ],
)
def test_a_title_is_read_as_stem_years_and_the_plan_it_replaces(title, stem, start, end, replaces):
    read = title_version(title)

    assert (read.stem, read.start, read.end, read.replaces) == (stem, start, end, replaces)


@settings(deadline=None)
@given(
    stems=st.lists(
        st.sampled_from(["Handlingsprogram", "Økonomiplan", "Handlings- og økonomiplan"]),
        min_size=2,
        max_size=5,
    ),
    first=st.integers(2010, 2025),
)
def test_every_dated_handlingsdel_is_a_version_of_the_one_handlingsdel(stems, first):
    versions = [
        Version(key, titled(stem, first + key, YEAR_FORMS[0]), "handlingsdel")
        for key, stem in enumerate(stems)
    ]

    assert version_chains(versions[::-1]) == [versions]


def test_a_partial_revision_of_the_arealdel_does_not_replace_the_arealdel():
    whole = Version(1, "Kommuneplanens arealdel 2018–2030", "arealdel")
    part = Version(2, "Delrevisjon av arealdelen for sjøområdene 2022", "arealdel")

    assert superseded([whole, part]) == {}
