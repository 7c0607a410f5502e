"""Reads for the plan register shared by views, the dashboard and the CLI."""

from __future__ import annotations

import datetime
import functools
import json
import math
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, F, Min, Q, Sum, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from samplan.core import freshness, links
from samplan.core.modules import PanelRead, StatusCell, panel_read
from samplan.core.queries import Items, PreparedRows, RowsQuery, json_date, read_together
from samplan.core.templatetags import translations
from samplan.municipalities.models import Municipality, Organisation

from . import catalogue
from .health import HIGH, MEDIUM, Finding, PeerPortfolio, PlanFacts, assess
from .models import CleanupDecision, Plan, PlanStatus, PlanType

SIMILAR_POPULATION_FACTOR = 2.0


def replaced_ids(plans: Iterable[Any]) -> set[int]:
    """The ids of the plans that a plan among `plans` replaces, unless that plan is still in
    progress: history, no longer the plan in force (plan health, the register, the clean-up)."""
    return {
        plan.replaces_id
        for plan in plans
        if plan.replaces_id is not None and plan.status != PlanStatus.IN_PROGRESS
    }


def plan_facts(plans: list[Plan]) -> list[PlanFacts]:
    """The facts plan health needs. A plan another plan replaces (one not still in progress)
    is history, not judged as current."""
    replaced = replaced_ids(plans)
    return [
        PlanFacts(
            id=plan.pk,
            title=plan.title,
            plan_type=plan.plan_type,
            status=plan.status,
            adopted_year=plan.adopted_year,
            next_revision=plan.next_revision,
            next_revision_year_only=plan.next_revision_year_only,
            responsible_unit=plan.responsible_unit,
            responsible_person=plan.responsible_person,
            pages=plan.pages,
            themes=tuple(plan.themes or ()),
            is_statutory=plan.is_statutory,
            in_financial_plan=plan.in_financial_plan,
            replaced=plan.pk in replaced,
        )
        for plan in plans
    ]


# What plan_facts reads of a plan (the other fields are not read: using one would be a query).
HEALTH_FIELDS = (
    "municipality",
    "title",
    "plan_type",
    "status",
    "adopted_year",
    "adopted_date",
    "next_revision_override",
    "next_revision_computed",
    "responsible_unit",
    "responsible_person",
    "pages",
    "themes",
    "is_statutory",
    "in_financial_plan",
    "replaces",
)
# What the clean-up's counts read of a plan (cleanup.cleanup_counts_read): values, not instances.
COUNTED_FIELDS = ("title", "plan_type", "status", "adopted_year", "pages", "replaces")
_COUNTED_PLANS = PreparedRows(
    lambda municipality: Plan.objects.filter(municipality_id=municipality),
    params={"municipality": str},
    fields=COUNTED_FIELDS,
)


def counted_plans_read(municipality: Municipality, items: Items) -> RowsQuery:
    """Every plan of the municipality with the COUNTED_FIELDS, each row made by `items` (pk, date,
    data), as a read for read_together; its SQL made once per process."""
    return _COUNTED_PLANS(items=items, municipality=municipality.number)


def health_rows_read(municipality: Municipality) -> RowsQuery:
    """Every plan of the municipality with the HEALTH_FIELDS, as light objects (no model
    instances: making one costs more than reading it; what `plan_facts` and the clean-up table
    read), to be sorted by their `rank` (the register's order, by title)."""
    return _PANEL_PLANS(items=_read_plan, municipality=municipality.pk)


_DECISIONS = PreparedRows(
    lambda municipality, period: CleanupDecision.objects.filter(
        municipality_id=municipality, period_start=period
    ),
    params={"municipality": str, "period": int},
    fields=("plan", "decision"),
)


def decisions_read(municipality: Municipality, period_start: int) -> RowsQuery:
    """The clean-up decisions of an election period as (plan id or None for a new plan,
    decision), as a read for read_together; its SQL made once per process."""
    return _DECISIONS(
        items=lambda _pk, _date, data: [(data["plan"], data["decision"])],
        municipality=municipality.number,
        period=period_start,
    )


def peer_portfolios(municipality: Municipality) -> list[PeerPortfolio]:
    """Register sizes of municipalities of similar population on this installation."""
    return read_together([peers_read(municipality)])[0]


def peers_read(municipality: Municipality) -> RowsQuery:
    """peer_portfolios as a read for read_together, its SQL made once per process."""
    # The population's bounds as whole numbers, as the ORM compares an integer with a float:
    # at least the next whole number above the lower bound, at most the one below the upper.
    return _PEERS(
        items=lambda _pk, _date, data: [
            PeerPortfolio(data["number"], data["plans"], data["pages"] or 0)
        ],
        number=municipality.number,
        low=math.ceil(municipality.population / SIMILAR_POPULATION_FACTOR),
        high=math.floor(municipality.population * SIMILAR_POPULATION_FACTOR),
    )


_CURRENT_PLANS = Q(plans__status__in=catalogue.CURRENT_STATUSES)
_PEERS = PreparedRows(
    lambda number, low, high: (
        Municipality.objects.filter(population__gte=low, population__lte=high)
        .exclude(number=number)
        .annotate(
            current_plans=Count("plans", filter=_CURRENT_PLANS),
            current_pages=Sum("plans__pages", filter=_CURRENT_PLANS),
        )
        .filter(current_plans__gt=0)
    ),
    params={"number": str, "low": int, "high": int},
    data=lambda: {"number": "number", "plans": "current_plans", "pages": "current_pages"},
)


def plan_health(
    municipality: Municipality,
    *,
    today: datetime.date | None = None,
    plans: list[Plan] | None = None,
) -> list[Finding]:
    """The plan-health findings for a municipality (today's are cached, see core/freshness).
    `plans`: every plan of the municipality, when the caller has read them already."""

    def compute() -> list[Finding]:
        if plans is not None:
            return _assessed(municipality, plans, today or datetime.date.today())
        # The plans (what plan health reads of them, as light objects: no model instances) and
        # the peers' registers in one query, read once in a request that asks for the findings
        # in several languages (a clean-up decision stores its reasons in each).
        read, peers = freshness.per_request(
            "plan_health_rows",
            lambda: read_together([health_rows_read(municipality), peers_read(municipality)]),
            municipality.pk,
        )
        every = sorted(read, key=lambda plan: plan.rank)  # by title
        return _assessed(municipality, every, today or datetime.date.today(), peers=peers)

    if today is not None:
        return compute()
    return list(freshness.cached("plan_health", compute, municipality=municipality.pk))


def current_of(plans: list[Plan]) -> list[Plan]:
    """The plans in force among `plans` (every plan of a municipality), as
    `PlanQuerySet.current()` selects them: current or under revision, and not replaced by an
    adopted plan."""
    replaced = replaced_ids(plans)
    return [
        plan
        for plan in plans
        if plan.status in catalogue.CURRENT_STATUSES and plan.pk not in replaced
    ]


def plan_findings(plans: list[Plan], *, today: datetime.date | None = None) -> list[Finding]:
    """The findings about the plans themselves (no comparison with peer municipalities, so no
    query): what the clean-up decides on, plan by plan, and what makes a finding serious.
    Remembered per process for the same plans, day and language (`assessed`)."""
    facts = tuple(plan_facts(plans))
    return list(assessed(facts, today or datetime.date.today(), (), get_language()))


def serious_findings_count(municipality: Municipality, *, plans: list[Plan] | None = None) -> int:
    """How many of `plan_health`'s findings are serious, for the register's summary (cached).
    Found without the comparison with peer municipalities and its query: the comparison never
    makes a finding serious (it is information, or a matter of attention)."""

    def compute() -> int:
        every = plans if plans is not None else list(Plan.objects.for_municipality(municipality))
        if _nothing_to_assess(municipality, every):
            return 0
        return sum(1 for finding in plan_findings(every) if finding.severity == HIGH)

    return freshness.cached("plan_health_serious", compute, municipality=municipality.pk)


def _nothing_to_assess(municipality: Municipality, plans: list[Plan]) -> bool:
    """No workspace, no register: nothing to find (no alarms about it)."""
    return not plans and not Organisation.objects.filter(municipality=municipality).exists()


def _assessed(
    municipality: Municipality,
    plans: list[Plan],
    today: datetime.date,
    *,
    peers: list[PeerPortfolio] | None = None,
) -> list[Finding]:
    """plan_health's findings (`peers`: peer_portfolios, when the caller has read them)."""
    if _nothing_to_assess(municipality, plans):
        return []
    # The comparison with peers is as fresh as the cached findings: computed again after a
    # change in this municipality's register, and at least once a day (the key holds the day).
    if peers is None:
        peers = peer_portfolios(municipality)
    # remembered per process for the same plans, day, peers and language (caching off too)
    return list(assessed(tuple(plan_facts(plans)), today, tuple(peers), get_language()))


# A plan id no plan has, reversed once to find where the id goes in a plan's address.
_URL_SENTINEL = 987_654_321


def plan_url_maker(knr: str, name: str = "plans:detail") -> Callable[[int], str]:
    """`plan.get_absolute_url()` (or the address `name` of a plan) for the plans of one
    municipality, by id, with the address reversed once per process and municipality (through
    core.links) instead of once per plan (a reverse costs as much as rendering a row)."""
    address = links.link(name, knr, _URL_SENTINEL)
    before, _sentinel, after = address.rpartition(str(_URL_SENTINEL))
    return lambda pk: f"{before}{pk}{after}"


def register_plans(municipality: Municipality) -> list[Plan]:
    """The municipality's whole register by title, as its page shows it unfiltered (model
    instances, as the page's filtered reads give). Not cached here: the page caches what it
    makes of them (views._register_as_it_opens)."""
    return list(Plan.objects.for_municipality(municipality).order_by("title"))


def register_rows(plans: list[Plan], knr: str) -> list[dict[str, Any]]:
    """The register table's rows: each plan with its address and its type and status in words,
    the labels translated once per page rather than per row (as get_FOO_display does)."""
    type_labels, status_labels = _register_labels(get_language(), translations.catalog_generation())
    url = plan_url_maker(knr)
    return [
        {
            "plan": plan,
            "url": url(plan.pk),
            "plan_type": type_labels.get(plan.plan_type, plan.plan_type),
            "status": status_labels.get(plan.status, plan.status),
        }
        for plan in plans
    ]


@functools.lru_cache(maxsize=8)
def _register_labels(language: str | None, catalogs: int) -> tuple[dict[str, str], dict[str, str]]:
    """The plan types and statuses in words in `language` (the active one), once per process
    and version of the catalogs (`catalogs`: translations.catalog_generation())."""
    return (
        {value: str(label) for value, label in PlanType.choices},
        {value: str(label) for value, label in PlanStatus.choices},
    )


def finding_rows(findings: list[Finding], knr: str) -> list[dict[str, Any]]:
    """The findings table's rows: each finding with its plan's address ("" for a missing plan)
    and its text, the reason and, unless the reason says it already, why the plan is kept."""
    url = plan_url_maker(knr)
    return [
        {
            "finding": finding,
            "url": url(finding.plan_id) if finding.plan_id else "",
            "text": (
                f"{finding.reason} {finding.keep_reason}"
                if finding.keep_reason and finding.keep_reason not in finding.reason
                else finding.reason
            ),
        }
        for finding in findings
    ]


def plan_health_panel(municipality: Municipality) -> PanelRead:
    """The dashboard panel: register counts and the three most severe findings, as reads not
    yet made (the plans' facts and the peer registers, read with the other panels' in one
    query; `panel_data` makes them alone)."""
    today = datetime.date.today()
    population = municipality.population

    def panel(found: list[list[Any]]) -> dict[str, Any]:
        plans, peers = found
        plans.sort(key=lambda plan: plan.rank)  # by title, as the register's own order
        findings = (
            []
            if _nothing_to_assess(municipality, plans)
            else assessed(tuple(plan_facts(plans)), today, tuple(peers), get_language())
        )
        current = [plan for plan in plans if plan.status in catalogue.CURRENT_STATUSES]
        return {
            "plans": len(plans),
            "current": len(current),
            "pages": sum(plan.pages or 0 for plan in current),
            "high": sum(1 for finding in findings if finding.severity == HIGH),
            "medium": sum(1 for finding in findings if finding.severity == MEDIUM),
            "top": findings[:3],
        }

    return panel_read(
        _PANEL_PLANS(items=_read_plan, municipality=municipality.pk),
        _PANEL_PEERS(
            items=lambda _pk, _date, data: [
                PeerPortfolio(data["number"], data["plans"], data["pages"] or 0)
            ],
            number=municipality.number,
            # population / factor <= theirs <= population * factor, in whole inhabitants
            low=math.ceil(population / SIMILAR_POPULATION_FACTOR),
            high=math.floor(population * SIMILAR_POPULATION_FACTOR),
        ),
        panel=panel,
    )


# At most 64 kept (tens of KB each): the pages a worker serves over and over.
@functools.lru_cache(maxsize=64)
def assessed(
    facts: tuple[PlanFacts, ...],
    today: datetime.date,
    peers: tuple[PeerPortfolio, ...],
    language: str | None,
) -> tuple[Finding, ...]:
    """assess(facts, today=today, peers=peers) in the active `language` (its findings' texts),
    computed once per process for the same facts, day and peers: the key is everything the
    assessment reads, so a change in the register is a new assessment at once, with the page
    cache switched off too."""
    return tuple(assess(facts, today=today, peers=peers))


class _ReadPlan(SimpleNamespace):
    """A plan's fields as the panel reads them (no model instance: making one costs more than
    the read), with the Plan's own rules for its next revision; what `plan_facts` takes."""

    next_revision = Plan.next_revision
    next_revision_year_only = Plan.next_revision_year_only


def _read_plan(pk: int, _date: object, data: dict[str, Any]) -> list[_ReadPlan]:
    themes = data["themes"]
    return [
        _ReadPlan(
            **{
                **data,
                "pk": pk,
                "themes": json.loads(themes) if isinstance(themes, str) else themes,  # SQLite
                "is_statutory": bool(data["is_statutory"]),
                "in_financial_plan": bool(data["in_financial_plan"]),
                "adopted_date": json_date(data["adopted_date"]),
                "next_revision_override": json_date(data["next_revision_override"]),
                "next_revision_computed": json_date(data["next_revision_computed"]),
            }
        )
    ]


_PANEL_PLANS = PreparedRows(
    lambda municipality: Plan.objects.for_municipality(municipality),
    params={"municipality": str},
    # the plan-health page's fields, as columns (the plan it replaces by its id)
    fields=tuple(
        "replaces_id" if name == "replaces" else name
        for name in HEALTH_FIELDS
        if name != "municipality"
    ),
    data=lambda: {"rank": Window(RowNumber(), order_by=F("title").asc())},
)
_CURRENT = Q(plans__status__in=catalogue.CURRENT_STATUSES)
# peer_portfolios as rows: the registers of municipalities of similar population.
_PANEL_PEERS = PreparedRows(
    lambda number, low, high: (
        Municipality.objects.filter(population__gte=low, population__lte=high)
        .exclude(number=number)
        .values("number")
        .annotate(
            current_plans=Count("plans", filter=_CURRENT),
            current_pages=Sum("plans__pages", filter=_CURRENT),
        )
        .filter(current_plans__gt=0)
    ),
    params={"number": str, "low": int, "high": int},
    pk=Value(0),
    data={"number": "number", "plans": "current_plans", "pages": "current_pages"},
)


def overdue_revision_cells(municipalities: list[Municipality], today: datetime.date) -> PanelRead:
    """The status board's column of plans whose revision is overdue, for many municipalities,
    as a read not yet made (read with the other columns' in one query; `panel_data` makes it
    alone): how many, and their titles for the municipality's page."""
    numbers = [municipality.number for municipality in municipalities]
    rows = _OVERDUE(
        items=lambda _pk, _date, data: [
            (
                data["number"],
                data["title"],
                json_date(data["override"]) or json_date(data["computed"]),
            )
        ],
        numbers=numbers,
        on=today,
        new_year=datetime.date(today.year, 1, 1),
    )
    return panel_read(rows, panel=lambda found: _overdue_cells(numbers, found[0]))


# Its SQL made once per process (and length of the list of numbers): building the register's
# filters costs more than the database takes to answer.
_OVERDUE = PreparedRows(
    lambda numbers, on, new_year: Plan.objects.overdue(on=on, new_year=new_year).filter(
        municipality_id__in=numbers
    ),
    params={"numbers": list[str], "on": datetime.date, "new_year": datetime.date},
    data={
        "number": "municipality_id",
        "title": "title",
        "override": "next_revision_override",
        "computed": "next_revision_computed",
    },
)


def _overdue_cells(
    numbers: list[str], rows: list[tuple[str, str, datetime.date | None]]
) -> dict[str, StatusCell]:
    found: dict[str, list[tuple[str, datetime.date | None]]] = {}
    for number, title, due in sorted(rows, key=lambda row: (row[0], row[1].casefold())):
        found.setdefault(number, []).append((title, due))
    return _counted_cells(
        numbers,
        {number: len(plans) for number, plans in found.items()},
        lambda number: tuple(
            _("%(title)s (revision due %(date)s)")
            % {"title": title, "date": due.strftime("%d.%m.%Y") if due else "–"}
            for title, due in found.get(number, [])
        ),
    )


def overdue_revision_summary(municipalities: list[Municipality], today: datetime.date) -> PanelRead:
    """overdue_revision_cells without the plans' titles (the boards show only how many): one
    counted row per municipality instead of a row per overdue plan."""
    numbers = [municipality.number for municipality in municipalities]
    rows = _OVERDUE_COUNTS(
        items=lambda _pk, _date, data: [(data["number"], data["count"])],
        numbers=numbers,
        on=today,
        new_year=datetime.date(today.year, 1, 1),
    )
    return panel_read(
        rows, panel=lambda found: _counted_cells(numbers, dict(found[0]), lambda _number: ())
    )


_OVERDUE_COUNTS = PreparedRows(
    lambda numbers, on, new_year: (
        Plan.objects.overdue(on=on, new_year=new_year)
        .filter(municipality_id__in=numbers)
        .order_by()
        .values("municipality_id")
    ),
    params={"numbers": list[str], "on": datetime.date, "new_year": datetime.date},
    pk=Min("pk"),
    data=lambda: {"number": "municipality_id", "count": Count("pk")},
)


def _counted_cells(
    numbers: list[str], counts: dict[str, int], details: Callable[[str], tuple[str, ...]]
) -> dict[str, StatusCell]:
    """The column's cells from the number of overdue plans of each municipality."""
    url = reverse("plans:health", args=["knr"])  # made once, the number put in per row
    words: dict[int, str] = {}  # the text of each count, translated once
    cells = {}
    for number in numbers:
        count = counts.get(number, 0)
        if count not in words:
            words[count] = ngettext("%(count)s plan overdue", "%(count)s plans overdue", count) % {
                "count": count
            }
        cells[number] = StatusCell(
            words[count],
            urgency=2 if count else 0,
            sort=-count,
            details=details(number),
            url=url.replace("knr", number),
        )
    return cells


def samfunnsdel_fact(municipality: Municipality) -> dict[str, str]:
    """The current samfunnsdel of the municipality's register (adopted year and next revision),
    for a learning network's application (one query)."""
    plan = (
        Plan.objects.for_municipality(municipality)
        .current()
        .filter(plan_type="samfunnsdel")
        .order_by("-adopted_year")
        .first()
    )
    if plan is None:
        return {}
    text = _("%(title)s, adopted %(year)s") % {
        "title": plan.title,
        "year": plan.adopted_year or _("(year not registered)"),
    }
    if plan.next_revision:
        text += "; " + _("next revision %(year)s") % {"year": plan.next_revision.year}
    return {"samfunnsdel": text}
