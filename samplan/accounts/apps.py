from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samplan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login

        # Logging in only stamps last_login, which is not part of the audit history; Django's own
        # receiver would still write an empty "changed" history row for every log-in.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(_stamp_last_login, dispatch_uid="samplan_update_last_login")


def _stamp_last_login(sender: object, user: object, **kwargs: object) -> None:
    from django.utils import timezone

    user.last_login = timezone.now()  # type: ignore[attr-defined]
    user.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        user.save(update_fields=["last_login"])  # type: ignore[attr-defined]
    finally:
        del user.skip_history_when_saving  # type: ignore[attr-defined]
