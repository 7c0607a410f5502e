from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "samplan.api"
    label = "api"
    verbose_name = _("Open API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from samplan.core.modules import ProfileSection, register_profile_section

        register_profile_section(
            ProfileSection(key="api", template="api/profile_section.html", context=_tokens)
        )


def _tokens(user: object) -> object:
    from .selectors import tokens_of

    return {"tokens": tokens_of(user)}
