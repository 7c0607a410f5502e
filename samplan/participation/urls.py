from django.urls import path

from . import public, views

app_name = "participation"

_base = "kommune/<str:knr>/medvirkning"
_one = f"{_base}/<int:pk>"

urlpatterns = [
    path(f"{_base}/", views.index, name="index"),
    path(f"{_base}/ny/", views.new, name="new"),
    path(f"{_base}/innsyn/", views.person, name="person"),
    path(f"{_one}/", views.detail, name="detail"),
    path(f"{_one}/rediger/", views.edit, name="edit"),
    path(f"{_one}/sporsmal/ny/", views.question_add, name="question_add"),
    path(f"{_one}/dokumenter/ny/", views.document_add, name="document_add"),
    path(f"{_one}/inviter/", views.invite, name="invite"),
    path(f"{_one}/innspill/ny/", views.submission_add, name="submission_add"),
    path(f"{_one}/innspill/<int:number>/", views.submission_process, name="process"),
    path(
        f"{_one}/innspill/<int:number>/vedlegg/<int:attachment>/",
        views.attachment,
        name="attachment",
    ),
    path(f"{_one}/lukk/", views.close, name="close"),
    path(f"{_one}/publiser-vurdering/", views.publish_assessment, name="publish_assessment"),
    path(f"{_one}/merknadsbehandling.<str:file_format>", views.export, name="export"),
    path("delta/<str:knr>/", public.public_index, name="public_index"),
    path("delta/<str:knr>/personvern/", public.privacy, name="privacy"),
    path("delta/<str:knr>/<int:pk>/", public.public, name="public"),
    path("delta/<str:knr>/<int:pk>/ung/", public.youth, name="youth"),
    path(
        "delta/<str:knr>/<int:pk>/dokument/<int:document>/",
        public.document_file,
        name="document",
    ),
    path("delta/<str:knr>/innspill/<str:token>/", public.own, name="own"),
]
