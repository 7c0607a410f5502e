"""The plantakt deadline engine: every legal deadline and recommended milestone of a
municipality's plan and budget cycle in one election period.

Pure Python: no database. The caller (selectors, CLI, tests) passes everything in a `PeriodInput`
— the election, the constitution date, the decision dates already recorded, the rules that an
administrator may have corrected, plan revisions from the plan register and the municipality's
own items — and gets a sorted list of `Item`s.

Every item has a `date` and a `date_rule`:
- "latest": the law's latest date (lovkrav) — `legal_latest` is that limit and `date` equals it;
- "earliest": the law's earliest date, e.g. the end of a six-week consultation; `legal_earliest`
  is the limit and `date` is on or after it;
- "planned": a recommended or own date.
Items that depend on a decision date (`depends_on`) are computed from the recorded decision if
there is one, otherwise from the deadline or recommended date of the item they depend on; so
entering a decision date moves its dependants.

Every rule, its paragraph and whether a source confirms it: docs/sources.md (part 1 for the law,
part 2 for the defaults that are Samplan's own).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from . import seasons

LOVKRAV = "lovkrav"
ANBEFALING = "anbefaling"
EGEN = "egen"
KINDS = (LOVKRAV, ANBEFALING, EGEN)

LATEST = "latest"
EARLIEST = "earliest"
PLANNED = "planned"

# Modules (the part of the cycle an item belongs to), used for filtering.
COUNCIL = "valg"
STRATEGY = "planstrategi"
PUBLIC_HEALTH = "folkehelse"
MASTER_PLAN = "kommuneplan"
ECONOMY = "okonomi"
REGISTER = "planregister"
OWN = "egen"
MODULES = (COUNCIL, STRATEGY, PUBLIC_HEALTH, MASTER_PLAN, ECONOMY, REGISTER, OWN)

# Sourced durations (docs/sources.md 1.2, 1.4, 1.5): not data, since no source questions them.
STRATEGY_DRAFT_PUBLIC_DAYS = 30  # PBL § 10-1 (2)
CONSULTATION_DAYS = 42  # six weeks, PBL §§ 11-13, 11-14
RECOMMENDATION_PUBLIC_DAYS = 14  # KL § 14-3: formannskapets innstilling
FIRST_ELECTION_YEAR = 2011  # the first period with a planstrategi under PBL 2008
LAST_ELECTION_YEAR = 2099
# Recommended pacing: Samplan's own defaults for the gaps the sources leave (docs/sources.md,
# part 2).
STRATEGY_START_MONTHS = 2
NOTICE_AFTER_STRATEGY_DAYS = 30
HANDLING_AFTER_CONSULTATION_DAYS = 28
FIRST_READING_AFTER_PROGRAMME_MONTHS = 8
MASTER_PLAN_TARGET_MONTHS = 18  # "finish within the first 1.5 years" (Nordland guidance)


@dataclass(frozen=True)
class RuleValue:
    """A yearly date rule (month and day) and whether a source confirms it (docs/sources.md)."""

    month: int
    day: int
    confirmed: bool

    def on(self, year: int) -> datetime.date:
        last = calendar.monthrange(year, self.month)[1]
        return datetime.date(year, self.month, min(self.day, last))


# Defaults (docs/sources.md 1.1, 1.5); stored in the database (RuleSetting) so an administrator
# can correct them, the UNCONFIRMED ones in particular.
DEFAULT_RULES: dict[str, RuleValue] = {
    "constitution": RuleValue(10, 31, True),  # KL § 7-1 (1)
    "accounts_presented": RuleValue(2, 22, True),  # KL § 14-6
    "annual_report": RuleValue(3, 31, True),  # KL § 14-7
    "auditor_report": RuleValue(4, 15, True),  # auditor's report (docs/sources.md 1.5)
    "accounts_adopted": RuleValue(6, 30, False),  # KL § 14-3 (3): UNCONFIRMED
    "budget_adopted": RuleValue(12, 31, True),  # KL § 14-3
    "delegation_regulation": RuleValue(12, 31, False),  # KL § 5-14, year after: UNCONFIRMED
}

# Election days (docs/sources.md 1.1). Stored as ElectionPeriod rows an administrator can correct.
KNOWN_ELECTIONS: dict[int, tuple[datetime.date, bool]] = {
    2015: (datetime.date(2015, 9, 14), False),
    2019: (datetime.date(2019, 9, 9), True),
    2023: (datetime.date(2023, 9, 11), True),
    2027: (datetime.date(2027, 9, 13), False),
    2031: (datetime.date(2031, 9, 8), False),
}


class PeriodError(ValueError):
    """Bad input for an election period; the message is translated and meant for people."""


def is_election_year(year: int) -> bool:
    return FIRST_ELECTION_YEAR <= year <= LAST_ELECTION_YEAR and year % 4 == 3


def second_monday_of_september(year: int) -> datetime.date:
    first = datetime.date(year, 9, 1)
    return first + datetime.timedelta(days=(7 - first.weekday()) % 7 + 7)


def parse_period(text: str) -> int:
    """The election year of a period written "2023-2027" (or with an en dash, or just "2023")."""
    cleaned = text.strip().replace("–", "-").replace("—", "-")
    parts = cleaned.split("-")
    try:
        years = [int(part) for part in parts]
    except ValueError:
        raise PeriodError(
            _("“%(text)s” is not an election period; write it like 2023-2027.") % {"text": text}
        ) from None
    if len(years) > 2 or (len(years) == 2 and years[1] != years[0] + 4):
        raise PeriodError(
            _("An election period is four years, like 2023-2027; “%(text)s” is not.")
            % {"text": text}
        )
    check_election_year(years[0])
    return years[0]


def check_election_year(year: int) -> None:
    if not is_election_year(year):
        raise PeriodError(
            _(
                "%(year)s is not a municipal election year. Municipal elections are held every "
                "fourth year (2019, 2023, 2027 …); the first period with a planning strategy "
                "began in %(first)s."
            )
            % {"year": year, "first": FIRST_ELECTION_YEAR}
        )


def check_constitution(
    election_date: datetime.date, constituted_on: datetime.date | None, rules: RulesMap
) -> None:
    if constituted_on is None:
        return
    if constituted_on <= election_date:
        raise PeriodError(
            _("The council cannot be constituted on or before the election day (%(date)s).")
            % {"date": election_date.strftime("%d.%m.%Y")}
        )
    latest = rules["constitution"].on(election_date.year)
    if constituted_on > latest:
        raise PeriodError(
            _("The new council must be constituted by %(date)s (KL § 7-1).")
            % {"date": latest.strftime("%d.%m.%Y")}
        )


RulesMap = Mapping[str, RuleValue]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class PlanRevision:
    """A plan in the register whose revision falls due."""

    plan_id: int
    title: str
    due: datetime.date
    legal_basis: str = ""


@dataclass(frozen=True)
class OwnItem:
    """The municipality's own item."""

    item_id: int
    title: str
    date: datetime.date
    description: str = ""
    done_on: datetime.date | None = None


@dataclass(frozen=True)
class PeriodInput:
    """Everything the engine needs for one municipality and election period."""

    municipality: str
    election_year: int
    election_date: datetime.date | None = None
    election_confirmed: bool | None = None
    constituted_on: datetime.date | None = None
    revise_master_plan: bool = False
    decisions: Mapping[str, datetime.date] = field(default_factory=dict)
    rules: RulesMap = field(default_factory=lambda: dict(DEFAULT_RULES))
    plan_revisions: Sequence[PlanRevision] = ()
    own_items: Sequence[OwnItem] = ()


@dataclass(frozen=True)
class HolidayWarning:
    seasons: tuple[str, ...]
    overlap_days: int
    suggested: datetime.date
    # "end": suggest a later end of the consultation; "start": suggest publishing earlier.
    moves: str


@dataclass(frozen=True)
class Item:
    """One deadline or milestone."""

    key: str
    date: datetime.date
    title: str
    kind: str
    module: str
    legal_basis: str
    explanation: str
    date_rule: str = PLANNED
    depends_on: tuple[str, ...] = ()
    unconfirmed: bool = False
    legal_latest: datetime.date | None = None
    legal_earliest: datetime.date | None = None
    done_on: datetime.date | None = None
    consultation_start: datetime.date | None = None
    holiday: HolidayWarning | None = None
    own_id: int | None = None
    plan_id: int | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def reference_date(self) -> datetime.date:
        """The date dependants are computed from: the decision if recorded, else the date."""
        return self.done_on or self.date

    def overdue(self, today: datetime.date) -> bool:
        return not self.done and self.date < today

    def late(self) -> bool:
        """Done after the law's latest date."""
        return bool(self.done_on and self.legal_latest and self.done_on > self.legal_latest)

    def as_json(self, today: datetime.date | None = None) -> dict:
        """The stable JSON shape (documented in docs/plantakt.md)."""
        data = {
            "key": self.key,
            "date": self.date.isoformat(),
            "date_rule": self.date_rule,
            "title": self.title,
            "kind": self.kind,
            "module": self.module,
            "legal_basis": self.legal_basis,
            "depends_on": list(self.depends_on),
            "explanation": self.explanation,
            "unconfirmed": self.unconfirmed,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "holiday_warning": None,
        }
        if self.holiday:
            data["holiday_warning"] = {
                "seasons": list(self.holiday.seasons),
                "overlap_days": self.holiday.overlap_days,
                "suggested_date": self.holiday.suggested.isoformat(),
                "moves": self.holiday.moves,
            }
        if today is not None:
            data["overdue"] = self.overdue(today)
        return data


@dataclass(frozen=True)
class Period:
    """The computed period: its facts and its items."""

    municipality: str
    election_year: int
    election_date: datetime.date
    election_confirmed: bool
    constituted_on: datetime.date
    constitution_assumed: bool
    end: datetime.date
    items: tuple[Item, ...]

    @property
    def label(self) -> str:
        return f"{self.election_year}–{self.election_year + 4}"

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def as_json(self, today: datetime.date | None = None) -> dict:
        return {
            "kommune": self.municipality,
            "periode": f"{self.election_year}-{self.election_year + 4}",
            "election_date": self.election_date.isoformat(),
            "election_confirmed": self.election_confirmed,
            "constituted_on": self.constituted_on.isoformat(),
            "constitution_assumed": self.constitution_assumed,
            "items": [item.as_json(today) for item in self.items],
        }


def _holiday(start: datetime.date, end: datetime.date, moves: str) -> HolidayWarning | None:
    check = seasons.check_period(start, end, extend=moves)
    if not check.seasons or check.suggested is None:
        return None
    return HolidayWarning(check.seasons, check.overlap_days, check.suggested, moves)


class _Builder:
    """Collects items; `ref(key)` is the date dependants of `key` are computed from."""

    def __init__(self, decisions: Mapping[str, datetime.date]) -> None:
        self.decisions = decisions
        self.items: dict[str, Item] = {}

    def add(self, item: Item) -> Item:
        done_on = item.done_on or self.decisions.get(item.key)
        item = replace(item, done_on=done_on)
        self.items[item.key] = item
        return item

    def ref(self, key: str) -> datetime.date:
        return self.items[key].reference_date


def compute(data: PeriodInput) -> Period:
    """Compute the items of one election period. Raises PeriodError on bad input."""
    year = data.election_year
    check_election_year(year)
    rules = {**DEFAULT_RULES, **dict(data.rules)}
    known = KNOWN_ELECTIONS.get(year)
    election_date = data.election_date or (known[0] if known else second_monday_of_september(year))
    if data.election_confirmed is not None:
        election_confirmed = data.election_confirmed
    else:
        election_confirmed = bool(known and known[1] and election_date == known[0])
    check_constitution(election_date, data.constituted_on, rules)
    constitution_latest = rules["constitution"].on(year)
    constituted_on = data.constituted_on or constitution_latest
    build = _Builder(data.decisions)

    _council(build, rules, year, data.constituted_on, constitution_latest)
    _strategy(build, election_date)
    if data.revise_master_plan:
        _master_plan(build, constituted_on)
    _economy(build, rules, year)

    period_end = rules["constitution"].on(year + 4)
    for revision in data.plan_revisions:
        if election_date <= revision.due <= period_end:
            build.add(
                Item(
                    key=f"plan_revision.{revision.plan_id}",
                    date=revision.due,
                    title=_("Revision of “%(title)s” falls due") % {"title": revision.title},
                    kind=ANBEFALING,
                    module=REGISTER,
                    legal_basis=revision.legal_basis,
                    explanation=_(
                        "From the plan register: the plan's revision interval runs out. The "
                        "planning strategy decides whether to revise, keep or repeal it."
                    ),
                    depends_on=("planning_strategy.adopted",),
                    plan_id=revision.plan_id,
                )
            )
    for own in data.own_items:
        build.add(
            Item(
                key=f"own.{own.item_id}",
                date=own.date,
                title=own.title,
                kind=EGEN,
                module=OWN,
                legal_basis="",
                explanation=own.description,
                done_on=own.done_on,
                own_id=own.item_id,
            )
        )
    items = sorted(build.items.values(), key=lambda item: (item.date, item.key))
    return Period(
        municipality=data.municipality,
        election_year=year,
        election_date=election_date,
        election_confirmed=election_confirmed,
        constituted_on=constituted_on,
        constitution_assumed=data.constituted_on is None,
        end=period_end,
        items=tuple(items),
    )


def _council(
    build: _Builder,
    rules: RulesMap,
    year: int,
    entered: datetime.date | None,
    latest: datetime.date,
) -> None:
    build.add(
        Item(
            key="council.constitution",
            date=latest,
            date_rule=LATEST,
            legal_latest=latest,
            title=_("The new council is constituted"),
            kind=LOVKRAV,
            module=COUNCIL,
            legal_basis="KL § 7-1",
            explanation=_(
                "The new municipal council must hold its constituting meeting by the end of "
                "October in the election year. The planning strategy deadline runs from this date."
            ),
            done_on=entered,
            unconfirmed=not rules["constitution"].confirmed,
        )
    )
    delegation = rules["delegation_regulation"].on(year + 1)
    build.add(
        Item(
            key="council.delegation_regulation",
            date=delegation,
            date_rule=LATEST,
            legal_latest=delegation,
            title=_("New delegation regulation adopted"),
            kind=LOVKRAV,
            module=COUNCIL,
            legal_basis="KL § 5-14",
            explanation=_(
                "The council adopts a new delegation regulation in each election period. The "
                "deadline (31 December of the year after the election) is not confirmed."
            ),
            depends_on=("council.constitution",),
            unconfirmed=not rules["delegation_regulation"].confirmed,
        )
    )


def _strategy(build: _Builder, election_date: datetime.date) -> None:
    constituted = build.ref("council.constitution")
    build.add(
        Item(
            key="knowledge_base.updated",
            date=election_date,
            title=_("Knowledge base updated before the election"),
            kind=ANBEFALING,
            module=STRATEGY,
            legal_basis=_("KDD guide on the municipal planning strategy, ch. 5"),
            explanation=_(
                "Update the knowledge base (facts and challenges) in good time before the "
                "election, so the new council can start on the planning strategy at once."
            ),
        )
    )
    adoption_limit = add_years(constituted, 1)
    adopted = build.add(
        Item(
            key="planning_strategy.adopted",
            date=adoption_limit,
            date_rule=LATEST,
            legal_latest=adoption_limit,
            title=_("Planning strategy adopted by the council"),
            kind=LOVKRAV,
            module=STRATEGY,
            legal_basis="PBL § 10-1 (1)",
            explanation=_(
                "The council adopts the municipal planning strategy at the latest one year after "
                "it was constituted, and decides whether the master plan is to be revised."
            ),
            depends_on=("council.constitution",),
        )
    )
    council_meeting = adopted.reference_date
    draft_latest = council_meeting - datetime.timedelta(days=STRATEGY_DRAFT_PUBLIC_DAYS)
    start = build.add(
        Item(
            key="planning_strategy.start",
            date=min(add_months(constituted, STRATEGY_START_MONTHS), draft_latest),
            title=_("Work on the planning strategy starts"),
            kind=ANBEFALING,
            module=STRATEGY,
            legal_basis=_("PBL § 10-1; KDD guidance"),
            explanation=_(
                "Start in the first months of the period, so the new council can set its "
                "priorities in good time. Set up a working group and a realistic timetable."
            ),
            depends_on=("council.constitution",),
        )
    )
    overview_latest = start.reference_date
    build.add(
        Item(
            key="public_health.overview",
            date=overview_latest,
            date_rule=LATEST,
            legal_latest=overview_latest,
            title=_("Public-health overview ready"),
            kind=LOVKRAV,
            module=PUBLIC_HEALTH,
            legal_basis=_("Folkehelseloven §§ 5–6; forskrift om oversikt over folkehelsen"),
            explanation=_(
                "The written public-health overview (every fourth year) must be available when "
                "work on the planning strategy starts, and is a basis for it."
            ),
            depends_on=("planning_strategy.start",),
        )
    )
    build.add(
        Item(
            key="planning_strategy.draft_public",
            date=draft_latest,
            date_rule=LATEST,
            legal_latest=draft_latest,
            title=_("Draft planning strategy made public"),
            kind=LOVKRAV,
            module=STRATEGY,
            legal_basis="PBL § 10-1 (2)",
            explanation=_(
                "The proposal must be public at least 30 days before the council handles it. "
                "Obtain views from state and regional bodies and neighbouring municipalities."
            ),
            depends_on=("planning_strategy.adopted",),
            consultation_start=draft_latest,
            holiday=_holiday(draft_latest, council_meeting, "start"),
        )
    )


def _consultation(
    build: _Builder, key: str, title: str, legal_basis: str, explanation: str, after: str
) -> Item:
    opened = build.ref(after)
    earliest = opened + datetime.timedelta(days=CONSULTATION_DAYS)
    return build.add(
        Item(
            key=key,
            date=earliest,
            date_rule=EARLIEST,
            legal_earliest=earliest,
            title=title,
            kind=LOVKRAV,
            module=MASTER_PLAN,
            legal_basis=legal_basis,
            explanation=explanation,
            depends_on=(after,),
            consultation_start=opened,
            holiday=_holiday(opened, earliest, "end"),
        )
    )


def _council_handling(
    build: _Builder, key: str, title: str, legal_basis: str, explanation: str, after: str
) -> Item:
    earliest = build.ref(after) + datetime.timedelta(days=1)
    return build.add(
        Item(
            key=key,
            date=earliest + datetime.timedelta(days=HANDLING_AFTER_CONSULTATION_DAYS - 1),
            date_rule=EARLIEST,
            legal_earliest=earliest,
            title=title,
            kind=LOVKRAV,
            module=MASTER_PLAN,
            legal_basis=legal_basis,
            explanation=explanation,
            depends_on=(after,),
        )
    )


def _master_plan(build: _Builder, constituted: datetime.date) -> None:
    strategy = build.ref("planning_strategy.adopted")
    build.add(
        Item(
            key="master_plan.notice_of_start",
            date=strategy + datetime.timedelta(days=NOTICE_AFTER_STRATEGY_DAYS),
            title=_("Notice of start and planning programme on consultation"),
            kind=ANBEFALING,
            module=MASTER_PLAN,
            legal_basis="PBL §§ 11-12, 11-13, 4-1",
            explanation=_(
                "The planning strategy decided to revise the master plan. Announce the start and "
                "send the planning programme on consultation at the latest at the same time."
            ),
            depends_on=("planning_strategy.adopted",),
        )
    )
    _consultation(
        build,
        "master_plan.programme_consultation",
        _("Consultation on the planning programme ends (at least six weeks)"),
        "PBL § 11-13",
        _("The deadline for comments on the planning programme is at least six weeks."),
        "master_plan.notice_of_start",
    )
    programme = _council_handling(
        build,
        "master_plan.programme_adopted",
        _("Planning programme adopted"),
        "PBL § 11-13",
        _("The council (or the body it delegates to) adopts the programme after the consultation."),
        "master_plan.programme_consultation",
    )
    build.add(
        Item(
            key="master_plan.draft_public",
            date=add_months(programme.reference_date, FIRST_READING_AFTER_PROGRAMME_MONTHS),
            title=_("Draft master plan sent on consultation"),
            kind=ANBEFALING,
            module=MASTER_PLAN,
            legal_basis="PBL § 11-14",
            explanation=_(
                "First handling; the draft is sent on consultation and public inspection and "
                "announced locally and on the internet."
            ),
            depends_on=("master_plan.programme_adopted",),
        )
    )
    _consultation(
        build,
        "master_plan.draft_consultation",
        _("Consultation on the draft master plan ends (at least six weeks)"),
        "PBL § 11-14",
        _("The deadline for comments and objections on the draft is at least six weeks."),
        "master_plan.draft_public",
    )
    adoption = _council_handling(
        build,
        "master_plan.adopted",
        _("Master plan adopted by the council"),
        "PBL § 11-15",
        _(
            "The council itself adopts the master plan; this cannot be delegated. Guidance "
            "recommends finishing the social part within the first one and a half years."
        ),
        "master_plan.draft_consultation",
    )
    target = add_months(constituted, MASTER_PLAN_TARGET_MONTHS)
    if adoption.date < target and adoption.done_on is None:
        build.add(replace(adoption, date=target))


def _economy(build: _Builder, rules: RulesMap, year: int) -> None:
    for budget_year in range(year + 1, year + 5):
        key = f"budget.{budget_year}"
        latest = rules["budget_adopted"].on(budget_year - 1)
        build.add(
            Item(
                key=key,
                date=latest,
                date_rule=LATEST,
                legal_latest=latest,
                title=_(
                    "Budget %(year)s and økonomiplan %(year)s–%(last)s with action part adopted"
                )
                % {"year": budget_year, "last": budget_year + 3},
                kind=LOVKRAV,
                module=ECONOMY,
                legal_basis="KL §§ 14-3, 14-4; PBL § 11-1 (4)",
                explanation=_(
                    "The council adopts next year's budget and the four-year økonomiplan before "
                    "the new year. The økonomiplan can be the master plan's action part, "
                    "revised every year."
                ),
                unconfirmed=not rules["budget_adopted"].confirmed,
            )
        )
        public_latest = build.ref(key) - datetime.timedelta(days=RECOMMENDATION_PUBLIC_DAYS)
        build.add(
            Item(
                key=f"budget_recommendation.{budget_year}",
                date=public_latest,
                date_rule=LATEST,
                legal_latest=public_latest,
                title=_("Executive committee's budget recommendation for %(year)s public")
                % {"year": budget_year},
                kind=LOVKRAV,
                module=ECONOMY,
                legal_basis="KL § 14-3",
                explanation=_(
                    "The executive committee's recommendation must be public at least 14 days "
                    "before the council handles the budget and økonomiplan."
                ),
                depends_on=(key,),
            )
        )
    for accounts_year in range(year, year + 4):
        follows = accounts_year + 1
        steps = (
            (
                "accounts_presented",
                _("Annual accounts %(year)s presented"),
                "KL § 14-6",
                _("The chief executive presents the annual accounts and sends them to the auditor"),
                (),
            ),
            (
                "annual_report",
                _("Annual report %(year)s presented"),
                "KL § 14-7",
                _("The chief executive presents the annual report."),
                (),
            ),
            (
                "auditor_report",
                _("Auditor's report on the accounts %(year)s"),
                _("Forskrift om revisjon"),
                _("The auditor's report on the annual accounts."),
                (f"accounts_presented.{accounts_year}",),
            ),
            (
                "accounts_adopted",
                _("Council adopts the accounts and annual report %(year)s"),
                "KL § 14-3 (3)",
                _(
                    "The council adopts the annual accounts and annual report. The deadline "
                    "(30 June) is not confirmed; check it before relying on it."
                ),
                (f"auditor_report.{accounts_year}", f"annual_report.{accounts_year}"),
            ),
        )
        for rule, title, basis, explanation, depends in steps:
            latest = rules[rule].on(follows)
            build.add(
                Item(
                    key=f"{rule}.{accounts_year}",
                    date=latest,
                    date_rule=LATEST,
                    legal_latest=latest,
                    title=title % {"year": accounts_year},
                    kind=LOVKRAV,
                    module=ECONOMY,
                    legal_basis=basis,
                    explanation=explanation,
                    depends_on=depends,
                    unconfirmed=not rules[rule].confirmed,
                )
            )
