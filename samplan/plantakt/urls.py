from django.urls import path

from . import views

app_name = "plantakt"

urlpatterns = [
    path("kommune/<str:knr>/plantakt/", views.wheel_page, name="wheel"),
    path("kommune/<str:knr>/plantakt/tidslinje/", views.timeline_page, name="timeline"),
    path("kommune/<str:knr>/plantakt/liste/", views.list_page, name="list"),
    path("kommune/<str:knr>/plantakt/periode/", views.period_page, name="period"),
    path("kommune/<str:knr>/plantakt/ny/", views.own_item_edit, name="item_new"),
    path("kommune/<str:knr>/plantakt/egne/<int:pk>/", views.own_item_edit, name="item_edit"),
    path("kommune/<str:knr>/plantakt/frist/<str:key>/", views.complete_page, name="complete"),
    path("kommune/<str:knr>/plantakt/kalender.ics", views.ics_download, name="ics"),
    path("kommune/<str:knr>/plantakt/abonnement/", views.feed_page, name="feed"),
    path(
        "kommune/<str:knr>/plantakt/abonnement/<str:token>.ics",
        views.feed_ics,
        name="feed_ics",
    ),
]
