"""The page's header written in Python ({% page_header %}) is byte for byte the template it
replaces (header_before.html, includes/header.html until then), for every kind of user, in nb,
nn and en, on a municipality's page, a header tool's page and a page of no municipality, with
and without a CSRF token, autoescaped or not."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from samplan.municipalities.models import Membership, Municipality, OrganisationKind, Role
from samplan.municipalities.services import organisation_create
from samplan.municipalities.testing import make_member, make_user

OLD = Path(__file__).with_name("header_before.html").read_text(encoding="utf-8")
NEW = "{% load module_nav %}{% page_header %}"
# The token the csrf context processor makes: a new mask at each rendering.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"')


def _render(source: str, request: object, values: dict, autoescape: bool) -> str:
    if not autoescape:
        # {% load %} first: a library loaded inside a block is not seen after it.
        load, _, rest = source.partition("%}")
        source = f"{load}%}}{{% autoescape off %}}{rest}{{% endautoescape %}}"
    page = engines["django"].from_string(source).render(values, request)
    return TOKEN.sub('name="csrfmiddlewaretoken" value="…"', page)


def _users(personas: object) -> dict[str, object]:
    national = organisation_create(name="Nasjonalt <nettverk> & co", kind=OrganisationKind.NATIONAL)
    national.municipalities.set(Municipality.objects.all())
    adviser = make_member(national, "nasjonal@example.test", Role.ADVISER)
    Membership.objects.create(user=adviser, organisation=personas.workspace, role=Role.EDITOR)
    return {
        "anonymous": AnonymousUser(),
        "editor": personas.editor,
        "reader": personas.reader,
        "county adviser": personas.adviser,
        "national adviser": adviser,
        "no memberships": make_user("ingen@example.test"),
    }


def _pages(personas: object) -> list[str]:
    number = personas.municipality.number
    return [
        reverse("municipalities:dashboard", args=[number]),
        reverse("plans:list", args=[number]) + '?q=<"a">&status=1',
        reverse("municipalities:dashboard", args=[personas.other_municipality.number]),
        reverse("core:help"),
        reverse("municipalities:list"),
        "/",
    ]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_header_is_the_old_templates_markup(personas, language: str) -> None:
    factory = RequestFactory()
    compared = 0
    for user in _users(personas).values():
        for path in _pages(personas):
            request = factory.get(path)
            request.user = user
            request.resolver_match = resolve(request.path)
            for values in ({"csrf_token": "abcTOKEN<&>"}, {"csrf_token": None}, {}):
                for autoescape in (True, False):
                    with translation.override(language):
                        old = _render(OLD, request, values, autoescape)
                        new = _render(NEW, request, values, autoescape)
                    assert new == old, (user, path, values, autoescape)
                    compared += 1
    assert compared == 6 * 6 * 3 * 2


@pytest.mark.parametrize(
    "values",
    [
        {"user": SimpleNamespace(is_authenticated=True, email='a&b"<c>@example.test')},
        {"my_memberships": (SimpleNamespace(url="/o?a=1&b=<2>", name='Lag & "foreining"'),)},
        {"my_memberships": (), "my_access_count": 1},
        {"my_memberships": (), "my_access_count": "many"},
        {"my_memberships": None, "my_access_count": None, "my_accesses": None},
        {"current_knr": None, "header_current": "core:help"},
        {"current_knr": "9999"},
    ],
)
def test_odd_values_are_written_as_the_template_wrote_them(personas, values: dict) -> None:
    request = RequestFactory().get("/hjelp/?x=<1>")
    request.user = personas.editor
    request.resolver_match = resolve(reverse("core:help"))
    values = {"user": personas.editor, "csrf_token": "tok", **values}
    for autoescape in (True, False):
        old = _render(OLD, request, values, autoescape)
        assert _render(NEW, request, values, autoescape) == old
