from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProcessesConfig(AppConfig):
    name = "samplan.processes"
    label = "processes"
    verbose_name = _("Process plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samplan.core.modules import (
            Module,
            StatusColumn,
            register_course_parts,
            register_module,
            register_workshop_subjects,
        )

        register_module(
            Module(
                key="processes",
                label=_("Process plans"),
                menu_label=pgettext_lazy("header menu", "Processes"),
                url_name="processes:index",
                order=50,
                dashboard_template="processes/panels/processes.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                calendar_items=_calendar_items,
                status_columns=(
                    StatusColumn(
                        "processes", _("Process plans"), _status_cells, summary=_status_summary
                    ),
                ),
            )
        )
        # The political arenas (issue 20): a workshop about a process plan saves its result to
        # it (politics' subject records show on the process page), and the elected members'
        # course has a part on the ongoing processes and where the members take part.
        register_workshop_subjects("processes", _workshop_subjects)
        register_course_parts("processes", _course_parts)


def _panel(municipality: object) -> object:
    from .selectors import dashboard_panel

    return dashboard_panel(municipality)  # type: ignore[arg-type]


def _calendar_items(municipality: object, election_year: int) -> list:
    from .selectors import calendar_query

    return calendar_query(municipality, election_year)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_process_create

    return example_process_create(municipality)  # type: ignore[arg-type]


def _scale_data(municipality: object, rng: object) -> int:
    from .scale import process_scale_create

    return process_scale_create(municipality, rng)  # type: ignore[arg-type]


def _workshop_subjects(municipality: object) -> list:
    from .arenas import workshop_subjects

    return workshop_subjects(municipality)  # type: ignore[arg-type]


def _course_parts(municipality: object) -> list:
    from .arenas import course_parts

    return course_parts(municipality)  # type: ignore[arg-type]


def _status_cells(municipalities: list, today: object) -> dict:
    from .selectors import running_process_cells

    return running_process_cells(municipalities, today)  # type: ignore[arg-type]


def _status_summary(municipalities: list, today: object) -> object:
    from .selectors import running_process_summary

    return running_process_summary(municipalities, today)  # type: ignore[arg-type]
