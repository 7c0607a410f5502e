from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path(
        "kommune/<str:knr>/planstrategi/<int:period>/arkivpakke.zip",
        views.strategy,
        name="strategy",
    ),
    path(
        "kommune/<str:knr>/mal/oppfolging/<int:year>/arkivpakke.zip",
        views.goal_report,
        name="goal_report",
    ),
]
