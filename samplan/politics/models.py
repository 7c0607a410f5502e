"""Political arenas: the live political workshop (sessions, options, participants and their
anonymous votes) and the municipality's delegation of plan decisions.

Votes are kept apart from people: a vote belongs to a `Participant`, which knows its user or
one-time code only while the workshop is open; closing the workshop removes that link, so not
even the database says afterwards who voted what. Votes and participants have no audit history
for the same reason."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.municipalities.models import Municipality


class Step(models.TextChoices):
    """The steps the planner moves the workshop through, in order."""

    CHALLENGES = "utfordringer", _("The challenge picture")
    DOTS = "prikker", _("Mark priorities with points")
    COMMENTS = "kommentarer", _("Comments")
    RANKING = "rangering", _("Rank the proposals")
    CLOSED = "avsluttet", _("Closed")


STEP_ORDER = [Step.CHALLENGES, Step.DOTS, Step.COMMENTS, Step.RANKING, Step.CLOSED]


class Workshop(models.Model):
    """A political workshop with the council or a committee, run live by the planner."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.CharField(
        _("with"),
        max_length=200,
        help_text=_("The council, the executive committee or a committee."),
    )
    subject = models.CharField(
        _("about"),
        max_length=100,
        blank=True,
        help_text=_("What the result is saved to, e.g. the planning strategy."),
    )
    subject_title = models.CharField(_("about (title)"), max_length=300, blank=True)
    subject_url = models.CharField(max_length=300, blank=True)
    key = models.CharField(_("short link"), max_length=16, unique=True)
    points = models.PositiveSmallIntegerField(
        _("points per member"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many points each member spreads over the challenges."),
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.CHALLENGES)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participant_count = models.PositiveIntegerField(_("number taking part"), default=0)
    # The counts as they were when the workshop closed: what is saved to the subject.
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["result"])
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("political workshop")
        verbose_name_plural = _("political workshops")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("politics:workshop", args=[self.municipality_id, self.pk])

    @property
    def is_closed(self) -> bool:
        return self.step == Step.CLOSED


class OptionKind(models.TextChoices):
    CHALLENGE = "utfordring", _("Challenge")
    PROPOSAL = "forslag", _("Proposal")


class Option(models.Model):
    """A challenge the members spread points over, or a proposal they rank."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="options", verbose_name=_("workshop")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OptionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop option")
        verbose_name_plural = _("workshop options")
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class JoinCode(models.Model):
    """A one-time code a member without a login joins with (handed out on a slip)."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="codes", verbose_name=_("workshop")
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("join code")
        verbose_name_plural = _("join codes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code


class Participant(models.Model):
    """One member taking part: through their login or a one-time code, once per workshop. The
    phone keeps `token` in its session. `user` and `code` are cleared when the workshop closes."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("workshop"),
    )
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.OneToOneField(
        JoinCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="participant"
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}/{self.pk}"


class DotVote(models.Model):
    """Points a participant put on one challenge (one row per participant and challenge)."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="dots", verbose_name=_("participant")
    )
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, related_name="dots", verbose_name=_("challenge")
    )
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )

    class Meta:
        verbose_name = _("points")
        verbose_name_plural = _("points")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "option"], name="one_dot_row_per_option"
            ),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="dot_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.points}"


class Rank(models.Model):
    """A participant's place for one proposal (1 = most important)."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="ranks", verbose_name=_("participant")
    )
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, related_name="ranks", verbose_name=_("proposal")
    )
    place = models.PositiveSmallIntegerField(_("place"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [
            models.UniqueConstraint(fields=["participant", "option"], name="one_rank_per_option"),
            models.UniqueConstraint(fields=["participant", "place"], name="one_option_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.place}"


class Comment(models.Model):
    """A comment written in the comment step, shown without its writer. `participant` limits
    how many one phone may send; it is never shown."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="comments", verbose_name=_("workshop")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, related_name="comments"
    )
    text = models.TextField(_("comment"), max_length=1000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class Delegation(models.Model):
    """Who decides one kind of plan decision by the municipality's own delegation rules (KL
    § 5-14), as the planner recorded it. `version` guards against two planners saving at once."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="delegations",
        verbose_name=_("municipality"),
    )
    decision = models.CharField(_("decision"), max_length=30)
    body = models.CharField(_("decided by"), max_length=30)
    body_name = models.CharField(
        _("name of the body"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Utvalg for plan og miljø” when a committee decides."),
    )
    reference = models.CharField(
        _("where in the delegation rules"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Delegeringsreglementet punkt 4.2”."),
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "decision"], name="one_delegation_per_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.body}"


class AssessmentGroup(models.TextChoices):
    ADMINISTRATION = "administrasjon", _("Administration")
    POLITICS = "politikk", _("Elected members")


class AssessmentResponse(models.Model):
    """One anonymous answer to the plan-culture self-assessment. Nothing here says who answered:
    no user, no time, and a random id, so that not even the order of the rows matches the
    `AssessmentRespondent` rows that record who has answered."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="assessment_responses",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    group = models.CharField(_("group"), max_length=20, choices=AssessmentGroup.choices)

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        indexes = [models.Index(fields=["year", "municipality"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}"


class AssessmentRating(models.Model):
    """One statement's rating (1–5) in an answer; `theme` is kept for grouping in the database."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    response = models.ForeignKey(
        AssessmentResponse, on_delete=models.CASCADE, related_name="ratings"
    )
    statement = models.CharField(_("statement"), max_length=30)
    theme = models.CharField(_("theme"), max_length=30)
    value = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="one_rating_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="rating_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.value}"


class AssessmentNote(models.Model):
    """The free text an answer gave for one theme."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    response = models.ForeignKey(AssessmentResponse, on_delete=models.CASCADE, related_name="notes")
    theme = models.CharField(_("theme"), max_length=30)
    text = models.TextField(_("text"), max_length=2000)

    class Meta:
        verbose_name = _("self-assessment note")
        verbose_name_plural = _("self-assessment notes")

    def __str__(self) -> str:
        return self.theme


class AssessmentRespondent(models.Model):
    """That a user has answered a year's self-assessment (once), apart from what they answered."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("self-assessment respondent")
        verbose_name_plural = _("self-assessment respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "user"], name="one_answer_per_user_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}"


class CourseProgress(models.Model):
    """That a user has read one part of the elected members' course. Shown only to that user:
    no page lists another member's progress."""

    # Shown on no cached page (core/freshness): a write moves no cached data.
    cache_untracked = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    part = models.CharField(_("part"), max_length=40)
    read_on = models.DateField(_("read on"))

    class Meta:
        verbose_name = _("course progress")
        verbose_name_plural = _("course progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "part"], name="one_progress_per_part"
            )
        ]

    def __str__(self) -> str:
        return self.part


class ForumMeeting(models.Model):
    """A meeting of the internal plan forum: the administration's leaders on planning. The
    agenda is proposed from the coming deadlines and overdue revisions, then edited; the notes
    are written during or after the meeting. `version` guards against two planners saving at
    once."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="forum_meetings"
    )
    date = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), max_length=10000, blank=True)
    notes = models.TextField(_("notes"), max_length=20000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan forum meeting")
        verbose_name_plural = _("plan forum meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return str(self.date)

    def get_absolute_url(self) -> str:
        return reverse("politics:forum_meeting", args=[self.municipality_id, self.pk])
