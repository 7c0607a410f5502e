"""Single sign-on: an organisation's OpenID Connect provider, the accounts it has logged in, and
the log of its log-ins (docs/sso.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.municipalities.models import Organisation, Role


class Provider(models.Model):
    """The identity provider an organisation's administrator connected (e.g. Microsoft Entra ID).

    The client secret is stored encrypted (`crypto.py`) and never shown again; the history records
    who changed the settings, not the secret."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sso_provider",
        verbose_name=_("organisation"),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        help_text=_(
            "The provider's address; Samplan reads /.well-known/openid-configuration from it. "
            "Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0"
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret_encrypted = models.TextField(_("client secret (encrypted)"))
    domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        help_text=_(
            "The organisation's e-mail domains, separated by commas (e.g. tydal.kommune.no). "
            "Someone who types an address in one of them on the login page is sent to the "
            "provider."
        ),
    )
    default_role = models.CharField(
        _("role for new users"), max_length=10, choices=Role.choices, default=Role.READER
    )
    groups_claim = models.CharField(
        _("name of the group claim"), max_length=100, default="groups", blank=True
    )
    group_roles = models.JSONField(
        _("roles by group"),
        default=dict,
        blank=True,
        help_text=_("A group ID (as the provider sends it) and the role its members get."),
    )
    enabled = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["client_secret_encrypted"])

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("login provider")
        verbose_name_plural = _("login providers")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.issuer})"

    @property
    def domain_list(self) -> list[str]:
        return [item.strip().lower() for item in self.domains.split(",") if item.strip()]


class Identity(models.Model):
    """A user's account at a provider (its subject, `sub`): the next log-in finds the user by
    it, even if the e-mail address changed."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="identities", verbose_name=_("provider")
    )
    subject = models.CharField(_("subject at the provider"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso_identities",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("first login"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("login identity")
        verbose_name_plural = _("login identities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider}"


class Outcome(models.TextChoices):
    LOGIN = "login", _("Logged in")
    CREATED = "created", _("New user created")
    OTHER_ORGANISATION = "other_organisation", _("Refused: the e-mail belongs to another account")
    REMOVED = "removed", _("Refused: removed from the organisation")
    UNVERIFIED = "unverified", _("Refused: the e-mail address is not verified")
    ERROR = "error", _("Failed")


class LoginEvent(models.Model):
    """One log-in through a provider, successful or not: the audit log the administrator reads
    on the provider page. Written once, never changed."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="events", verbose_name=_("provider")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["provider", "-at"], name="sso_event_provider_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_outcome_display()} {self.email}"
