"""Reads of single sign-on: which provider a log-in goes to, and what the settings page shows."""

from __future__ import annotations

from samplan.core.audit import HistoryEntry, recent_history

from .models import LoginEvent, Provider

EVENTS_SHOWN = 20


def _enabled() -> object:
    return Provider.objects.filter(enabled=True).select_related("organisation")


def provider_for_organisation(slug: str) -> Provider | None:
    """The provider an organisation uses for log-in (None without one, or when it is off)."""
    return _enabled().filter(organisation__slug=slug).first()  # type: ignore[attr-defined]


def provider_for_email(email: str) -> Provider | None:
    """The provider of the organisation that owns the address's domain (None if none does)."""
    domain = email.strip().lower().rpartition("@")[2]
    if not domain:
        return None
    candidates = _enabled().filter(domains__icontains=domain)  # type: ignore[attr-defined]
    return next((item for item in candidates if domain in item.domain_list), None)


def login_choices() -> list[Provider]:
    """The organisations whose members can log in through their own provider, by name."""
    return list(_enabled().order_by("organisation__name"))  # type: ignore[attr-defined]


def recent_events(provider: Provider | None) -> list[LoginEvent]:
    if provider is None:
        return []
    return list(provider.events.select_related("user")[:EVENTS_SHOWN])


def provider_history(provider: Provider | None) -> list[HistoryEntry]:
    if provider is None:
        return []
    return recent_history(provider.history.all(), limit=20)
