from django.urls import path

from samplan.core.ratelimit import rate_limit

from . import views

app_name = "sso"

urlpatterns = [
    path("organisasjon/<slug:slug>/innlogging/", views.provider_settings, name="settings"),
    # Each of these asks the organisation's provider: counted as log-in attempts.
    path("innlogging/sso/", rate_limit("login")(views.email_login), name="email_login"),
    path("innlogging/sso/tilbake/", rate_limit("login", ("GET",))(views.callback), name="callback"),
    path(
        "innlogging/sso/<slug:slug>/",
        rate_limit("login", ("GET",))(views.organisation_login),
        name="organisation_login",
    ),
]
