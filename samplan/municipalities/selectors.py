"""Reads about municipalities shared by views, middleware and the CLI."""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _

from samplan.core.audit import HistoryEntry, newest_entries, prepared_history
from samplan.core.instances import PreparedInstances, in_order
from samplan.core.prepared import PreparedQuery
from samplan.core.queries import read_together

from . import numbers
from .models import Membership, Municipality, Organisation
from .numbers import Renumbering


@lru_cache(maxsize=1)
def _language_forms() -> dict[str, str]:
    try:
        return {
            number: Municipality(language_form=form).default_language
            for number, form in Municipality.objects.values_list("number", "language_form")
        }
    except DatabaseError:
        return {}


def municipality_language(number: str) -> str | None:
    """The UI language that fits municipality `number` ("nb" or "nn"), None if unknown."""
    return _language_forms().get(number)


def clear_language_cache() -> None:
    _language_forms.cache_clear()


def was_removed(*, user_id: int, organisation: Organisation) -> bool:
    """Whether the user was a member of the organisation until someone removed them: the
    membership's history holds a deletion. Asked only where the user has no membership there
    now, so adding them again ends it."""
    return Membership.history.filter(
        user_id=user_id, organisation_id=organisation.pk, history_type="-"
    ).exists()


# The public municipality page's reads, the same SQL at every request: compiled once per
# process (core/prepared.py), as the session and memberships are.
_with_county = PreparedQuery(
    lambda number: Municipality.objects.select_related("county").filter(number=number),
    number="-1",
)


def public_municipality(number: str) -> Municipality:
    """Municipality `number` with its county, or Http404."""
    found = _with_county(number=number)
    if not found:
        raise Http404("No such municipality")
    return found[0]


# The strategy statuses the public sees (the strategy app's StrategyStatus values; the
# municipalities app does not import the modules built on it).
PUBLIC_STRATEGY_STATUSES = ("offentlig_ettersyn", "vedtatt")


def _public_strategies_query(number: str) -> QuerySet:
    # The base manager: the default one adds the council's constitution date (a subquery),
    # which the public page does not show.
    strategy = Municipality._meta.get_field("strategies").related_model
    return strategy._base_manager.filter(
        municipality_id=number, status__in=PUBLIC_STRATEGY_STATUSES
    ).order_by("-period_start")


_public_strategies = PreparedQuery(_public_strategies_query, number="-1")


def public_strategies(number: str) -> list:
    """The planning strategies of municipality `number` on public display or adopted, newest
    period first (none when the strategy module is not installed)."""
    try:
        Municipality._meta.get_field("strategies")
    except FieldDoesNotExist:
        return []
    return _public_strategies(number=number)


def members_and_history(
    organisation: Organisation, known: list[Municipality]
) -> tuple[list[Membership], list[HistoryEntry]]:
    """The organisation page's members (with their users, by name) and the history of the
    organisation and its memberships (recent_history's, `known`: the municipalities it follows,
    named in changes without a query), read in one query, its SQL made once per process."""
    members, *histories = read_together(
        [
            _MEMBERS(organisation=organisation.pk),
            *(history(organisation=organisation.pk) for history in _ORGANISATION_HISTORIES),
        ]
    )
    return in_order(members), newest_entries(histories, known=known)


_MEMBERS = PreparedInstances(
    lambda organisation: Membership.objects.filter(organisation_id=organisation).order_by(
        "user__name", "user__email"
    ),
    params={"organisation": int},
    related=("user",),
)
_ORGANISATION_HISTORIES = (
    prepared_history(
        lambda organisation: Organisation.history.filter(id=organisation),
        params={"organisation": int},
    ),
    prepared_history(
        lambda organisation: Membership.history.filter(organisation_id=organisation),
        params={"organisation": int},
        related=("user", "organisation"),
    ),
)


def network_overview(organisation: Organisation) -> list[Municipality]:
    """The municipalities a county or intercommunal office follows, with their workspaces."""
    # Read once with the user's memberships (permissions.access_map); read here otherwise.
    prefetch_related_objects(
        [organisation],
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.select_related("county", "workspace").order_by("name"),
        ),
    )
    return list(organisation.municipalities.all())


def renumbered_municipalities(
    number: str,
) -> tuple[Renumbering, list[Municipality]] | None:
    """An old municipality number and today's municipalities for it; None if not an old one."""
    renumbering = numbers.renumbering(number)
    if renumbering is None:
        return None
    current = list(Municipality.objects.filter(number__in=renumbering.current).order_by("number"))
    return renumbering, current


def renumbered_text(renumbering: Renumbering, current: list[Municipality]) -> str:
    """What to tell someone who typed an old number: the number to use, or the numbers of the
    municipalities that now cover a divided one."""
    if len(current) == 1:
        return _(
            "%(old)s was %(name)s's municipality number before %(year)s; "
            "use %(new)s (%(new_name)s)."
        ) % {
            "old": renumbering.number,
            "name": renumbering.name,
            "year": renumbering.changed_on.year,
            "new": current[0].number,
            "new_name": current[0].name,
        }
    return _(
        "%(old)s (%(name)s) was in use before %(year)s. Its area now belongs to several "
        "municipalities: %(list)s. Use the number of the one you mean."
    ) % {
        "old": renumbering.number,
        "name": renumbering.name,
        "year": renumbering.changed_on.year,
        "list": ", ".join(f"{m.number} {m.name}" for m in current),
    }
