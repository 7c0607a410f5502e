from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "samplan.goals"
    label = "goals"
    verbose_name = _("Goals and measures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samplan.core.modules import Module, register_module

        register_module(
            Module(
                key="goals",
                label=_("Goals and measures"),
                url_name="goals:index",
                order=50,
                dashboard_template="goals/panels/goals.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                calendar_items=_calendar_items,
            )
        )


def _panel(municipality: object) -> object:
    from .selectors import goals_panel

    return goals_panel(municipality)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_goals_create

    return example_goals_create(municipality)  # type: ignore[arg-type]


def _scale_data(municipality: object, rng: object) -> int:
    from .scale import goals_scale_create

    return goals_scale_create(municipality, rng)  # type: ignore[arg-type]


def _calendar_items(municipality: object, election_year: int) -> list:
    from .selectors import calendar_query

    return calendar_query(municipality, election_year)  # type: ignore[arg-type]
