"""The tenant root: reference data (counties and municipalities) and the organisations that use
Samplan, with the people in them and their roles.

A municipality's *workspace* is its organisation of kind "kommune" (`municipality.workspace`).
Module data (plans, deadlines, statistics, …) belongs to a Municipality; who may see or change it
is decided by `samplan.municipalities.permissions`, from memberships.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import AuditedQuerySet, HistoricalRecords
from samplan.core.links import link

from . import numbers


class LanguageForm(models.TextChoices):
    """A municipality's official written standard (administrasjonsmål)."""

    BOKMAAL = "bokmål", _("Bokmål")
    NYNORSK = "nynorsk", _("Nynorsk")
    NEUTRAL = "nøytral", _("Neutral")


class County(models.Model):
    """A county (fylke), 2024 numbering. Reference data, loaded from kommuner.csv."""

    number = models.CharField(_("county number"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


SAMI_NAMES_FILE = Path(__file__).resolve().parent / "data" / "samiske_navn.csv"
# Language tags of the Sami and Kven names (BCP 47): South Sami, Lule Sami, North Sami, Kven.
SAMI_LANGUAGES = {"sma", "smj", "se", "fkv"}


@lru_cache(maxsize=1)
def sami_name_languages() -> dict[tuple[str, str], str]:
    """The language of each official Sami or Kven name, by (municipality number, name)."""
    with SAMI_NAMES_FILE.open(encoding="utf-8", newline="") as file:
        return {(row["kommunenummer"], row["navn"]): row["sprak"] for row in csv.DictReader(file)}


NEIGHBOURS_FILE = Path(__file__).resolve().parent / "data" / "nabokommuner.csv"


@lru_cache(maxsize=1)
def _neighbour_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    with NEIGHBOURS_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            table.setdefault(row["kommunenummer"], set()).add(row["nabo"])
            table.setdefault(row["nabo"], set()).add(row["kommunenummer"])
    return {number: frozenset(others) for number, others in table.items()}


def neighbour_numbers(number: str) -> frozenset[str]:
    """The municipalities sharing a land border with municipality `number` (shipped table,
    docs/sources.md 3.8); empty for an island municipality."""
    return _neighbour_table().get(number, frozenset())


class MunicipalityQuerySet(models.QuerySet):
    """Filters for municipalities."""

    def search(self, query: str) -> MunicipalityQuerySet:
        # PostgreSQL refuses NUL characters in text parameters; no name contains one.
        query = query.replace("\x00", "").strip()
        if not query:
            return self
        if query.isdigit():
            # An old number (before 2018, 2020 or 2024) finds the municipalities of today.
            renumbered = numbers.renumbering(query) if len(query) == 4 else None
            current = renumbered.current if renumbered else ()
            return self.filter(models.Q(number__startswith=query) | models.Q(number__in=current))
        return self.filter(
            models.Q(name__icontains=query)
            | models.Q(sami_name__icontains=query)
            | models.Q(county__name__icontains=query)
        )


class Municipality(models.Model):
    """A municipality (kommune), 2024 numbering. Reference data, loaded from kommuner.csv."""

    number = models.CharField(_("municipality number"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    sami_name = models.CharField(_("Sami or Kven name"), max_length=200, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    population = models.PositiveIntegerField(_("population"))
    population_year = models.PositiveSmallIntegerField(_("population as of 1 January"))
    area_km2 = models.DecimalField(_("total area (km²)"), max_digits=9, decimal_places=2)
    centrality = models.PositiveSmallIntegerField(_("centrality class"))
    language_form = models.CharField(
        _("language form"), max_length=10, choices=LanguageForm.choices
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(centrality__gte=1, centrality__lte=6),
                name="municipality_centrality_1_to_6",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # reversed once per process (core.links): the dashboard's key figures and many lists
        # link every municipality's public page
        return link("municipalities:detail", self.number)

    @property
    def sami_names(self) -> list[tuple[str, str]]:
        """The Sami and Kven names with their language tags ("sma", "smj", "se", "fkv"), for
        `<span lang="…">`; "smi" (Sami languages) for a name whose language is not recorded."""
        languages = sami_name_languages()
        return [
            (name, languages.get((self.number, name), "smi"))
            for name in (part.strip() for part in self.sami_name.split(" - "))
            if name
        ]

    @property
    def name_without_county(self) -> str:
        """The name without SSB's county in brackets ("Våler (Innlandet)" → "Våler"), for
        lists that show the county beside it."""
        county = f" ({self.county.name})" if self.county_id else ""
        return self.name.removesuffix(county) if county else self.name

    @property
    def default_language(self) -> str:
        """The UI language that fits the municipality's written standard."""
        return "nn" if self.language_form == LanguageForm.NYNORSK else "nb"

    def document_language(self, language: str | None) -> str:
        """Documents exist in Bokmål and Nynorsk: `language` if it is one of them, else the
        municipality's written standard."""
        return language if language in ("nb", "nn") else self.default_language

    def cache_municipality_ids(self) -> list[str]:
        """A write moves this municipality's cached data (see core/freshness)."""
        return [self.pk]


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "kommune", _("Municipality")
    COUNTY_MUNICIPALITY = "fylkeskommune", _("County municipality")
    INTERCOMMUNAL = "interkommunalt", _("Intercommunal office")
    COUNTY_GOVERNOR = "statsforvalter", _("County governor (statsforvalter)")
    NATIONAL = "nasjonal", _("National organisation")


# Kinds whose members read and comment in the municipalities they follow, and never edit.
GUIDING_KINDS = frozenset(
    {
        OrganisationKind.COUNTY_MUNICIPALITY,
        OrganisationKind.COUNTY_GOVERNOR,
        OrganisationKind.NATIONAL,
    }
)


class OrganisationQuerySet(AuditedQuerySet):
    """Filters for organisations."""

    def for_user(self, user: settings.AUTH_USER_MODEL) -> OrganisationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    """An organisation that uses Samplan.

    - kind "kommune": the municipality's own workspace (one per municipality);
    - kind "fylkeskommune": a county municipality whose advisers follow a network of municipalities;
    - kind "interkommunalt": an office that works for several municipalities (e.g. a shared
      planning office); its members act in each of the municipalities it serves;
    - kind "statsforvalter": the county governor, reading and commenting in the municipalities
      that have invited it (the municipality's administrator invites it, see samplan.guidance);
    - kind "nasjonal": a national organisation (e.g. Distriktssenteret) following municipalities
      as a county does.
    """

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workspace",
        verbose_name=_("municipality"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("county"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="networks",
        verbose_name=_("municipalities followed or served"),
        help_text=_(
            "For a county municipality: the municipalities in its guidance network. "
            "For an intercommunal office: the municipalities it works for."
        ),
    )
    # Where the public sends statements (a municipality's workspace; shown on public pages).
    postal_address = models.TextField(
        _("postal address"),
        max_length=300,
        blank=True,
        help_text=_("For statements by post, e.g. “Tydal kommune, Postboks 1, 7590 Tydal”."),
    )
    email = models.EmailField(
        _("e-mail address for statements"),
        blank=True,
        help_text=_("The municipality's public mailbox, e.g. postmottak@tydal.kommune.no."),
    )
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Everything in an example organisation is labelled as example data."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[municipalities])

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="kommune", municipality__isnull=False)
                    | (~models.Q(kind="kommune") & models.Q(municipality__isnull=True))
                ),
                name="organisation_municipality_only_for_kommune",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="fylkeskommune") | models.Q(county__isnull=False),
                name="organisation_county_for_fylkeskommune",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("municipalities:organisation", args=[self.slug])

    def cache_municipality_ids(self) -> None:
        """Organisations and their members decide who sees what: a write moves every
        municipality's cached data (see core/freshness)."""
        return


class Role(models.TextChoices):
    """What a member may do. Order of power: reader < adviser < editor < admin."""

    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor")
    READER = "reader", _("Reader")
    ADVISER = "adviser", _("Adviser")


class Membership(models.Model):
    """A user's role in one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    history = HistoricalRecords()

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
