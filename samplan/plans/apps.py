from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    name = "samplan.plans"
    label = "plans"
    verbose_name = _("Plan register")

    def ready(self) -> None:
        from samplan.core.modules import Module, StatusColumn, register_module

        register_module(
            Module(
                key="plans",
                label=_("Plan register"),
                menu_label=pgettext_lazy("header menu", "Plans"),
                url_name="plans:list",
                order=10,
                dashboard_template="plans/panels/health.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                status_columns=(
                    StatusColumn(
                        "plans_overdue",
                        _("Overdue plan revisions"),
                        _status_cells,
                        summary=_status_summary,
                    ),
                ),
                application_facts=_application_facts,
            )
        )
        register_module(
            Module(
                key="cleanup",
                label=_("Clean-up"),
                url_name="plans:cleanup",
                order=11,
            )
        )


def _panel(municipality: object) -> object:
    from .selectors import plan_health_panel

    return plan_health_panel(municipality)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_plans_create

    return example_plans_create(municipality)  # type: ignore[arg-type]


def _scale_data(municipality: object, rng: object) -> int:
    from .scale import plans_scale_create

    return plans_scale_create(municipality, rng)  # type: ignore[arg-type]


def _status_cells(municipalities: list, today: object) -> dict:
    from .selectors import overdue_revision_cells

    return overdue_revision_cells(municipalities, today)  # type: ignore[arg-type]


def _status_summary(municipalities: list, today: object) -> object:
    from .selectors import overdue_revision_summary

    return overdue_revision_summary(municipalities, today)  # type: ignore[arg-type]


def _application_facts(municipality: object) -> dict:
    from .selectors import samfunnsdel_fact

    return samfunnsdel_fact(municipality)  # type: ignore[arg-type]
