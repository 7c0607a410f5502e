"""The example installation: Tydal's workspace with example users, and the Trøndelag county
example with an adviser who follows Tydal and Holtålen.

Tydal (5033) is one of the six municipalities in Distriktskommune 3.0, the research behind
Samplan; its reference data and statistics are real. Everything created here is marked as
example data (Organisation.is_example) and labelled "Eksempeldata" in the UI.
Running this again updates instead of duplicating.

Example data is written in the municipality's language form (Tydal: Bokmål), whatever language
is active in the command or test that creates it: texts taken from the catalogues, such as the
workspace's name and the strategy's example sections, are stored as they read at that moment.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from .models import County, Membership, Municipality, Organisation, OrganisationKind, Role
from .services import organisation_create, workspace_get_or_create

EXAMPLE_MUNICIPALITY = "5033"  # Tydal
EXAMPLE_PASSWORD = "eksempel-passord"  # noqa: S105 - documented demo login, only for `samplan demo`

P = ParamSpec("P")
R = TypeVar("R")


def in_municipality_language(
    create: Callable[Concatenate[Municipality, P], R],
) -> Callable[Concatenate[Municipality, P], R]:
    """Run a function that writes example data for a municipality (its first argument) with the
    municipality's language (Bokmål or Nynorsk) active, so the texts it stores are in it."""

    @functools.wraps(create)
    def in_language(municipality: Municipality, *args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(municipality.default_language):
            return create(municipality, *args, **kwargs)

    return in_language


@dataclass(frozen=True)
class ExampleUser:
    email: str
    name: str
    organisation: str
    role: str
    description: str


EXAMPLE_USERS = [
    ExampleUser(
        "admin@tydal.example",
        "Anne Administrator (eksempel)",
        "tydal",
        Role.ADMIN,
        "kommunedirektør, administrator i Tydal",
    ),
    ExampleUser(
        "planlegger@tydal.example",
        "Per Planlegger (eksempel)",
        "tydal",
        Role.EDITOR,
        "planlegger, redaktør i Tydal",
    ),
    ExampleUser(
        "politiker@tydal.example",
        "Pia Politiker (eksempel)",
        "tydal",
        Role.READER,
        "folkevalgt, leser i Tydal",
    ),
    ExampleUser(
        "radgiver@trondelag.example",
        "Rune Rådgiver (eksempel)",
        "trondelag",
        Role.ADVISER,
        "rådgiver i Trøndelag fylkeskommune, følger Tydal og Holtålen",
    ),
]


@transaction.atomic
def example_data_create() -> list[ExampleUser]:
    """Create or update the example organisations and users. Needs the reference data."""
    return _example_organisations_create(Municipality.objects.get(number=EXAMPLE_MUNICIPALITY))


@in_municipality_language
def _example_organisations_create(tydal: Municipality) -> list[ExampleUser]:
    holtaalen = Municipality.objects.get(number="5026")
    trondelag = County.objects.get(number="50")

    workspace = workspace_get_or_create(municipality=tydal, is_example=True)
    if not workspace.is_example:
        workspace.is_example = True
        workspace.save()

    county_org = Organisation.objects.filter(
        kind=OrganisationKind.COUNTY_MUNICIPALITY, county=trondelag, is_example=True
    ).first()
    if county_org is None:
        county_org = organisation_create(
            name="Trøndelag fylkeskommune (eksempel)",
            kind=OrganisationKind.COUNTY_MUNICIPALITY,
            county=trondelag,
            municipalities=[tydal, holtaalen],
            is_example=True,
        )
    organisations = {"tydal": workspace, "trondelag": county_org}

    User = get_user_model()
    for example in EXAMPLE_USERS:
        user = User.objects.filter(email=example.email).first()
        if user is None:
            user = User.objects.create_user(
                email=example.email, password=EXAMPLE_PASSWORD, name=example.name
            )
        membership, made = Membership.objects.get_or_create(
            user=user,
            organisation=organisations[example.organisation],
            defaults={"role": example.role},
        )
        # Saved only when the role changed: no new history row each time the demo is made.
        if not made and membership.role != example.role:
            membership.role = example.role
            membership.save()
    return EXAMPLE_USERS


def example_county_organisation(municipality: Municipality) -> Organisation:
    """The county municipality following the municipality (the example one if there is one),
    made as example data when none does: whose advisers comment, run the learning network and
    publish the example process template."""
    found = (
        Organisation.objects.filter(
            kind=OrganisationKind.COUNTY_MUNICIPALITY, municipalities=municipality
        )
        .order_by("-is_example", "name")
        .first()
    )
    if found is not None:
        return found
    return organisation_create(
        name=f"{municipality.county.name} fylkeskommune (eksempel)",
        kind=OrganisationKind.COUNTY_MUNICIPALITY,
        county=County.objects.get(number=municipality.county_id),
        municipalities=[municipality],
        is_example=True,
    )
