"""Goals and the chain from the samfunnsdel to the money (issue 17).

- `FocusArea` (satsingsområde), `Goal` (a tree: a goal and its sub-goals), `GoalStrategy` ("slik
  gjør vi det") and `Indicator` with its `IndicatorValue`s: the goal structure of the samfunnsdel
  (or of a temaplan or kommunedelplan in the register).
- `ActionPlan`: one yearly version of the handlingsdel and økonomiplan (PBL § 11-1 (4), KL §§ 14-3,
  14-4), four years from `first_year`; its `Measure`s serve goals and are carried by imported
  `BudgetLine`s.
- `MeasureStatus`: the follow-up of a measure per tertial and for the year; `GoalComment`: the
  elected members' comments.

Every row carries its municipality (the tenant), so a page filters on it directly and a write
moves that municipality's cached pages (core/freshness). Money is whole kroner (integers): sums
are exact. Objects two planners may edit at once carry a `version` (optimistic locking).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.core.versioning import Versioned
from samplan.municipalities.models import Municipality
from samplan.plans.models import Plan

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]
# The four years of an økonomiplan (KL § 14-4): the budget year and three more.
PLAN_YEARS = 4


class Owned(models.Model):
    """A row of one municipality (the tenant): pages filter on it, and a write moves that
    municipality's cached pages (core/freshness)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )

    class Meta:
        abstract = True


class OwnedVersioned(Owned, Versioned):
    """A row of one municipality that two planners may save at once: the form carries the
    version it was read at, and a save of an older version is refused
    (core.versioning.check_and_bump)."""

    class Meta:
        abstract = True


class FocusArea(OwnedVersioned):
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
        help_text=_("The samfunnsdel, temaplan or kommunedelplan the goals belong to."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    public = models.BooleanField(_("public"), default=False)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class Goal(OwnedVersioned):
    """A long-term community goal, or a sub-goal of one (`parent`)."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="goals", verbose_name=_("focus area")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent goal"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    sdgs = models.JSONField(_("UN sustainable development goals"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    public = models.BooleanField(_("public"), default=False)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:goal", args=[self.municipality_id, self.pk])

    def clean(self) -> None:
        if not isinstance(self.sdgs, list) or any(
            not isinstance(number, int) or not 1 <= number <= 17 for number in self.sdgs
        ):
            raise ValidationError(
                {"sdgs": _("Sustainable development goals are numbers from 1 to 17.")}
            )


class GoalStrategy(Owned):
    """How the municipality will reach a goal ("slik gjør vi det")."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("goal")
    )
    text = models.CharField(_("strategy"), max_length=500)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("strategy for a goal")
        verbose_name_plural = _("strategies for goals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class IndicatorSource(models.TextChoices):
    SSB = "ssb", _("Statistics Norway (from the statistics module)")
    OWN = "egen", _("The municipality's own figure")


class Direction(models.TextChoices):
    UP = "opp", _("Higher is better")
    DOWN = "ned", _("Lower is better")


class Indicator(OwnedVersioned):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal")
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(
        _("source"), max_length=4, choices=IndicatorSource.choices, default=IndicatorSource.OWN
    )
    ssb_series = models.CharField(_("SSB series"), max_length=30, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEARS
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEARS
    )
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.UP
    )
    public = models.BooleanField(_("public"), default=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .indicators import SSB_SERIES

        if self.source == IndicatorSource.SSB and self.ssb_series not in SSB_SERIES:
            raise ValidationError({"ssb_series": _("Choose one of the SSB series.")})
        if self.source == IndicatorSource.OWN:
            self.ssb_series = ""
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            raise ValidationError(
                {"target_year": _("The target year cannot be before the baseline year.")}
            )


class IndicatorValue(Owned):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    from_ssb = models.BooleanField(_("from SSB"), default=False)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="goals_one_value_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class ActionPlan(Owned):
    """One yearly version of the handlingsdel and økonomiplan: `first_year` is the budget year,
    the plan covers it and the next three. A new version is made from the previous one."""

    first_year = models.PositiveSmallIntegerField(_("budget year"), validators=YEARS)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made from"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action part and financial plan")
        verbose_name_plural = _("action parts and financial plans")
        ordering = ["-first_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "first_year"], name="goals_one_action_plan_per_year"
            )
        ]

    def __str__(self) -> str:
        return _("Action part and financial plan %(first)s–%(last)s") % {
            "first": self.first_year,
            "last": self.last_year,
        }

    def get_absolute_url(self) -> str:
        return reverse("goals:plan", args=[self.municipality_id, self.first_year])

    @property
    def last_year(self) -> int:
        return self.first_year + PLAN_YEARS - 1

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.first_year + PLAN_YEARS))


class BudgetLine(Owned):
    """A line of the budget and økonomiplan as imported from the accounting system: amounts in
    whole kroner for the plan's four years (None: the file had no amount for the year;
    negative: income)."""

    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan")
    )
    ansvar = models.CharField(_("responsibility (ansvar)"), max_length=20, blank=True)
    funksjon = models.CharField(_("KOSTRA function"), max_length=3)
    art = models.CharField(_("type (art)"), max_length=20, blank=True)
    prosjekt = models.CharField(_("project"), max_length=20, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount_1 = models.BigIntegerField(_("amount, year 1"), null=True, blank=True)
    amount_2 = models.BigIntegerField(_("amount, year 2"), null=True, blank=True)
    amount_3 = models.BigIntegerField(_("amount, year 3"), null=True, blank=True)
    amount_4 = models.BigIntegerField(_("amount, year 4"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["funksjon", "ansvar", "art", "prosjekt"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "ansvar", "funksjon", "art", "prosjekt"],
                name="goals_budget_line_key",
            )
        ]

    def __str__(self) -> str:
        key = "/".join(part for part in (self.ansvar, self.funksjon, self.art, self.prosjekt))
        return f"{key} {self.description}".strip()

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.ansvar, self.funksjon, self.art, self.prosjekt)

    @property
    def amounts(self) -> list[int | None]:
        return [self.amount_1, self.amount_2, self.amount_3, self.amount_4]


class MeasureKind(models.TextChoices):
    OPERATION = "drift", _("Operation")
    INVESTMENT = "investering", _("Investment")
    NO_COST = "uten_kostnad", _("No cost")


class Measure(OwnedVersioned):
    """A measure (tiltak) of one version of the handlingsdel; `carried_from` is the same measure
    in the version it was carried over from."""

    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    goals = models.ManyToManyField(Goal, related_name="measures", verbose_name=_("goals served"))
    unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start"), validators=YEARS)
    end_year = models.PositiveSmallIntegerField(_("end"), null=True, blank=True, validators=YEARS)
    kind = models.CharField(_("kind"), max_length=12, choices=MeasureKind.choices)
    cost_1 = models.BigIntegerField(_("cost, year 1"), default=0)
    cost_2 = models.BigIntegerField(_("cost, year 2"), default=0)
    cost_3 = models.BigIntegerField(_("cost, year 3"), default=0)
    cost_4 = models.BigIntegerField(_("cost, year 4"), default=0)
    budget_lines = models.ManyToManyField(
        BudgetLine, related_name="measures", blank=True, verbose_name=_("budget lines")
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("carried over from"),
    )
    public = models.BooleanField(_("public"), default=False)

    history = HistoricalRecords(m2m_fields=[goals, budget_lines])
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("goals:measure", args=[self.municipality_id, self.pk])

    @property
    def costs(self) -> list[int]:
        return [self.cost_1, self.cost_2, self.cost_3, self.cost_4]

    def clean(self) -> None:
        errors = {}
        if self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end cannot be before the start.")
        if self.kind == MeasureKind.NO_COST and any(self.costs):
            errors["kind"] = _("A measure with no cost cannot have costs.")
        if errors:
            raise ValidationError(errors)


class Period(models.TextChoices):
    FIRST = "t1", _("1st tertial")
    SECOND = "t2", _("2nd tertial")
    YEAR = "aar", _("The year")


class Status(models.TextChoices):
    NOT_STARTED = "ikke_startet", _("Not started")
    ON_TRACK = "i_rute", _("On track")
    DELAYED = "forsinket", _("Delayed")
    DONE = "fullfort", _("Done")
    STOPPED = "stoppet", _("Stopped")


class MeasureStatus(Owned):
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("measure")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    period = models.CharField(_("period"), max_length=3, choices=Period.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    spent = models.BigIntegerField(_("spent (kr)"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("status of a measure")
        verbose_name_plural = _("statuses of measures")
        ordering = ["year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "period"], name="goals_one_status_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_period_display()}: {self.get_status_display()}"


class ReportAdoption(Owned):
    """The council's adoption of the årsberetning for a year (KL § 14-3 third paragraph: by
    30 June of the next year), whose chapter on goal achievement is the year's goal report.
    Recorded, it makes the goal report a decided case that can be archived."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    adopted_on = models.DateField(_("adopted by the council on"))
    case_number = models.CharField(
        _("case number"),
        max_length=50,
        blank=True,
        help_text=_("The council's case number, e.g. 14/2026 (optional)."),
    )

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption of the annual report")
        verbose_name_plural = _("adoptions of the annual report")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="goals_one_report_adoption_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.adopted_on:%d.%m.%Y}"

    def clean(self) -> None:
        if self.adopted_on and self.year and self.adopted_on.year <= self.year:
            raise ValidationError(
                {
                    "adopted_on": _(
                        "The council adopts the annual report for %(year)s after the year has "
                        "ended, so the date is in %(next)s or later."
                    )
                    % {"year": self.year, "next": self.year + 1}
                }
            )


class GoalComment(Owned):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("goal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment on a goal")
        verbose_name_plural = _("comments on goals")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
