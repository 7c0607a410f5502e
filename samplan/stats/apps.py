from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StatsConfig(AppConfig):
    name = "samplan.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from samplan.core.modules import Module, register_module

        register_module(
            Module(
                key="stats",
                label=_("Statistics"),
                url_name="stats:figures",
                order=20,
                dashboard_template="stats/panels/key_figures.html",
                panel_without_workspace=True,
                dashboard_panel=_panel,
                application_facts=_application_facts,
            )
        )
        register_module(
            Module(
                key="challenges",
                label=_("Challenge picture"),
                menu_label=pgettext_lazy("header menu", "Challenges"),
                url_name="stats:challenges",
                order=21,
            )
        )


def _panel(municipality: object) -> object:
    from .figures import key_figure_panel

    return key_figure_panel(municipality)  # type: ignore[arg-type]


def _application_facts(municipality: object) -> dict:
    from .figures import statistics_fact

    return statistics_fact(municipality)  # type: ignore[arg-type]
