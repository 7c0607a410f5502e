from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "samplan.sso"
    label = "sso"
    verbose_name = _("Single sign-on")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from .logout import provider_logout

        # Logging out of Samplan logs out of the organisation's provider too (sso/logout.py).
        user_logged_out.connect(provider_logout, dispatch_uid="sso-provider-logout")
