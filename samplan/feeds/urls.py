from django.urls import path

from .feeds import MunicipalityFeed

app_name = "feeds"

urlpatterns = [
    path("offentlig/<str:knr>/hendelser.atom", MunicipalityFeed(), name="municipality"),
]
