"""Plan health (planhelse): a computed assessment of a municipality's plan portfolio.

Pure Python over plain facts, so every rule is unit-tested without a database. Each finding says
which plan it concerns (or none, for a missing plan), its kind, its severity, the reason in plain
language, and the clean-up decision it suggests.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Protocol

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samplan.core.text import quoted

from . import catalogue, versions

ELECTION_PERIOD_YEARS = 4
OLD_AFTER_YEARS = 2 * ELECTION_PERIOD_YEARS

# Finding kinds (stable: used in the JSON output and by the clean-up suggestions).
REVISION_OVERDUE = "revision_overdue"
REVISION_DUE_IN_PERIOD = "revision_due_in_period"
STATUTORY_MISSING = "statutory_missing"
STATUTORY_OUTDATED = "statutory_outdated"
NO_OWNER = "no_owner"
THEME_OVERLAP = "theme_overlap"
OLDER_THAN_TWO_PERIODS = "older_than_two_periods"
PORTFOLIO_SIZE = "portfolio_size"
SUPERSEDED_VERSION = "superseded_version"

HIGH, MEDIUM, INFO = "high", "medium", "info"


@dataclass(frozen=True)
class PlanFacts:
    """What the rules need to know about one plan."""

    id: int
    title: str
    plan_type: str
    status: str
    adopted_year: int | None
    next_revision: datetime.date | None
    responsible_unit: str
    responsible_person: str
    pages: int | None
    themes: tuple[str, ...]
    is_statutory: bool
    in_financial_plan: bool
    replaced: bool = False  # another (adopted) plan in the register replaces it
    # Only the year of the next revision is known ("2026"): due during that year.
    next_revision_year_only: bool = False

    def revision_overdue(self, today: datetime.date) -> bool:
        if self.next_revision is None:
            return False
        if self.next_revision_year_only:
            return self.next_revision.year < today.year
        return self.next_revision < today

    @property
    def is_current(self) -> bool:
        return self.status in catalogue.CURRENT_STATUSES and not self.replaced

    # Found once per plan (from its title and type), as the rules ask for them many times.
    @cached_property
    def statutory_item(self) -> catalogue.StatutoryItem | None:
        """The statutory item the plan fulfils (catalogue.statutory_item_for)."""
        return catalogue.statutory_item_for(self.title, self.plan_type)

    @cached_property
    def grant_item(self) -> catalogue.StatutoryItem | None:
        """The catalogue entry whose grant scheme presupposes the plan, or None."""
        return catalogue.grant_condition_of(self.statutory_item, self.title)

    @cached_property
    def is_area_subplan(self) -> bool:
        return catalogue.is_area_subplan(self.title, self.plan_type)

    @property
    def is_kept(self) -> bool:
        """Never to be repealed or merged away (see keep_reason)."""
        return self.grant_item is not None or self.is_area_subplan


@dataclass(frozen=True)
class PeerPortfolio:
    """Size of a comparable municipality's register (same installation, similar population)."""

    municipality: str
    plans: int
    pages: int


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    reason: str
    plan_id: int | None = None
    plan_title: str = ""
    suggestion: str = ""
    related_plan_ids: tuple[int, ...] = field(default_factory=tuple)
    # Why the plan is kept whatever else is found (a grant condition, an area plan's legal
    # effect): such a plan is never suggested repealed or merged.
    keep_reason: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data["related_plan_ids"] = list(self.related_plan_ids)
        return data


SEVERITY_ORDER = {HIGH: 0, MEDIUM: 1, INFO: 2}


def election_period_end(today: datetime.date) -> datetime.date:
    """The end of the election period `today` is in (periods start in 2023, 2027, …)."""
    start = today.year - ((today.year - 2023) % ELECTION_PERIOD_YEARS)
    if today.year == start and today.month < 10:
        start -= ELECTION_PERIOD_YEARS  # the new council is constituted in the autumn
    return datetime.date(start + ELECTION_PERIOD_YEARS, 10, 31)


def assess(
    plans: Sequence[PlanFacts],
    *,
    today: datetime.date,
    peers: Iterable[PeerPortfolio] = (),
) -> list[Finding]:
    """All findings for one municipality's plans, most severe first."""
    findings: list[Finding] = []
    current = [plan for plan in plans if plan.is_current]
    older = _superseded_versions(current)
    findings.extend(older.values())
    current = [plan for plan in current if plan.id not in older]
    period_end = election_period_end(today)

    for plan in current:
        findings.extend(_plan_findings(plan, today, period_end))

    findings.extend(_statutory_findings(current, today))
    findings.extend(_overlap_findings(current))
    size = _portfolio_finding(current, list(peers))
    if size is not None:
        findings.append(size)
    findings.sort(
        key=lambda finding: (SEVERITY_ORDER[finding.severity], finding.kind, finding.plan_title)
    )
    return findings


def _revision_text(plan: PlanFacts, *, overdue: bool) -> str:
    """When the revision was or is due: the year alone when only the year is known."""
    if plan.next_revision_year_only:
        values = {"year": plan.next_revision.year}
        if overdue:
            return _("Revision was due in %(year)s.") % values
        return _("Revision falls due in %(year)s, within this election period.") % values
    values = {"date": plan.next_revision.strftime("%d.%m.%Y")}
    if overdue:
        return _("Revision was due %(date)s.") % values
    return _("Revision falls due %(date)s, within this election period.") % values


def _plan_findings(
    plan: PlanFacts, today: datetime.date, period_end: datetime.date
) -> list[Finding]:
    """Revision due, no owner, and age, for one current plan."""
    findings = []
    keep = keep_reason(plan)
    if plan.revision_overdue(today):
        findings.append(
            Finding(
                REVISION_OVERDUE,
                HIGH,
                _revision_text(plan, overdue=True),
                plan.id,
                plan.title,
                "revidere",
                keep_reason=keep,
            )
        )
    elif plan.next_revision and plan.next_revision <= period_end:
        findings.append(
            Finding(
                REVISION_DUE_IN_PERIOD,
                MEDIUM,
                _revision_text(plan, overdue=False),
                plan.id,
                plan.title,
                "revidere",
                keep_reason=keep,
            )
        )
    if not plan.responsible_unit.strip() and not plan.responsible_person.strip():
        findings.append(
            Finding(
                NO_OWNER,
                MEDIUM,
                _("Nobody is responsible for the plan."),
                plan.id,
                plan.title,
                "",
                keep_reason=keep,
            )
        )
    if plan.adopted_year and today.year - plan.adopted_year > OLD_AFTER_YEARS:
        reason = _("Adopted in %(year)s: older than two election periods.") % {
            "year": plan.adopted_year
        }
        if keep:
            suggestion = "revidere"
            reason = f"{reason} {keep} " + _("Revise it rather than repeal it.")
        elif plan.is_statutory or plan.in_financial_plan:
            suggestion = "revidere"
        else:
            suggestion = "oppheve"
        findings.append(
            Finding(
                OLDER_THAN_TWO_PERIODS,
                MEDIUM,
                reason,
                plan.id,
                plan.title,
                suggestion,
                keep_reason=keep,
            )
        )
    return findings


def keep_reason(plan: PlanFacts) -> str:
    """Why the plan must not be repealed or merged away, in the active language, or ""."""
    item = plan.grant_item
    if item is not None:
        return _("Kept: the plan is a condition for %(grant)s.") % {
            "grant": item.grant_condition(get_language())
        }
    if plan.is_area_subplan:
        return _(
            "Kept: a kommunedelplan for an area governs land use until it is repealed or "
            "replaced by its own planning procedure (plan- og bygningsloven chapter 11)."
        )
    return ""


class VersionFacts(Protocol):
    """What `superseded_ids` reads of a plan (PlanFacts has it; the clean-up's counts read no
    more)."""

    id: int
    title: str
    plan_type: str
    status: str
    adopted_year: int | None

    @property
    def is_current(self) -> bool: ...


def superseded_ids(plans: Sequence[VersionFacts]) -> set[int]:
    """The plans `assess` finds to be older versions of a rolling plan (SUPERSEDED_VERSION),
    without the rest of the assessment."""
    return set(_superseded([plan for plan in plans if plan.is_current]))


def _superseded(current: Sequence[VersionFacts]) -> dict[int, versions.Version]:
    """Older versions of a rolling plan among the current plans: the newer version, by id."""
    return versions.superseded(
        versions.Version(
            plan.id,
            plan.title,
            plan.plan_type,
            in_progress=plan.status == "i_arbeid",
            adopted=(plan.adopted_year or 0, 0, 0),
        )
        for plan in current
    )


def _superseded_versions(current: Sequence[PlanFacts]) -> dict[int, Finding]:
    """Older versions of a rolling plan among the current plans: a finding each, by plan id."""
    by_id = {plan.id: plan for plan in current}
    findings = {}
    for older_id, newer in _superseded(current).items():
        older = by_id[older_id]
        findings[older_id] = Finding(
            SUPERSEDED_VERSION,
            INFO,
            _(
                "An older version of “%(newer)s”: only the newest version is assessed. Give this "
                "one the status expired and let the newer one replace it."
            )
            % {"newer": newer.title},
            older.id,
            older.title,
            "",
            (newer.key,),
        )
    return findings


def _statutory_findings(current: Sequence[PlanFacts], today: datetime.date) -> list[Finding]:
    findings: list[Finding] = []
    language = get_language()
    fulfilling: dict[str, list[PlanFacts]] = defaultdict(list)
    for plan in current:
        if plan.statutory_item is not None:
            fulfilling[plan.statutory_item.key].append(plan)
    for item in catalogue.STATUTORY_ITEMS:
        if item.status != "statutory" or not item.confirmed:
            continue
        matches = fulfilling.get(item.key)
        if not matches:
            findings.append(
                Finding(
                    STATUTORY_MISSING,
                    HIGH,
                    _("%(name)s is required (%(basis)s), but the register has no current one.")
                    % {"name": item.name(language), "basis": item.legal_basis},
                    None,
                    item.name(language),
                    "ny_plan",
                )
            )
            continue
        newest = max(matches, key=lambda plan: plan.adopted_year or 0)
        if item.per_term:
            findings.extend(_per_term_finding(item, newest, today))
            continue
        if item.cycle_years is None:
            continue
        if newest.adopted_year and today.year - newest.adopted_year > item.cycle_years:
            findings.append(
                Finding(
                    STATUTORY_OUTDATED,
                    HIGH,
                    _(
                        "%(name)s must be renewed every %(years)s years (%(basis)s); this one is "
                        "from %(year)s."
                    )
                    % {
                        "name": item.name(language),
                        "years": item.cycle_years,
                        "basis": item.legal_basis,
                        "year": newest.adopted_year,
                    },
                    newest.id,
                    newest.title,
                    "revidere",
                )
            )
    return findings


def _per_term_finding(
    item: catalogue.StatutoryItem, newest: PlanFacts, today: datetime.date
) -> list[Finding]:
    """A plan each municipal council deals with: due when the newest is from before this
    council's term (a serious finding when it is from before the term before, too)."""
    term_start = election_period_end(today).year - ELECTION_PERIOD_YEARS
    if not newest.adopted_year or newest.adopted_year >= term_start:
        return []
    severity = HIGH if newest.adopted_year < term_start - ELECTION_PERIOD_YEARS else MEDIUM
    return [
        Finding(
            STATUTORY_OUTDATED,
            severity,
            _(
                "%(name)s is to be dealt with by each municipal council (%(basis)s); the newest "
                "is from %(year)s, before this council's term began in %(start)s."
            )
            % {
                "name": item.name(get_language()),
                "basis": item.legal_basis,
                "year": newest.adopted_year,
                "start": term_start,
            },
            newest.id,
            newest.title,
            "revidere",
        )
    ]


# The master plan and its parts cover every theme by nature; overlap with them is not a finding.
OVERARCHING_TYPES = {"planstrategi", "samfunnsdel", "arealdel", "handlingsdel", "regional"}


def _overlap_findings(current: Sequence[PlanFacts]) -> list[Finding]:
    candidates = [plan for plan in current if plan.plan_type not in OVERARCHING_TYPES]
    by_theme: dict[str, list[PlanFacts]] = defaultdict(list)
    for plan in candidates:
        for theme in {catalogue.normalise(theme) for theme in plan.themes if theme.strip()}:
            by_theme[theme].append(plan)
    # For each plan: the themes it shares and the plans it shares them with.
    shared: dict[int, tuple[PlanFacts, set[str], dict[int, PlanFacts]]] = {}
    for theme, plans in by_theme.items():
        if len(plans) < 2:
            continue
        for plan in plans:
            _plan, themes, others = shared.setdefault(plan.id, (plan, set(), {}))
            themes.add(theme)
            others.update({other.id: other for other in plans if other.id != plan.id})
    findings = []
    for plan, themes, others in shared.values():
        group = [plan, *others.values()]
        # The statutory or the largest plan is the one to keep; the others could merge into it.
        keeper = max(group, key=lambda p: (p.is_statutory, p.is_kept, p.pages or 0, -p.id))
        keep = keep_reason(plan)
        merge = not (plan.id == keeper.id or plan.is_statutory or keep)
        suggestion = "slå_sammen" if merge else ""
        findings.append(
            Finding(
                THEME_OVERLAP,
                MEDIUM,
                _("Shares the theme(s) %(themes)s with %(others)s.")
                % {
                    "themes": ", ".join(quoted(theme) for theme in sorted(themes)),
                    "others": ", ".join(sorted(other.title for other in others.values())),
                },
                plan.id,
                plan.title,
                suggestion,
                tuple(sorted(others)),
                keep_reason=keep,
            )
        )
    return findings


def _portfolio_finding(current: Sequence[PlanFacts], peers: list[PeerPortfolio]) -> Finding | None:
    count = len(current)
    pages = sum(plan.pages or 0 for plan in current)
    if not peers:
        if not count:
            return None
        return Finding(
            PORTFOLIO_SIZE,
            INFO,
            _(
                "%(count)s current plans with %(pages)s pages in all. No comparable municipalities "
                "on this installation yet."
            )
            % {"count": count, "pages": pages},
        )
    median_plans = statistics.median(peer.plans for peer in peers)
    median_pages = statistics.median(peer.pages for peer in peers)
    severity = MEDIUM if count > 1.25 * median_plans or pages > 1.25 * median_pages else INFO
    return Finding(
        PORTFOLIO_SIZE,
        severity,
        _(
            "%(count)s current plans with %(pages)s pages in all; %(peers)s municipalities of "
            "similar size on this installation have a median of %(median_plans)s plans and "
            "%(median_pages)s pages."
        )
        % {
            "count": count,
            "pages": pages,
            "peers": len(peers),
            "median_plans": round(median_plans),
            "median_pages": round(median_pages),
        },
    )
