"""Cached statistics from Statistics Norway (SSB) and the planner's challenge statements.

- `Fetch`: one result from SSB (or the shipped snapshot): the table id, the exact query, the time
  it was fetched and SSB's own "updated" time. Never edited by people.
- `Series`: the tidy values of one measure for one region (and one category, e.g. an age group)
  by year, with SSB's status symbols kept beside missing values, and SSB's unit. A refresh
  replaces a series only when the new result has been parsed and checked; a failed refresh leaves
  it untouched.
- `Statement`: a sentence of the challenge picture. The numbers are computed from the series and
  stored separately (`numbers`); the planner may only change the wording and pick it for the
  planning strategy. Audited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.municipalities.models import Municipality


class Source(models.TextChoices):
    SNAPSHOT = "snapshot", _("Snapshot shipped with Samplan")
    SSB = "ssb", _("Fetched from SSB")


class Measure(models.TextChoices):
    POPULATION_AGE = "population_age", _("Population by age group")
    BIRTHS = "births", _("Live births")
    DEATHS = "deaths", _("Deaths")
    NET_MIGRATION = "net_migration", _("Net migration")
    PROJECTION_AGE = "projection_age", _("Population projection by age group")


class Fetch(models.Model):
    """Where a set of series came from: a snapshot file or one SSB request."""

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    table_id = models.CharField(_("SSB table"), max_length=10)
    query = models.JSONField(_("query"), default=dict)
    url = models.CharField(_("address"), max_length=2500, blank=True)
    fetched_at = models.DateTimeField(_("fetched"))
    updated = models.CharField(_("updated by SSB"), max_length=40, blank=True)
    label = models.CharField(_("table title"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("statistics fetch")
        verbose_name_plural = _("statistics fetches")
        ordering = ["-fetched_at"]

    def __str__(self) -> str:
        return f"{self.table_id} ({self.get_source_display()}, {self.fetched_at:%d.%m.%Y})"


class Series(models.Model):
    """Values of one measure for one region and category, by year ("2016": 851 or null)."""

    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    # "0" = Norway, two digits = county, four digits = municipality (2024 numbering).
    region = models.CharField(_("region"), max_length=4)
    category = models.CharField(_("category"), max_length=10, blank=True)
    fetch = models.ForeignKey(
        Fetch, on_delete=models.PROTECT, related_name="series", verbose_name=_("fetch")
    )
    values = models.JSONField(_("values by year"), default=dict)
    statuses = models.JSONField(_("SSB symbols by year"), default=dict, blank=True)
    # SSB's unit as its answer names it ("personer", "prosent" …); empty = not named.
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("statistics series")
        verbose_name_plural = _("statistics series")
        ordering = ["measure", "region", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "region", "category"], name="stats_series_unique"
            ),
        ]
        indexes = [models.Index(fields=["region", "measure"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.region} {self.category}".strip()


# What each statement is about, as a short name for the history ("Created: Share aged 67 or
# older"); the keys are those of `challenges.compute`.
STATEMENT_LABELS = {
    "population_change": _("Population change in ten years"),
    "share_80": _("Share aged 80 or older"),
    "share_67": _("Share aged 67 or older"),
    "dependency_ratio": _("Aged 67+ per 100 aged 20–66 (old-age dependency ratio)"),
    "children_change": _("Change in the number of children aged 0–15"),
    "births_deaths": _("Births and deaths"),
    "projection_80": _("Projected number aged 80 or older"),
}


class Statement(models.Model):
    """One statement of a municipality's challenge picture (utfordringsbilde)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="challenge_statements",
        verbose_name=_("municipality"),
    )
    key = models.CharField(_("statement"), max_length=40)
    # The computed figures the statement is about, as they were when it was last saved.
    numbers = models.JSONField(_("computed figures"), default=dict)
    text = models.TextField(_("wording"), max_length=1000, blank=True)
    selected = models.BooleanField(_("use in the planning strategy"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge statement")
        verbose_name_plural = _("challenge statements")
        ordering = ["municipality", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="stats_statement_unique"),
        ]

    def __str__(self) -> str:
        return str(STATEMENT_LABELS.get(self.key, self.key))
