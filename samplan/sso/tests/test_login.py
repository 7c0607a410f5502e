"""Logging in through a real OpenID Connect provider (tests/oidc_provider, its own process):
matching and creating users, and every way a log-in must fail without writing anything."""

from __future__ import annotations

import base64
import json
import socket
from typing import Any

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from samplan.municipalities import services as municipality_services
from samplan.municipalities.models import Membership, Role
from samplan.sso import services
from samplan.sso.models import Identity, LoginEvent, Outcome, Provider

CLIENT_ID = "samplan-tydal"
CLIENT_SECRET = "hemmelig-klient"
CALLBACK = "http://testserver/innlogging/sso/tilbake/"
LOGOUT_RETURN = "http://testserver/"  # the front page (settings.LOGOUT_REDIRECT_URL)


def connect(personas: Any, idp: Any, **changes: Any) -> Provider:
    idp.add_client(CLIENT_ID, CLIENT_SECRET, [CALLBACK, LOGOUT_RETURN])
    values = {
        "organisation": personas.workspace,
        "issuer": idp.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "domains": ["tydal.test"],
        "default_role": Role.READER,
        "groups_claim": "groups",
        "group_roles": {},
        "enabled": True,
        **changes,
    }
    return services.provider_save(**values, user=personas.admin)


def start(client: Any, personas: Any) -> str:
    """Start the log-in on Samplan: the address of the provider's login page."""
    response = client.get(reverse("sso:organisation_login", args=[personas.workspace.slug]))
    assert response.status_code == 302, response.content
    return response.url


def at_provider(url: str, email: str) -> str:
    """Log in at the provider as `email`; the callback address it sends the browser to."""
    answer = httpx.post(url, data={"email": email}, timeout=10)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(CALLBACK)
    return location.removeprefix("http://testserver")


def log_in(client: Any, personas: Any, email: str) -> Any:
    return client.get(at_provider(start(client, personas), email))


def counts() -> tuple[int, int, int]:
    return (
        get_user_model().objects.count(),
        Membership.objects.count(),
        Identity.objects.count(),
    )


def logged_in_as(client: Any) -> str | None:
    response = client.get(reverse("accounts:profile"))
    if response.status_code != 200:
        return None
    return response.context["user"].email


def test_first_login_creates_the_user_with_the_role_for_new_users(client, personas, idp):
    provider = connect(personas, idp)
    subject = idp.add_user("ny.planlegger@tydal.test", name="Nina Ny", groups=[])

    response = log_in(client, personas, "ny.planlegger@tydal.test")

    assert response.status_code == 302
    assert response.url == reverse("site:home")
    user = get_user_model().objects.get(email="ny.planlegger@tydal.test")
    assert user.name == "Nina Ny"
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.READER
    assert Membership.objects.get(user=user).organisation == personas.workspace
    assert Identity.objects.get(provider=provider).subject == subject
    assert logged_in_as(client) == "ny.planlegger@tydal.test"
    event = LoginEvent.objects.get(provider=provider)
    assert (event.outcome, event.email, event.user) == (Outcome.CREATED, user.email, user)


def test_a_member_is_matched_by_verified_email_and_keeps_the_role(client, personas, idp):
    connect(personas, idp)
    idp.add_user("Editor@Tydal.test")
    before = counts()

    response = log_in(client, personas, "editor@tydal.test")

    assert response.status_code == 302
    assert logged_in_as(client) == personas.editor.email
    assert counts() == (before[0], before[1], before[2] + 1)  # only the identity is new
    assert Membership.objects.get(user=personas.editor).role == Role.EDITOR


def test_the_next_login_finds_the_user_by_subject_after_an_email_change(client, personas, idp):
    provider = connect(personas, idp)
    subject = idp.add_user("editor@tydal.test")
    log_in(client, personas, "editor@tydal.test")
    client.logout()
    idp.add_user("erik.editor@tydal.test", sub=subject)

    log_in(client, personas, "erik.editor@tydal.test")

    assert logged_in_as(client) == personas.editor.email
    assert Identity.objects.filter(provider=provider).count() == 1


def test_groups_give_roles_where_the_administrator_mapped_them(client, personas, idp):
    connect(personas, idp, group_roles={"grp-plan": Role.EDITOR, "grp-leiing": Role.ADMIN})
    idp.add_user("ny@tydal.test", groups=["grp-plan", "grp-annet"])
    idp.add_user("reader@tydal.test", groups=["grp-leiing"])

    log_in(client, personas, "ny@tydal.test")
    client.logout()
    log_in(client, personas, "reader@tydal.test")

    assert Membership.objects.get(user__email="ny@tydal.test").role == Role.EDITOR
    assert Membership.objects.get(user=personas.reader).role == Role.ADMIN


def test_an_account_of_another_organisation_is_not_linked(client, personas, idp):
    provider = connect(personas, idp)
    idp.add_user("admin@utsira.test", email_verified=True)
    before = counts()

    response = log_in(client, personas, "admin@utsira.test")

    assert response.status_code == 403
    page = response.content.decode()
    assert "admin@utsira.test" in page
    assert "ikke er medlem av Tydal kommune" in page
    assert counts() == before
    assert logged_in_as(client) is None
    assert not Membership.objects.filter(
        user=personas.outsider_admin, organisation=personas.workspace
    ).exists()
    event = LoginEvent.objects.get(provider=provider)
    assert (event.outcome, event.email) == (Outcome.OTHER_ORGANISATION, "admin@utsira.test")


def test_a_removed_member_stays_out_until_added_again(client, personas, idp):
    provider = connect(personas, idp)
    idp.add_user("editor@tydal.test")
    log_in(client, personas, "editor@tydal.test")
    client.logout()
    membership = Membership.objects.get(user=personas.editor, organisation=personas.workspace)
    municipality_services.membership_remove(membership=membership, user=personas.admin)
    before = counts()

    response = log_in(client, personas, "editor@tydal.test")

    assert response.status_code == 403
    page = response.content.decode()
    assert "editor@tydal.test er fjernet fra Tydal kommune i Samplan" in page
    assert counts() == before
    assert logged_in_as(client) is None
    event = LoginEvent.objects.filter(provider=provider).latest("at", "pk")
    assert (event.outcome, event.email) == (Outcome.REMOVED, "editor@tydal.test")

    municipality_services.membership_add(
        organisation=personas.workspace, email="editor@tydal.test", role=Role.READER
    )
    log_in(client, personas, "editor@tydal.test")

    assert logged_in_as(client) == personas.editor.email
    assert Membership.objects.get(user=personas.editor).role == Role.READER


def _claims_of(id_token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified (the provider's own token, read back in the test)."""
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_logging_out_logs_out_at_the_provider_and_comes_back(client, personas, idp):
    connect(personas, idp)
    subject = idp.add_user("editor@tydal.test")
    log_in(client, personas, "editor@tydal.test")
    assert logged_in_as(client) == personas.editor.email

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url.startswith(f"{idp.issuer}/logout?")
    assert logged_in_as(client) is None  # out of Samplan at once, whatever the provider does
    back = httpx.get(response.url, timeout=10)  # the browser at the provider
    assert (back.status_code, back.headers["location"]) == (302, LOGOUT_RETURN)
    [asked] = idp.logouts()
    assert asked["client_id"] == CLIENT_ID
    assert asked["post_logout_redirect_uri"] == LOGOUT_RETURN
    assert _claims_of(asked["id_token_hint"])["sub"] == subject


def test_without_an_end_session_endpoint_the_log_out_is_samplans_only(client, personas, idp):
    connect(personas, idp)
    idp.add_user("editor@tydal.test")
    log_in(client, personas, "editor@tydal.test")
    idp.set_mode("no_logout")
    cache.clear()  # the discovery without the endpoint is read again

    response = client.post(reverse("accounts:logout"))

    assert (response.status_code, response.url) == (302, reverse("site:home"))
    assert logged_in_as(client) is None
    assert idp.logouts() == []
    # A password log-in never goes to the provider.
    client.force_login(personas.editor)
    assert client.post(reverse("accounts:logout")).url == reverse("site:home")


@pytest.mark.parametrize(
    ("email", "verified"),
    [("ny@tydal.test", False), ("ny@annet-domene.test", None)],
    ids=["email_verified-false", "no-claim-outside-own-domains"],
)
def test_an_unverified_email_is_refused(client, personas, idp, email, verified):
    provider = connect(personas, idp)
    idp.add_user(email, email_verified=verified)
    before = counts()

    response = log_in(client, personas, email)

    assert response.status_code == 403
    assert "har ikke bekreftet e-postadressen" in response.content.decode()
    assert counts() == before
    assert LoginEvent.objects.get(provider=provider).outcome == Outcome.UNVERIFIED


def test_entra_style_claims_without_email_verified_are_trusted_in_own_domains(
    client, personas, idp
):
    connect(personas, idp)
    idp.add_user("ny@tydal.test", email_verified=None)

    log_in(client, personas, "ny@tydal.test")

    assert logged_in_as(client) == "ny@tydal.test"


@pytest.mark.parametrize(
    ("mode", "status", "message", "detail"),
    [
        ("wrong_key", 400, "Signaturen", "bad_signature"),
        ("expired", 400, "utløpt", "token_expired"),
    ],
)
def test_a_bad_id_token_logs_nobody_in(client, personas, idp, mode, status, message, detail):
    provider = connect(personas, idp)
    idp.add_user("ny@tydal.test")
    idp.set_mode(mode)
    before = counts()

    response = log_in(client, personas, "ny@tydal.test")

    assert response.status_code == status
    assert message in response.content.decode()
    assert counts() == before
    assert logged_in_as(client) is None
    event = LoginEvent.objects.get(provider=provider)
    assert (event.outcome, event.detail) == (Outcome.ERROR, detail)


def test_a_replayed_nonce_is_refused(client, personas, idp):
    connect(personas, idp)
    idp.add_user("ny@tydal.test")
    first = start(client, personas)
    (old,) = client.session["sso_flows"].values()
    client.get(at_provider(first, "ny@tydal.test"))
    client.logout()
    idp.set_mode("fixed_nonce", nonce=old["nonce"])
    before = counts()

    response = log_in(client, personas, "ny@tydal.test")

    assert response.status_code == 400
    assert "allerede brukt" in response.content.decode()
    assert counts() == before
    assert logged_in_as(client) is None


def test_a_replayed_callback_is_refused(client, personas, idp):
    connect(personas, idp)
    idp.add_user("ny@tydal.test")
    callback = at_provider(start(client, personas), "ny@tydal.test")
    assert client.get(callback).status_code == 302
    client.logout()
    before = (counts(), LoginEvent.objects.count())

    response = client.get(callback)

    assert response.status_code == 400
    assert "allerede brukt" in response.content.decode()
    assert (counts(), LoginEvent.objects.count()) == before
    assert logged_in_as(client) is None


def test_a_callback_from_another_browser_is_refused(client, personas, idp, django_user_model):
    from django.test import Client

    connect(personas, idp)
    idp.add_user("ny@tydal.test")
    callback = at_provider(start(client, personas), "ny@tydal.test")
    before = counts()

    response = Client().get(callback)

    assert response.status_code == 400
    assert counts() == before


def test_a_provider_that_does_not_answer_in_time(client, personas, idp):
    provider = connect(personas, idp)
    idp.add_user("ny@tydal.test")
    url = start(client, personas)  # discovery and keys answered, then the provider hangs
    callback = at_provider(url, "ny@tydal.test")
    idp.set_mode("slow", delay=3)
    before = counts()

    response = client.get(callback)

    assert response.status_code == 502
    assert "svarte ikke i tide" in response.content.decode()
    assert counts() == before
    assert LoginEvent.objects.get(provider=provider).detail == "provider_timeout"


def test_a_provider_that_is_down(client, personas, idp):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    connect(personas, idp, issuer=closed)

    response = client.get(reverse("sso:organisation_login", args=[personas.workspace.slug]))

    assert response.status_code == 502
    assert "kunne ikke nås" in response.content.decode()
    assert "sso_flows" not in client.session


def test_an_organisation_without_provider_has_no_login_address(client, personas, idp):
    response = client.get(reverse("sso:organisation_login", args=[personas.workspace.slug]))
    assert response.status_code == 404


def test_a_switched_off_provider_cannot_be_used(client, personas, idp):
    connect(personas, idp, enabled=False)
    response = client.get(reverse("sso:organisation_login", args=[personas.workspace.slug]))
    assert response.status_code == 404


def test_the_login_page_sends_a_work_address_to_its_organisation(client, personas, idp):
    connect(personas, idp)

    page = client.get(reverse("accounts:login"))
    response = client.post(reverse("sso:email_login"), {"email": "Reader@Tydal.test"})

    assert "Logg inn med Tydal" in page.content.decode()
    assert response.status_code == 302
    assert response.url.startswith(idp.issuer + "/authorize?")
    assert "login_hint=Reader%40Tydal.test" in response.url or "login_hint=" in response.url


def test_the_login_page_says_when_no_organisation_owns_the_domain(client, personas, idp):
    connect(personas, idp)

    response = client.post(reverse("sso:email_login"), {"email": "someone@utsira.test"})

    assert response.status_code == 400
    assert "Logg inn med passordet ditt" in response.content.decode()
    assert "sso_flows" not in client.session


@pytest.mark.parametrize(
    ("next_page", "landing"),
    [("/kommune/5033/oversikt/", "/kommune/5033/oversikt/"), ("https://evil.test/", "/")],
    ids=["own-page", "other-host"],
)
def test_the_login_returns_to_the_page_asked_for_on_this_site_only(
    client, personas, idp, next_page, landing
):
    connect(personas, idp)
    idp.add_user("editor@tydal.test")
    url = reverse("sso:organisation_login", args=[personas.workspace.slug])
    provider_page = client.get(url, {"next": next_page}).url

    response = client.get(at_provider(provider_page, "editor@tydal.test"))

    assert response.url == landing


def test_a_secret_encrypted_under_a_dropped_key_says_what_to_do(client, personas, idp, settings):
    connect(personas, idp)
    settings.SECRET_KEY = "en-helt-ny-nokkel-" + "z" * 40

    response = client.get(reverse("sso:organisation_login", args=[personas.workspace.slug]))

    assert response.status_code == 500
    assert "legge inn klienthemmeligheten på nytt" in response.content.decode()
    assert "sso_flows" not in client.session
