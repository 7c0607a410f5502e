"""Plantakt data: election periods and rules an administrator can correct, and per municipality
the facts of its period (constitution date, master plan revision), decision dates, own items and
the calendar feed token."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.core.dates import period_label
from samplan.core.versioning import Versioned
from samplan.municipalities.models import Municipality
from samplan.plans.models import Plan

from . import engine

ELECTION_YEAR_VALIDATORS = [
    MinValueValidator(engine.FIRST_ELECTION_YEAR),
    MaxValueValidator(engine.LAST_ELECTION_YEAR),
]


def _validate_election_year(value: int) -> None:
    try:
        engine.check_election_year(value)
    except engine.PeriodError as error:
        raise ValidationError(str(error)) from None


class ElectionPeriod(models.Model):
    """A municipal election: its date (fixed by royal decree) and whether that date is confirmed.

    Seeded by migration 0002 (sources: docs/sources.md 1.1); projected dates (second Monday of
    September) are unconfirmed until an administrator corrects them (`samplan plantakt-data`).
    """

    election_year = models.PositiveSmallIntegerField(
        _("election year"), unique=True, validators=[_validate_election_year]
    )
    election_date = models.DateField(_("election day"))
    confirmed = models.BooleanField(_("confirmed"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("election period")
        verbose_name_plural = _("election periods")
        ordering = ["election_year"]

    def __str__(self) -> str:
        return period_label(self.election_year)

    def clean(self) -> None:
        if self.election_date and self.election_date.year != self.election_year:
            raise ValidationError({"election_date": _("The election day is not in the year.")})


class RuleKey(models.TextChoices):
    CONSTITUTION = "constitution", _("Council constituted by (KL § 7-1)")
    ACCOUNTS_PRESENTED = "accounts_presented", _("Annual accounts presented by (KL § 14-6)")
    ANNUAL_REPORT = "annual_report", _("Annual report presented by (KL § 14-7)")
    AUDITOR_REPORT = "auditor_report", _("Auditor's report by")
    ACCOUNTS_ADOPTED = "accounts_adopted", _("Council adopts accounts by (KL § 14-3 (3))")
    BUDGET_ADOPTED = "budget_adopted", _("Budget and økonomiplan adopted by (KL § 14-3)")
    DELEGATION_REGULATION = (
        "delegation_regulation",
        _("Delegation regulation, year after the election, by (KL § 5-14)"),
    )


class RuleSetting(models.Model):
    """A yearly date rule (month, day) that an administrator can correct, e.g. the UNCONFIRMED
    council deadline for the annual accounts. Seeded from engine.DEFAULT_RULES."""

    key = models.CharField(_("rule"), max_length=40, unique=True, choices=RuleKey.choices)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.day:02d}.{self.month:02d}."

    def clean(self) -> None:
        try:
            datetime.date(2024, self.month or 1, self.day or 1)  # a leap year allows 29 Feb
        except ValueError:
            raise ValidationError({"day": _("The month has no such day.")}) from None

    def as_rule(self) -> engine.RuleValue:
        return engine.RuleValue(self.month, self.day, self.confirmed)


class MunicipalityPeriod(Versioned):
    """A municipality's facts for one election period (versioned: the period page and the
    planning strategy's status form both save the constitution date)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="plantakt_periods",
        verbose_name=_("municipality"),
    )
    election_year = models.PositiveSmallIntegerField(
        _("election year"), validators=[_validate_election_year]
    )
    constituted_on = models.DateField(
        _("council constituted on"),
        null=True,
        blank=True,
        help_text=_("The date of the constituting meeting. Empty: 31 October is assumed."),
    )
    revise_master_plan = models.BooleanField(
        _("the planning strategy revises the master plan"), default=False
    )

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("election period of a municipality")
        verbose_name_plural = _("election periods of municipalities")
        ordering = ["municipality", "election_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "election_year"], name="plantakt_one_period_per_year"
            )
        ]

    def __str__(self) -> str:
        return _("Election period %(period)s") % {"period": period_label(self.election_year)}


class ItemDecision(models.Model):
    """The date a legal or recommended item was done (e.g. the council's decision)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="plantakt_decisions",
        verbose_name=_("municipality"),
    )
    election_year = models.PositiveSmallIntegerField(
        _("election year"), validators=[_validate_election_year]
    )
    item_key = models.CharField(_("item"), max_length=80)
    decided_on = models.DateField(_("decision date"))

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision date")
        verbose_name_plural = _("decision dates")
        ordering = ["decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "election_year", "item_key"],
                name="plantakt_one_decision_per_item",
            )
        ]

    def __str__(self) -> str:
        """The item by its title, as the calendar shows it, and the date in the reader's format."""
        title = engine.item_title(self.item_key) or self._plan_revision_title() or self.item_key
        return f"{title}: {formats.date_format(self.decided_on, 'DATE_FORMAT')}"

    def _plan_revision_title(self) -> str | None:
        """The title of a plan revision item ("plan_revision.<plan id>"), as the calendar has it."""
        kind, _dot, plan_id = self.item_key.partition(".")
        if kind != "plan_revision" or not plan_id.isdigit():
            return None
        title = Plan.objects.filter(pk=int(plan_id)).values_list("title", flat=True).first()
        return engine.plan_revision_title(title) if title is not None else None


class OwnItemQuerySet(AuditedQuerySet):
    def for_period(self, municipality: Municipality, election_year: int) -> OwnItemQuerySet:
        return self.filter(municipality=municipality, election_year=election_year)


class OwnItem(Versioned):
    """The municipality's own item in the calendar (kind "egen"); two planners saving it at once
    do not overwrite each other (core.versioning)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="plantakt_items",
        verbose_name=_("municipality"),
    )
    election_year = models.PositiveSmallIntegerField(
        _("election year"), validators=[_validate_election_year]
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    objects = OwnItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("own item")
        verbose_name_plural = _("own items")
        ordering = ["date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.date and self.election_year:
            first = datetime.date(self.election_year, 1, 1)
            last = datetime.date(self.election_year + 4, 12, 31)
            if not first <= self.date <= last:
                raise ValidationError(
                    {
                        "date": _(
                            "The date must be within the election period (%(first)s–%(last)s)."
                        )
                        % {"first": self.election_year, "last": self.election_year + 4}
                    }
                )

    def as_engine_item(self) -> engine.OwnItem:
        return engine.OwnItem(self.pk, self.title, self.date, self.description, self.done_on)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """The secret token of a municipality's subscribable calendar feed. Only its hash is stored;
    the feed address is shown once when created. Deleting the row revokes the feed."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="plantakt_feed",
        verbose_name=_("municipality"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self._meta.verbose_name).capitalize()
