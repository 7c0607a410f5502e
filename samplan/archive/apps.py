from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "samplan.archive"
    verbose_name = _("Archive hand-off (Noark 5)")
