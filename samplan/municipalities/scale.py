"""Synthetic workspaces for scale tests and benchmarks (`samplan seed-scale`).

Every municipality gets a workspace marked as example data (so every page says "Eksempeldata"),
an editor and a reader, and whatever each module's `scale_data` hook adds (plans with decisions
and history, a planning strategy, calendar items, …). Each county gets a county municipality with
an adviser following all its seeded municipalities, and a national organisation follows them
all. Deterministic: the same seed and count give
the same data. Users log in with SCALE_PASSWORD.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from samplan.core import freshness
from samplan.core.modules import modules

from .example import in_municipality_language
from .models import Membership, Municipality, Organisation, OrganisationKind, Role
from .services import organisation_create, workspace_get_or_create

SCALE_PASSWORD = "syntetisk-passord"
SCALE_DOMAIN = "syntetisk.example"
# A national organisation following every seeded municipality (its adviser's status board is
# the largest one the benchmark measures).
NATIONAL_NAME = "Distriktssenteret (syntetisk)"


@dataclass
class ScaleResult:
    municipalities: int = 0
    skipped: int = 0
    rows: int = 0


def _user(email: str, name: str, password_hash: str) -> object:
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, name=name, password=password_hash)
        user.save()
    return user


def _is_seeded(municipality: Municipality) -> bool:
    return Membership.objects.filter(
        organisation__municipality=municipality, user__email__endswith=f"@{SCALE_DOMAIN}"
    ).exists()


@transaction.atomic
@in_municipality_language
def seed_municipality(municipality: Municipality, seed: int, password_hash: str) -> int:
    """One synthetic workspace, all or nothing. Returns the number of rows the modules wrote."""
    workspace = workspace_get_or_create(municipality=municipality, is_example=True)
    if not workspace.is_example:
        workspace.is_example = True
        workspace.save()
    for role, prefix in ((Role.EDITOR, "planlegger"), (Role.READER, "politiker")):
        user = _user(
            f"{prefix}-{municipality.number}@{SCALE_DOMAIN}",
            f"Syntetisk {prefix} {municipality.name}",
            password_hash,
        )
        Membership.objects.get_or_create(user=user, organisation=workspace, defaults={"role": role})
    rows = 0
    for module in modules():
        if module.scale_data is not None:
            rows += module.scale_data(
                municipality, random.Random(f"{seed}-{module.key}-{municipality.number}")
            )
    return rows


@transaction.atomic
def seed_counties(municipalities: list[Municipality], password_hash: str) -> None:
    """A county municipality per county with an adviser following its seeded municipalities."""
    by_county: dict[str, list[Municipality]] = {}
    for municipality in municipalities:
        by_county.setdefault(municipality.county_id, []).append(municipality)
    for county_number, members in sorted(by_county.items()):
        county = members[0].county
        organisation = Organisation.objects.filter(
            kind=OrganisationKind.COUNTY_MUNICIPALITY, county=county
        ).first()
        if organisation is None:
            organisation = organisation_create(
                name=f"{county.name} fylkeskommune",
                kind=OrganisationKind.COUNTY_MUNICIPALITY,
                county=county,
                is_example=True,
            )
        organisation.municipalities.add(*members)
        adviser = _user(
            f"radgiver-{county_number}@{SCALE_DOMAIN}",
            f"Syntetisk rådgiver {county.name}",
            password_hash,
        )
        Membership.objects.get_or_create(
            user=adviser, organisation=organisation, defaults={"role": Role.ADVISER}
        )
    _seed_national(municipalities, password_hash)


def _seed_national(municipalities: list[Municipality], password_hash: str) -> None:
    """The national organisation following every seeded municipality, with one adviser."""
    organisation = Organisation.objects.filter(
        kind=OrganisationKind.NATIONAL, name=NATIONAL_NAME
    ).first() or organisation_create(
        name=NATIONAL_NAME, kind=OrganisationKind.NATIONAL, is_example=True
    )
    organisation.municipalities.add(*municipalities)
    adviser = _user(
        f"radgiver-nasjonal@{SCALE_DOMAIN}", "Syntetisk rådgiver nasjonal", password_hash
    )
    Membership.objects.get_or_create(
        user=adviser, organisation=organisation, defaults={"role": Role.ADVISER}
    )


def seed_scale(
    count: int, seed: int, progress: Callable[[int, int, Municipality], None] | None = None
) -> ScaleResult:
    """Seed the first `count` municipalities (by number); already seeded ones are skipped."""
    municipalities = list(Municipality.objects.select_related("county").order_by("number")[:count])
    password_hash = make_password(SCALE_PASSWORD)
    result = ScaleResult()
    with freshness.one_bump():  # one page-cache counter write, not one per row
        for index, municipality in enumerate(municipalities, start=1):
            if _is_seeded(municipality):
                result.skipped += 1
            else:
                result.rows += seed_municipality(municipality, seed, password_hash)
                result.municipalities += 1
            if progress is not None:
                progress(index, len(municipalities), municipality)
        seed_counties(municipalities, password_hash)
    return result
