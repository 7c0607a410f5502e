"""The municipal planning strategy (kommunal planstrategi, PBL § 10-1) per election period: its
guided sections, the bodies consulted, and the priorities elected members mark before the
workshop."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.core.dates import period_label
from samplan.core.freeze import Freezable, FrozenVersion
from samplan.core.versioning import Versioned
from samplan.municipalities.models import Municipality


class StrategyStatus(models.TextChoices):
    DRAFT = "utkast", _("Draft")
    PUBLIC = "offentlig_ettersyn", _("On public display")
    ADOPTED = "vedtatt", _("Adopted")


# The order a strategy moves through; going back a step asks for a reason.
STATUS_ORDER = [StrategyStatus.DRAFT, StrategyStatus.PUBLIC, StrategyStatus.ADOPTED]


class MasterPlanDecision(models.TextChoices):
    REVISE_ALL = "revidere_hele", _("Revise the whole master plan")
    REVISE_PART = "revidere_deler", _("Revise part of the master plan")
    CONTINUE = "videreføre", _("Continue the master plan unchanged")


class StrategyManager(models.Manager.from_queryset(AuditedQuerySet)):  # type: ignore[misc]
    """Strategies with the council's constitution date from plantakt, in the same query."""

    def get_queryset(self) -> models.QuerySet:
        from samplan.plantakt.models import MunicipalityPeriod

        stored = MunicipalityPeriod.objects.filter(
            municipality_id=models.OuterRef("municipality_id"),
            election_year=models.OuterRef("period_start"),
        ).values("constituted_on")[:1]
        return super().get_queryset().annotate(stored_constituted_on=models.Subquery(stored))


class Strategy(Versioned, Freezable):
    """One planning strategy: a municipality and the election period it belongs to.

    Once adopted it is frozen (samplan.core.freeze): the adopted version is stored with its
    documents, and a change is a revision ("endring av planstrategien") that starts as a new
    draft while the adopted version stays in force.

    `version` (core.versioning) moves with every save of the status and dates (the status form,
    the API, going back a status, a revision), so a status form made before another's save is
    refused; a guided section's text has a digest of its own instead (sections.text_digest), so
    saving a section makes no status form stale, nor the other way round."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="strategies",
        verbose_name=_("municipality"),
    )
    period_start = models.PositiveSmallIntegerField(
        _("election period"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The election year the period starts, e.g. 2023 for 2023–2027."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    public_from = models.DateField(_("on public display from"), null=True, blank=True)
    council_meeting = models.DateField(
        _("council meeting that decides"),
        null=True,
        blank=True,
        help_text=_("The date the council is to decide on the strategy."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    statement_deadline = models.DateField(
        _("deadline for statements"),
        null=True,
        blank=True,
        help_text=_(
            "The last day the public can send a statement on the proposal; shown on the public "
            "page with the municipality's addresses."
        ),
    )
    workshop_on = models.DateField(
        _("workshop with the elected members"),
        null=True,
        blank=True,
        help_text=_("Shown to the elected members: they mark their priorities before this date."),
    )
    master_plan_decision = models.CharField(
        _("decision on the master plan"),
        max_length=20,
        choices=MasterPlanDecision.choices,
        blank=True,
    )
    master_plan_parts = models.CharField(
        _("which parts are revised"),
        max_length=300,
        blank=True,
        help_text=_("When only part is revised: e.g. the land-use part, or a sub-plan."),
    )
    # The guided sections (see sections.py for their help texts and examples).
    introduction = models.TextField(_("introduction"), max_length=20000, blank=True)
    frameworks = models.TextField(
        _("national and regional frameworks"), max_length=20000, blank=True
    )
    trends = models.TextField(_("development trends and challenges"), max_length=20000, blank=True)
    choices_community = models.TextField(
        _("strategic choices: community development"), max_length=20000, blank=True
    )
    choices_land_use = models.TextField(
        _("strategic choices: long-term land use"), max_length=20000, blank=True
    )
    choices_environment = models.TextField(
        _("strategic choices: environment and climate"), max_length=20000, blank=True
    )
    choices_sectors = models.TextField(
        _("strategic choices: the sectors"), max_length=20000, blank=True
    )
    master_plan_rationale = models.TextField(
        _("rationale for the master plan decision"), max_length=20000, blank=True
    )
    involvement = models.TextField(
        _("involvement of the public and neighbours"), max_length=20000, blank=True
    )
    shared_with_members = models.BooleanField(
        _("shared with elected members"),
        default=False,
        help_text=_(
            "Elected members (readers) can see the challenges and candidate priorities and mark "
            "their top five before the workshop."
        ),
    )
    revision = models.PositiveSmallIntegerField(
        _("revision"),
        default=0,
        help_text=_("0 for the strategy as first adopted; 1, 2, … for each later revision."),
    )
    version_in_force = models.ForeignKey(
        FrozenVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted version in force"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()
    objects = StrategyManager()

    class Meta:
        verbose_name = _("planning strategy")
        verbose_name_plural = _("planning strategies")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_start"], name="one_strategy_per_period"
            )
        ]

    def __str__(self) -> str:
        return _("Planning strategy %(period)s") % {"period": self.period_label}

    def get_absolute_url(self) -> str:
        return reverse("strategy:detail", args=[self.municipality_id, self.period_start])

    @property
    def period_label(self) -> str:
        return period_label(self.period_start)

    @property
    def is_frozen(self) -> bool:
        return self.status == StrategyStatus.ADOPTED

    def frozen_message(self) -> str:
        return _(
            "The planning strategy %(period)s is adopted and can no longer be changed. To "
            "change it, start a revision of the planning strategy."
        ) % {"period": self.period_label}

    @cached_property
    def constituted_on(self) -> datetime.date | None:
        """The date the council was constituted, as recorded in plantakt (one fact, one place).
        Strategies read through `Strategy.objects` bring it along in the same query, and
        `strategy_save` sets it on the strategy it saves; only a strategy reached otherwise
        (through a foreign key, just created or refreshed) reads it here."""
        if "stored_constituted_on" in self.__dict__:
            return self.stored_constituted_on
        from samplan.plantakt.selectors import stored_period

        period = stored_period(self.municipality_id, self.period_start)
        return period.constituted_on if period else None

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        # plantakt's date may have changed too: read it again when it is next needed
        self.__dict__.pop("stored_constituted_on", None)
        self.__dict__.pop("constituted_on", None)

    @property
    def constitution_date(self) -> datetime.date:
        """The constitution date, or the latest legal one (31 October of the election year)."""
        return self.constituted_on or datetime.date(self.period_start, 10, 31)


class BodyKind(models.TextChoices):
    COUNTY_MUNICIPALITY = "fylkeskommune", _("County municipality")
    COUNTY_GOVERNOR = "statsforvalter", _("County governor")
    NEIGHBOUR = "nabokommune", _("Neighbouring municipality")
    STATE = "statlig", _("Other state body")
    OTHER = "annet", _("Other")


class ConsultationBody(Versioned):
    """A body whose views on the strategy are obtained (PBL § 10-1 second paragraph); two
    planners saving it at once do not overwrite each other (core.versioning)."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("strategy")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    neighbour = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbouring municipality"),
    )
    asked_on = models.DateField(_("asked on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("their answer"), max_length=20000, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consulted body")
        verbose_name_plural = _("consulted bodies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def cache_municipality_ids(self) -> list[str]:
        """The municipality whose cached data a write moves (see core/freshness)."""
        return _municipality_of(self.strategy_id)


class Priority(models.Model):
    """A candidate priority that elected members can mark before the strategy workshop."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("strategy")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate priority")
        verbose_name_plural = _("candidate priorities")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def cache_municipality_ids(self) -> list[str]:
        """The municipality whose cached data a write moves (see core/freshness)."""
        return _municipality_of(self.strategy_id)


class PriorityVote(models.Model):
    """An elected member's mark on a candidate priority (at most five per strategy)."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="votes", verbose_name=_("priority")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="priority_votes",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority mark")
        verbose_name_plural = _("priority marks")
        constraints = [
            models.UniqueConstraint(fields=["priority", "user"], name="one_mark_per_priority")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.priority_id}"

    def cache_municipality_ids(self) -> list[str]:
        """The municipality whose cached data a write moves (see core/freshness)."""
        return list(
            Strategy.objects.filter(priorities=self.priority_id).values_list(
                "municipality_id", flat=True
            )
        )


def _municipality_of(strategy_id: int) -> list[str]:
    return list(Strategy.objects.filter(pk=strategy_id).values_list("municipality_id", flat=True))
