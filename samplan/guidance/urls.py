from django.urls import path

from . import views

app_name = "guidance"

_base = "kommune/<str:knr>/veiledning"

urlpatterns = [
    path("veiledning/<slug:slug>/", views.board, name="board"),
    path("veiledning/<slug:slug>/status.xlsx", views.board_export, name="board_export"),
    path(f"{_base}/", views.municipality, name="municipality"),
    path(f"{_base}/ny/", views.thread_new, name="thread_new"),
    path(f"{_base}/traad/<int:pk>/", views.thread, name="thread"),
    path(f"{_base}/traad/<int:pk>/status/", views.thread_status, name="thread_status"),
    path(f"{_base}/dialog/ny/", views.meeting_edit, name="meeting_new"),
    path(f"{_base}/dialog/<int:pk>/", views.meeting, name="meeting"),
    path(f"{_base}/dialog/<int:pk>/endre/", views.meeting_edit, name="meeting_edit"),
    path(f"{_base}/dialog/<int:pk>/oppfolging/", views.follow_up_add, name="follow_up_add"),
    path(
        f"{_base}/dialog/<int:pk>/oppfolging/<int:follow_up>/",
        views.follow_up_done,
        name="follow_up_done",
    ),
    path(f"{_base}/statsforvalter/", views.invite, name="invite"),
]
