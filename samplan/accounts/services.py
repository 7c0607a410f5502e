"""Writes for accounts: password set-up e-mails and profile changes."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest

from .models import User


def send_password_setup(request: HttpRequest, user: User) -> None:
    """E-mail a new user a link to choose their password (the password-reset flow)."""
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="registration/password_setup_subject.txt",
            email_template_name="registration/password_setup_email.txt",
        )
