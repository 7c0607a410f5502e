"""The plan register (planregister) and the clean-up decisions (rydding i planverket)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.core.versioning import Versioned
from samplan.municipalities.models import Municipality

from . import catalogue


class PlanType(models.TextChoices):
    PLANSTRATEGI = "planstrategi", _("Municipal planning strategy")
    SAMFUNNSDEL = "samfunnsdel", _("Master plan, social part (samfunnsdel)")
    AREALDEL = "arealdel", _("Master plan, land-use part (arealdel)")
    HANDLINGSDEL = "handlingsdel", _("Action part (handlings- og økonomiplan)")
    KOMMUNEDELPLAN = "kommunedelplan", _("Sub-plan for a theme (kommunedelplan)")
    KOMMUNEDELPLAN_AREAL = (
        "kommunedelplan_areal",
        _("Sub-plan for an area (kommunedelplan, land use)"),
    )
    TEMAPLAN = "temaplan", _("Thematic plan (temaplan / fagplan)")
    STRATEGI = "strategi", _("Strategy")
    HANDLINGSPLAN = "handlingsplan", _("Action plan (handlingsplan)")
    OVERSIKT = "oversikt", _("Overview or analysis (e.g. public-health overview, ROS)")
    BEREDSKAPSPLAN = "beredskapsplan", _("Emergency plan (beredskapsplan)")
    REGIONAL = "regional", _("Regional or intercommunal plan")


class PlanStatus(models.TextChoices):
    IN_PROGRESS = "i_arbeid", _("In progress")
    CURRENT = "gjeldende", _("Current")
    UNDER_REVISION = "under_revisjon", _("Under revision")
    EXPIRED = "utgaatt", _("Expired")
    REPEALED = "opphevet", _("Repealed")


YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2200)]


class PlanQuerySet(AuditedQuerySet):
    """Filters for plans."""

    def for_municipality(self, municipality: Municipality | str) -> PlanQuerySet:
        number = municipality if isinstance(municipality, str) else municipality.number
        return self.filter(municipality_id=number)

    def current(self) -> PlanQuerySet:
        """Plans in force: current or under revision, and not replaced by another adopted plan
        (an older version of a rolling plan is history even if its status was not changed)."""
        # "Not among the plans that adopted plans replace": a small hashed list the database
        # finds by the index of `replaces` (the join through `replaced_by` hashed every plan of
        # the installation, 20 ms for a status board of 46 municipalities at 357).
        return self.filter(status__in=catalogue.CURRENT_STATUSES).exclude(
            pk__in=Plan.objects.filter(replaces__isnull=False)
            .exclude(status=PlanStatus.IN_PROGRESS)
            .values("replaces_id")
        )

    def statutory(self) -> PlanQuerySet:
        return self.filter(is_statutory=True)

    def overdue(self, *, on: datetime.date, new_year: datetime.date | None = None) -> PlanQuerySet:
        """Current plans whose next revision (overridden or computed) is before `on`. A revision
        known only by its year (stored as 1 January, see `Plan.next_revision_year_only`) is due
        during that year: overdue from 1 January of the next year (`new_year`, 1 January of
        `on`'s year, given by a prepared read that takes it as a parameter of its own)."""
        new_year = new_year or datetime.date(on.year, 1, 1)
        return self.current().filter(
            (Q(next_revision_override__lt=on) & ~Q(next_revision_override=new_year))
            | (
                Q(next_revision_override__isnull=True, next_revision_computed__lt=on)
                & ~Q(next_revision_computed=new_year, adopted_date__isnull=True)
            )
        )


class Plan(Versioned):
    """One plan, strategy or statutory overview in a municipality's register."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="plans", verbose_name=_("municipality")
    )
    external_id = models.CharField(
        _("the municipality's own id"),
        max_length=50,
        blank=True,
        help_text=_("Optional. Used to match rows when a register is imported again."),
    )
    title = models.CharField(_("title"), max_length=300)
    plan_type = models.CharField(_("plan type"), max_length=20, choices=PlanType.choices)
    is_statutory = models.BooleanField(_("required by law"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.CURRENT
    )
    adopted_year = models.PositiveSmallIntegerField(
        _("year adopted"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    adopted_date = models.DateField(
        _("date adopted"),
        null=True,
        blank=True,
        help_text=_("If only the year is known, leave the date empty."),
    )
    adopted_by = models.CharField(_("adopted by"), max_length=100, blank=True)
    revision_interval_years = models.PositiveSmallIntegerField(
        _("revision interval (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    next_revision_override = models.DateField(
        _("next revision (set by hand)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to compute it from the adoption and the interval."),
    )
    next_revision_computed = models.DateField(
        _("next revision (computed)"), null=True, blank=True, editable=False
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    pages = models.PositiveIntegerField(
        _("pages"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    link = models.URLField(_("link to the document"), max_length=500, blank=True)
    document = models.FileField(_("uploaded document"), upload_to="plans/%Y/", blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    sdgs = models.JSONField(_("UN sustainable development goals"), default=list, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent plan"),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    in_financial_plan = models.BooleanField(
        _("measures are in the økonomiplan / handlingsdel"), default=False
    )
    note = models.TextField(
        _("note"),
        max_length=2000,
        blank=True,
        help_text=_("E.g. the case number of the decision."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["next_revision_computed", "updated_at"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["title"]
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="plan_external_id_unique_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.next_revision_computed = self.compute_next_revision()
        if self.adopted_date and not self.adopted_year:
            self.adopted_year = self.adopted_date.year
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.municipality_id, self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = datetime.date.today()
        if self.adopted_date and self.adopted_year and self.adopted_date.year != self.adopted_year:
            errors["adopted_date"] = _("The date is not in the year adopted.")
        adopted_year = self.adopted_date.year if self.adopted_date else self.adopted_year
        if (
            adopted_year
            and adopted_year > today.year
            or (self.adopted_date and self.adopted_date > today)
        ):
            errors["adopted_year"] = _("A plan cannot be adopted in the future.")
        if (
            self.next_revision_override
            and adopted_year
            and self.next_revision_override.year < adopted_year
        ):
            errors["next_revision_override"] = _("The next revision cannot be before adoption.")
        for field in ("parent", "replaces", "merged_into"):
            related = getattr(self, field)
            if related is None:
                continue
            if self.pk and related.pk == self.pk:
                errors[field] = _("A plan cannot refer to itself.")
            elif related.municipality_id != self.municipality_id:
                errors[field] = _("The plan must belong to the same municipality.")
        if not isinstance(self.sdgs, list) or any(
            not isinstance(goal, int) or not 1 <= goal <= 17 for goal in self.sdgs
        ):
            errors["sdgs"] = _("Sustainable development goals are numbers from 1 to 17.")
        if not isinstance(self.themes, list) or any(
            not isinstance(theme, str) for theme in self.themes
        ):
            errors["themes"] = _("Themes must be a list of words.")
        if errors:
            raise ValidationError(errors)

    def compute_next_revision(self) -> datetime.date | None:
        """Adoption plus the revision interval (1 January of the year when only the year is
        known)."""
        if not self.revision_interval_years:
            return None
        if self.adopted_date:
            try:
                return self.adopted_date.replace(
                    year=self.adopted_date.year + self.revision_interval_years
                )
            except ValueError:  # 29 February
                return self.adopted_date.replace(
                    year=self.adopted_date.year + self.revision_interval_years, day=28
                )
        if self.adopted_year:
            return datetime.date(self.adopted_year + self.revision_interval_years, 1, 1)
        return None

    @property
    def next_revision(self) -> datetime.date | None:
        """The next revision: set by hand if given, otherwise computed."""
        return self.next_revision_override or self.next_revision_computed

    @property
    def next_revision_year_only(self) -> bool:
        """Whether only the year of the next revision is known ("2026": due during that year).
        It is when it is computed from an adoption year without a date, or set on 1 January,
        which is how the import stores a year (a revision is not due on New Year's Day)."""
        if self.next_revision_override:
            return (self.next_revision_override.month, self.next_revision_override.day) == (1, 1)
        return bool(self.next_revision_computed and self.adopted_year and not self.adopted_date)

    @property
    def adopted_display(self) -> str:
        if self.adopted_date:
            return self.adopted_date.strftime("%d.%m.%Y")
        return str(self.adopted_year) if self.adopted_year else ""


def reasons_text(reasons: list[dict], language: str | None = None) -> str:
    """Stored reasons ({"kind", "text": {language: text}}) in `language` (default: the active
    one), falling back to Bokmål and then to any language stored."""
    language = language or get_language() or "nb"
    texts = []
    for reason in reasons or []:
        text = reason.get("text") or {}
        chosen = text.get(language) or text.get(language.split("-")[0]) or text.get("nb")
        texts.append(chosen or next(iter(text.values()), ""))
    return " ".join(text for text in texts if text)


class Decision(models.TextChoices):
    KEEP = "videreføre", _("Keep as it is (videreføre)")
    REVISE = "revidere", _("Revise (revidere)")
    MERGE = "slå_sammen", _("Merge into another plan (slå sammen)")
    REPEAL = "oppheve", _("Repeal (oppheve)")
    NEW = "ny_plan", _("New plan needed (ny plan)")


class CleanupDecision(Versioned):
    """A decision on one plan (or a new plan) for an election period: the planning-needs table."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="cleanup_decisions",
        verbose_name=_("municipality"),
    )
    period_start = models.PositiveSmallIntegerField(
        _("election period"),
        validators=YEAR_VALIDATORS,
        help_text=_("The election year the period starts, e.g. 2023 for 2023–2027."),
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("plan"),
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    merge_into = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merge_decisions",
        verbose_name=_("merge into"),
    )
    new_plan_title = models.CharField(_("title of the new plan"), max_length=300, blank=True)
    new_plan_type = models.CharField(
        _("type of the new plan"), max_length=20, choices=PlanType.choices, blank=True
    )
    rationale = models.TextField(_("rationale"), max_length=2000, blank=True)
    # The plan-health findings behind a suggested decision that was accepted, by key, with their
    # text in each language: [{"kind": "revision_overdue", "text": {"nb": …, "nn": …}}, …].
    # Shown in the reader's language after the planner's own rationale (see reasons_text).
    reasons = models.JSONField(_("reasons from plan health"), default=list, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("clean-up decision")
        verbose_name_plural = _("clean-up decisions")
        ordering = ["period_start", "plan__title", "new_plan_title"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start"],
                condition=Q(plan__isnull=False),
                name="one_decision_per_plan_and_period",
                violation_error_message=_(
                    "This plan already has a decision for this election period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(decision="ny_plan", plan__isnull=True)
                | (~Q(decision="ny_plan") & Q(plan__isnull=False)),
                name="decision_new_plan_has_no_plan",
            ),
        ]

    def __str__(self) -> str:
        subject = self.plan.title if self.plan_id else self.new_plan_title
        return f"{subject}: {self.get_decision_display()}"

    @property
    def rationale_display(self) -> str:
        """The planner's rationale and the plan-health reasons, in the reader's language."""
        return " ".join(
            part for part in (self.rationale.strip(), reasons_text(self.reasons)) if part
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.decision == Decision.MERGE and not self.merge_into_id:
            errors["merge_into"] = _("Choose the plan to merge into.")
        if self.decision == Decision.MERGE and self.merge_into_id == self.plan_id:
            errors["merge_into"] = _("A plan cannot be merged into itself.")
        if self.merge_into_id and self.merge_into.municipality_id != self.municipality_id:
            errors["merge_into"] = _("The plan must belong to the same municipality.")
        if self.decision == Decision.NEW and not self.new_plan_title.strip():
            errors["new_plan_title"] = _("Give the new plan a title.")
        if self.plan_id and self.plan.municipality_id != self.municipality_id:
            errors["plan"] = _("The plan must belong to the same municipality.")
        if self.target_year and not (
            self.period_start <= self.target_year <= self.period_start + 4
        ):
            errors["target_year"] = _("The target year must be within the election period.")
        if errors:
            raise ValidationError(errors)
