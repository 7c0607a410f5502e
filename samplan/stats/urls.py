from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("kommune/<str:knr>/statistikk/", views.figures_page, name="figures"),
    path("kommune/<str:knr>/utfordringsbilde/", views.challenges_page, name="challenges"),
    path(
        "kommune/<str:knr>/utfordringsbilde/<slug:key>/",
        views.statement_edit,
        name="statement_edit",
    ),
]
