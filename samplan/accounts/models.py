"""People who log in to Samplan: e-mail and password, with a name and a preferred language."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords


class SamplanUserManager(UserManager.from_queryset(AuditedQuerySet)):  # type: ignore[misc]
    """Creates users identified by e-mail address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        email = self.normalize_email((email or "").strip()).lower()
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractUser):
    """A person with a login. Access to municipalities comes from memberships, never from here."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        blank=True,
        choices=[("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")],
        help_text=_("Empty: the municipality's own language form."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = SamplanUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class Session(AbstractBaseSession):
    """A login session (Django's database session) that knows its user, so that each request
    reads the session and its user in one query (accounts/sessions.py). The user stays the one
    in the session's data; this column only lets the query join it."""

    # No database constraint: a session may outlive its user until it is next read (Django's
    # sessions behave so); deleting a user deletes their sessions.
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )

    # A login or a message writes the session; no cached page shows it (core/freshness).
    cache_untracked = True

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"
