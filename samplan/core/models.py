"""Per-IP request counters for the public forms (see samplan.core.ratelimit), and the frozen
versions of decided things (see samplan.core.freeze)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """How many requests one client address made to one scope in one fixed time window.

    Kept in the database so every app process shares the same counts (no cache service)."""

    scope = models.CharField(max_length=40)
    ip = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "ip", "window_start"], name="core_ratelimit_unique_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.ip} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class FrozenVersion(models.Model):
    """A decided version of something (an adopted planning strategy; later a goal report or the
    handling of submissions) kept exactly as it was decided: its content and its files, each
    file with a SHA-256 checksum, and who froze it when. Written once and never changed; see
    samplan/core/freeze.py for the service and the mixin the decided models use."""

    subject_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    number = models.PositiveSmallIntegerField(_("version"))
    decided_on = models.DateField(_("decided on"))
    label = models.CharField(_("label"), max_length=300)
    content = models.JSONField(_("content"), default=dict, encoder=DjangoJSONEncoder)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        verbose_name = _("decided version")
        verbose_name_plural = _("decided versions")
        ordering = ["subject_type", "subject_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "number"], name="core_one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A frozen version is never changed.")
        super().save(*args, **kwargs)


class FrozenFile(models.Model):
    """One file of a frozen version (e.g. the PDF in Nynorsk), stored with its checksum."""

    version = models.ForeignKey(FrozenVersion, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=100)
    media_type = models.CharField(_("media type"), max_length=100)
    data = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("frozen file")
        verbose_name_plural = _("frozen files")
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="core_one_file_per_name")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A frozen file is never changed.")
        super().save(*args, **kwargs)

    @property
    def intact(self) -> bool:
        """True when the stored bytes still have the checksum taken when they were frozen."""
        return hashlib.sha256(bytes(self.data)).hexdigest() == self.sha256


class DataVersion(models.Model):
    """A counter per municipality (scope "m:<pk>") and one for data of no one municipality
    (scope "global") that every write to planning data increments, in the same transaction.

    Computed page data is cached under the current values, so a write in any process makes
    every process compute that municipality's data afresh (see samplan/core/freshness.py).
    """

    scope = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"


class MailStatus(models.TextChoices):
    WAITING = "venter", _("Waiting to be sent")
    RETRYING = "prøver_igjen", _("Not sent yet, tried again later")
    SENT = "sendt", _("Sent")
    FAILED = "feilet", _("Could not be delivered")


class OutgoingMail(models.Model):
    """An e-mail stored with the data that caused it and sent by the worker (core/mail.py)."""

    to = models.CharField(_("to"), max_length=1000)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"), max_length=100000)
    reply_to = models.EmailField(_("reply to"), blank=True)
    # What the e-mail is for (e.g. "participation.receipt"), for the log and for clean-up.
    purpose = models.CharField(_("purpose"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MailStatus.choices, default=MailStatus.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [models.Index(fields=["purpose", "status"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
