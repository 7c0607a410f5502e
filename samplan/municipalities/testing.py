"""Test personas: one user per role, in a municipality workspace, a county and an outsider.

Used by every app's tests (`personas` fixture in conftest.py). The reference data (357
municipalities) is loaded once per test database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from samplan.core.testing import TEST_PASSWORD

from .models import (
    County,
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)
from .services import organisation_create, workspace_get_or_create


@dataclass
class Personas:
    """The cast of a tenant test.

    - `municipality` (Tydal) has a workspace with an admin, an editor and a reader;
    - `county_org` (Trøndelag) follows Tydal; its `adviser` may read and comment there;
    - `other_municipality` (Utsira) has its own workspace and `outsider_*` users of every role;
    - `outsider_adviser` is an adviser of another county (Rogaland) following Utsira only.
    """

    municipality: Municipality
    workspace: Organisation
    county_org: Organisation
    admin: object
    editor: object
    reader: object
    adviser: object
    other_municipality: Municipality
    other_workspace: Organisation
    outsider_admin: object
    outsider_editor: object
    outsider_reader: object
    outsider_adviser: object
    nobody: object

    def members(self) -> dict[str, object]:
        """The users with access to `municipality`, by role name."""
        return {
            "admin": self.admin,
            "editor": self.editor,
            "reader": self.reader,
            "adviser": self.adviser,
        }

    def outsiders(self) -> dict[str, object]:
        """Users of every role who must never see `municipality`."""
        return {
            "outsider_admin": self.outsider_admin,
            "outsider_editor": self.outsider_editor,
            "outsider_reader": self.outsider_reader,
            "outsider_adviser": self.outsider_adviser,
            "nobody": self.nobody,
        }


def make_user(email: str, name: str = "") -> object:
    return get_user_model().objects.create_user(email=email, password=TEST_PASSWORD, name=name)


def make_member(organisation: Organisation, email: str, role: str, name: str = "") -> object:
    user = make_user(email, name)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def create_personas() -> Personas:
    """Create the cast (needs the reference data)."""
    tydal = Municipality.objects.get(number="5033")
    utsira = Municipality.objects.get(number="1151")
    workspace = workspace_get_or_create(municipality=tydal)
    other_workspace = workspace_get_or_create(municipality=utsira)
    county_org = organisation_create(
        name="Trøndelag fylkeskommune",
        kind=OrganisationKind.COUNTY_MUNICIPALITY,
        county=County.objects.get(number="50"),
        municipalities=[tydal],
    )
    other_county = organisation_create(
        name="Rogaland fylkeskommune",
        kind=OrganisationKind.COUNTY_MUNICIPALITY,
        county=County.objects.get(number="11"),
        municipalities=[utsira],
    )
    return Personas(
        municipality=tydal,
        workspace=workspace,
        county_org=county_org,
        admin=make_member(workspace, "admin@tydal.test", Role.ADMIN, "Anne Admin"),
        editor=make_member(workspace, "editor@tydal.test", Role.EDITOR, "Erik Editor"),
        reader=make_member(workspace, "reader@tydal.test", Role.READER, "Rita Reader"),
        adviser=make_member(county_org, "adviser@trondelag.test", Role.ADVISER, "Arne Adviser"),
        other_municipality=utsira,
        other_workspace=other_workspace,
        outsider_admin=make_member(other_workspace, "admin@utsira.test", Role.ADMIN),
        outsider_editor=make_member(other_workspace, "editor@utsira.test", Role.EDITOR),
        outsider_reader=make_member(other_workspace, "reader@utsira.test", Role.READER),
        outsider_adviser=make_member(other_county, "adviser@rogaland.test", Role.ADVISER),
        nobody=make_user("nobody@example.test"),
    )
