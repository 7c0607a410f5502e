"""Participation (medvirkning, PBL § 5-1): consultations and input rounds, the submissions people
send, and the administration's assessment of each (merknadsbehandling)."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.core.models import OutgoingMail
from samplan.core.versioning import Versioned
from samplan.municipalities.models import Municipality
from samplan.plans.models import Plan
from samplan.processes.models import Actor, Process
from samplan.strategy.models import ConsultationBody, Priority, Strategy


class Kind(models.TextChoices):
    CONSULTATION = "horing", _("Formal consultation (høring)")
    PUBLIC_DISPLAY = "offentlig_ettersyn", _("Public display (offentlig ettersyn)")
    INPUT_ROUND = "innspillsrunde", _("Open input round")


class Subject(models.TextChoices):
    """What is on consultation: decides the legal minimum period (rules.py)."""

    PLANNING_PROGRAMME = "planprogram", _("Planning programme")
    MASTER_PLAN = "kommuneplan", _("Master plan or sub-plan proposal")
    PLANNING_STRATEGY = "planstrategi", _("Planning strategy")
    OTHER = "annet", _("Other plan or theme")


class Status(models.TextChoices):
    DRAFT = "utkast", _("Draft (not public)")
    PUBLISHED = "publisert", _("Published")
    CLOSED = "lukket", _("Closed")
    ANSWERED = "besvart", _("Assessment published")


class Consultation(Versioned):
    """A consultation or input round on a plan, the planning strategy or a free subject.

    The link is generic: an optional plan in the register, an optional planning strategy, an
    optional process plan (processes), and the subject in words."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("what is on consultation"), max_length=20, choices=Subject.choices)
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("plan in the register"),
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("planning strategy"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("process plan"),
        help_text=_("The process plan the consultation is part of, if any."),
    )
    summary = models.TextField(
        _("summary in plain language"),
        max_length=3000,
        help_text=_("Shown first on the public page: what is decided, and why it matters."),
    )
    description = models.TextField(_("more about the consultation"), max_length=20000, blank=True)
    opens_on = models.DateField(_("opens"))
    closes_at = models.DateTimeField(
        _("closes"), help_text=_("Submissions are refused after this time.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    youth_variant = models.BooleanField(
        _("simple variant for young people"),
        default=False,
        help_text=_("Fewer words, one question per screen: for school classes and youth councils."),
    )
    adopted_on = models.DateField(
        _("plan adopted on"),
        null=True,
        blank=True,
        help_text=_("Personal data of contributors is anonymised a set time after this date."),
    )
    anonymise_after_days = models.PositiveIntegerField(
        _("anonymise personal data after (days)"),
        default=365,
        validators=[MinValueValidator(0), MaxValueValidator(3650)],
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:detail", args=[self.municipality_id, self.pk])

    def public_url(self) -> str:
        return reverse("participation:public", args=[self.municipality_id, self.pk])

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and timezone.localdate(now) >= self.opens_on
            and now < self.closes_at
        )


class QuestionKind(models.TextChoices):
    TEXT = "tekst", _("Free text")
    CHOICE = "valg", _("Choice")
    RANKING = "rangering", _("Ranking")
    PLACE = "sted", _("A place (name or address)")


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    youth_text = models.CharField(
        _("the question in fewer words (young people)"), max_length=200, blank=True
    )
    options = models.TextField(
        _("options"),
        max_length=3000,
        blank=True,
        help_text=_("For choice and ranking: one option per line."),
    )
    required = models.BooleanField(_("required"), default=False)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.consultation_id)


def _document_path(instance: ConsultationDocument, filename: str) -> str:
    return f"medvirkning/{instance.consultation_id}/dokumenter/{filename}"


class ConsultationDocument(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    media_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("document on consultation")
        verbose_name_plural = _("documents on consultation")

    def __str__(self) -> str:
        return self.title

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.consultation_id)


class Invitation(models.Model):
    """An e-mail invitation to a consultation body or another actor."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    body = models.ForeignKey(
        ConsultationBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultation body"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor in the register"),
    )
    mail = models.ForeignKey(
        OutgoingMail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "email"], name="one_invitation_each")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.consultation_id)


class AgeBand(models.TextChoices):
    UNDER_13 = "under13", _("Under 13")
    AGE_13_18 = "13-18", _("13–18")
    AGE_19_25 = "19-25", _("19–25")
    AGE_26_66 = "26-66", _("26–66")
    OVER_66 = "67+", _("67 or older")
    UNKNOWN = "", _("Not given")


class Source(models.TextChoices):
    WEB = "nett", _("The public page")
    YOUTH = "ung", _("The page for young people")
    MEETING = "folkemote", _("Open meeting (folkemøte)")
    WORKSHOP = "verksted", _("Workshop")
    LETTER = "brev", _("Letter or e-mail")


class Moderation(models.TextChoices):
    WAITING = "venter", _("Waiting for moderation")
    PUBLISHED = "publisert", _("Published")
    HELD = "holdt", _("Held back")
    WITHDRAWN = "trukket", _("Withdrawn by the contributor")


class TakenIntoAccount(models.TextChoices):
    NOT_ASSESSED = "", _("Not assessed")
    YES = "ja", _("Taken into account")
    PARTLY = "delvis", _("Partly taken into account")
    NO = "nei", _("Not taken into account")


class Submission(Versioned):
    """One contribution: a person's or body's answers, or notes from a meeting."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveIntegerField(_("number"))
    token_hash = models.CharField(max_length=64, unique=True)
    form_nonce = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_note = models.CharField(_("where and when"), max_length=300, blank=True)
    text = models.TextField(_("your input"), max_length=10000, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation or group"), max_length=200, blank=True)
    age_band = models.CharField(
        _("age"), max_length=10, choices=AgeBand.choices, blank=True, default=""
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    consent = models.BooleanField(_("consent to the privacy statement"), default=False)
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=Moderation.choices, default=Moderation.WAITING
    )
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    tags = models.CharField(_("tags"), max_length=300, blank=True)
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="+", verbose_name=_("strategy priorities")
    )
    concerns = models.CharField(
        _("concerns (goal, measure or plan section)"), max_length=300, blank=True
    )
    summary = models.TextField(_("summary"), max_length=3000, blank=True)
    assessment = models.TextField(_("the administration's assessment"), max_length=5000, blank=True)
    taken_into_account = models.CharField(
        _("taken into account"),
        max_length=10,
        choices=TakenIntoAccount.choices,
        blank=True,
        default="",
    )
    where = models.CharField(_("where in the plan"), max_length=300, blank=True)
    receipt = models.ForeignKey(
        OutgoingMail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_back = models.ForeignKey(
        OutgoingMail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    anonymised = models.BooleanField(default=False)

    history = HistoricalRecords(excluded_fields=["token_hash", "form_nonce"])
    objects = AuditedQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "form_nonce"], name="one_submission_per_form"
            ),
            models.UniqueConstraint(
                fields=["consultation", "number"], name="submission_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "moderation"]),
            # The submissions not processed yet, counted per consultation for the dashboard's
            # panel (selectors._panel_consultations): counted from this index alone.
            models.Index(
                fields=["consultation"],
                condition=Q(taken_into_account="") & ~Q(moderation=Moderation.WITHDRAWN),
                name="submission_unprocessed",
            ),
        ]

    def __str__(self) -> str:
        return _("Submission %(number)s") % {"number": self.number}

    @property
    def is_processed(self) -> bool:
        return bool(self.taken_into_account) or self.moderation == Moderation.WITHDRAWN

    def cache_municipality_ids(self) -> list[str]:
        if Submission.consultation.is_cached(self):  # no query when the service has it
            return [self.consultation.municipality_id]
        return _municipality_of(self.consultation_id)


class Answer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(max_length=5000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "question"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return self.value[:50]

    def cache_municipality_ids(self) -> list[str]:
        return []  # the submission's own write moves the version


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"medvirkning/{instance.submission.consultation_id}/vedlegg/{filename}"


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    media_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def cache_municipality_ids(self) -> list[str]:
        return []


class AnonymisationLog(models.Model):
    """What the scheduled anonymisation did, for the privacy officer."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="anonymisation_logs"
    )
    ran_at = models.DateTimeField(default=timezone.now)
    submissions = models.PositiveIntegerField()
    attachments = models.PositiveIntegerField()
    note = models.CharField(max_length=300)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return self.note

    def cache_municipality_ids(self) -> list[str]:
        return _municipality_of(self.consultation_id)


def _municipality_of(consultation_id: int) -> list[str]:
    return list(
        Consultation.objects.filter(pk=consultation_id).values_list("municipality_id", flat=True)
    )
