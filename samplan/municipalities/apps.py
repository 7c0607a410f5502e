from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "samplan.municipalities"
    label = "municipalities"
    verbose_name = _("Municipalities")

    def ready(self) -> None:
        from samplan.core.modules import Module, register_module

        register_module(
            Module(
                key="dashboard",
                label=_("Overview"),
                url_name="municipalities:dashboard",
                order=0,
                dashboard_template="municipalities/panels/key_figures.html",
                panel_without_workspace=True,
            )
        )
