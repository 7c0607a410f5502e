from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GoalsConfig(AppConfig):
    name = "samplan.goals"
    label = "goals"
    verbose_name = _("Goals and measures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samplan.core.modules import (
            Module,
            StatusColumn,
            register_course_parts,
            register_forum_points,
            register_module,
            register_workshop_subjects,
        )

        register_module(
            Module(
                key="goals",
                label=_("Goals and measures"),
                menu_label=pgettext_lazy("header menu", "Goals"),
                url_name="goals:index",
                order=50,
                dashboard_template="goals/panels/goals.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                calendar_items=_calendar_items,
                status_columns=(
                    StatusColumn(
                        "goal_report", _("Goal report"), _status_cells, summary=_status_summary
                    ),
                ),
                public_links=_public_links,
            )
        )
        # The political arenas (issue 20): a workshop about the goals or the measures saves its
        # result to them (politics' subject records show on the goal and handlingsdel pages),
        # and the elected members' course has a part on the goals and their money.
        register_workshop_subjects("goals", _workshop_subjects)
        register_course_parts("goals", _course_parts)
        # The plan forum's agenda: goals elected members commented on since the last meeting.
        register_forum_points("goals", _forum_points)


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


def _workshop_subjects(municipality: object) -> list:
    from .arenas import workshop_subjects

    return workshop_subjects(municipality)  # type: ignore[arg-type]


def _course_parts(municipality: object) -> list:
    from .arenas import course_parts

    return course_parts(municipality)  # type: ignore[arg-type]


def _public_links(municipality: object) -> list:
    from .arenas import public_links

    return public_links(municipality)  # type: ignore[arg-type]


def _status_cells(municipalities: list, today: object) -> dict:
    from .selectors import goal_report_cells

    return goal_report_cells(municipalities, today)  # type: ignore[arg-type]


def _status_summary(municipalities: list, today: object) -> object:
    from .selectors import goal_report_summary

    return goal_report_summary(municipalities, today)  # type: ignore[arg-type]


def _forum_points(municipality: object, since: object) -> list[str]:
    from .selectors import forum_points

    return forum_points(municipality, since)  # type: ignore[arg-type]
