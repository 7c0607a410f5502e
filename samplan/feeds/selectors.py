"""A municipality's public events, read from the audit history (core/audit.py): a plan adopted,
a consultation opened or its deadline moved, the planning strategy put on public display or
adopted or its statement deadline moved, a decision date recorded in plantakt.

Only public facts: a consultation or a strategy is read only in its public states (a draft, or a
consultation now back to draft, gives nothing), and only what their public pages show. One query
per source, whatever the number of records (the feed's query count is pinned).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samplan.core.dates import period_label
from samplan.municipalities.models import Municipality
from samplan.participation.models import Consultation
from samplan.participation.models import Status as ConsultationStatus
from samplan.plans.models import Plan, PlanStatus
from samplan.plantakt import engine
from samplan.plantakt.models import ItemDecision
from samplan.strategy.models import Strategy, StrategyStatus

MAX_EVENTS = 50
EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://samplan.no/hendelser")
DELETED = "-"
RECENT = datetime.timedelta(days=90)  # a plan entered as adopted this recently is news


@dataclass(frozen=True)
class Event:
    key: str  # unique and stable: the source, the object and the history row
    title: str
    description: str
    happened_at: datetime.datetime
    url: str

    @property
    def guid(self) -> str:
        return f"urn:uuid:{uuid.uuid5(EVENT_NAMESPACE, self.key)}"


Row = dict[str, object]
Rule = Callable[[Row | None, Row], Event | None]


def _day(value: object) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _transitions(rows: Iterable[Row], rule: Rule) -> Iterator[Event]:
    """Each history row with the row before it of the same object (rows ordered by object,
    then time); the rule says whether the change is an event."""
    previous: Row | None = None
    for row in rows:
        if previous is not None and previous["id"] != row["id"]:
            previous = None
        if row["history_type"] != DELETED:
            event = rule(previous, row)
            if event is not None:
                yield event
        previous = row


BOOKKEEPING = ("id", "history_id", "history_date", "history_type")


def _history(model: type, fields: tuple[str, ...], **filters: object) -> Iterable[Row]:
    """The history rows of `model` matching `filters`, only the fields the rule reads (not
    the long texts), by object and then time."""
    return (
        model.history.filter(**filters)  # type: ignore[attr-defined]
        .order_by("id", "history_date", "history_id")
        .values(*BOOKKEEPING, *fields)
    )


# The sources ----------------------------------------------------------------------------------


def _newly_adopted(previous: Row | None, row: Row) -> bool:
    """A plan that became current, or was entered as current with a recent adoption date (an
    old plan entered in the register, or imported, is no news)."""
    if row["status"] != PlanStatus.CURRENT:
        return False
    if previous is not None:
        return previous["status"] != PlanStatus.CURRENT
    adopted = row["adopted_date"]
    entered = timezone.localdate(row["history_date"])  # type: ignore[arg-type]
    return adopted is not None and entered - adopted <= RECENT  # type: ignore[operator]


def _plan_rule(knr: str) -> Rule:
    url = reverse("municipalities:detail", args=[knr])

    def rule(previous: Row | None, row: Row) -> Event | None:
        if not _newly_adopted(previous, row):
            return None
        day = row["adopted_date"] or row["history_date"]
        return Event(
            key=f"plan/{row['id']}/{row['history_id']}",
            title=_("Plan adopted: %(title)s") % {"title": row["title"]},
            description=_("%(title)s is adopted (%(date)s).")
            % {"title": row["title"], "date": _day(day)},
            happened_at=row["history_date"],  # type: ignore[arg-type]
            url=url,
        )

    return rule


def _consultation_rule(knr: str) -> Rule:
    def rule(previous: Row | None, row: Row) -> Event | None:
        if row["status"] == ConsultationStatus.DRAFT:
            return None
        url = reverse("participation:public", args=[knr, row["id"]])
        values = {"title": row["title"], "date": _day(row["closes_at"])}
        if previous is None or previous["status"] == ConsultationStatus.DRAFT:
            title = _("Consultation opened: %(title)s") % values
            description = _("Open for input until %(date)s.") % values
        elif previous["closes_at"] != row["closes_at"]:
            title = _("Deadline moved: %(title)s") % values
            description = _("The new deadline for input is %(date)s.") % values
        else:
            return None
        return Event(
            key=f"consultation/{row['id']}/{row['history_id']}",
            title=title,
            description=description,
            happened_at=row["history_date"],  # type: ignore[arg-type]
            url=url,
        )

    return rule


def _strategy_event(previous: Row | None, row: Row) -> tuple[str, str] | None:
    status = row["status"]
    values = {"period": period_label(row["period_start"])}  # type: ignore[arg-type]
    before = previous["status"] if previous is not None else None
    if status == StrategyStatus.ADOPTED and before != status:
        values["date"] = _day(row["adopted_on"])
        return _("Planning strategy %(period)s adopted") % values, _(
            "Adopted by the municipal council on %(date)s"
        ) % values
    if status == StrategyStatus.PUBLIC and before != status:
        values["date"] = _day(row["statement_deadline"])
        return _("Planning strategy %(period)s on public display") % values, _(
            "Statements by %(date)s."
        ) % values
    if (
        status == StrategyStatus.PUBLIC
        and previous["statement_deadline"] != row["statement_deadline"]
    ):  # type: ignore[index]
        values["date"] = _day(row["statement_deadline"])
        return _("Deadline moved: planning strategy %(period)s") % values, _(
            "Statements by %(date)s."
        ) % values
    return None


def _strategy_rule(knr: str) -> Rule:
    def rule(previous: Row | None, row: Row) -> Event | None:
        found = _strategy_event(previous, row)
        if found is None:
            return None
        return Event(
            key=f"strategy/{row['id']}/{row['history_id']}",
            title=found[0],
            description=found[1],
            happened_at=row["history_date"],  # type: ignore[arg-type]
            url=reverse("strategy:public", args=[knr, row["period_start"]]),
        )

    return rule


def _decision_rule(knr: str) -> Rule:
    url = reverse("municipalities:detail", args=[knr])

    def rule(previous: Row | None, row: Row) -> Event | None:
        title = engine.item_title(str(row["item_key"]))
        if title is None or (previous is not None and previous["decided_on"] == row["decided_on"]):
            return None
        return Event(
            key=f"decision/{row['id']}/{row['history_id']}",
            title=_("Decided: %(title)s") % {"title": title},
            description=_("Decided on %(date)s.") % {"date": _day(row["decided_on"])},
            happened_at=row["history_date"],  # type: ignore[arg-type]
            url=url,
        )

    return rule


def municipality_events(municipality: Municipality, limit: int = MAX_EVENTS) -> list[Event]:
    """The municipality's public events, newest first (four queries)."""
    knr = municipality.number
    public_consultations = Consultation.objects.filter(municipality=municipality).exclude(
        status=ConsultationStatus.DRAFT
    )
    public_strategies = Strategy.objects.filter(municipality=municipality).exclude(
        status=StrategyStatus.DRAFT, version_in_force__isnull=True
    )
    sources: list[tuple[Iterable[Row], Rule]] = [
        (
            _history(Plan, ("status", "title", "adopted_date"), municipality_id=knr),
            _plan_rule(knr),
        ),
        (
            _history(
                Consultation,
                ("status", "title", "closes_at"),
                id__in=public_consultations.values("id"),
            ),
            _consultation_rule(knr),
        ),
        (
            _history(
                Strategy,
                ("status", "period_start", "adopted_on", "statement_deadline"),
                id__in=public_strategies.values("id"),
            ),
            _strategy_rule(knr),
        ),
        (
            _history(ItemDecision, ("item_key", "decided_on"), municipality_id=knr),
            _decision_rule(knr),
        ),
    ]
    events = [event for rows, rule in sources for event in _transitions(rows, rule)]
    events.sort(key=lambda event: (event.happened_at, event.key), reverse=True)
    return events[:limit]
