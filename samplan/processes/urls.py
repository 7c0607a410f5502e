from django.urls import path

from . import views

app_name = "processes"

_root = "kommune/<str:knr>/prosesser"
_base = f"{_root}/<int:pk>"

urlpatterns = [
    path("organisasjon/<slug:slug>/prosessmaler/", views.county_templates, name="county_templates"),
    path(
        "organisasjon/<slug:slug>/prosessmaler/ny/",
        views.county_template_edit,
        name="county_template_add",
    ),
    path(
        "organisasjon/<slug:slug>/prosessmaler/<int:tpk>/",
        views.county_template_edit,
        name="county_template_edit",
    ),
    path(f"{_root}/", views.index, name="index"),
    path(f"{_root}/ny/", views.process_new, name="new"),
    path(f"{_root}/aktorregister/", views.register, name="register"),
    path(f"{_root}/aktorregister/ny/", views.actor_edit, name="actor_add"),
    path(f"{_root}/aktorregister/<int:apk>/", views.actor_edit, name="actor_edit"),
    path(f"{_root}/aktorregister/<int:apk>/slett/", views.actor_delete, name="actor_delete"),
    path(f"{_root}/maler/", views.templates, name="templates"),
    path(f"{_root}/maler/<slug:slug>/", views.template_detail, name="template"),
    path(f"{_base}/", views.detail, name="detail"),
    path(f"{_base}/om/", views.process_edit, name="edit"),
    path(f"{_base}/onsket-resultat/", views.result_edit, name="result"),
    path(f"{_base}/sporsmal/<str:key>/", views.question_edit, name="question"),
    path(f"{_base}/delresultat/ny/", views.interim_edit, name="interim_add"),
    path(f"{_base}/delresultat/<int:rid>/", views.interim_edit, name="interim_edit"),
    path(f"{_base}/faser/ny/", views.phase_edit, name="phase_add"),
    path(f"{_base}/faser/<int:fid>/", views.phase_edit, name="phase_edit"),
    path(f"{_base}/faser/<int:fid>/aktiviteter/ny/", views.activity_edit, name="activity_add"),
    path(f"{_base}/aktiviteter/<int:aid>/", views.activity_edit, name="activity_edit"),
    path(f"{_base}/aktorer/", views.actors, name="actors"),
    path(f"{_base}/aktorer/ny/", views.role_edit, name="role_add"),
    path(f"{_base}/aktorer/<int:rid>/", views.role_edit, name="role_edit"),
    path(f"{_base}/krefter/ny/", views.force_edit, name="force_add"),
    path(f"{_base}/krefter/<int:fid>/", views.force_edit, name="force_edit"),
    path(f"{_base}/slett/<str:part>/<int:item_pk>/", views.item_delete, name="delete"),
    path(f"{_base}/tidslinje/", views.timeline, name="timeline"),
    path(f"{_base}/historikk/", views.history, name="history"),
    path(f"{_base}/oversikt/", views.overview, name="overview"),
    path(f"{_base}/endringer-i-malen/", views.changes, name="changes"),
    path(f"{_base}/prosessplan.<str:file_format>", views.export, name="export"),
    path(f"{_base}/arbeidsark.pdf", views.worksheet, name="worksheet"),
]
