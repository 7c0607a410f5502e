"""Pages outside the modules: front page, help, health check, error pages, language choice."""

from __future__ import annotations

import json
import re
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

NYNORSK_MUNICIPALITY = "1114"  # Bjerkreim, maalform nynorsk in kommuner.csv
BOKMAAL_MUNICIPALITY = "5033"  # Tydal, maalform bokmål


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


# Health check --------------------------------------------------------------------------------


def test_healthz_reports_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_reports_503_when_the_database_fails(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["database"] == "unreachable"


def test_healthz_needs_no_login_and_no_https_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("core:help")).status_code == 301


# Plain pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["site:home", "core:help", "core:accessibility"])
def test_public_page_renders_for_an_anonymous_visitor(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_home_sends_a_member_of_one_municipality_to_its_dashboard(client, personas):
    client.force_login(personas.editor)

    response = client.get(reverse("site:home"))

    assert response.status_code == 302
    assert response.url == reverse("municipalities:dashboard", args=["5033"])


def test_home_lists_the_municipalities_of_a_user_with_several(client, personas):
    from samplan.municipalities.models import Membership, Role

    Membership.objects.create(
        user=personas.editor, organisation=personas.other_workspace, role=Role.READER
    )
    client.force_login(personas.editor)

    response = client.get(reverse("site:home"))

    assert response.status_code == 200
    names = {access.municipality.name for access in response.context["accesses"]}
    assert names == {"Tydal", "Utsira"}


def test_home_shows_nothing_of_a_tenant_to_a_user_without_membership(client, personas):
    client.force_login(personas.nobody)

    response = client.get(reverse("site:home"))

    assert response.status_code == 200
    assert response.context["accesses"] == []
    assert "Tydal" not in response.content.decode()


def test_unknown_address_renders_the_404_page(client, db):
    response = client.get("/finnes-ikke/")

    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_security_headers_are_set(client, db):
    response = client.get(reverse("core:help"))

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


# Language ------------------------------------------------------------------------------------


def test_nynorsk_municipality_page_is_in_nynorsk_by_default(client, db):
    response = client.get(reverse("municipalities:detail", args=[NYNORSK_MUNICIPALITY]))

    assert html_lang(response) == "nn"
    assert response.headers["Content-Language"] == "nn"


def test_bokmaal_municipality_page_is_in_bokmaal_by_default(client, db):
    response = client.get(reverse("municipalities:detail", args=[BOKMAAL_MUNICIPALITY]))

    assert html_lang(response) == "nb"


def test_page_about_no_municipality_is_in_bokmaal_by_default(client, db):
    assert html_lang(client.get(reverse("core:help"))) == "nb"


@pytest.mark.parametrize(
    ("number", "cookie"),
    [(NYNORSK_MUNICIPALITY, "nb"), (BOKMAAL_MUNICIPALITY, "nn"), (BOKMAAL_MUNICIPALITY, "en")],
)
def test_language_cookie_overrides_the_municipality_language(client, db, number, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get(reverse("municipalities:detail", args=[number]))

    assert html_lang(response) == cookie
    assert "Cookie" in response.headers["Vary"]


def test_unsupported_language_cookie_is_ignored(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.get(reverse("municipalities:detail", args=[NYNORSK_MUNICIPALITY]))

    assert html_lang(response) == "nn"


# The order of samplan.municipalities.language: each rung beats every rung below it. Each test
# sets up the rungs below the one it tests so that they say the other language.


@pytest.fixture
def nynorsk_member(db):
    """A member of Bjerkreim's workspace (a Nynorsk municipality), with no profile language."""
    from samplan.municipalities.models import Municipality, Role
    from samplan.municipalities.services import workspace_get_or_create
    from samplan.municipalities.testing import make_member

    workspace = workspace_get_or_create(
        municipality=Municipality.objects.get(number=NYNORSK_MUNICIPALITY)
    )
    return make_member(workspace, "planlegger@bjerkreim.test", Role.EDITOR)


@pytest.mark.parametrize("cookie", ["nb", "en"])
def test_rung_1_the_language_cookie_beats_profile_browser_and_municipalities(
    client, nynorsk_member, cookie
):
    nynorsk_member.language = "nn"
    nynorsk_member.save()
    client.force_login(nynorsk_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get(
        reverse("municipalities:detail", args=[NYNORSK_MUNICIPALITY]), HTTP_ACCEPT_LANGUAGE="nn"
    )

    assert html_lang(response) == cookie
    assert response.headers["Content-Language"] == cookie


def test_rung_2_the_profile_language_beats_browser_and_municipalities(client, nynorsk_member):
    nynorsk_member.language = "nb"
    nynorsk_member.save()
    client.force_login(nynorsk_member)

    response = client.get(
        reverse("municipalities:detail", args=[NYNORSK_MUNICIPALITY]), HTTP_ACCEPT_LANGUAGE="nn"
    )

    assert html_lang(response) == "nb"
    assert response.headers["Content-Language"] == "nb"


@pytest.mark.parametrize(
    "accept_language", ["nn", "nn-NO", "en, nn", "en-GB,en;q=0.9,nn-NO;q=0.8,nb;q=0.7"]
)
def test_rung_3_a_browser_preferring_nynorsk_beats_the_municipalities(
    client, personas, accept_language
):
    client.force_login(personas.reader)  # Tydal: Bokmål

    response = client.get(
        reverse("municipalities:detail", args=[BOKMAAL_MUNICIPALITY]),
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )

    assert html_lang(response) == "nn"
    assert response.headers["Content-Language"] == "nn"


@pytest.mark.parametrize(
    "accept_language", ["nb, nn", "no, nn", "nb-NO", "nn;q=0.5, nb", "en", "nn;q=0, en"]
)
def test_a_browser_whose_first_norwegian_preference_is_not_nynorsk_changes_nothing(
    client, db, accept_language
):
    response = client.get(
        reverse("municipalities:detail", args=[BOKMAAL_MUNICIPALITY]),
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )

    assert html_lang(response) == "nb"


def test_a_browser_preferring_bokmaal_does_not_override_a_nynorsk_municipality(client, db):
    response = client.get(
        reverse("municipalities:detail", args=[NYNORSK_MUNICIPALITY]),
        HTTP_ACCEPT_LANGUAGE="nb-NO, nb;q=0.9",
    )

    assert html_lang(response) == "nn"


def test_rung_4_the_page_s_municipality_beats_the_user_s_own(client, nynorsk_member):
    client.force_login(nynorsk_member)

    response = client.get(reverse("municipalities:detail", args=[BOKMAAL_MUNICIPALITY]))

    assert html_lang(response) == "nb"
    assert response.headers["Content-Language"] == "nb"


def test_rung_5_the_user_s_own_municipality_beats_bokmaal(client, nynorsk_member):
    client.force_login(nynorsk_member)

    response = client.get(reverse("core:help"))

    assert html_lang(response) == "nn"
    assert response.headers["Content-Language"] == "nn"


def test_rung_6_bokmaal_when_nothing_else_says(client, personas):
    client.force_login(personas.nobody)

    response = client.get(reverse("core:help"), HTTP_ACCEPT_LANGUAGE="en-US, en")

    assert html_lang(response) == "nb"
    assert response.headers["Content-Language"] == "nb"


@pytest.mark.parametrize("name", ["core:help", "municipalities:detail"])
def test_responses_vary_on_the_cookie_and_accept_language(client, db, name):
    args = [BOKMAAL_MUNICIPALITY] if name == "municipalities:detail" else []

    response = client.get(reverse(name, args=args))

    vary = [part.strip().lower() for part in response.headers["Vary"].split(",")]
    assert "cookie" in vary and "accept-language" in vary
    assert len(vary) == len(set(vary))


@pytest.mark.parametrize(
    ("language", "browser_rung", "bokmaal_browser"),
    [
        ("nb", "nynorsk, hvis nettleseren din foretrekker nynorsk", "endrer ikke sidene til en"),
        (
            "nn",
            "nynorsk, dersom nettlesaren din føretrekkjer nynorsk",
            "endrar ikkje sidene til ein",
        ),
    ],
)
def test_help_page_describes_the_language_order(
    client, db, language, browser_rung, bokmaal_browser
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("core:help")).content.decode()

    assert browser_rung in page
    assert bokmaal_browser in page


def test_set_language_sets_the_language_cookie(client, db):
    response = client.post(
        reverse("set_language"), {"language": "nn", "next": reverse("core:help")}
    )

    assert response.status_code == 302
    assert response.url == reverse("core:help")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    assert html_lang(client.get(reverse("core:help"))) == "nn"


def test_set_language_refuses_a_redirect_to_another_site(client, db):
    response = client.post(
        reverse("set_language"), {"language": "nn", "next": "https://evil.example/"}
    )

    assert "evil.example" not in response.get("Location", "")


def test_translated_text_follows_the_language(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("accounts:login")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    norwegian = client.get(reverse("accounts:login")).content.decode()

    assert "Log in" in english
    assert "Logg inn" in norwegian
