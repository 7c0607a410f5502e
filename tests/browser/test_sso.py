"""Single sign-on end to end in a real browser: Samplan's login page, the test OpenID Connect
provider's own login page (tests/oidc_provider, its own process), and back into Samplan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.oidc_provider.process import OidcTestProvider, running_provider

from .conftest import Site, assert_accessible, assert_no_page_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[OidcTestProvider]:
    with running_provider() as provider:
        yield provider


def _connect(site: Site, provider: OidcTestProvider) -> None:
    from samplan.municipalities.models import Role
    from samplan.sso.services import provider_save

    provider.reset()
    provider.add_client("samplan-tydal", "hemmelig", [f"{site.base_url}/innlogging/sso/tilbake/"])
    provider_save(
        organisation=site.personas.workspace,
        issuer=provider.issuer,
        client_id="samplan-tydal",
        client_secret="hemmelig",
        domains=["tydal.test"],
        default_role=Role.EDITOR,
        groups_claim="groups",
        group_roles={},
        enabled=True,
        user=site.personas.admin,
    )


def test_a_new_planner_logs_in_with_the_municipality_s_account(
    site: Site, oidc_provider: OidcTestProvider
) -> None:
    from django.contrib.auth import get_user_model

    _connect(site, oidc_provider)
    oidc_provider.add_user("nora.ny@tydal.test", name="Nora Ny")
    page = site.page
    site.goto("/logg-inn/")
    assert_accessible(page)

    page.fill("#id_email", "nora.ny@tydal.test")
    with page.expect_navigation():
        page.locator("form[action$='/innlogging/sso/'] button[type=submit]").click()
    assert page.url.startswith(oidc_provider.issuer + "/authorize?"), page.url
    assert page.locator("#email").input_value() == "nora.ny@tydal.test"  # the login_hint
    with page.expect_navigation():
        page.get_by_role("button", name="Logg inn hos testleverandøren").click()

    page.wait_for_load_state()
    assert page.url.startswith(site.base_url), page.url
    assert "/logg-inn/" not in page.url
    site.goto("/konto/")
    assert "nora.ny@tydal.test" in page.locator("main").inner_text()
    assert "Tydal" in page.locator("main").inner_text()
    user = get_user_model().objects.get(email="nora.ny@tydal.test")
    assert user.memberships.get().role == "editor"
    assert_no_page_errors(page)


def test_a_token_signed_with_another_key_shows_a_clear_error(
    site: Site, oidc_provider: OidcTestProvider
) -> None:
    from django.contrib.auth import get_user_model

    _connect(site, oidc_provider)
    oidc_provider.add_user("nora.ny@tydal.test")
    oidc_provider.set_mode("wrong_key")
    page = site.page
    site.goto("/logg-inn/")
    page.locator("details summary").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Logg inn med Tydal kommune").click()
    page.fill("#email", "nora.ny@tydal.test")
    with page.expect_navigation():
        page.get_by_role("button", name="Logg inn hos testleverandøren").click()

    page.wait_for_load_state()
    assert "Signaturen på identitetsbeviset" in page.locator("[role=alert]").inner_text()
    assert not get_user_model().objects.filter(email="nora.ny@tydal.test").exists()
    assert_accessible(page)
