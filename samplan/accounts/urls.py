from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("glemt-passord/", views.password_reset, name="password_reset"),
    path("glemt-passord/sendt/", views.password_reset_done, name="password_reset_done"),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("nytt-passord/ferdig/", views.password_reset_complete, name="password_reset_complete"),
    path("konto/", views.profile, name="profile"),
]
