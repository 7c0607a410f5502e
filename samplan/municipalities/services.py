"""Writes for municipalities, organisations and memberships. Views, the CLI and tests call these."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samplan.core.audit import service

from .models import (
    GUIDING_KINDS,
    County,
    LanguageForm,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "kommuner.csv"
REFERENCE_COLUMNS = [
    "kommunenummer",
    "navn",
    "navn_samisk",
    "fylkesnummer",
    "fylke",
    "folketall",
    "folketall_aar",
    "areal_km2",
    "sentralitet",
    "maalform",
]


class ReferenceDataError(Exception):
    """The reference file is missing, unreadable or invalid. Nothing was written."""


@dataclass(frozen=True)
class LoadResult:
    counties: int
    created: int
    updated: int
    unchanged: int


def _parse_reference_rows(text: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    try:
        return _parse_csv_rows(text)
    except csv.Error as error:
        raise ReferenceDataError(f"the file is not valid CSV: {error}") from error


def _parse_csv_rows(text: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    # newline="" lets the csv module handle \r\n and \r line endings itself.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in REFERENCE_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceDataError(f"missing columns: {', '.join(missing)}")
    counties: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        number = (row["kommunenummer"] or "").strip()
        county = (row["fylkesnummer"] or "").strip()
        try:
            if len(number) != 4 or not (number.isascii() and number.isdigit()):
                raise ValueError(f"municipality number {number!r} is not four digits")
            if number in seen:
                raise ValueError(f"municipality number {number} appears twice")
            if len(county) != 2 or not number.startswith(county):
                raise ValueError(f"county number {county!r} does not match {number}")
            language_form = row["maalform"].strip()
            if language_form not in LanguageForm.values:
                raise ValueError(f"unknown language form {language_form!r}")
            centrality = int(row["sentralitet"])
            if not 1 <= centrality <= 6:
                raise ValueError(f"centrality {centrality} is not 1–6")
            year = int(row["folketall_aar"])
            if not 1900 <= year <= 2100:
                raise ValueError(f"population year {year} is not plausible")
            if not row["navn"].strip() or not row["fylke"].strip():
                raise ValueError("name or county name is empty")
            parsed = {
                "number": number,
                "name": row["navn"].strip(),
                "sami_name": (row["navn_samisk"] or "").strip(),
                "county_id": county,
                "population": int(row["folketall"]),
                "population_year": year,
                "area_km2": Decimal(row["areal_km2"]),
                "centrality": centrality,
                "language_form": language_form,
            }
            # The model's own limits (lengths, non-negative numbers, decimal digits), so that a
            # bad value is reported here instead of failing (or being truncated) in the database.
            Municipality(**parsed).clean_fields(exclude=["county"])
            County(number=county, name=row["fylke"].strip()).clean_fields()
        except (ValueError, TypeError, InvalidOperation, AttributeError) as error:
            errors.append(f"line {line}: {error}")
            continue
        except ValidationError as error:
            errors.append(f"line {line}: {'; '.join(error.messages)}")
            continue
        seen.add(number)
        counties[county] = row["fylke"].strip()
        rows.append(parsed)
    if errors:
        shown = "; ".join(errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise ReferenceDataError(f"{len(errors)} invalid rows: {shown}{more}")
    if not rows:
        raise ReferenceDataError("the file has no municipalities")
    return counties, rows


def municipalities_load(*, path: Path | None = None) -> LoadResult:
    """Load or update counties and municipalities from kommuner.csv. Idempotent.

    The whole file is validated before anything is written; a bad file changes nothing.
    """
    path = path or REFERENCE_FILE
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ReferenceDataError(f"reference file not found: {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ReferenceDataError(f"reference file could not be read: {path}: {error}") from error
    counties, rows = _parse_reference_rows(text)

    created = updated = unchanged = 0
    with transaction.atomic():
        for number, name in counties.items():
            County.objects.update_or_create(number=number, defaults={"name": name})
        existing = {m.number: m for m in Municipality.objects.all()}
        for row in rows:
            current = existing.get(row["number"])
            if current is None:
                Municipality.objects.create(**row)
                created += 1
                continue
            changed = False
            if current.population_year > row["population_year"]:
                # The statistics gave a newer figure (samplan stats): the file's is older.
                row = {**row, "population": current.population}
                row["population_year"] = current.population_year
            for field, value in row.items():
                if getattr(current, field) != value:
                    setattr(current, field, value)
                    changed = True
            if changed:
                current.save()
                updated += 1
            else:
                unchanged += 1
    from .selectors import clear_language_cache

    clear_language_cache()
    return LoadResult(len(counties), created, updated, unchanged)


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a")) or "org"
    slug, counter = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@service
def workspace_get_or_create(
    *, municipality: Municipality, is_example: bool = False, user: object | None = None
) -> Organisation:
    """The municipality's own organisation (its workspace), created if it does not exist yet."""
    try:
        return municipality.workspace
    except Organisation.DoesNotExist:
        pass
    organisation = Organisation(
        name=_("%(name)s municipality") % {"name": municipality.name},
        slug=_unique_slug(f"{municipality.name} kommune"),
        kind=OrganisationKind.MUNICIPALITY,
        municipality=municipality,
        is_example=is_example,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def _check_network(kind: str, county: County | None, municipalities: list[Municipality]) -> None:
    if kind == OrganisationKind.MUNICIPALITY:
        raise ValidationError(_("A municipality's own organisation has no network."))
    if kind == OrganisationKind.COUNTY_GOVERNOR and municipalities:
        raise ValidationError(
            _("The municipalities invite the county governor themselves (on their dashboard).")
        )
    if kind == OrganisationKind.COUNTY_MUNICIPALITY:
        outside = [m for m in municipalities if county is None or m.county_id != county.number]
        if outside:
            raise ValidationError(
                _("These municipalities are not in the county: %(names)s")
                % {"names": ", ".join(m.name for m in outside)}
            )


@service
def organisation_create(
    *,
    name: str,
    kind: str,
    county: County | None = None,
    municipalities: list[Municipality] | None = None,
    is_example: bool = False,
    user: object | None = None,
) -> Organisation:
    """Create a county municipality or an intercommunal office (validated before writing)."""
    if kind == OrganisationKind.MUNICIPALITY:
        raise ValidationError("Use workspace_get_or_create for a municipality's own organisation")
    _check_network(kind, county, municipalities or [])
    organisation = Organisation(
        name=name, slug=_unique_slug(name), kind=kind, county=county, is_example=is_example
    )
    organisation.full_clean()
    organisation.save()
    if municipalities:
        organisation.municipalities.set(municipalities)
    return organisation


@service
def workspace_set_contact(
    *, workspace: Organisation, postal_address: str, email: str, user: object | None = None
) -> None:
    """Set where the public sends statements (audited: the organisation's history)."""
    if workspace.kind != OrganisationKind.MUNICIPALITY:
        raise ValidationError(_("Only a municipality's workspace has a public address."))
    workspace.postal_address = postal_address.strip()
    workspace.email = email.strip()
    workspace.full_clean()
    workspace.save()


@service
def organisation_set_municipalities(
    *, organisation: Organisation, municipalities: list[Municipality], user: object | None = None
) -> None:
    """Replace the network (county) or the served municipalities (intercommunal office)."""
    _check_network(organisation.kind, organisation.county, municipalities)
    organisation.municipalities.set(municipalities)
    # Record the change in the organisation's own history as well.
    organisation.save()


def _check_role_fits(organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    if organisation.kind in GUIDING_KINDS and role in (Role.EDITOR,):
        raise ValidationError(
            _("A county municipality has administrators, advisers and readers, not editors.")
        )


@service
def membership_add(
    *, organisation: Organisation, email: str, role: str, name: str = "", user: object | None = None
) -> tuple[Membership, bool]:
    """Give a person a role in an organisation, creating their user if needed.

    Returns the membership and whether a new user was created (who then needs a password-set
    e-mail, see `samplan.accounts.services.send_password_setup`).
    """
    _check_role_fits(organisation, role)
    email = (email or "").strip().lower()
    User = get_user_model()
    try:
        if not email:
            raise ValidationError("empty")
        User._meta.get_field("email").run_validators(email)
    except ValidationError as error:
        raise ValidationError(_("Enter a valid e-mail address.")) from error
    user = User.objects.filter(email__iexact=email).first()
    created_user = user is None
    if user is None:
        user = User.objects.create_user(email=email, password=None, name=name.strip())
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("%(email)s is already a member.") % {"email": email})
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return membership, created_user


def _would_remove_last_admin(membership: Membership) -> bool:
    return (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@service
def membership_change_role(
    *, membership: Membership, role: str, user: object | None = None
) -> Membership:
    """Change a member's role. The last administrator cannot be demoted."""
    _check_role_fits(membership.organisation, role)
    if role != Role.ADMIN and _would_remove_last_admin(membership):
        raise ValidationError(_("The organisation must keep at least one administrator."))
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@service
def membership_remove(*, membership: Membership, user: object | None = None) -> None:
    """Remove a member. The last administrator cannot be removed."""
    if _would_remove_last_admin(membership):
        raise ValidationError(_("The organisation must keep at least one administrator."))
    membership.delete()
