"""Writes for plantakt: the period facts, decision dates, own items, feed tokens and the
administrator's corrections of election days and rules. Each validates before it writes."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.core.versioning import check_and_bump
from samplan.municipalities.models import Municipality

from . import engine, selectors
from .models import (
    CalendarFeed,
    ElectionPeriod,
    ItemDecision,
    MunicipalityPeriod,
    OwnItem,
    RuleSetting,
    token_hash,
)


def _as_validation_error(error: engine.PeriodError, field: str | None = None) -> ValidationError:
    return ValidationError({field: str(error)} if field else str(error))


@service
def period_save(
    *,
    municipality: Municipality,
    election_year: int,
    constituted_on: datetime.date | None,
    revise_master_plan: bool,
    user: object | None = None,
    expected_version: int | None = None,
) -> MunicipalityPeriod:
    """Record the constitution date and whether the master plan is revised. With
    `expected_version` (the version the planner's form was made from; 0 when none was stored)
    the save is refused with `StaleEdit` when someone else saved the period since (on the
    period page, or through the planning strategy's status form); nothing is written then."""
    try:
        engine.check_election_year(election_year)
        election_date, _confirmed = selectors.election(election_year)
        engine.check_constitution(election_date, constituted_on, selectors.rules())
    except engine.PeriodError as error:
        raise _as_validation_error(error, "constituted_on") from None
    period = _stored_period_locked(municipality, election_year) or MunicipalityPeriod(
        municipality=municipality, election_year=election_year
    )
    if period.pk is None and expected_version:
        raise ValidationError(_("This was removed by someone else in the meantime."), code="gone")
    period.constituted_on = constituted_on
    period.revise_master_plan = revise_master_plan
    period.full_clean()
    check_and_bump(period, expected_version)
    period.save()
    return period


def _stored_period_locked(
    municipality: Municipality, election_year: int
) -> MunicipalityPeriod | None:
    """The stored period; when there is none, the municipality's row locked first, so that of
    two first saves at once the second waits and then finds the first's (and, from a form made
    before it, is refused as stale: not a database error, not a lost save)."""
    stored = selectors.stored_period(municipality, election_year)
    if stored is None:
        Municipality.objects.select_for_update().filter(pk=municipality.pk).order_by().exists()
        stored = selectors.stored_period(municipality, election_year)
    return stored


def _check_decision_date(
    period: engine.Period, decided_on: datetime.date, today: datetime.date
) -> None:
    if decided_on > today:
        raise ValidationError({"decided_on": _("A decision date cannot be in the future.")})
    earliest = datetime.date(period.election_year - 1, 1, 1)
    if decided_on < earliest:
        raise ValidationError(
            {"decided_on": _("The date is long before the election period started.")}
        )


@service
def item_complete(
    *,
    municipality: Municipality,
    election_year: int,
    item_key: str,
    decided_on: datetime.date,
    today: datetime.date,
    user: object | None = None,
) -> ItemDecision:
    """Record the date a computed item was done (for a legal item: the decision date).
    Items that depend on it move."""
    period = selectors.period_for(municipality, election_year)
    try:
        item = period.item(item_key)
    except KeyError:
        raise ValidationError(_("There is no such item in this period.")) from None
    if item.kind == engine.EGEN:
        raise ValidationError(_("Complete your own items on their own page."))
    _check_decision_date(period, decided_on, today)
    if item_key == "council.constitution":
        stored = selectors.stored_period(municipality, election_year)
        try:
            period_save(
                municipality=municipality,
                election_year=election_year,
                constituted_on=decided_on,
                revise_master_plan=bool(stored and stored.revise_master_plan),
            )
        except ValidationError as error:
            raise ValidationError({"decided_on": error.messages}) from None
    decision = ItemDecision.objects.filter(
        municipality=municipality, election_year=election_year, item_key=item_key
    ).first() or ItemDecision(
        municipality=municipality, election_year=election_year, item_key=item_key
    )
    decision.decided_on = decided_on
    decision.full_clean()
    decision.save()
    return decision


@service
def item_reopen(
    *, municipality: Municipality, election_year: int, item_key: str, user: object | None = None
) -> None:
    """Remove a recorded decision date (the item is open again)."""
    stored = selectors.stored_period(municipality, election_year)
    if item_key == "council.constitution" and stored is not None:
        stored.constituted_on = None
        stored.save()
    for decision in ItemDecision.objects.filter(
        municipality=municipality, election_year=election_year, item_key=item_key
    ):
        decision.delete()


@service
def own_item_save(
    *, item: OwnItem, user: object | None = None, expected_version: int | None = None
) -> OwnItem:
    """Create, move or complete an own item. With `expected_version` (the version the planner's
    form was made from) the save is refused with `StaleEdit` when someone else saved the item
    since; nothing is written then."""
    item.full_clean()
    check_and_bump(item, expected_version)
    item.save()
    return item


@service
def own_item_delete(*, item: OwnItem, user: object | None = None) -> None:
    item.delete()


@service
def feed_regenerate(*, municipality: Municipality, user: object | None = None) -> str:
    """Create a new secret feed token (the old one stops working). Returns the token, which is
    not stored: only its hash is."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.filter(municipality=municipality).first() or CalendarFeed(
        municipality=municipality
    )
    feed.token_hash = token_hash(token)
    feed.full_clean()
    feed.save()
    return token


@service
def feed_revoke(*, municipality: Municipality, user: object | None = None) -> bool:
    """Revoke the feed. Returns whether there was one."""
    feed = CalendarFeed.objects.filter(municipality=municipality).first()
    if feed is None:
        return False
    feed.delete()
    return True


@service
def election_set(
    *,
    election_year: int,
    election_date: datetime.date,
    confirmed: bool,
    source: str = "",
    user: object | None = None,
) -> ElectionPeriod:
    """Correct an election day (administrator)."""
    row = ElectionPeriod.objects.filter(election_year=election_year).first() or ElectionPeriod(
        election_year=election_year
    )
    row.election_date = election_date
    row.confirmed = confirmed
    row.source = source or row.source
    row.full_clean()
    row.save()
    return row


@service
def rule_set(
    *, key: str, month: int, day: int, confirmed: bool, source: str = "", user: object | None = None
) -> RuleSetting:
    """Correct a deadline rule (administrator)."""
    row = RuleSetting.objects.filter(key=key).first() or RuleSetting(key=key)
    row.month = month
    row.day = day
    row.confirmed = confirmed
    row.source = source or row.source
    row.full_clean()
    row.save()
    return row
