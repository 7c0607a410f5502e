from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from samplan.core.modules import PanelRead


class PoliticsConfig(AppConfig):
    name = "samplan.politics"
    label = "politics"
    verbose_name = _("Political arenas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samplan.core.modules import (
            Module,
            register_course_parts,
            register_module,
            register_subject_records,
            register_workshop_subjects,
        )

        register_module(
            Module(
                key="politics",
                label=_("Political arenas"),
                menu_label=pgettext_lazy("header menu", "Politics"),
                url_name="politics:index",
                order=50,
                dashboard_template="politics/panels/politics.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                calendar_items=_calendar_items,
            )
        )
        # What a workshop can be about, from the modules on main today; process plans and
        # goals register theirs the same way.
        register_workshop_subjects("strategy", _strategy_subjects)
        # A closed workshop's result shows on the page of what it was about.
        register_subject_records("politics", _workshop_records)
        # The elected members' course: the parts made from the modules on main today; goals
        # ("the goals and their money") registers its part the same way.
        register_course_parts("politics", _course_parts)


def _panel(municipality: object) -> object:
    from .selectors import panel

    return panel(municipality)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_politics_create

    return example_politics_create(municipality)  # type: ignore[arg-type]


def _scale_data(municipality: object, rng: object) -> int:
    from .scale import politics_scale_create

    return politics_scale_create(municipality, rng)  # type: ignore[arg-type]


def _strategy_subjects(municipality: object) -> list:
    from .subjects import strategy_subjects

    return strategy_subjects(municipality)  # type: ignore[arg-type]


def _course_parts(municipality: object) -> list:
    from .course import own_parts

    return own_parts(municipality)  # type: ignore[arg-type]


def _calendar_items(municipality: object, election_year: int) -> list:
    from .forum import calendar_query

    return calendar_query(municipality, election_year)  # type: ignore[arg-type]


def _workshop_records(municipality: object, subject: str) -> PanelRead:
    from .subjects import workshop_records

    return workshop_records(municipality, subject)  # type: ignore[arg-type]
