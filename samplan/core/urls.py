from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("hjelp/", views.help_page, name="help"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
]
