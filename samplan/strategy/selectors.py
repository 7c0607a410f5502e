"""Reads for the planning strategy shared by views and the dashboard."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from samplan.core.audit import HistoryEntry, newest_entries, prepared_history
from samplan.core.instances import PreparedInstances, in_order
from samplan.core.models import FrozenFile, FrozenVersion
from samplan.core.modules import GuidanceTarget, PanelRead, StatusCell, panel_data, panel_read
from samplan.core.queries import PreparedRows, count_of, instance, json_date
from samplan.municipalities.models import County, Municipality
from samplan.plans.cleanup import current_period_start
from samplan.plantakt.selectors import stored_period_reads

from . import rules
from .models import (
    STATUS_ORDER,
    ConsultationBody,
    Priority,
    PriorityVote,
    Strategy,
    StrategyStatus,
)
from .rules import adoption_deadline
from .sections import SECTIONS

# A deadline this close is shown as due soon on the advisers' status board.
DUE_SOON_DAYS = 120


def current_strategy_panel(municipality: Municipality) -> dict[str, object]:
    """The current election period's strategy (or None) and its adoption deadline (one query:
    the constitution date comes with the strategy)."""
    return panel_data(strategy_panel_read(municipality))  # type: ignore[return-value]


def strategy_panel_read(municipality: Municipality) -> PanelRead:
    """The dashboard panel (current_strategy_panel), read with the other panels."""
    period = current_period_start()

    def strategy(pk: int, _date: object, data: dict) -> list[Strategy]:
        constituted_on = json_date(data.pop("stored_constituted_on"))
        return [instance(Strategy, pk, data, stored_constituted_on=constituted_on)]

    def panel(read: list[list]) -> dict[str, object]:
        found = read[0][0] if read[0] else None
        return {
            "strategy": found,
            "period": period,
            "period_end": period + 4,
            "deadline": adoption_deadline(found.constitution_date) if found else None,
        }

    return panel_read(
        _STRATEGY(items=strategy, municipality=municipality.pk, period=period), panel=panel
    )


_STRATEGY = PreparedRows(
    lambda municipality, period: Strategy.objects.filter(
        municipality_id=municipality, period_start=period
    ),
    params={"municipality": str, "period": int},
    fields=(
        "municipality_id",
        "period_start",
        "status",
        "shared_with_members",
        "workshop_on",
        "stored_constituted_on",
    ),
)


# County governor offices that serve more than one county (2024 county numbers).
_SHARED_GOVERNORS = {
    "03": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "31": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "32": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "33": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus",
    "39": "Statsforvalteren i Vestfold og Telemark",
    "40": "Statsforvalteren i Vestfold og Telemark",
    "55": "Statsforvalteren i Troms og Finnmark",
    "56": "Statsforvalteren i Troms og Finnmark",
}


def county_governor_name(county: County) -> str:
    return _SHARED_GOVERNORS.get(county.number, f"Statsforvalteren i {county.name}")


def previous_status(strategy: Strategy) -> str:
    """The label of the status one step back, or "" for a draft."""
    step = STATUS_ORDER.index(strategy.status)
    return str(StrategyStatus(STATUS_ORDER[step - 1]).label) if step else ""


def warnings(
    strategy: Strategy, bodies: list[ConsultationBody] | None = None
) -> list[rules.DateFinding]:
    """What breaks a rule now: the dates (PBL § 10-1) and the bodies not yet asked (`bodies`:
    the strategy's bodies when the caller has read them)."""
    findings = rules.date_findings(
        constitution=strategy.constitution_date,
        constitution_known=strategy.constituted_on is not None,
        public_from=strategy.public_from,
        council_meeting=strategy.council_meeting,
        adopted_on=strategy.adopted_on,
    )
    if strategy.status != StrategyStatus.DRAFT:
        if bodies is None:
            bodies = list(strategy.bodies.all())
        not_asked = [body.name for body in bodies if not body.asked_on]
        if not bodies:
            findings.append(
                rules.DateFinding(
                    "bodies",
                    _(
                        "Views must be obtained from state and regional bodies and neighbouring "
                        "municipalities (PBL § 10-1). The list is empty."
                    ),
                )
            )
        elif not_asked:
            findings.append(
                rules.DateFinding(
                    "bodies",
                    _("Not asked for their views yet: %(names)s.")
                    % {"names": ", ".join(not_asked)},
                )
            )
    return findings


@dataclass(frozen=True)
class DetailLists:
    """The lists of the strategy page: its bodies, candidate priorities (with `marks`, most
    first), frozen versions (oldest first, each with its `checksums`: the stored files) and
    the history of the strategy, its bodies and its priorities."""

    bodies: list[ConsultationBody]
    priorities: list[Priority]
    versions: list[FrozenVersion]
    history: list[HistoryEntry]


def detail_lists(strategy: Strategy) -> DetailLists:
    """The strategy page's lists, read in one query (core.queries.read_together)."""
    return panel_data(detail_lists_read(strategy))  # type: ignore[return-value]


def detail_lists_read(strategy: Strategy) -> PanelRead:
    """detail_lists as reads not yet made (to be read with the page's other reads), their SQL
    made once per process: the page makes them on every request."""
    content_type = ContentType.objects.get_for_model(strategy)  # cached by Django
    subject = {"subject_type": content_type.pk, "subject": strategy.pk}

    def lists(read: list[list]) -> DetailLists:
        bodies, priorities, versions, files, *histories = read
        versions = in_order(versions)
        files = in_order(files)
        for version in versions:
            version.checksums = [file for file in files if file.version_id == version.pk]
        return DetailLists(
            bodies=in_order(bodies),
            priorities=in_order(priorities),
            versions=versions,
            history=newest_entries(histories, known=versions),
        )

    return panel_read(
        _BODIES(strategy=strategy.pk),
        _PRIORITIES(strategy=strategy.pk),
        _VERSIONS(**subject),
        _FILES(**subject),
        *(history(strategy=strategy.pk) for history in _HISTORIES),
        panel=lists,
    )


_BODIES = PreparedInstances(
    lambda strategy: ConsultationBody.objects.filter(strategy_id=strategy), params={"strategy": int}
)
_PRIORITIES = PreparedInstances(
    lambda strategy: (
        Priority.objects.filter(strategy_id=strategy)
        .annotate(marks=count_of(PriorityVote.objects.filter(priority=OuterRef("pk"))))
        .order_by("-marks", "title")
    ),
    params={"strategy": int},
)
_VERSIONS = PreparedInstances(
    lambda subject_type, subject: FrozenVersion.objects.filter(
        subject_type_id=subject_type, subject_id=subject
    ).order_by("number"),
    params={"subject_type": int, "subject": int},
    fields=("subject_type", "subject_id", "number", "decided_on", "label", "frozen_at"),
    related=("frozen_by",),
)
_FILES = PreparedInstances(
    lambda subject_type, subject: FrozenFile.objects.filter(
        version__subject_type_id=subject_type, version__subject_id=subject
    ),
    params={"subject_type": int, "subject": int},
    fields=("version", "name", "sha256", "size"),
)
# The history of the strategy, its bodies and its priorities.
_HISTORIES = (
    prepared_history(
        lambda strategy: Strategy.history.filter(id=strategy), params={"strategy": int}
    ),
    prepared_history(
        lambda strategy: ConsultationBody.history.filter(strategy_id=strategy),
        params={"strategy": int},
    ),
    prepared_history(
        lambda strategy: Priority.history.filter(strategy_id=strategy), params={"strategy": int}
    ),
)


def _date(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def _strategy_cell(
    strategy: tuple[str, datetime.date | None] | None,
    constitution: datetime.date,
    today: datetime.date,
    words: dict[str, str],
    url: str,
) -> StatusCell:
    """The status-board cell of one municipality's current strategy (`strategy`: its status and
    adoption date; `constitution`: the council's constitution date of its period, as the
    strategy's `constitution_date`; `words`: _strategy_words; `url`: the strategy's page)."""
    deadline = adoption_deadline(constitution)
    if strategy is not None and strategy[0] == StrategyStatus.ADOPTED:
        adopted = _date(strategy[1]) if strategy[1] else ""
        return StatusCell(words["adopted"] % {"date": adopted}, sort=1_000_000, url=url)
    status = words[strategy[0]] if strategy else words["not_started"]
    days = (deadline - today).days
    if days < 0:
        when = words["late"] % {"days": -days}
    else:
        when = words["left"] % {"days": days}
    text = words["status"] % {"status": status, "deadline": _date(deadline), "when": when}
    urgency = 2 if days < 0 else 1 if days <= DUE_SOON_DAYS else 0
    return StatusCell(text, urgency=urgency, sort=days, url=url if strategy else "")


def _strategy_words() -> dict[str, str]:
    """The texts of the strategy column's cells, translated once for all rows (by key, and the
    statuses' names by status)."""
    return {
        **{status: str(label) for status, label in StrategyStatus.choices},
        "adopted": _("Adopted %(date)s"),
        "not_started": _("Not started"),
        "late": _("%(days)s days late"),
        "left": _("%(days)s days left"),
        "status": _("%(status)s · deadline %(deadline)s (%(when)s)"),
    }


def _url(strategy: Strategy) -> str:
    return reverse("strategy:detail", args=[strategy.municipality_id, strategy.period_start])


def strategy_status_cells(municipalities: list[Municipality], today: datetime.date) -> PanelRead:
    """The status board's planning-strategy column for many municipalities, as a read not yet
    made (the strategies and the stored periods, read with the other columns' in one query;
    `panel_data` makes it alone): the current period's strategy and its adoption deadline
    (days left or late)."""
    period = current_period_start(today)
    numbers = [municipality.number for municipality in municipalities]
    default = datetime.date(period, 10, 31)

    def cells(found: list[list[tuple]]) -> dict[str, StatusCell]:
        strategies = {number: (status, adopted) for number, status, adopted in found[0]}
        # The constitution dates of the period: a strategy's `constitution_date` is the same.
        constituted = {
            number: constituted_on for number, constituted_on, _ in found[1] if constituted_on
        }
        words = _strategy_words()
        url = reverse("strategy:detail", args=["knr", period])  # the number put in per row
        return {
            number: _strategy_cell(
                strategies.get(number),
                constituted.get(number, default),
                today,
                words,
                url.replace("knr", number),
            )
            for number in numbers
        }

    return panel_read(
        _CURRENT(
            items=lambda _pk, _date, data: [
                (data["municipality_id"], data["status"], json_date(data["adopted_on"]))
            ],
            numbers=numbers,
            period=period,
        ),
        stored_period_reads(numbers, period)[0],
        panel=cells,
    )


# Its SQL made once per process (and length of the list of numbers).
_CURRENT = PreparedRows(
    lambda numbers, period: Strategy.objects.filter(
        municipality_id__in=numbers, period_start=period
    ),
    params={"numbers": list[str], "period": int},
    fields=("municipality_id", "period_start", "status", "adopted_on"),
)


def strategy_guidance_targets(municipality: Municipality) -> list[GuidanceTarget]:
    """The sections of the municipality's strategies that advisers may comment on, newest
    period first (one query)."""
    targets = []
    for strategy in Strategy.objects.filter(municipality=municipality).order_by("-period_start"):
        url = _url(strategy)
        targets += [
            GuidanceTarget(
                key=f"{strategy.period_start}:{section.key}",
                label=_("Planning strategy %(period)s: %(section)s")
                % {"period": strategy.period_label, "section": section.title},
                url=f"{url}#section-{section.key}",
            )
            for section in SECTIONS
        ]
    return targets
