"""Services: loading the reference data, organisations and memberships."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from samplan.municipalities.models import (
    County,
    Membership,
    Municipality,
    OrganisationKind,
    Role,
)
from samplan.municipalities.services import (
    REFERENCE_COLUMNS,
    REFERENCE_FILE,
    ReferenceDataError,
    _parse_reference_rows,
    membership_add,
    membership_change_role,
    membership_remove,
    municipalities_load,
    organisation_create,
    organisation_set_municipalities,
    workspace_get_or_create,
)
from samplan.municipalities.testing import make_member, make_user

HEADER = ",".join(REFERENCE_COLUMNS)


@pytest.fixture(autouse=True)
def _english():
    """Service messages are translated; match them in English."""
    with translation.override("en"):
        yield


def reference_fingerprint() -> list[tuple]:
    """Every stored value of the reference data, to prove a failed load changed nothing."""
    return [
        *County.objects.order_by("number").values_list(),
        *Municipality.objects.order_by("number").values_list(),
    ]


def reference_rows() -> list[dict[str, str]]:
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def write_rows(
    path: Path, rows: list[dict[str, str]], columns: list[str] = REFERENCE_COLUMNS
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# Reference data ------------------------------------------------------------------------------


def test_reference_data_has_357_municipalities_and_15_counties(db):
    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15


def test_tydal_has_its_reference_facts(db):
    tydal = Municipality.objects.select_related("county").get(number="5033")

    assert (tydal.name, tydal.population, tydal.population_year) == ("Tydal", 786, 2025)
    assert tydal.county_id == "50"
    assert tydal.county.name == "Trøndelag"
    assert tydal.area_km2 == Decimal("1328.64")


def test_loading_the_reference_data_again_changes_nothing(db):
    before = reference_fingerprint()

    result = municipalities_load()

    assert (result.created, result.updated, result.unchanged) == (0, 0, 357)
    assert result.counties == 15
    assert reference_fingerprint() == before


def test_loading_a_changed_file_updates_only_the_changed_row(db, tmp_path):
    rows = reference_rows()
    for row in rows:
        if row["kommunenummer"] == "5033":
            row["folketall"] = "800"

    result = municipalities_load(path=write_rows(tmp_path / "k.csv", rows))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 356)
    assert Municipality.objects.get(number="5033").population == 800


def test_loading_creates_municipalities_into_an_empty_database(db, tmp_path):
    Municipality.objects.all().delete()
    County.objects.all().delete()

    result = municipalities_load()

    assert (result.created, result.updated, result.unchanged) == (357, 0, 0)
    assert Municipality.objects.count() == 357


def test_load_rejects_a_missing_file_and_changes_nothing(db, tmp_path):
    before = reference_fingerprint()

    with pytest.raises(ReferenceDataError, match="not found"):
        municipalities_load(path=tmp_path / "missing.csv")

    assert reference_fingerprint() == before


def test_load_rejects_a_file_with_a_missing_column_and_changes_nothing(db, tmp_path):
    rows = reference_rows()
    for row in rows:
        row["folketall"] = "1"
    columns = [column for column in REFERENCE_COLUMNS if column != "maalform"]
    before = reference_fingerprint()

    with pytest.raises(ReferenceDataError, match="maalform"):
        municipalities_load(path=write_rows(tmp_path / "k.csv", rows, columns))

    assert reference_fingerprint() == before


def test_load_rejects_file_when_one_row_is_invalid_and_applies_no_valid_change(db, tmp_path):
    rows = reference_rows()
    for row in rows:
        if row["kommunenummer"] == "5033":
            row["folketall"] = "999"
    rows.append({**rows[0], "kommunenummer": "9901", "fylkesnummer": "99", "sentralitet": "9"})
    before = reference_fingerprint()

    with pytest.raises(ReferenceDataError, match="line 359"):
        municipalities_load(path=write_rows(tmp_path / "k.csv", rows))

    assert reference_fingerprint() == before
    assert Municipality.objects.get(number="5033").population == 786
    assert not Municipality.objects.filter(number="9901").exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("kommunenummer", "503"),
        ("kommunenummer", "50x3"),
        ("fylkesnummer", "46"),
        ("maalform", "latin"),
        ("sentralitet", "0"),
        ("sentralitet", "seks"),
        ("folketall", "mange"),
        ("folketall", "-5"),
        ("folketall_aar", "99999"),
        ("areal_km2", "NaN"),
        ("areal_km2", "12345678901"),
        ("navn", ""),
        ("navn", "x" * 101),
        ("fylke", ""),
    ],
)
def test_load_rejects_an_invalid_value_and_changes_nothing(db, tmp_path, column, value):
    rows = reference_rows()
    for row in rows:
        if row["kommunenummer"] == "5033":
            row[column] = value
    before = reference_fingerprint()

    with pytest.raises(ReferenceDataError):
        municipalities_load(path=write_rows(tmp_path / "k.csv", rows))

    assert reference_fingerprint() == before


def test_load_rejects_a_duplicate_municipality_number(db, tmp_path):
    rows = reference_rows()
    rows.append(dict(rows[0]))
    before = reference_fingerprint()

    with pytest.raises(ReferenceDataError, match="twice"):
        municipalities_load(path=write_rows(tmp_path / "k.csv", rows))

    assert reference_fingerprint() == before


def test_load_rejects_a_file_that_is_not_utf8_and_changes_nothing(db, tmp_path):
    path = tmp_path / "latin1.csv"
    text = REFERENCE_FILE.read_text(encoding="utf-8").replace(",786,", ",1,")
    path.write_bytes(text.encode("latin-1", errors="replace"))
    before = reference_fingerprint()

    with pytest.raises(ReferenceDataError, match="could not be read"):
        municipalities_load(path=path)

    assert reference_fingerprint() == before


def test_load_rejects_a_file_with_only_a_header(db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(HEADER + "\n", encoding="utf-8")

    with pytest.raises(ReferenceDataError, match="no municipalities"):
        municipalities_load(path=path)


field_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["5033", "50", "Tydal", "bokmål", "nynorsk", "6", "0", "-1", "1e9", "NaN", ""]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(field_text, min_size=10, max_size=10), min_size=1, max_size=4))
def test_parser_either_rejects_rows_or_returns_rows_that_pass_model_validation(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REFERENCE_COLUMNS)
    writer.writerows(rows)

    try:
        counties, parsed = _parse_reference_rows(buffer.getvalue())
    except ReferenceDataError:
        return
    for number, name in counties.items():
        County(number=number, name=name).full_clean(validate_unique=False)
    for row in parsed:
        Municipality(**row).clean_fields(exclude=["county"])


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(garbage=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_load_rejects_random_garbage_without_writing(tmp_path, garbage):
    path = tmp_path / "garbage.csv"
    path.write_bytes(HEADER.encode() + b"\n" + garbage)
    before = Municipality.objects.get(number="5033").population, Municipality.objects.count()

    with pytest.raises(ReferenceDataError):
        municipalities_load(path=path)

    assert (
        Municipality.objects.get(number="5033").population,
        Municipality.objects.count(),
    ) == before


@pytest.mark.django_db
@settings(max_examples=100, deadline=None)
@given(query=st.text(max_size=100))
@example(query="\x00")
@example(query="50\x0033")
@example(query="%_\\")
def test_search_never_fails_for_any_text(query):
    results = list(Municipality.objects.search(query).values_list("number", flat=True))

    assert len(results) <= 357


def test_search_finds_by_name_number_sami_name_and_county(db):
    def numbers(query: str) -> set[str]:
        return set(Municipality.objects.search(query).values_list("number", flat=True))

    assert numbers("tyd") == {"5033"}
    assert numbers("5033") == {"5033"}
    assert "5033" in numbers("50")
    assert numbers("Snåase") == {"5041"}
    trondelag = numbers("Trøndelag")
    assert "5033" in trondelag
    assert trondelag == set(
        Municipality.objects.filter(county_id="50").values_list("number", flat=True)
    )
    assert numbers("   ") == set(Municipality.objects.values_list("number", flat=True))


# Organisations -------------------------------------------------------------------------------


def test_workspace_is_created_once_per_municipality(db):
    tydal = Municipality.objects.get(number="5033")

    first = workspace_get_or_create(municipality=tydal)
    second = workspace_get_or_create(municipality=tydal)

    assert first == second
    assert first.kind == OrganisationKind.MUNICIPALITY
    assert first.slug == "tydal-kommune"


def test_set_municipalities_refuses_a_municipality_outside_the_county(personas):
    utsira = personas.other_municipality
    holtaalen = Municipality.objects.get(number="5026")

    with pytest.raises(ValidationError, match="Utsira"):
        organisation_set_municipalities(
            organisation=personas.county_org, municipalities=[holtaalen, utsira]
        )

    assert list(personas.county_org.municipalities.all()) == [personas.municipality]


def test_set_municipalities_replaces_the_county_network(personas):
    holtaalen = Municipality.objects.get(number="5026")

    organisation_set_municipalities(organisation=personas.county_org, municipalities=[holtaalen])

    assert list(personas.county_org.municipalities.all()) == [holtaalen]


def test_set_municipalities_refuses_a_municipality_workspace(personas):
    with pytest.raises(ValidationError):
        organisation_set_municipalities(
            organisation=personas.workspace, municipalities=[personas.municipality]
        )

    assert not personas.workspace.municipalities.exists()


def test_intercommunal_office_may_serve_municipalities_in_several_counties(db):
    office = organisation_create(name="Kontor", kind=OrganisationKind.INTERCOMMUNAL)
    chosen = list(Municipality.objects.filter(number__in=["5033", "1151"]))

    organisation_set_municipalities(organisation=office, municipalities=chosen)

    assert set(office.municipalities.values_list("number", flat=True)) == {"5033", "1151"}


def test_organisation_create_refuses_a_municipality_kind(db):
    with pytest.raises(ValidationError):
        organisation_create(name="Tydal", kind=OrganisationKind.MUNICIPALITY)


def test_organisation_create_refuses_a_county_municipality_without_county(db):
    with pytest.raises(ValidationError):
        organisation_create(name="Uten fylke", kind=OrganisationKind.COUNTY_MUNICIPALITY)


def test_organisation_slugs_stay_unique(db):
    first = organisation_create(name="Kontor Ås", kind=OrganisationKind.INTERCOMMUNAL)
    second = organisation_create(name="Kontor Ås", kind=OrganisationKind.INTERCOMMUNAL)

    assert (first.slug, second.slug) == ("kontor-as", "kontor-as-2")


# Memberships ---------------------------------------------------------------------------------


def test_membership_add_creates_a_user_without_a_usable_password(personas):
    membership, created = membership_add(
        organisation=personas.workspace,
        email=" Ny.Person@Tydal.TEST ",
        role=Role.EDITOR,
        name=" Ny Person ",
    )

    assert created is True
    assert membership.role == Role.EDITOR
    user = membership.user
    assert (user.email, user.name) == ("ny.person@tydal.test", "Ny Person")
    assert not user.has_usable_password()


def test_membership_add_reuses_an_existing_user(personas):
    users_before = get_user_model().objects.count()

    membership, created = membership_add(
        organisation=personas.workspace, email="ADMIN@utsira.test", role=Role.READER
    )

    assert created is False
    assert membership.user == personas.outsider_admin
    assert get_user_model().objects.count() == users_before


def test_membership_add_refuses_a_duplicate(personas):
    before = Membership.objects.count()

    with pytest.raises(ValidationError, match="already a member"):
        membership_add(organisation=personas.workspace, email="Editor@Tydal.test", role=Role.ADMIN)

    assert Membership.objects.count() == before
    assert Membership.objects.get(user=personas.editor).role == Role.EDITOR


@pytest.mark.parametrize("email", ["", "not-an-address", "a@", "@tydal.test", "a b@tydal.test"])
def test_membership_add_refuses_an_invalid_email_and_creates_no_user(personas, email):
    users_before = get_user_model().objects.count()

    with pytest.raises(ValidationError):
        membership_add(organisation=personas.workspace, email=email, role=Role.READER)

    assert get_user_model().objects.count() == users_before


def test_membership_add_refuses_an_unknown_role(personas):
    with pytest.raises(ValidationError):
        membership_add(organisation=personas.workspace, email="x@tydal.test", role="owner")

    assert not get_user_model().objects.filter(email="x@tydal.test").exists()


def test_membership_add_refuses_an_editor_in_a_county_municipality(personas):
    with pytest.raises(ValidationError):
        membership_add(organisation=personas.county_org, email="x@trondelag.test", role=Role.EDITOR)

    assert not get_user_model().objects.filter(email="x@trondelag.test").exists()


def test_membership_change_role_refuses_to_demote_the_last_admin(personas):
    membership = Membership.objects.get(user=personas.admin)

    with pytest.raises(ValidationError, match="at least one administrator"):
        membership_change_role(membership=membership, role=Role.EDITOR)

    assert Membership.objects.get(user=personas.admin).role == Role.ADMIN


def test_membership_change_role_demotes_an_admin_when_another_remains(personas):
    make_member(personas.workspace, "admin2@tydal.test", Role.ADMIN)
    membership = Membership.objects.get(user=personas.admin)

    membership_change_role(membership=membership, role=Role.READER)

    assert Membership.objects.get(user=personas.admin).role == Role.READER


def test_membership_change_role_promotes_a_reader(personas):
    membership = Membership.objects.get(user=personas.reader)

    membership_change_role(membership=membership, role=Role.ADMIN)

    assert Membership.objects.get(user=personas.reader).role == Role.ADMIN


def test_membership_remove_refuses_to_remove_the_last_admin(personas):
    membership = Membership.objects.get(user=personas.admin)

    with pytest.raises(ValidationError, match="at least one administrator"):
        membership_remove(membership=membership)

    assert Membership.objects.filter(user=personas.admin).exists()


def test_membership_remove_removes_a_member_but_keeps_the_user(personas):
    membership_remove(membership=Membership.objects.get(user=personas.editor))

    assert not Membership.objects.filter(user=personas.editor).exists()
    assert get_user_model().objects.filter(pk=personas.editor.pk).exists()


def test_last_admin_rule_counts_admins_per_organisation(personas):
    """An admin elsewhere does not count: Utsira's admin cannot stand in for Tydal's."""
    other = make_user("admin@elsewhere.test")
    Membership.objects.create(user=other, organisation=personas.other_workspace, role=Role.ADMIN)

    with pytest.raises(ValidationError):
        membership_remove(membership=Membership.objects.get(user=personas.admin))


def test_reloading_the_reference_file_keeps_a_newer_population_from_the_statistics(db):
    Municipality.objects.filter(number="5033").update(population=773, population_year=2026)
    municipalities_load()
    tydal = Municipality.objects.get(number="5033")
    assert (tydal.population, tydal.population_year) == (773, 2026)
    Municipality.objects.filter(number="5033").update(population=700, population_year=2020)
    municipalities_load()
    assert Municipality.objects.get(number="5033").population == 786
