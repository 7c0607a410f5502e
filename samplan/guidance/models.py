"""County guidance: comment threads on a municipality's work, early-dialogue meetings with their
follow-ups, learning networks with their gatherings, and experience posts.

The threads belong to the municipality they are about and to the organisation whose adviser
started them (a county municipality, the statsforvalter, a national organisation); what they
comment on is a `core.modules.GuidanceTarget` of another module, stored by module and key (the
guidance app imports no module)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.municipalities.models import Municipality, Organisation


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "lukket", _("Resolved")


class Thread(models.Model):
    """A guidance comment thread on one thing in a municipality."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="guidance_threads",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="guidance_threads",
        verbose_name=_("organisation"),
    )
    module = models.CharField(_("module"), max_length=40)
    target_key = models.CharField(_("what it is about"), max_length=120)
    target_label = models.CharField(_("what it is about"), max_length=300)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ThreadStatus.choices, default=ThreadStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adviser responsible"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance thread")
        verbose_name_plural = _("guidance threads")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance:thread", args=[self.municipality_id, self.pk])


class Comment(models.Model):
    """One comment in a thread, by an adviser or by the municipality's planner."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="comments", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def cache_municipality_ids(self) -> list[str]:
        """The municipality whose cached data a write moves (see core/freshness)."""
        return list(
            Thread.objects.filter(pk=self.thread_id).values_list("municipality_id", flat=True)
        )


class Meeting(models.Model):
    """An early-dialogue meeting (tidlig dialog) between a municipality and its advisers."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="guidance_meetings",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    participants = models.TextField(_("participants"), max_length=2000, blank=True)
    notes = models.TextField(_("notes"), max_length=20000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("early-dialogue meeting")
        verbose_name_plural = _("early-dialogue meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance:meeting", args=[self.municipality_id, self.pk])


class FollowUp(models.Model):
    """A follow-up agreed at an early-dialogue meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("meeting")
    )
    text = models.CharField(_("what is to be done"), max_length=500)
    responsible = models.CharField(_("who"), max_length=200, blank=True)
    due = models.DateField(_("by"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.text

    def cache_municipality_ids(self) -> list[str]:
        """The municipality whose cached data a write moves (see core/freshness)."""
        return list(
            Meeting.objects.filter(pk=self.meeting_id).values_list("municipality_id", flat=True)
        )
