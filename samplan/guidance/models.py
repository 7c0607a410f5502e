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
from samplan.core.versioning import Versioned
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


class Meeting(Versioned):
    """An early-dialogue meeting (tidlig dialog) between a municipality and its advisers; an
    adviser and a planner saving it at once do not overwrite each other (core.versioning)."""

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
    """A follow-up agreed at an early-dialogue meeting or at a network's gathering."""

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("meeting"),
    )
    gathering = models.ForeignKey(
        "Gathering",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("gathering"),
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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, gathering__isnull=True)
                | models.Q(meeting__isnull=True, gathering__isnull=False),
                name="follow_up_of_a_meeting_or_a_gathering",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def cache_municipality_ids(self) -> list[str] | None:
        """The municipality whose cached data a write moves (see core/freshness); a
        gathering's follow-up: the network's members."""
        if self.gathering_id:
            return _member_numbers(
                Gathering.objects.filter(pk=self.gathering_id).values("network_id")
            )
        return list(
            Meeting.objects.filter(pk=self.meeting_id).values_list("municipality_id", flat=True)
        )


# Learning networks -------------------------------------------------------------------------------


def _member_numbers(network_ids: models.QuerySet) -> list[str]:
    return list(
        NetworkMember.objects.filter(network_id__in=network_ids).values_list(
            "municipality_id", flat=True
        )
    )


class Network(models.Model):
    """A learning network (læringsnettverk) run by one or more county municipalities or a
    national organisation, for municipalities with similar challenges."""

    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300)
    description = models.TextField(_("about the network"), max_length=5000, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    owners = models.ManyToManyField(
        Organisation, related_name="owned_networks", verbose_name=_("run by")
    )
    invitation = models.TextField(
        _("invitation"),
        max_length=10000,
        blank=True,
        help_text=_("Shown to the municipalities while applications are open."),
    )
    application_deadline = models.DateField(
        _("deadline for applications"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the invitation is not published."),
    )
    questions = models.JSONField(
        _("own questions"),
        default=list,
        blank=True,
        help_text=_("Questions of your own, asked besides the standard ones."),
    )
    is_example = models.BooleanField(_("example data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[owners])
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="network_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("guidance:network", args=[self.pk])

    def cache_municipality_ids(self) -> list[str]:
        """The members' cached data (their plantakt shows the gatherings)."""
        return _member_numbers(Network.objects.filter(pk=self.pk).values("pk"))


class NetworkMember(models.Model):
    """A municipality taking part in a network. A member that leaves keeps its row (with the
    date) so the history stays; `share` says whether its shared items stay visible."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="members", verbose_name=_("network")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="learning_networks",
        verbose_name=_("municipality"),
    )
    joined_on = models.DateField(_("member since"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "municipality"], name="network_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.municipality_id}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "sendt", _("Submitted")
    ACCEPTED = "godtatt", _("Accepted")
    DECLINED = "avslått", _("Declined")


class Application(models.Model):
    """A municipality's application to join a network, answering the invitation's questions."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="applications", verbose_name=_("network")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    samfunnsdel = models.TextField(_("the current samfunnsdel"), max_length=2000)
    timetable = models.TextField(
        _("timetable for the planning strategy and the samfunnsdel"), max_length=5000
    )
    statistics = models.TextField(
        _("statistics and key figures the municipality has"), max_length=5000
    )
    staff = models.TextField(_("staff time set aside for planning"), max_length=2000)
    answers = models.JSONField(_("answers to the own questions"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "municipality"], name="one_application_per_network"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.municipality_id}"


class GatheringKind(models.TextChoices):
    PHYSICAL = "fysisk", _("Physical gathering")
    VIDEO = "video", _("Video meeting")
    BREAKFAST = "frokost", _("Breakfast meeting")


class Gathering(models.Model):
    """A gathering (samling) of a network: agenda, participants, presentations and notes."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="gatherings", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=GatheringKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place or video link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), max_length=5000, blank=True)
    participants = models.TextField(_("participants"), max_length=5000, blank=True)
    notes = models.TextField(_("notes"), max_length=20000, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance:gathering", args=[self.network_id, self.pk])

    def cache_municipality_ids(self) -> list[str]:
        """The members' cached data (their plantakt shows the gathering)."""
        return _member_numbers(Network.objects.filter(pk=self.network_id).values("pk"))


class Presentation(models.Model):
    """A file presented at a gathering (slides, a report)."""

    gathering = models.ForeignKey(
        Gathering,
        on_delete=models.CASCADE,
        related_name="presentations",
        verbose_name=_("gathering"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="samlinger/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def cache_municipality_ids(self) -> list[str]:
        return _member_numbers(Gathering.objects.filter(pk=self.gathering_id).values("network_id"))


class ExperiencePost(models.Model):
    """What a municipality tried and what worked, shared with one network or every user."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="experience_posts",
        verbose_name=_("municipality"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what we tried, and what worked"), max_length=20000)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("shared with the network"),
    )
    shared_with_all = models.BooleanField(_("shared with every Samplan user"), default=False)
    attachment = models.FileField(_("attachment"), upload_to="erfaringer/%Y/", blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("experience post")
        verbose_name_plural = _("experience posts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance:post", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


# The intercommunal plan office --------------------------------------------------------------------


class OfficeCapacity(models.Model):
    """The person-days an intercommunal plan office has for a month."""

    office = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="office_capacities",
        verbose_name=_("office"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    person_days = models.DecimalField(_("person-days"), max_digits=6, decimal_places=1)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("office capacity")
        verbose_name_plural = _("office capacities")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["office", "month"], name="one_capacity_per_month"),
            models.CheckConstraint(
                condition=models.Q(person_days__gte=0), name="capacity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}: {self.person_days}"

    def cache_municipality_ids(self) -> list[str]:
        return list(self.office.municipalities.values_list("number", flat=True))


class OfficeAssignment(models.Model):
    """A task the office does for one municipality in a month, by one of its planners."""

    office = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="office_assignments",
        verbose_name=_("office"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    planner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planner"),
    )
    task = models.CharField(_("task"), max_length=300)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    person_days = models.DecimalField(_("person-days"), max_digits=6, decimal_places=1)

    history = HistoricalRecords()
    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("office assignment")
        verbose_name_plural = _("office assignments")
        ordering = ["month", "municipality__name", "task"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person_days__gt=0), name="assignment_takes_time"
            )
        ]

    def __str__(self) -> str:
        return self.task


class BoardRowSummary(models.Model):
    """A municipality's row of the status boards as it was last computed (guidance/summary.py),
    with what it was computed from: the versions of the municipality's data and of the global
    data (core/freshness), the day and the language, and `recipe` (the columns and the row's
    format). A row whose inputs moved is computed again when a board reads it, so a board
    shows exactly what computing every row afresh would. Written with SQL of its own (no
    signals): storing a row is not a change of the municipality's data."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    language = models.CharField(max_length=10)
    day = models.DateField()
    recipe = models.CharField(max_length=32)
    global_version = models.BigIntegerField()
    version = models.BigIntegerField()
    row = models.TextField()  # the BoardRow as its three lines (selectors.BoardRow.encode)
    # What a board sorts, filters and counts by (selectors.BoardRow.head: number, name, urgency,
    # address, each column's sort key), read for every followed municipality; `row` only for
    # the rows a page shows
    head = models.TextField(default="")

    cache_untracked = True  # rows written here move no version (core/freshness)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "language"], name="guidance_board_row_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} ({self.language}, {self.day})"
