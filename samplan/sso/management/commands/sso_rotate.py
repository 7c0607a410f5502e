"""samplan sso-rotate: encrypt every stored single sign-on client secret under the current
SECRET_KEY, after a key rotation (the old key in SAMPLAN_SECRET_KEY_FALLBACKS; docs/sso.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.sso import services
from samplan.sso.crypto import SecretUnreadable


class Command(SamplanCommand):
    help = gettext_lazy(
        "Encrypt the login providers' client secrets under the current secret key (after a "
        "key rotation)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = services.secrets_rotate(user=None)
        except SecretUnreadable as error:
            raise CommandError(
                _(
                    "A client secret cannot be decrypted with the current or old secret keys: "
                    "put the old key in SAMPLAN_SECRET_KEY_FALLBACKS, or have the "
                    "organisation's administrator enter the secret again."
                )
            ) from error
        self.stdout.write(
            _("%(count)d client secrets encrypted under the current key.") % {"count": count}
        )
