from django.urls import path

from . import views

app_name = "apikeys"

urlpatterns = [
    path("api/v1/docs", views.docs, name="docs"),
    path("konto/api-nokler/ny/", views.token_new, name="token_new"),
    path("konto/api-nokler/<int:pk>/slett/", views.token_delete, name="token_delete"),
]
