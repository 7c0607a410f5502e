"""Changes made by an intercommunal plan office's planners are recorded as the office's.

The office's planners edit in the municipalities it serves (their role in the office,
samplan.municipalities.permissions). When a planner saves anything audited that belongs to
such a municipality, the historical record gets the office as its reason ("Done by … on behalf
of the municipality"), so the municipality's history says which office did it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samplan.core.audit import HistoricalRecords
from samplan.municipalities.models import OrganisationKind
from samplan.municipalities.permissions import access_map


def _municipality_numbers(instance: Any) -> list[str]:
    hook = getattr(instance, "cache_municipality_ids", None)
    if hook is not None:
        return list(hook() or [])
    number = getattr(instance, "municipality_id", None)
    return [number] if isinstance(number, str) else []


def record_office(sender: type, *, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """pre_create_historical_record: name the office a change was made through."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or history_instance.history_change_reason:
        return
    accesses = access_map(user)
    for number in _municipality_numbers(instance):
        access = accesses.get(number)
        if access is not None and access.via.kind == OrganisationKind.INTERCOMMUNAL:
            history_instance.history_change_reason = _(
                "Done by %(office)s on behalf of the municipality"
            ) % {"office": access.via.name}
            return
