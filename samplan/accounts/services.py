"""Writes for accounts: password set-up e-mails and profile changes."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest

from .models import User


class _PasswordSetupForm(PasswordResetForm):
    """The reset form for one given user. Django's own form skips users without a usable
    password, and a newly added member has none yet, so it would never send the e-mail."""

    def __init__(self, user: User) -> None:
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email: str) -> list[User]:
        return [self.user] if self.user.is_active else []


def send_password_setup(*, request: HttpRequest, user: User) -> None:
    """E-mail a new user a link to choose their password (the password-reset flow)."""
    form = _PasswordSetupForm(user)
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="registration/password_setup_subject.txt",
            email_template_name="registration/password_setup_email.txt",
        )
