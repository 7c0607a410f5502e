"""Random and hostile input to single sign-on: the provider settings form, the login page's e-mail
form and the callback. Never a server error, and nothing half-written. The issuer is only ever
the local test provider or an address that fails validation: no request leaves the machine."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samplan.municipalities.models import Membership
from samplan.sso.models import Identity, LoginEvent, Provider

TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80
)
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def state() -> tuple:
    return (
        sorted(Provider.objects.values_list("pk", "issuer", "client_id", "domains", "group_roles")),
        Identity.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )


@HYPOTHESIS
@given(
    client_id=TEXT,
    secret=TEXT,
    domains=TEXT | st.sampled_from(["tydal.test", "a.b, c.d", "@x.no"]),
    role=TEXT | st.sampled_from(["admin", "editor", "reader", "adviser"]),
    groups=TEXT | st.sampled_from(["g = admin", "=", "g=editor\nh=sjef", "\n\n"]),
    issuer_kind=st.sampled_from(["local", "empty", "garbage", "http-remote", "ftp"]),
)
def test_hostile_settings_never_give_a_server_error_or_a_partial_write(
    client, personas, idp, client_id, secret, domains, role, groups, issuer_kind
):
    issuer = {
        "local": idp.issuer,
        "empty": "",
        "garbage": "ikke en adresse",
        "http-remote": "http://idp.invalid",  # refused before any request: not https
        "ftp": "ftp://idp.invalid",
    }[issuer_kind]
    client.force_login(personas.admin)
    before = state()

    response = client.post(
        reverse("sso:settings", args=[personas.workspace.slug]),
        {
            "issuer": issuer,
            "client_id": client_id,
            "client_secret": secret,
            "domains": domains,
            "default_role": role,
            "group_roles": groups,
            "enabled": "on",
        },
    )

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert state() == before
    Provider.objects.all().delete()


@HYPOTHESIS
@given(
    query=st.dictionaries(st.sampled_from(["state", "code", "error", "error_description"]), TEXT)
)
def test_hostile_callbacks_never_give_a_server_error_or_write(client, personas, query):
    before = (state(), LoginEvent.objects.count())

    response = client.get(reverse("sso:callback"), query)

    assert response.status_code == 400
    assert (state(), LoginEvent.objects.count()) == before


@HYPOTHESIS
@given(email=TEXT | st.emails().map(str))
def test_hostile_emails_on_the_login_page_never_give_a_server_error(client, personas, email):
    response = client.post(reverse("sso:email_login"), {"email": email})

    assert response.status_code == 400
    assert "sso_flows" not in client.session
