from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StrategyConfig(AppConfig):
    name = "samplan.strategy"
    label = "strategy"
    verbose_name = _("Planning strategy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samplan.core import freeze
        from samplan.core.modules import Module, StatusColumn, register_module

        from .services import period_guard

        # The clean-up decisions of a period are part of its adopted strategy.
        freeze.register_guard("cleanup_period", period_guard)

        register_module(
            Module(
                key="strategy",
                label=_("Planning strategy"),
                menu_label=pgettext_lazy("header menu", "Strategy"),
                url_name="strategy:index",
                order=40,
                dashboard_template="strategy/panels/strategy.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                scale_data=_scale_data,
                status_columns=(StatusColumn("strategy", _("Planning strategy"), _status_cells),),
                guidance_targets=_guidance_targets,
            )
        )


def _panel(municipality: object) -> object:
    from .selectors import strategy_panel_read

    return strategy_panel_read(municipality)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_strategy_create

    return example_strategy_create(municipality)  # type: ignore[arg-type]


def _scale_data(municipality: object, rng: object) -> int:
    from .scale import strategy_scale_create

    return strategy_scale_create(municipality, rng)  # type: ignore[arg-type]


def _status_cells(municipalities: list, today: object) -> dict:
    from .selectors import strategy_status_cells

    return strategy_status_cells(municipalities, today)  # type: ignore[arg-type]


def _guidance_targets(municipality: object) -> list:
    from .selectors import strategy_guidance_targets

    return strategy_guidance_targets(municipality)  # type: ignore[arg-type]
