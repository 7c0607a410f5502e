from django.urls import path

from . import views

app_name = "goals"

_base = "kommune/<str:knr>/mal"
_plan = f"{_base}/handlingsdel/<int:year>"

urlpatterns = [
    path(f"{_base}/", views.index, name="index"),
    path(f"{_base}/satsingsomrade/nytt/", views.area_edit, name="area_add"),
    path(f"{_base}/satsingsomrade/<int:pk>/", views.area_edit, name="area_edit"),
    path(f"{_base}/satsingsomrade/<int:pk>/slett/", views.area_delete, name="area_delete"),
    path(f"{_base}/nytt/", views.goal_edit, name="goal_add"),
    path(f"{_base}/<int:pk>/", views.goal, name="goal"),
    path(f"{_base}/<int:pk>/endre/", views.goal_edit, name="goal_edit"),
    path(f"{_base}/<int:pk>/slett/", views.goal_delete, name="goal_delete"),
    path(f"{_base}/<int:pk>/strategier/", views.strategy_add, name="strategy_add"),
    path(f"{_base}/strategier/<int:pk>/slett/", views.strategy_delete, name="strategy_delete"),
    path(f"{_base}/<int:pk>/kommentarer/", views.comment_add, name="comment_add"),
    path(f"{_base}/<int:goal_pk>/indikatorer/ny/", views.indicator_edit, name="indicator_add"),
    path(f"{_base}/indikatorer/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path(f"{_base}/indikatorer/<int:pk>/verdier/", views.indicator_values, name="indicator_values"),
    path(f"{_base}/indikatorer/<int:pk>/slett/", views.indicator_delete, name="indicator_delete"),
    path(f"{_base}/handlingsdel/", views.plans, name="plans"),
    path(f"{_base}/handlingsdel/ny/", views.plan_create, name="plan_create"),
    path(f"{_plan}/", views.plan, name="plan"),
    path(f"{_plan}/endringer/", views.plan_diff, name="plan_diff"),
    path(f"{_plan}/tiltak/nytt/", views.measure_edit, name="measure_add"),
    path(f"{_plan}/penger/", views.money, name="money"),
    path(f"{_plan}/budsjett/", views.budget_import, name="budget_import"),
    path(f"{_base}/tiltak/<int:pk>/", views.measure, name="measure"),
    path(f"{_base}/tiltak/<int:pk>/endre/", views.measure_edit, name="measure_edit"),
    path(f"{_base}/tiltak/<int:pk>/budsjettlinjer/", views.measure_links, name="measure_links"),
    path(f"{_base}/tiltak/<int:pk>/status/", views.measure_status, name="measure_status"),
    path(f"{_base}/tiltak/<int:pk>/slett/", views.measure_delete, name="measure_delete"),
    path(f"{_base}/oppfolging/<int:year>/", views.follow_up, name="follow_up"),
    path(
        f"{_base}/oppfolging/<int:year>/arsberetning/",
        views.report_adoption,
        name="report_adoption",
    ),
    path(f"{_base}/rapport/<int:year>.<str:file_format>", views.report, name="report"),
    path(f"{_base}/barekraft/", views.sdg, name="sdg"),
    path("offentlig/<str:knr>/mal/", views.public, name="public"),
    path("offentlig/<str:knr>/mal/<int:pk>/", views.public_goal, name="public_goal"),
]
