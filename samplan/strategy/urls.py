from django.urls import path

from . import views

app_name = "strategy"

_base = "kommune/<str:knr>/planstrategi/<int:period>"

urlpatterns = [
    path("kommune/<str:knr>/planstrategi/", views.index, name="index"),
    path("kommune/<str:knr>/planstrategi/start/", views.start, name="start"),
    path(f"{_base}/", views.detail, name="detail"),
    path(f"{_base}/status/", views.status_edit, name="status"),
    path(f"{_base}/del/<str:key>/", views.section_edit, name="section"),
    path(f"{_base}/horingsinstanser/ny/", views.body_edit, name="body_add"),
    path(f"{_base}/horingsinstanser/<int:pk>/", views.body_edit, name="body_edit"),
    path(f"{_base}/horingsinstanser/<int:pk>/slett/", views.body_delete, name="body_delete"),
    path(f"{_base}/prioriteringer/ny/", views.priority_add, name="priority_add"),
    path(f"{_base}/prioriteringer/<int:pk>/slett/", views.priority_delete, name="priority_delete"),
    path(f"{_base}/prioriteringer/<int:pk>/merk/", views.mark, name="mark"),
    path(f"{_base}/politikere/", views.members, name="members"),
    path(f"{_base}/les/", views.read, name="read"),
    path(f"{_base}/planstrategi.<str:file_format>", views.export, name="export"),
    path(f"{_base}/status/tilbake/", views.status_back, name="status_back"),
    path(f"{_base}/endring/", views.revision_start, name="revision_start"),
    path(
        f"{_base}/vedtatt/<int:number>/planstrategi.<str:file_format>",
        views.version_document,
        name="version_document",
    ),
    path("offentlig/<str:knr>/planstrategi/<int:period>/", views.public, name="public"),
    path(
        "offentlig/<str:knr>/planstrategi/<int:period>/planstrategi.<str:file_format>",
        views.public_document,
        name="public_document",
    ),
    path(
        "offentlig/<str:knr>/planstrategi/<int:period>/forslag.<str:file_format>",
        views.public_proposal,
        name="public_proposal",
    ),
]
