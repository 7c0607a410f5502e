from django.urls import path

from . import live, views, views_assessment, views_course, views_forum

app_name = "politics"

_base = "kommune/<str:knr>/politikk"

urlpatterns = [
    path(f"{_base}/", views.index, name="index"),
    path(f"{_base}/verksted/ny/", views.workshop_create, name="workshop_create"),
    path(f"{_base}/verksted/<int:pk>/", views.workshop, name="workshop"),
    path(f"{_base}/verksted/<int:pk>/steg/", views.workshop_step, name="workshop_step"),
    path(f"{_base}/verksted/<int:pk>/koder/", views.workshop_codes, name="workshop_codes"),
    path(f"{_base}/verksted/<int:pk>/skjerm/", views.projector, name="projector"),
    path(f"{_base}/roller/", views.role_overview, name="roles"),
    path(f"{_base}/roller/<str:decision>/", views.delegation_edit, name="delegation"),
    path(f"{_base}/selvvurdering/", views_assessment.overview, name="assessment"),
    path(f"{_base}/selvvurdering/svar/", views_assessment.answer, name="assessment_answer"),
    path(
        f"{_base}/selvvurdering/<int:year>/selvvurdering.<str:file_format>",
        views_assessment.document,
        name="assessment_document",
    ),
    path(f"{_base}/opplaering/", views_course.course, name="course"),
    path(f"{_base}/opplaering/<str:part>/lest/", views_course.course_mark, name="course_mark"),
    path(
        f"{_base}/opplaering/folkevalgtopplaering.<str:file_format>",
        views_course.course_document,
        name="course_document",
    ),
    path(f"{_base}/planforum/", views_forum.forum_index, name="forum"),
    path(f"{_base}/planforum/nytt/", views_forum.forum_meeting, name="forum_new"),
    path(f"{_base}/planforum/<int:pk>/", views_forum.forum_meeting, name="forum_meeting"),
    # The members' phones: the short link of the QR code.
    path("v/<str:key>/", live.join, name="join"),
    path("v/<str:key>/kode/", live.join_with_code, name="join_code"),
    path("v/<str:key>/prikker/", live.dots, name="dots"),
    path("v/<str:key>/rangering/", live.ranking, name="ranking"),
    path("v/<str:key>/kommentar/", live.comment, name="comment"),
]
