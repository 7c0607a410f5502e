from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("kommune/", views.municipality_list, name="list"),
    path("kommune/<str:knr>/", views.municipality_detail, name="detail"),
    path("kommune/<str:knr>/oversikt/", views.dashboard, name="dashboard"),
    path("kommune/<str:knr>/kontakt/", views.contact_edit, name="contact"),
    path("organisasjon/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisasjon/<slug:slug>/medlemmer/ny/", views.member_add, name="member_add"),
    path(
        "organisasjon/<slug:slug>/medlemmer/<int:member_id>/",
        views.member_edit,
        name="member_edit",
    ),
    path("organisasjon/<slug:slug>/kommuner/", views.network_edit, name="network_edit"),
]
