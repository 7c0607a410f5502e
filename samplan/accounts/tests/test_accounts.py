"""Logging in, login throttling, password reset and set-up e-mails, the profile."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from samplan.core.testing import TEST_PASSWORD

LOGIN_URL = reverse("accounts:login")
WRONG_LOGIN_MESSAGES = (
    "The e-mail address or the password is wrong.",
    "E-postadressen eller passordet er feil.",
    "E-postadressa eller passordet er feil.",
)


def login(client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


def link_in(message) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Login ---------------------------------------------------------------------------------------


def test_login_with_email_and_password(client, personas):
    response = login(client, "editor@tydal.test", TEST_PASSWORD)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == personas.editor.pk


def test_a_login_keeps_no_log_of_the_address_and_browser_but_failures_are_counted(client, personas):
    from axes.models import AccessAttempt, AccessLog

    login(client, "editor@tydal.test", "wrong-password")
    assert AccessAttempt.objects.filter(username="editor@tydal.test").exists()

    response = login(client, "editor@tydal.test", TEST_PASSWORD)

    assert response.status_code == 302
    assert not AccessLog.objects.exists()
    # A successful login clears the failed attempts (AXES_RESET_ON_SUCCESS).
    assert not AccessAttempt.objects.filter(username="editor@tydal.test").exists()


def test_login_ignores_the_case_of_the_email(client, personas):
    response = login(client, "Editor@Tydal.TEST", TEST_PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_login_follows_a_safe_next_address(client, personas):
    response = client.post(
        LOGIN_URL + "?next=/konto/",
        {"username": "editor@tydal.test", "password": TEST_PASSWORD, "next": "/konto/"},
        REMOTE_ADDR="10.0.0.1",
    )

    assert response.url == "/konto/"


def test_login_ignores_a_next_address_on_another_site(client, personas):
    response = client.post(
        LOGIN_URL,
        {
            "username": "editor@tydal.test",
            "password": TEST_PASSWORD,
            "next": "https://evil.example/",
        },
        REMOTE_ADDR="10.0.0.1",
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_login_with_a_wrong_password_shows_an_error(client, personas):
    response = login(client, "editor@tydal.test", "wrong-password")

    assert response.status_code == 200
    page = response.content.decode()
    assert any(message in page for message in WRONG_LOGIN_MESSAGES)
    assert not is_logged_in(client)


def test_login_of_an_unknown_user_shows_the_same_error(client, personas):
    response = login(client, "nosuch@tydal.test", "wrong-password")

    assert response.status_code == 200
    assert any(message in response.content.decode() for message in WRONG_LOGIN_MESSAGES)


def test_inactive_user_cannot_log_in(client, personas):
    get_user_model().objects.filter(pk=personas.editor.pk).update(is_active=False)

    response = login(client, "editor@tydal.test", TEST_PASSWORD)

    assert response.status_code == 200
    assert not is_logged_in(client)


def test_login_is_locked_after_five_wrong_passwords(client, personas):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert login(client, "editor@tydal.test", "wrong-password").status_code == 200

    locked = login(client, "editor@tydal.test", "wrong-password")

    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    right_password = login(client, "editor@tydal.test", TEST_PASSWORD)
    assert right_password.status_code == 429
    assert not is_logged_in(client)


def test_lockout_applies_to_that_user_and_address_only(client, personas):
    for _attempt in range(5):
        login(client, "editor@tydal.test", "wrong-password", ip="10.0.0.1")

    assert login(client, "reader@tydal.test", TEST_PASSWORD, ip="10.0.0.1").status_code == 302
    client.logout()
    assert login(client, "editor@tydal.test", TEST_PASSWORD, ip="10.0.0.2").status_code == 302


def test_successful_login_resets_the_failure_count(client, personas):
    for _attempt in range(4):
        login(client, "editor@tydal.test", "wrong-password")
    assert login(client, "editor@tydal.test", TEST_PASSWORD).status_code == 302
    client.logout()

    for _attempt in range(4):
        assert login(client, "editor@tydal.test", "wrong-password").status_code == 200


def test_logout_needs_a_post_and_ends_the_session(client, personas):
    client.force_login(personas.editor)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not is_logged_in(client)


def test_an_expired_or_unknown_session_is_logged_out(client, personas):
    import datetime

    from samplan.accounts.models import Session

    client.force_login(personas.editor)
    assert is_logged_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert not is_logged_in(client)

    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32  # a guessed key
    assert not is_logged_in(client)


def test_a_logged_in_user_who_is_deactivated_is_logged_out_at_once(client, personas):
    client.force_login(personas.editor)
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200

    get_user_model().objects.filter(pk=personas.editor.pk).update(is_active=False)

    assert client.get(profile).status_code == 302  # to the login page


def test_a_session_made_with_djangos_model_backend_stays_logged_in(client, personas):
    # Sessions from before samplan.accounts.backends.UserBackend name Django's ModelBackend.
    client.force_login(personas.editor, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert response.context["user"] == personas.editor


# Password reset and set-up -------------------------------------------------------------------


def test_password_reset_sends_a_working_link(client, personas, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "editor@tydal.test"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["editor@tydal.test"]
    link = link_in(message)
    assert link.startswith("/nytt-passord/")

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    new_password = "et-helt-nytt-passord-2025"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    client.logout()
    assert login(client, "editor@tydal.test", new_password).status_code == 302


def test_password_reset_link_works_only_once(client, personas, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": "editor@tydal.test"})
    link = link_in(mailoutbox[0])
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "nytt-passord-nummer-1", "new_password2": "nytt-passord-nummer-1"},
    )

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(
    client, personas, mailoutbox
):
    response = client.post(reverse("accounts:password_reset"), {"email": "nosuch@tydal.test"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_adding_a_new_user_as_member_sends_a_password_setup_email(client, personas, mailoutbox):
    client.force_login(personas.admin)

    response = client.post(
        reverse("municipalities:member_add", args=[personas.workspace.slug]),
        {"email": "ny@tydal.test", "name": "Ny Person", "role": "editor"},
    )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ny@tydal.test"]
    link = link_in(mailoutbox[0])
    client.logout()
    page = client.get(link, follow=True)
    assert page.context["validlink"] is True
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "mitt-forste-passord", "new_password2": "mitt-forste-passord"},
    )
    assert login(client, "ny@tydal.test", "mitt-forste-passord").status_code == 302


def test_adding_an_existing_user_as_member_sends_no_email(client, personas, mailoutbox):
    client.force_login(personas.admin)

    response = client.post(
        reverse("municipalities:member_add", args=[personas.workspace.slug]),
        {"email": "admin@utsira.test", "role": "reader"},
    )

    assert response.status_code == 302
    assert mailoutbox == []


# Profile -------------------------------------------------------------------------------------


def test_profile_shows_the_own_memberships(client, personas):
    client.force_login(personas.adviser)

    response = client.get(reverse("accounts:profile"))

    page = response.content.decode()
    assert "adviser@trondelag.test" in page
    assert personas.county_org.name in page


def test_profile_saves_name_and_language_and_sets_the_language_cookie(client, personas):
    client.force_login(personas.reader)

    response = client.post(reverse("accounts:profile"), {"name": "Rita Ny", "language": "nn"})

    assert response.status_code == 302
    personas.reader.refresh_from_db()
    assert (personas.reader.name, personas.reader.language) == ("Rita Ny", "nn")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"


def test_profile_refuses_an_unknown_language(client, personas):
    client.force_login(personas.reader)

    response = client.post(reverse("accounts:profile"), {"name": "Rita", "language": "de"})

    assert response.status_code == 400
    personas.reader.refresh_from_db()
    assert personas.reader.language == ""


@pytest.mark.parametrize("email", ["", "  "])
def test_creating_a_user_without_email_fails(db, email):
    with pytest.raises(ValueError):
        get_user_model().objects.create_user(email=email)


def test_users_are_stored_with_a_lowercase_email(db):
    user = get_user_model().objects.create_user(email="Per.Person@Tydal.TEST", name="Per Person")

    assert user.email == "per.person@tydal.test"
    assert str(user) == "Per Person"
    assert user.get_short_name() == "Per"


def test_logging_in_stamps_last_login_without_an_empty_history_row(client, personas):
    from django.urls import reverse

    from samplan.core.testing import TEST_PASSWORD

    user = personas.editor
    before = user.history.count()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == before


# The request's user once read (accounts/middleware.py) -------------------------------------


def _request_through_the_middleware(rf, client, user):
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.utils.functional import SimpleLazyObject

    from samplan.accounts.middleware import AuthenticationMiddleware

    client.force_login(user)
    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    SessionMiddleware(lambda request: None).process_request(request)
    AuthenticationMiddleware(lambda request: None).process_request(request)
    assert isinstance(request.user, SimpleLazyObject)  # not read before something asks
    return request


def test_the_request_user_is_the_user_itself_once_read(rf, client, personas):
    from django.utils.functional import SimpleLazyObject

    request = _request_through_the_middleware(rf, client, personas.editor)
    lazy = request.user

    assert lazy.pk == personas.editor.pk  # the first read
    assert not isinstance(request.user, SimpleLazyObject)
    assert request.user == personas.editor and request.user is request._cached_user


def test_a_user_set_during_the_request_is_not_replaced_by_the_first_read(rf, client, personas):
    from django.contrib.auth.models import AnonymousUser

    request = _request_through_the_middleware(rf, client, personas.editor)
    lazy = request.user
    request.user = AnonymousUser()  # as auth.logout does

    assert lazy.pk == personas.editor.pk  # the lazy object read afterwards
    assert isinstance(request.user, AnonymousUser)
