"""The providers' client secrets, encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) with a key derived from Django's
`SECRET_KEY` by HKDF-SHA256 (its own salt and purpose, so the key is used for nothing else).

Key rotation: put the old secret key in `SECRET_KEY_FALLBACKS` (the `SAMPLAN_SECRET_KEY_FALLBACKS`
environment variable) and the new one in `SECRET_KEY`. Secrets encrypted under a fallback key
still decrypt (MultiFernet tries every key); `samplan sso-rotate` re-encrypts them all under the
new key, after which the fallback can go. A secret no key decrypts (the old key was dropped too
early) is refused with a clear message: the administrator enters the secret again.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from cryptography.fernet import Fernet, MultiFernet

# `cryptography` is imported when a secret is read or written (an SSO log-in, the admin), not
# with the module: the URL configuration imports it in every server worker (sso/oidc.py).

SALT = b"samplan.sso.client-secret"
PURPOSE = b"fernet key for OIDC client secrets"


class SecretUnreadable(Exception):
    """No current or fallback key decrypts the stored secret."""


def _fernet(secret_key: str) -> Fernet:
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    from cryptography.fernet import MultiFernet

    fallbacks = getattr(settings, "SECRET_KEY_FALLBACKS", []) or []
    return MultiFernet([_fernet(settings.SECRET_KEY), *(_fernet(key) for key in fallbacks)])


def encrypt(plain: str) -> str:
    """The secret encrypted under the current key (text, for a TextField)."""
    return _keys().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable from error


def rotate(token: str) -> str:
    """The same secret, encrypted under the current key."""
    from cryptography.fernet import InvalidToken

    try:
        return _keys().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable from error
