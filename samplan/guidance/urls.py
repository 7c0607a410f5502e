from django.urls import path

from . import network_views, views

app_name = "guidance"

_base = "kommune/<str:knr>/veiledning"

urlpatterns = [
    path("veiledning/<slug:slug>/", views.board, name="board"),
    path("veiledning/<slug:slug>/status.xlsx", views.board_export, name="board_export"),
    path("veiledning/<slug:slug>/kontor/", views.office, name="office"),
    path("veiledning/<slug:slug>/kontor/<str:what>/", views.office_plan, name="office_plan"),
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

_network = "nettverk/<int:pk>"

urlpatterns += [
    path("nettverk/", network_views.network_list, name="networks"),
    path("nettverk/ny/", network_views.network_edit, name="network_new"),
    path("nettverk/erfaringer/", network_views.post_list, name="posts"),
    path("nettverk/erfaringer/<int:pk>/", network_views.post, name="post"),
    path(
        "nettverk/erfaringer/<int:pk>/vedlegg/",
        network_views.post_attachment,
        name="post_attachment",
    ),
    path(f"{_network}/", network_views.network, name="network"),
    path(f"{_network}/endre/", network_views.network_edit, name="network_edit"),
    path(f"{_network}/soknad/<str:knr>/", network_views.apply, name="apply"),
    path(
        f"{_network}/soknader/<int:application>/",
        network_views.application_decide,
        name="application_decide",
    ),
    path(f"{_network}/forlat/<str:knr>/", network_views.leave, name="leave"),
    path(f"{_network}/samlinger/ny/", network_views.gathering_edit, name="gathering_new"),
    path(f"{_network}/samlinger/<int:gathering>/", network_views.gathering, name="gathering"),
    path(
        f"{_network}/samlinger/<int:gathering>/endre/",
        network_views.gathering_edit,
        name="gathering_edit",
    ),
    path(
        f"{_network}/samlinger/<int:gathering>/<str:what>/",
        network_views.gathering_add,
        name="gathering_add",
    ),
    path(
        f"{_network}/samlinger/<int:gathering>/filer/<int:presentation>/",
        network_views.presentation,
        name="presentation",
    ),
    path(f"{_base}/erfaringer/ny/", network_views.post_new, name="post_new"),
]
