from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("kommune/<str:knr>/planer/", views.plan_list, name="list"),
    path("kommune/<str:knr>/planer/ny/", views.plan_edit, name="create"),
    path("kommune/<str:knr>/planer/import/", views.plan_import, name="import"),
    path("kommune/<str:knr>/planer/planhelse/", views.plan_health_page, name="health"),
    path("kommune/<str:knr>/planer/eksport.<str:file_format>", views.plan_export, name="export"),
    path("kommune/<str:knr>/planer/<int:pk>/", views.plan_detail, name="detail"),
    path("kommune/<str:knr>/planer/<int:pk>/endre/", views.plan_edit, name="edit"),
    path("kommune/<str:knr>/planer/<int:pk>/slett/", views.plan_delete, name="delete"),
    path("kommune/<str:knr>/rydding/", views.cleanup_page, name="cleanup"),
    path(
        "kommune/<str:knr>/rydding/planbehov.<str:file_format>",
        views.cleanup_export,
        name="cleanup_export",
    ),
    path("kommune/<str:knr>/rydding/godta-forslag/", views.cleanup_accept, name="cleanup_accept"),
    path("kommune/<str:knr>/rydding/ny-plan/", views.new_plan_decision, name="new_plan_decision"),
    path("kommune/<str:knr>/rydding/<int:pk>/", views.decision_edit, name="decision_edit"),
    path("planregister/mal.<str:file_format>", views.import_template, name="template"),
]
