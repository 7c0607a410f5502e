"""E-mail notifications of guidance threads.

They go through the background worker (samplan.core.mail): each e-mail is stored with the comment
that caused it, in the same transaction (nothing is sent for a comment that was rolled back), and
`samplan worker` sends it, trying again while the mail server is down. The text is written when
it is queued, in the recipient's language: the worker has no request and no user, so it cannot
know the language then."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils import translation

from samplan.core.mail import mail_enqueue


def recipient_language(user: Any, municipality: Any) -> str:
    """The language a user reads e-mail in: the one they chose, else the municipality's
    language form (Bokmål or Nynorsk)."""
    return getattr(user, "language", "") or municipality.default_language


def notify(
    *,
    municipality: Any,
    recipients: Iterable[Any],
    message: Callable[[], tuple[str, str]],
    purpose: str,
) -> int:
    """Queue one e-mail to each recipient (a user; none sees the others' addresses), its subject
    and text made by `message()` in the recipient's language. Returns the number queued."""
    by_address = {user.email: user for user in recipients if user is not None and user.email}
    for address in sorted(by_address):
        with translation.override(recipient_language(by_address[address], municipality)):
            subject, body = message()
        mail_enqueue(to=[address], subject=subject, body=body, purpose=purpose)
    return len(by_address)
