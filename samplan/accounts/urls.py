from django.urls import path

from samplan.core.ratelimit import rate_limit

from . import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", rate_limit("login")(views.LoginView.as_view()), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
    path(
        "glemt-passord/",
        rate_limit("password_reset")(views.password_reset),
        name="password_reset",
    ),
    path("glemt-passord/sendt/", views.password_reset_done, name="password_reset_done"),
    path(
        "nytt-passord/<uidb64>/<token>/",
        rate_limit("password_reset")(views.password_reset_confirm),
        name="password_reset_confirm",
    ),
    path("nytt-passord/ferdig/", views.password_reset_complete, name="password_reset_complete"),
    path("konto/", views.profile, name="profile"),
]
