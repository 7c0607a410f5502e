from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "samplan.participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samplan.core.modules import (
            Module,
            StatusColumn,
            register_module,
            register_subject_links,
        )

        register_module(
            Module(
                key="participation",
                label=_("Participation"),
                url_name="participation:index",
                order=50,
                dashboard_template="participation/panels/participation.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                calendar_items=_calendar_items,
                status_columns=(
                    StatusColumn("consultations", _("Open consultations"), _status_cells),
                ),
            )
        )
        # The process plan's page lists the consultations tied to it (processes does not import
        # this app).
        register_subject_links("participation", _process_consultations)


def _process_consultations(municipality: object, subject: str) -> object:
    from .selectors import process_consultations

    return process_consultations(municipality, subject)  # type: ignore[arg-type]


def _panel(municipality: object) -> object:
    from .selectors import participation_panel

    return participation_panel(municipality)  # type: ignore[arg-type]


def _calendar_items(municipality: object, election_year: int) -> list:
    from .selectors import calendar_query

    return calendar_query(municipality, election_year)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_participation_create

    return example_participation_create(municipality)  # type: ignore[arg-type]


def _scale_data(municipality: object, rng: object) -> int:
    from .scale import participation_scale_create

    return participation_scale_create(municipality, rng)  # type: ignore[arg-type]


def _status_cells(municipalities: list, today: object) -> dict:
    from .selectors import open_consultation_cells

    return open_consultation_cells(municipalities, today)  # type: ignore[arg-type]
