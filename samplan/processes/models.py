"""Process plans (prosessplaner): a municipality's development work or plan process, planned from
the desired result through the six key questions, phases and activities, and the actor analysis.

Every model a planner edits keeps its history (HistoricalRecords, AuditedQuerySet), and those
two planners may edit at once carry a `version`: a save names the version it started from, and
the second of two concurrent saves is refused instead of overwriting the first (services.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.core.versioning import Versioned
from samplan.municipalities.models import Municipality, Organisation
from samplan.plans.models import Plan

LONG_TEXT = 20000
# TextField's max_length limits only the form; the validator makes full_clean check it too.
LONG = [MaxLengthValidator(LONG_TEXT)]


class ProcessKind(models.TextChoices):
    COMMUNITY_PART = "samfunnsdel", _("Revision of the master plan's community part")
    LAND_USE_PART = "arealdel", _("Revision of the master plan's land-use part")
    SUB_PLAN = "kommunedelplan", _("Sub-plan of the master plan")
    PLANNING_STRATEGY = "planstrategi", _("Planning strategy")
    TOWN_CENTRE = "sentrum", _("Town-centre development")
    NEWCOMERS = "tilflytting", _("Attracting newcomers")
    DEVELOPMENT = "utvikling", _("Other development project")


# Plan processes under the Planning and Building Act where PBL § 5-1 asks for participation by
# groups that need special facilitation (the planning strategy is not a plan under the Act).
STATUTORY_KINDS = frozenset(
    {ProcessKind.COMMUNITY_PART, ProcessKind.LAND_USE_PART, ProcessKind.SUB_PLAN}
)


class ProcessStatus(models.TextChoices):
    PLANNED = "planlagt", _("Planned")
    RUNNING = "pagar", _("Running")
    DONE = "avsluttet", _("Finished")


class QuestionKey(models.TextChoices):
    WHO = "hvem", _("Who are we?")
    KNOWLEDGE = "kunnskap", _("What knowledge do we have, and what is missing?")
    WHERE = "hvor", _("Where do we want to go?")
    WHAT = "hva", _("What do we do?")
    RESOURCES = "ressurser", _("What resources do we need?")
    ACTORS = "aktorer", _("Which actors should we involve?")


class QuestionStatus(models.TextChoices):
    NOT_STARTED = "ikke_startet", _("Not started")
    DRAFT = "utkast", _("Draft")
    AGREED = "omforent", _("Agreed")


class ActivityKind(models.TextChoices):
    WORKSHOP = "verksted", _("Workshop")
    POLITICAL_WORKSHOP = "politisk_verksted", _("Political workshop")
    OPEN_MEETING = "folkemote", _("Open meeting")
    SURVEY = "sporreundersokelse", _("Survey")
    INTERVIEW = "intervju", _("Interview")
    BREAKFAST = "frokostmote", _("Breakfast meeting")
    WORKING_GROUP = "arbeidsgruppe", _("Working group")
    COUNCIL_DECISION = "vedtak", _("Council decision")
    CONSULTATION = "horing", _("Public consultation")
    NOTICE = "varsel", _("Notice of start")
    OTHER = "annet", _("Other")


class Group(models.TextChoices):
    """The groups PBL § 5-1 and its commentary ask special attention for (docs/sources.md)."""

    CHILDREN_YOUTH = "barn_unge", _("Children and young people")
    OLDER = "eldre", _("Older people")
    DISABILITIES = "funksjonsnedsettelse", _("People with disabilities")
    SAMI = "samisk", _("The Sami population")


class ActorKind(models.TextChoices):
    PERSON = "person", _("Person")
    GROUP = "gruppe", _("Group")
    ORGANISATION = "organisasjon", _("Organisation or association")
    BUSINESS = "naeringsliv", _("Business")
    UNIT = "enhet", _("Unit of the municipality")
    POLITICAL = "politisk", _("Political body")


class Involvement(models.TextChoices):
    MUST = "ma", _("Must take part")
    SHOULD = "bor", _("Should take part")
    CAN = "kan", _("Can take part")


class Strategy(models.TextChoices):
    INVOLVE = "involvere", _("Involve")
    CONSULT = "konsultere", _("Consult")
    INFORM = "informere", _("Inform")
    WIN_OVER = "vinne", _("Win over")
    WATCH = "folge_med", _("Watch")


class Direction(models.TextChoices):
    FOR = "for", _("Force for")
    AGAINST = "mot", _("Force against")


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Actor(Versioned):
    """An actor in the municipality's register (shared by all its processes): a person, a group,
    an association, a business, a unit or a political body, inside or outside the organisation."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="actors",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    internal = models.BooleanField(
        _("inside the municipal organisation"),
        default=False,
        help_text=_("A unit, a leader or a political body of the municipality itself."),
    )
    group = models.CharField(
        _("speaks for"),
        max_length=30,
        choices=Group.choices,
        blank=True,
        help_text=_(
            "If the actor speaks for one of the groups the Planning and Building Act asks "
            "special attention for (§ 5-1), e.g. the youth council for children and young people."
        ),
    )
    description = models.TextField(
        _("description"), max_length=LONG_TEXT, validators=LONG, blank=True
    )
    email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_(
            "Used to invite the actor to consultations and input rounds (participation). "
            "An actor without an e-mail address cannot be invited by e-mail."
        ),
    )

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="actor_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ProcessTemplate(models.Model):
    """A template a county municipality publishes for the municipalities it follows (the shipped
    templates are data files in library/, not rows). `content` has the same shape as a shipped
    template's language part (library.py); `version` moves with every published change."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="process_templates",
        verbose_name=_("published by"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of process"), max_length=20, choices=ProcessKind.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[("nb", "Bokmål"), ("nn", "Nynorsk")]
    )
    description = models.TextField(
        _("description"), max_length=LONG_TEXT, validators=LONG, blank=True
    )
    content = models.JSONField(_("content"), default=dict)
    version = models.PositiveIntegerField(_("version"), default=1)
    published = models.BooleanField(_("published"), default=True)
    is_example = models.BooleanField(_("example data"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("process template")
        verbose_name_plural = _("process templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def cache_municipality_ids(self) -> None:
        """A county's template is shown to every municipality it follows (core/freshness)."""
        return


class Process(Versioned):
    """One process plan of a municipality, from the desired result to the activities."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="processes",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of process"), max_length=20, choices=ProcessKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProcessStatus.choices, default=ProcessStatus.PLANNED
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        verbose_name=_("plan in the register"),
        help_text=_("The plan the process makes or serves, if it is in the plan register."),
    )
    community_goal = models.TextField(
        _("long-term community goal"),
        max_length=LONG_TEXT,
        validators=LONG,
        blank=True,
        help_text=_("The goal in the community part the process serves."),
    )
    owner = models.CharField(
        _("owner"),
        max_length=200,
        blank=True,
        help_text=_("Who owns the process, e.g. the chief executive or the executive committee."),
    )
    team = models.TextField(_("process team"), max_length=LONG_TEXT, validators=LONG, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    sami_relevant = models.BooleanField(
        _("Sami interests are relevant"),
        default=False,
        help_text=_(
            "For example in the Sami language administrative area or where reindeer herding uses "
            "the land. Then the check of PBL § 5-1 also asks for the Sami population."
        ),
    )
    desired_result = models.TextField(
        _("desired result"), max_length=LONG_TEXT, validators=LONG, blank=True
    )
    desired_result_measure = models.TextField(
        _("how we will know"), max_length=LONG_TEXT, validators=LONG, blank=True
    )
    participation_plan = models.TextField(
        _("participation plan: the overall approach"),
        max_length=LONG_TEXT,
        validators=LONG,
        blank=True,
    )
    source_template = models.CharField(_("made from template"), max_length=100, blank=True)
    source_name = models.CharField(_("template name"), max_length=200, blank=True)
    source_version = models.PositiveIntegerField(_("template version"), null=True, blank=True)
    source_snapshot = models.JSONField(_("template as copied"), default=dict, blank=True)
    is_example = models.BooleanField(_("example data"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["source_snapshot"])
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", args=[self.municipality_id, self.pk])

    def clean(self) -> None:
        check_dates(self.starts_on, self.ends_on)

    @property
    def is_statutory(self) -> bool:
        return self.kind in STATUTORY_KINDS


class IntermediateResult(models.Model):
    """A desired result on the way ("ønsket resultat midtveis"), with how we will know."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="results", verbose_name=_("process")
    )
    title = models.CharField(_("result"), max_length=300)
    measure = models.TextField(
        _("how we will know"), max_length=LONG_TEXT, validators=LONG, blank=True
    )
    due_on = models.DateField(_("by"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("intermediate result")
        verbose_name_plural = _("intermediate results")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.process_id)


class KeyQuestion(Versioned):
    """The planner's answer to one of the six key questions, and how far it has come."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="questions", verbose_name=_("process")
    )
    key = models.CharField(_("question"), max_length=20, choices=QuestionKey.choices)
    text = models.TextField(_("answer"), max_length=LONG_TEXT, validators=LONG, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.NOT_STARTED,
    )

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("key question")
        verbose_name_plural = _("key questions")
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return str(self.get_key_display())

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.process_id)


class Phase(Versioned):
    """A phase of the process, with its goal, dates and activities."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(
        _("goal of the phase"), max_length=LONG_TEXT, validators=LONG, blank=True
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["order", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_dates(self.starts_on, self.ends_on)

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.process_id)


class ProcessActor(Versioned):
    """An actor's part in one process: must, should or can take part; influence and stance; why
    they matter; whether they are a champion ("bjellesau"); what we do about them."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="actor_roles", verbose_name=_("process")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="roles", verbose_name=_("actor")
    )
    involvement = models.CharField(
        _("part in the process"),
        max_length=5,
        choices=Involvement.choices,
        default=Involvement.SHOULD,
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), default=3, validators=SCALE, help_text=_("1 low – 5 high.")
    )
    stance = models.PositiveSmallIntegerField(
        _("stance"),
        default=3,
        validators=SCALE,
        help_text=_("1 against – 3 neutral – 5 for."),
    )
    why = models.TextField(_("why they matter"), max_length=LONG_TEXT, validators=LONG, blank=True)
    champion = models.BooleanField(
        _("champion (“bjellesau”)"),
        default=False,
        help_text=_("Someone others follow, who can lead the way locally."),
    )
    strategy = models.CharField(
        _("what we do"),
        max_length=20,
        choices=Strategy.choices,
        blank=True,
        help_text=_("Empty: what the power–interest grid suggests."),
    )
    participation = models.TextField(
        _("how they take part"), max_length=LONG_TEXT, validators=LONG, blank=True
    )

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("actor in the process")
        verbose_name_plural = _("actors in the process")
        ordering = ["involvement", "actor__name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "actor"], name="actor_once_per_process")
        ]

    def __str__(self) -> str:
        return self.actor.name if self.actor_id else "–"

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.process_id)


class Activity(Versioned):
    """An activity of a phase: a workshop, a survey, a council decision, …"""

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="activities", verbose_name=_("phase")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    starts_on = models.DateField(_("date"), null=True, blank=True)
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("For an activity over several days.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        ProcessActor, blank=True, related_name="activities", verbose_name=_("participants")
    )
    group = models.CharField(
        _("aimed at"),
        max_length=30,
        choices=Group.choices,
        blank=True,
        help_text=_("If the activity is made for one of the groups PBL § 5-1 asks attention for."),
    )
    method = models.TextField(_("method"), max_length=LONG_TEXT, validators=LONG, blank=True)
    knowledge = models.TextField(
        _("knowledge it needs"), max_length=LONG_TEXT, validators=LONG, blank=True
    )
    county_guidance = models.BooleanField(_("guidance from the county wanted"), default=False)
    done_on = models.DateField(
        _("done on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the activity was held. A done activity is never shown as the next one; "
            "a past activity without it may have been forgotten."
        ),
    )

    history = HistoricalRecords(m2m_fields=[participants])
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_dates(self.starts_on, self.ends_on, end_field="ends_on")
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("An activity cannot be done in the future.")})

    def cache_municipality_ids(self) -> list[str]:
        return list(
            Process.objects.filter(phases=self.phase_id).values_list("municipality_id", flat=True)
        )


class Force(models.Model):
    """A force for or against the process ("makt- og motkrefter"), and the response chosen."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="forces", verbose_name=_("process")
    )
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    description = models.TextField(_("force"), max_length=LONG_TEXT, validators=LONG)
    response = models.TextField(
        _("what we do about it"), max_length=LONG_TEXT, validators=LONG, blank=True
    )

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("force")
        verbose_name_plural = _("forces")
        ordering = ["direction", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.process_id)


def check_dates(starts_on: object, ends_on: object, *, end_field: str = "ends_on") -> None:
    """An end before the start is refused, with the message on the end date."""
    if starts_on and ends_on and ends_on < starts_on:  # type: ignore[operator]
        raise ValidationError({end_field: _("The end cannot be before the start.")})


def _municipality_of(process_id: int) -> list[str]:
    return list(Process.objects.filter(pk=process_id).values_list("municipality_id", flat=True))
