"""API keys: one per program a user lets act for them in the open JSON API.

The key itself is shown once when it is made; only its SHA-256 is stored, with the first
characters (`prefix`) so the user can tell their keys apart."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords

# Every key starts with this, so a leaked key is recognisable (secret scanners, logs).
KEY_START = "spl_"


def key_hash(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A named API key of one user; it acts with exactly that user's rights."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("start of the key"), max_length=16)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at", "key_hash"])

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name", "created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
