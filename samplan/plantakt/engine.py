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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
OTHER_PLANS = "andre_planer"
REGISTER = "planregister"
OWN = "egen"
MODULES = (COUNCIL, STRATEGY, PUBLIC_HEALTH, MASTER_PLAN, ECONOMY, OTHER_PLANS, REGISTER, OWN)

# Sourced durations (docs/sources.md 1.2, 1.4, 1.5): not data, since no source questions them.
STRATEGY_DRAFT_PUBLIC_DAYS = 30  # PBL § 10-1 (2)
CONSULTATION_DAYS = 42  # six weeks, PBL §§ 11-13, 11-14
RECOMMENDATION_PUBLIC_DAYS = 14  # KL § 14-3: formannskapets innstilling
FIRST_ELECTION_YEAR = 2011  # the first period with a planning strategy under PBL 2008
# When laws took effect (docs/sources.md 1.3 and 1.5): the public-health act on 1 January 2012;
# kommuneloven 2018 from the constitution of the councils elected in 2019, its chapter 14 (economy)
# from 1 January 2020. Before that the kommuneloven of 1992 applied.
PUBLIC_HEALTH_ACT_FROM = datetime.date(2012, 1, 1)
KL_2018_FIRST_ELECTION = 2019
KL_2018_ECONOMY_FROM = datetime.date(2020, 1, 1)
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
# Under the kommuneloven of 1992 the accounts were presented by 15 February (docs/sources.md 1.5).
ACCOUNTS_PRESENTED_1992 = RuleValue(2, 15, True)

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
    # Only the year is known ("2026"): the revision is due during that year, i.e. by 31 December.
    year_only: bool = False


@dataclass(frozen=True)
class OwnItem:
    """The municipality's own item."""

    item_id: int
    title: str
    date: datetime.date
    description: str = ""
    done_on: datetime.date | None = None


@dataclass(frozen=True)
class ModuleItem:
    """A dated item another module contributes (a process activity, a reporting date)."""

    module: str
    key: str
    title: str
    date: datetime.date
    description: str = ""
    url: str = ""
    done_on: datetime.date | None = None
    kind: str = EGEN


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
    module_items: Sequence[ModuleItem] = ()


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
    # The paragraph(s) of the legal basis that no source read confirms (shown with the basis).
    basis_unconfirmed: str = ""
    # The date is computed from the latest possible constitution date, because the constitution
    # date is not recorded: the real date is this one or earlier ("senest").
    assumed: bool = False
    # The constitution itself when its date is not recorded: a fact to register, not a task.
    needs_date: bool = False
    # A plan revision known only by its year: due during `date.year` (`date` is 31 December).
    year_only: bool = False
    # Another module's item: the page where it is edited or read.
    url: str = ""

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def reference_date(self) -> datetime.date:
        """The date dependants are computed from: the decision if recorded, else the date."""
        return self.done_on or self.date

    @property
    def deadline(self) -> datetime.date | None:
        """The date the item is measured against: the law's latest date, or the planned or own
        date; none for an earliest date (a consultation that ends later is not late)."""
        if self.date_rule == EARLIEST:
            return None
        return self.legal_latest or self.date

    def overdue(self, today: datetime.date) -> bool:
        return not self.done and not self.needs_date and self.date < today

    def overdue_by_days(self, today: datetime.date) -> int | None:
        """Days past the date of an item that is not done; None when it is not overdue."""
        return (today - self.date).days if self.overdue(today) else None

    def late_by_days(self) -> int | None:
        """For a done item with a deadline: how many days after it it was done (0: in time)."""
        if self.done_on is None or self.deadline is None:
            return None
        return max(0, (self.done_on - self.deadline).days)

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
            "late_by_days": self.late_by_days(),
            "basis_unconfirmed": self.basis_unconfirmed or None,
            "assumed": self.assumed,
            "year_only": self.year_only,
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
            data["overdue_by_days"] = self.overdue_by_days(today)
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


# The item table ----------------------------------------------------------------------------------
#
# Every computed item is one `Spec` in `SPECS`: its key, title, kind, part of the cycle, legal
# basis and explanation as data, and a small date-rule function (`when`) that gets the context
# (the period's facts and the items computed so far) and returns a `When`: the date and what the
# law says about it. Items are computed in table order, so a rule may read (`ctx.ref`) the items
# above it. Yearly items (budget, accounts) have `years`; `{year}` in their key, title and
# `depends_on` is the budget or accounts year.


@dataclass(frozen=True)
class When:
    """What a date rule gives: the date and its legal limits."""

    date: datetime.date
    date_rule: str = PLANNED
    legal_latest: datetime.date | None = None
    legal_earliest: datetime.date | None = None
    consultation_start: datetime.date | None = None
    holiday: HolidayWarning | None = None
    # A rule may change the kind: e.g. the public-health overview is a legal deadline once the
    # strategy work has a start date, a recommendation (before the election) until then.
    kind: str | None = None


@dataclass(frozen=True)
class Basis:
    """A legal basis as the period's law states it, and the paragraph(s) not confirmed."""

    text: str
    unconfirmed: str = ""


def _latest(day: datetime.date, **extra: object) -> When:
    return When(day, LATEST, legal_latest=day, **extra)  # type: ignore[arg-type]


class Context:
    """The facts of the period and the items computed so far."""

    def __init__(self, data: PeriodInput, rules: RulesMap, election_date: datetime.date) -> None:
        self.data = data
        self.rules = rules
        self.year = data.election_year
        self.election_date = election_date
        self.constitution_latest = rules["constitution"].on(self.year)
        self.decisions = dict(data.decisions)
        if data.constituted_on:
            self.decisions["council.constitution"] = data.constituted_on
        self.items: dict[str, Item] = {}
        self.reads: set[str] = set()

    def ref(self, key: str) -> datetime.date:
        """The date dependants of `key` are computed from: its decision if recorded, else its
        date. Remembered, so an item computed from an unknown constitution date is marked."""
        self.reads.add(key)
        return self.items[key].reference_date

    def read_assumed(self) -> bool:
        """Whether a date read since the last `reads.clear()` rests on an unknown constitution."""
        items = [self.items[key] for key in self.reads]
        return any((item.assumed and not item.done) or item.needs_date for item in items)

    def decided(self, key: str) -> datetime.date | None:
        return self.decisions.get(key)

    def rule(self, name: str, year: int) -> datetime.date:
        return self.rules[name].on(year)


DateRule = Callable[[Context, int], When]
BasisRule = Callable[[Context, When], Basis]


def _always(ctx: Context) -> bool:
    return True


def _revises_master_plan(ctx: Context) -> bool:
    return ctx.data.revise_master_plan


def _budget_years(ctx: Context) -> range:
    return range(ctx.year + 1, ctx.year + 5)


def _accounts_years(ctx: Context) -> range:
    return range(ctx.year, ctx.year + 4)


@dataclass(frozen=True)
class Spec:
    """One row of the item table."""

    key: str
    title: str | Promise
    kind: str
    module: str
    legal_basis: str | Promise
    explanation: str | Promise
    when: DateRule
    depends_on: tuple[str, ...] = ()
    applies: Callable[[Context], bool] = _always
    years: Callable[[Context], range] | None = None
    # The `RuleValue` the date comes from: the item is unconfirmed when that rule is.
    rule: str | None = None
    # The legal basis when it depends on the period (which act applied); else `legal_basis`.
    basis: BasisRule | None = None
    basis_unconfirmed: str | Promise = ""

    def texts(self) -> tuple[str, str, str, str]:
        """The title, legal basis, unconfirmed paragraph and explanation in the active language."""
        return (
            str(self.title),
            str(self.legal_basis),
            str(self.basis_unconfirmed),
            str(self.explanation),
        )

    def build(
        self, ctx: Context, year: int = 0, texts: tuple[str, str, str, str] | None = None
    ) -> Item:
        """The item (of `year`, for a yearly row); `texts`: this spec's texts() when the caller
        translated them already."""
        title, legal_basis, basis_unconfirmed, explanation = texts or self.texts()
        values = {"year": year, "last": year + 3}
        ctx.reads.clear()
        when = self.when(ctx, year)
        assumed = ctx.read_assumed()
        key = self.key.format(**values)
        basis = self.basis(ctx, when) if self.basis else Basis(legal_basis, basis_unconfirmed)
        done_on = ctx.decided(key)
        return Item(
            key=key,
            date=when.date,
            title=title % values if self.years else title,
            kind=when.kind or self.kind,
            module=self.module,
            legal_basis=basis.text,
            basis_unconfirmed=basis.unconfirmed,
            assumed=assumed,
            needs_date=key == "council.constitution" and done_on is None,
            explanation=explanation,
            date_rule=when.date_rule,
            depends_on=tuple(dep.format(**values) for dep in self.depends_on),
            unconfirmed=bool(self.rule and not ctx.rules[self.rule].confirmed),
            legal_latest=when.legal_latest,
            legal_earliest=when.legal_earliest,
            done_on=done_on,
            consultation_start=when.consultation_start,
            holiday=when.holiday,
        )


# Date rules: one small function per item (docs/sources.md part 1 for the law, part 2 for
# Samplan's own pacing).


def _constitution(ctx: Context, year: int) -> When:
    return _latest(ctx.constitution_latest)


def _delegation_regulation(ctx: Context, year: int) -> When:
    return _latest(ctx.rule("delegation_regulation", ctx.year + 1))


def _knowledge_base(ctx: Context, year: int) -> When:
    return When(ctx.election_date)


def _strategy_adopted(ctx: Context, year: int) -> When:
    return _latest(add_years(ctx.ref("council.constitution"), 1))


def _draft_public_latest(ctx: Context) -> datetime.date:
    return ctx.ref("planning_strategy.adopted") - datetime.timedelta(
        days=STRATEGY_DRAFT_PUBLIC_DAYS
    )


def _strategy_start(ctx: Context, year: int) -> When:
    start = add_months(ctx.ref("council.constitution"), STRATEGY_START_MONTHS)
    return When(min(start, _draft_public_latest(ctx)))


def _public_health_overview(ctx: Context, year: int) -> When:
    """Ready when the strategy work starts (the law). Until that start is recorded, its date is
    Samplan's pacing, so the overview is recommended before the election, as guidance says."""
    started = ctx.decided("planning_strategy.start")
    if started:
        return _latest(started, kind=LOVKRAV)
    return When(ctx.election_date, kind=ANBEFALING)


def _public_health_act_applies(ctx: Context) -> bool:
    return ctx.election_date >= PUBLIC_HEALTH_ACT_FROM


def _strategy_draft_public(ctx: Context, year: int) -> When:
    latest = _draft_public_latest(ctx)
    meeting = ctx.ref("planning_strategy.adopted")
    return _latest(latest, consultation_start=latest, holiday=_holiday(latest, meeting, "start"))


def _notice_of_start(ctx: Context, year: int) -> When:
    return When(
        ctx.ref("planning_strategy.adopted") + datetime.timedelta(days=NOTICE_AFTER_STRATEGY_DAYS)
    )


def _consultation_after(opened_key: str) -> DateRule:
    """At least six weeks from the item `opened_key` (PBL §§ 11-13, 11-14)."""

    def rule(ctx: Context, year: int) -> When:
        opened = ctx.ref(opened_key)
        earliest = opened + datetime.timedelta(days=CONSULTATION_DAYS)
        return When(
            earliest,
            EARLIEST,
            legal_earliest=earliest,
            consultation_start=opened,
            holiday=_holiday(opened, earliest, "end"),
        )

    return rule


def _handling_after(consultation_key: str) -> DateRule:
    """The council's handling after a consultation: not before the day after it ends; Samplan
    paces it 28 days after."""

    def rule(ctx: Context, year: int) -> When:
        earliest = ctx.ref(consultation_key) + datetime.timedelta(days=1)
        paced = earliest + datetime.timedelta(days=HANDLING_AFTER_CONSULTATION_DAYS - 1)
        return When(paced, PLANNED, legal_earliest=earliest)

    return rule


def _master_plan_draft_public(ctx: Context, year: int) -> When:
    programme = ctx.ref("master_plan.programme_adopted")
    return When(add_months(programme, FIRST_READING_AFTER_PROGRAMME_MONTHS))


def _master_plan_adopted(ctx: Context, year: int) -> When:
    when = _handling_after("master_plan.draft_consultation")(ctx, year)
    target = add_months(ctx.ref("council.constitution"), MASTER_PLAN_TARGET_MONTHS)
    if when.date < target and ctx.decided("master_plan.adopted") is None:
        return replace(when, date=target)
    return when


def _budget(ctx: Context, budget_year: int) -> When:
    return _latest(ctx.rule("budget_adopted", budget_year - 1))


def _budget_recommendation(ctx: Context, budget_year: int) -> When:
    council = ctx.ref(f"budget.{budget_year}")
    return _latest(council - datetime.timedelta(days=RECOMMENDATION_PUBLIC_DAYS))


def _accounts_rule(name: str) -> DateRule:
    """A yearly deadline in the year after the accounts year, from the rule `name` (under the
    kommuneloven of 1992 the accounts were presented by 15 February)."""

    def rule(ctx: Context, accounts_year: int) -> When:
        following = accounts_year + 1
        if name == "accounts_presented" and following < KL_2018_ECONOMY_FROM.year:
            return _latest(ACCOUNTS_PRESENTED_1992.on(following))
        return _latest(ctx.rule(name, following))

    return rule


def _risk_analysis(ctx: Context, year: int) -> When:
    return When(ctx.ref("master_plan.draft_public"))


def _alcohol_policy(ctx: Context, year: int) -> When:
    return When(ctx.rule("constitution", ctx.year + 4))


# Legal bases that depend on the period: which kommunelov applied.

KL_1992 = _("kommuneloven 1992 (then in force)")


def _council_basis(new: str, new_unconfirmed: str = "") -> BasisRule:
    """KL 2018 from the councils elected in 2019; before that "etter daværende kommunelov"."""

    def basis(ctx: Context, when: When) -> Basis:
        if ctx.year >= KL_2018_FIRST_ELECTION:
            return Basis(new, new_unconfirmed)
        return Basis(str(KL_1992))

    return basis


def _economy_basis(
    new: str, old: str | Promise, old_unconfirmed: str = "", *, new_unconfirmed: str = ""
) -> BasisRule:
    """KL 2018 chapter 14 for deadlines from 1 January 2020; the 1992 act's paragraphs before."""

    def basis(ctx: Context, when: When) -> Basis:
        if when.date >= KL_2018_ECONOMY_FROM:
            return Basis(new, new_unconfirmed)
        return Basis(str(old), old_unconfirmed)

    return basis


SPECS: tuple[Spec, ...] = (
    Spec(
        key="council.constitution",
        title=_("The new council is constituted"),
        kind=LOVKRAV,
        module=COUNCIL,
        legal_basis="KL § 7-1",
        explanation=_(
            "The new municipal council must hold its constituting meeting by the end of "
            "October in the election year. The planning strategy deadline runs from this date."
        ),
        when=_constitution,
        rule="constitution",
        basis=_council_basis("KL § 7-1"),
    ),
    Spec(
        key="council.delegation_regulation",
        title=_("New delegation regulation adopted"),
        kind=LOVKRAV,
        module=COUNCIL,
        legal_basis="KL § 5-14",
        explanation=_(
            "The council adopts a new delegation regulation in each election period. The "
            "deadline (31 December of the year after the election) is not confirmed."
        ),
        when=_delegation_regulation,
        depends_on=("council.constitution",),
        rule="delegation_regulation",
        basis=_council_basis("KL § 5-14", "KL § 5-14"),
    ),
    Spec(
        key="knowledge_base.updated",
        title=_("Knowledge base updated before the election"),
        kind=ANBEFALING,
        module=STRATEGY,
        legal_basis=_("KDD guide on the municipal planning strategy, ch. 5"),
        explanation=_(
            "Update the knowledge base (facts and challenges) in good time before the "
            "election, so the new council can start on the planning strategy at once."
        ),
        when=_knowledge_base,
    ),
    Spec(
        key="planning_strategy.adopted",
        title=_("Planning strategy adopted by the council"),
        kind=LOVKRAV,
        module=STRATEGY,
        legal_basis="PBL § 10-1 (1)",
        explanation=_(
            "The council adopts the municipal planning strategy at the latest one year after "
            "it was constituted, and decides whether the master plan is to be revised."
        ),
        when=_strategy_adopted,
        depends_on=("council.constitution",),
    ),
    Spec(
        key="planning_strategy.start",
        title=_("Work on the planning strategy starts"),
        kind=ANBEFALING,
        module=STRATEGY,
        legal_basis=_("PBL § 10-1; KDD guidance"),
        explanation=_(
            "Start in the first months of the period, so the new council can set its "
            "priorities in good time. Set up a working group and a realistic timetable."
        ),
        when=_strategy_start,
        depends_on=("council.constitution",),
    ),
    Spec(
        key="public_health.overview",
        title=_("Public-health overview ready"),
        kind=LOVKRAV,
        module=PUBLIC_HEALTH,
        legal_basis=_("Folkehelseloven §§ 5–6; forskrift om oversikt over folkehelsen"),
        basis_unconfirmed=_(
            "forskrift om oversikt over folkehelsen: the paragraph that says when the overview "
            "must be ready"
        ),
        explanation=_(
            "The written public-health overview (every fourth year) must be available when "
            "work on the planning strategy starts, and is a basis for it. Guidance puts it "
            "before the election; once the start of the strategy work is recorded, that date is "
            "the legal deadline."
        ),
        when=_public_health_overview,
        depends_on=("planning_strategy.start",),
        applies=_public_health_act_applies,
    ),
    Spec(
        key="planning_strategy.draft_public",
        title=_("Draft planning strategy made public"),
        kind=LOVKRAV,
        module=STRATEGY,
        legal_basis="PBL § 10-1 (2)",
        explanation=_(
            "The proposal must be public at least 30 days before the council handles it. "
            "Obtain views from state and regional bodies and neighbouring municipalities."
        ),
        when=_strategy_draft_public,
        depends_on=("planning_strategy.adopted",),
    ),
    Spec(
        key="master_plan.notice_of_start",
        title=_("Notice of start and planning programme on consultation"),
        kind=ANBEFALING,
        module=MASTER_PLAN,
        legal_basis="PBL §§ 11-12, 11-13, 4-1",
        explanation=_(
            "The planning strategy decided to revise the master plan. Announce the start and "
            "send the planning programme on consultation at the latest at the same time."
        ),
        when=_notice_of_start,
        depends_on=("planning_strategy.adopted",),
        applies=_revises_master_plan,
    ),
    Spec(
        key="master_plan.programme_consultation",
        title=_("Consultation on the planning programme ends (at least six weeks)"),
        kind=LOVKRAV,
        module=MASTER_PLAN,
        legal_basis="PBL § 11-13",
        explanation=_("The deadline for comments on the planning programme is at least six weeks."),
        when=_consultation_after("master_plan.notice_of_start"),
        depends_on=("master_plan.notice_of_start",),
        applies=_revises_master_plan,
    ),
    Spec(
        key="master_plan.programme_adopted",
        title=_("Planning programme adopted"),
        kind=ANBEFALING,
        module=MASTER_PLAN,
        legal_basis="PBL § 11-13",
        explanation=_(
            "The council (or the body it delegates to) adopts the programme after the "
            "consultation. The law sets no date; Samplan suggests four weeks after it ends."
        ),
        when=_handling_after("master_plan.programme_consultation"),
        depends_on=("master_plan.programme_consultation",),
        applies=_revises_master_plan,
    ),
    Spec(
        key="master_plan.draft_public",
        title=_("Draft master plan sent on consultation"),
        kind=ANBEFALING,
        module=MASTER_PLAN,
        legal_basis="PBL § 11-14",
        explanation=_(
            "First handling; the draft is sent on consultation and public inspection and "
            "announced locally and on the internet."
        ),
        when=_master_plan_draft_public,
        depends_on=("master_plan.programme_adopted",),
        applies=_revises_master_plan,
    ),
    Spec(
        key="master_plan.draft_consultation",
        title=_("Consultation on the draft master plan ends (at least six weeks)"),
        kind=LOVKRAV,
        module=MASTER_PLAN,
        legal_basis="PBL § 11-14",
        explanation=_(
            "The deadline for comments and objections on the draft is at least six weeks."
        ),
        when=_consultation_after("master_plan.draft_public"),
        depends_on=("master_plan.draft_public",),
        applies=_revises_master_plan,
    ),
    Spec(
        key="master_plan.adopted",
        title=_("Master plan adopted by the council"),
        kind=ANBEFALING,
        module=MASTER_PLAN,
        legal_basis="PBL § 11-15",
        explanation=_(
            "The council itself adopts the master plan; this cannot be delegated. Guidance "
            "recommends finishing the social part within the first one and a half years; the "
            "law sets no date."
        ),
        when=_master_plan_adopted,
        depends_on=("master_plan.draft_consultation",),
        applies=_revises_master_plan,
    ),
    Spec(
        key="risk_analysis.updated",
        title=_("Overall risk and vulnerability analysis (helhetlig ROS) updated"),
        kind=ANBEFALING,
        module=OTHER_PLANS,
        legal_basis=_("Sivilbeskyttelsesloven § 14; forskrift om kommunal beredskapsplikt § 2"),
        explanation=_(
            "The overall ROS analysis is updated in step with the revision of the master plan "
            "(and when the risk picture changes). Samplan places it before the draft master plan "
            "goes on consultation, so the plan can build on it."
        ),
        when=_risk_analysis,
        depends_on=("master_plan.draft_public",),
        applies=_revises_master_plan,
    ),
    Spec(
        key="budget.{year}",
        title=_("Budget %(year)s and økonomiplan %(year)s–%(last)s with action part adopted"),
        kind=LOVKRAV,
        module=ECONOMY,
        legal_basis="KL §§ 14-3, 14-4; PBL § 11-1 (4)",
        explanation=_(
            "The council adopts next year's budget and the four-year økonomiplan before "
            "the new year. The økonomiplan can be the master plan's action part, "
            "revised every year."
        ),
        when=_budget,
        years=_budget_years,
        rule="budget_adopted",
        basis=_economy_basis(
            "KL §§ 14-3, 14-4; PBL § 11-1 (4)",
            _("kommuneloven 1992 §§ 44, 45; PBL § 11-1 (4)"),
            "kommuneloven 1992 § 45",
        ),
    ),
    Spec(
        key="budget_recommendation.{year}",
        title=_("Executive committee's budget recommendation for %(year)s public"),
        kind=LOVKRAV,
        module=ECONOMY,
        legal_basis="KL § 14-3",
        explanation=_(
            "The executive committee's recommendation must be public at least 14 days "
            "before the council handles the budget and økonomiplan."
        ),
        when=_budget_recommendation,
        depends_on=("budget.{year}",),
        years=_budget_years,
        basis=_economy_basis(
            "KL § 14-3", _("kommuneloven 1992 § 44 nr. 7; forskrift om årsbudsjett § 3")
        ),
    ),
    Spec(
        key="accounts_presented.{year}",
        title=_("Annual accounts %(year)s presented"),
        kind=LOVKRAV,
        module=ECONOMY,
        legal_basis="KL § 14-6",
        explanation=_(
            "The chief executive presents the annual accounts and sends them to the auditor"
        ),
        when=_accounts_rule("accounts_presented"),
        years=_accounts_years,
        rule="accounts_presented",
        basis=_economy_basis("KL § 14-6", _("kommuneloven 1992 § 48; forskrift om årsregnskap")),
    ),
    Spec(
        key="annual_report.{year}",
        title=_("Annual report %(year)s presented"),
        kind=LOVKRAV,
        module=ECONOMY,
        legal_basis="KL § 14-7",
        explanation=_("The chief executive presents the annual report."),
        when=_accounts_rule("annual_report"),
        years=_accounts_years,
        rule="annual_report",
        basis=_economy_basis("KL § 14-7", _("kommuneloven 1992 § 48; forskrift om årsregnskap")),
    ),
    Spec(
        key="auditor_report.{year}",
        title=_("Auditor's report on the accounts %(year)s"),
        kind=LOVKRAV,
        module=ECONOMY,
        legal_basis=_("Forskrift om revisjon"),
        explanation=_("The auditor's report on the annual accounts."),
        when=_accounts_rule("auditor_report"),
        depends_on=("accounts_presented.{year}",),
        years=_accounts_years,
        rule="auditor_report",
    ),
    Spec(
        key="accounts_adopted.{year}",
        title=_("Council adopts the accounts and annual report %(year)s"),
        kind=LOVKRAV,
        module=ECONOMY,
        legal_basis="KL § 14-3 (3)",
        explanation=_(
            "The council adopts the annual accounts and annual report. The deadline "
            "(30 June) is not confirmed; check it before relying on it."
        ),
        when=_accounts_rule("accounts_adopted"),
        depends_on=("auditor_report.{year}", "annual_report.{year}"),
        years=_accounts_years,
        rule="accounts_adopted",
        basis=_economy_basis(
            "KL § 14-3 (3)", _("kommuneloven 1992 § 48"), new_unconfirmed="KL § 14-3 (3)"
        ),
    ),
    Spec(
        key="alcohol_policy.handled",
        title=_("Alcohol policy action plan dealt with by the council"),
        kind=ANBEFALING,
        module=OTHER_PLANS,
        legal_basis="Alkoholloven § 1-7d",
        explanation=_(
            "The municipality must have an alcohol policy action plan; the Directorate of "
            "Health's circular says the council should deal with it in every election period. "
            "Samplan places it at the end of the period; the planning strategy can set an "
            "earlier date."
        ),
        when=_alcohol_policy,
    ),
)


def item_title(key: str) -> str | None:
    """The title of the table's item `key` ("budget.2025" → "Budget 2025 and …"), without
    computing a period; None for a key the table does not make (plan revisions, own items)."""
    name, _dot, year_text = key.rpartition(".")
    for spec in SPECS:
        if spec.key == key:
            return str(spec.title)
        if spec.years and year_text.isdigit() and spec.key == f"{name}.{{year}}":
            year = int(year_text)
            return str(spec.title) % {"year": year, "last": year + 3}
    return None


def plan_revision_title(plan_title: str) -> str:
    """The calendar's title of a plan's revision item."""
    return str(_REVISION_TITLE) % {"title": plan_title}


_REVISION_TITLE = _("Revision of “%(title)s” falls due")
_REVISION_EXPLANATION = _(
    "From the plan register: the plan's revision interval runs out. The "
    "planning strategy decides whether to revise, keep or repeal it."
)


def _plan_revision(revision: PlanRevision, title: str, explanation: str) -> Item:
    """The revision's item; `title` (the translated "Revision of “%(title)s” falls due") and
    `explanation` translated once for all the period's revisions."""
    due = datetime.date(revision.due.year, 12, 31) if revision.year_only else revision.due
    return Item(
        key=f"plan_revision.{revision.plan_id}",
        date=due,
        year_only=revision.year_only,
        title=title % {"title": revision.title},
        kind=ANBEFALING,
        module=REGISTER,
        legal_basis=revision.legal_basis,
        explanation=explanation,
        depends_on=("planning_strategy.adopted",),
        plan_id=revision.plan_id,
    )


def _own_item(own: OwnItem) -> Item:
    return Item(
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


def _module_item(extra: ModuleItem) -> Item:
    return Item(
        key=f"{extra.module}.{extra.key}",
        date=extra.date,
        title=extra.title,
        kind=extra.kind,
        module=extra.module,
        legal_basis="",
        explanation=extra.description,
        done_on=extra.done_on,
        url=extra.url,
    )


def _election(data: PeriodInput) -> tuple[datetime.date, bool]:
    known = KNOWN_ELECTIONS.get(data.election_year)
    election_date = data.election_date or (
        known[0] if known else second_monday_of_september(data.election_year)
    )
    if data.election_confirmed is not None:
        return election_date, data.election_confirmed
    return election_date, bool(known and known[1] and election_date == known[0])


def compute(data: PeriodInput) -> Period:
    """Compute the items of one election period. Raises PeriodError on bad input."""
    year = data.election_year
    check_election_year(year)
    rules = {**DEFAULT_RULES, **dict(data.rules)}
    election_date, election_confirmed = _election(data)
    check_constitution(election_date, data.constituted_on, rules)
    ctx = Context(data, rules, election_date)
    for spec in SPECS:
        if not spec.applies(ctx):
            continue
        texts = spec.texts()  # translated once for the spec's years
        for spec_year in spec.years(ctx) if spec.years else (0,):
            item = spec.build(ctx, spec_year, texts)
            ctx.items[item.key] = item
    period_end = rules["constitution"].on(year + 4)
    revision_title = str(_REVISION_TITLE)
    revision_explanation = str(_REVISION_EXPLANATION)
    for revision in data.plan_revisions:
        first = datetime.date(revision.due.year, 1, 1) if revision.year_only else revision.due
        item = _plan_revision(revision, revision_title, revision_explanation)
        if election_date <= item.date and first <= period_end:
            ctx.items[item.key] = replace(item, done_on=ctx.decided(item.key))
    for own in data.own_items:
        item = _own_item(own)
        ctx.items[item.key] = item
    for extra in data.module_items:
        if election_date <= extra.date <= period_end:
            item = _module_item(extra)
            ctx.items[item.key] = item
    items = sorted(ctx.items.values(), key=lambda item: (item.date, item.key))
    return Period(
        municipality=data.municipality,
        election_year=year,
        election_date=election_date,
        election_confirmed=election_confirmed,
        constituted_on=ctx.ref("council.constitution"),
        constitution_assumed=ctx.items["council.constitution"].needs_date,
        end=period_end,
        items=tuple(items),
    )
