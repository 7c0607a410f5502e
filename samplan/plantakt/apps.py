from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlantaktConfig(AppConfig):
    name = "samplan.plantakt"
    label = "plantakt"
    verbose_name = _("Plan calendar")

    def ready(self) -> None:
        from samplan.core.modules import Module, StatusColumn, register_module

        register_module(
            Module(
                key="plantakt",
                label=_("Plan calendar"),
                url_name="plantakt:wheel",
                order=30,
                dashboard_template="plantakt/panels/next.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                status_columns=(
                    StatusColumn("legal_deadlines", _("Legal deadlines"), _status_cells),
                ),
                application_facts=_application_facts,
            )
        )


def _panel(municipality: object) -> object:
    from .selectors import next_panel

    return next_panel(municipality)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_plantakt_create

    return example_plantakt_create(municipality)  # type: ignore[arg-type]


def _scale_data(municipality: object, rng: object) -> int:
    from .scale import plantakt_scale_create

    return plantakt_scale_create(municipality, rng)  # type: ignore[arg-type]


def _status_cells(municipalities: list, today: object) -> dict:
    from .selectors import legal_deadline_cells

    return legal_deadline_cells(municipalities, today)  # type: ignore[arg-type]


def _application_facts(municipality: object) -> dict:
    from .selectors import timetable_fact

    return timetable_fact(municipality)  # type: ignore[arg-type]
