"""Log in and out, reset a forgotten password, and edit one's own profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samplan.core.audit import history_entries
from samplan.core.modules import profile_sections

from .forms import LoginForm, ProfileForm


class LogoutView(auth_views.LogoutView):
    """Django's log-out (POST). An app that logged the user in elsewhere may send the browser on
    to log out there too: a `user_logged_out` receiver sets `request.logout_redirect` (single
    sign-on sends it to the identity provider's end-session endpoint)."""

    def get_success_url(self) -> str:
        return getattr(self.request, "logout_redirect", "") or super().get_success_url()


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest, credentials: dict | None = None, *args: object, **kwargs: object
) -> HttpResponse:
    """Shown instead of the login form after too many wrong passwords (django-axes)."""
    return render(request, "accounts/locked_out.html", status=429)


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own name and preferred language, and the history of their account."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        if user.language:
            from django.conf import settings

            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=60 * 60 * 24 * 365,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
    history = history_entries(request.user.history.select_related("history_user").all())
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "history": history,
            "memberships": memberships,
            "profile_sections": profile_sections(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )
