from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samplan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from samplan.core import audit, freshness, threadlocals

        freshness.connect()
        audit.speed_up_history_managers()
        threadlocals.use_thread_locals()
