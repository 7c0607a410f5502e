"""The administrator's provider settings page, the encrypted client secret and key rotation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from samplan.municipalities.models import Role
from samplan.sso import crypto, services
from samplan.sso.models import Provider


def form(idp, **changes):
    return {
        "issuer": idp.issuer,
        "client_id": "samplan-tydal",
        "client_secret": "hemmelig-klient",
        "domains": "tydal.test, @Tydal.kommune.test",
        "default_role": Role.EDITOR,
        "groups_claim": "groups",
        "group_roles": "grp-leiing = admin\n\n grp-alle=reader ",
        "enabled": "on",
        **changes,
    }


def url(personas):
    return reverse("sso:settings", args=[personas.workspace.slug])


def test_the_administrator_connects_the_provider(client, personas, idp):
    client.force_login(personas.admin)

    page = client.get(url(personas))
    response = client.post(url(personas), form(idp))

    assert page.status_code == 200
    assert "http://testserver/innlogging/sso/tilbake/" in page.content.decode()
    assert response.status_code == 302
    provider = Provider.objects.get(organisation=personas.workspace)
    assert provider.issuer == idp.issuer
    assert provider.domain_list == ["tydal.test", "tydal.kommune.test"]
    assert provider.group_roles == {"grp-leiing": "admin", "grp-alle": "reader"}
    assert provider.default_role == Role.EDITOR
    assert "hemmelig-klient" not in provider.client_secret_encrypted
    assert crypto.decrypt(provider.client_secret_encrypted) == "hemmelig-klient"
    assert provider.history.get().history_user == personas.admin
    again = client.get(url(personas)).content.decode()
    assert "hemmelig-klient" not in again
    assert f'value="{idp.issuer}"' in again  # the form shows the stored settings
    assert "grp-leiing = admin" in again


def test_an_empty_secret_keeps_the_stored_one(client, personas, idp):
    client.force_login(personas.admin)
    client.post(url(personas), form(idp))

    response = client.post(url(personas), form(idp, client_secret="", client_id="ny-klient"))

    assert response.status_code == 302
    provider = Provider.objects.get(organisation=personas.workspace)
    assert (provider.client_id, crypto.decrypt(provider.client_secret_encrypted)) == (
        "ny-klient",
        "hemmelig-klient",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"client_secret": ""}, "Feltet er påkrevet"),
        ({"domains": "ikke et domene"}, "Ikke et e-postdomene"),
        ({"group_roles": "grp = sjef"}, "Linje 1"),
        ({"issuer": "http://idp.example.test"}, "https://"),
        ({"default_role": "owner"}, "gyldig valg"),
    ],
    ids=["no-secret", "domain", "group-line", "plain-http", "role"],
)
def test_bad_settings_are_refused_with_a_clear_message(client, personas, idp, changes, message):
    client.force_login(personas.admin)

    response = client.post(url(personas), form(idp, **changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Provider.objects.exists()


def test_an_issuer_without_discovery_is_refused(client, personas, idp):
    client.force_login(personas.admin)

    response = client.post(url(personas), form(idp, issuer=idp.issuer + "/feil"))

    assert response.status_code == 400
    assert "oppdagelsesdokument" in response.content.decode()
    assert not Provider.objects.exists()


def test_a_provider_that_is_slow_to_answer_discovery_is_refused(client, personas, idp):
    client.force_login(personas.admin)
    idp.set_mode("slow", delay=3)

    response = client.post(url(personas), form(idp))

    assert response.status_code == 400
    assert "svarte ikke i tide" in response.content.decode()
    assert not Provider.objects.exists()


def test_a_domain_of_another_organisation_is_refused(client, personas, idp):
    services.provider_save(
        organisation=personas.other_workspace,
        issuer=idp.issuer,
        client_id="utsira",
        client_secret="x",
        domains=["tydal.test"],
        default_role=Role.READER,
        groups_claim="groups",
        group_roles={},
        enabled=True,
        user=personas.outsider_admin,
    )
    client.force_login(personas.admin)

    response = client.post(url(personas), form(idp))

    assert response.status_code == 400
    assert "allerede" in response.content.decode()


@pytest.mark.parametrize("member", ["editor", "reader"])
def test_members_who_are_not_administrators_are_refused(client, personas, idp, member):
    client.force_login(getattr(personas, member))

    assert client.get(url(personas)).status_code == 403
    assert client.post(url(personas), form(idp)).status_code == 403
    assert not Provider.objects.exists()


def test_the_organisation_page_links_the_settings_for_administrators_only(client, personas):
    page = reverse("municipalities:organisation", args=[personas.workspace.slug])
    client.force_login(personas.admin)
    assert url(personas) in client.get(page).content.decode()
    client.force_login(personas.editor)
    assert url(personas) not in client.get(page).content.decode()


def test_a_secret_survives_a_key_rotation(settings, db):
    settings.SECRET_KEY = "gammel-nokkel-" + "x" * 40
    old = crypto.encrypt("hemmelig")
    settings.SECRET_KEY = "ny-nokkel-" + "y" * 40

    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(old)
    settings.SECRET_KEY_FALLBACKS = ["gammel-nokkel-" + "x" * 40]
    assert crypto.decrypt(old) == "hemmelig"
    rotated = crypto.rotate(old)
    settings.SECRET_KEY_FALLBACKS = []
    assert crypto.decrypt(rotated) == "hemmelig"


def test_the_rotate_command_encrypts_every_secret_under_the_new_key(settings, personas, idp):
    settings.SECRET_KEY = "gammel-nokkel-" + "x" * 40
    connect = {
        "issuer": idp.issuer,
        "client_id": "c",
        "client_secret": "hemmelig",
        "domains": ["tydal.test"],
        "default_role": Role.READER,
        "groups_claim": "groups",
        "group_roles": {},
        "enabled": True,
    }
    services.provider_save(organisation=personas.workspace, **connect, user=personas.admin)
    settings.SECRET_KEY = "ny-nokkel-" + "y" * 40
    with pytest.raises(CommandError, match="SAMPLAN_SECRET_KEY_FALLBACKS"):
        call_command("sso_rotate", stdout=StringIO())
    settings.SECRET_KEY_FALLBACKS = ["gammel-nokkel-" + "x" * 40]

    out = StringIO()
    call_command("sso_rotate", stdout=out)

    assert "1 klienthemmeligheter" in out.getvalue()
    settings.SECRET_KEY_FALLBACKS = []
    stored = Provider.objects.get().client_secret_encrypted
    assert crypto.decrypt(stored) == "hemmelig"
