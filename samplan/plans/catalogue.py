"""The plan catalogue: plan types, statuses and the statutory plans and overviews a municipality
must have, with their legal basis and cycle. Pure Python (no Django imports), used by the models,
the importer and the plan-health rules.

Each entry's legal basis, its official text and whether a source confirms it: docs/sources.md
(1.6). Unconfirmed entries carry `confirmed=False` and are shown as such.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class PlanType:
    """A kind of plan in the register. `key` is stored in the database and used in exports."""

    key: str
    name_nb: str
    name_nn: str
    aliases: tuple[str, ...] = ()


# The controlled list (reguleringsplaner are out of scope: they belong in the land-use register).
PLAN_TYPES: tuple[PlanType, ...] = (
    PlanType("planstrategi", "Kommunal planstrategi", "Kommunal planstrategi", ("ps",)),
    PlanType(
        "samfunnsdel",
        "Kommuneplanens samfunnsdel",
        "Kommuneplanens samfunnsdel",
        ("kp", "kommuneplan", "kps", "kommuneplan samfunnsdel", "samfunnsdelen"),
    ),
    PlanType(
        "arealdel",
        "Kommuneplanens arealdel",
        "Kommuneplanens arealdel",
        ("kpa", "kommuneplan arealdel", "arealdelen", "arealplan"),
    ),
    PlanType(
        "handlingsdel",
        "Handlingsdel (handlings- og økonomiplan)",
        "Handlingsdel (handlings- og økonomiplan)",
        ("handlings- og økonomiplan", "handlings- og okonomiplan", "økonomiplan", "okonomiplan"),
    ),
    PlanType(
        "kommunedelplan",
        "Kommunedelplan for et tema",
        "Kommunedelplan for eit tema",
        ("kd", "kdp", "kommunedelplan", "tematisk kommunedelplan"),
    ),
    PlanType(
        "kommunedelplan_areal",
        "Kommunedelplan for et område (arealplan)",
        "Kommunedelplan for eit område (arealplan)",
        ("kdpa", "kda", "kommunedelplan areal", "kommunedelplan for areal", "områdeplan"),
    ),
    PlanType(
        "temaplan",
        "Temaplan / fagplan",
        "Temaplan / fagplan",
        ("tp", "f", "fagplan", "temaplan/fagplan", "sektorplan", "tema- og fagplan"),
    ),
    PlanType("strategi", "Strategi", "Strategi", ("s", "strategiplan")),
    PlanType("handlingsplan", "Handlingsplan", "Handlingsplan", ("hp", "tiltaksplan")),
    PlanType(
        "oversikt",
        "Oversikt / analyse (f.eks. folkehelseoversikt, ROS)",
        "Oversikt / analyse (t.d. folkehelseoversikt, ROS)",
        ("analyse", "ros", "ros-analyse", "oversiktsdokument"),
    ),
    PlanType(
        "beredskapsplan",
        "Beredskapsplan",
        "Beredskapsplan",
        ("bp", "beredskap"),
    ),
    PlanType(
        "regional",
        "Regional / interkommunal plan",
        "Regional / interkommunal plan",
        ("r", "regional plan", "interkommunal plan", "regional/interkommunal plan"),
    ),
)
PLAN_TYPE_BY_KEY = {plan_type.key: plan_type for plan_type in PLAN_TYPES}

STATUSES: tuple[tuple[str, str, str], ...] = (
    ("i_arbeid", "I arbeid", "I arbeid"),
    ("gjeldende", "Gjeldende", "Gjeldande"),
    ("under_revisjon", "Under revisjon", "Under revisjon"),
    ("utgaatt", "Utgått", "Utgått"),
    ("opphevet", "Opphevet", "Oppheva"),
)
CURRENT_STATUSES = ("gjeldende", "under_revisjon")


@dataclass(frozen=True)
class StatutoryItem:
    """A plan or overview the law requires (or a grant scheme presupposes)."""

    key: str
    name_nb: str
    name_nn: str
    legal_basis: str
    plan_type: str
    cycle_years: int | None
    status: str  # "statutory", "spr" (state planning guideline) or "condition" (grant scheme)
    confirmed: bool = True
    match_words: tuple[str, ...] = ()
    # The grant scheme that presupposes the plan ("condition" entries): never suggested repealed.
    grant_condition_nb: str = ""
    grant_condition_nn: str = ""
    # Words a title needs to be the plan the grant scheme asks for (stricter than match_words:
    # "Plan for fysisk aktivitet i skolen" is not the plan for spillemidler). Empty: match_words.
    grant_words: tuple[str, ...] = ()
    # Dealt with by each municipal council (alkoholloven § 1-7d): due in every election period,
    # not after a number of years.
    per_term: bool = False

    def name(self, language: str | None) -> str:
        """The name in Nynorsk for "nn", otherwise in Bokmål."""
        return self.name_nn if (language or "").startswith("nn") else self.name_nb

    def grant_condition(self, language: str | None) -> str:
        """The grant scheme the plan is a condition for, in Nynorsk for "nn", or ""."""
        if (language or "").startswith("nn"):
            return self.grant_condition_nn
        return self.grant_condition_nb


STATUTORY_ITEMS: tuple[StatutoryItem, ...] = (
    StatutoryItem(
        "planstrategi",
        "Kommunal planstrategi",
        "Kommunal planstrategi",
        "PBL § 10-1",
        "planstrategi",
        4,
        "statutory",
        match_words=("planstrategi",),
    ),
    StatutoryItem(
        "samfunnsdel",
        "Kommuneplanens samfunnsdel",
        "Kommuneplanens samfunnsdel",
        "PBL §§ 11-1, 11-2",
        "samfunnsdel",
        None,
        "statutory",
        match_words=("samfunnsdel",),
    ),
    StatutoryItem(
        "arealdel",
        "Kommuneplanens arealdel",
        "Kommuneplanens arealdel",
        "PBL §§ 11-1, 11-5",
        "arealdel",
        None,
        "statutory",
        match_words=("arealdel",),
    ),
    StatutoryItem(
        "handlingsdel",
        "Handlingsdel (handlings- og økonomiplan)",
        "Handlingsdel (handlings- og økonomiplan)",
        "PBL § 11-1 (4); KL §§ 14-2–14-4",
        "handlingsdel",
        1,
        "statutory",
        match_words=("handlingsdel", "økonomiplan", "okonomiplan"),
    ),
    StatutoryItem(
        "folkehelseoversikt",
        "Folkehelseoversikt",
        "Folkehelseoversikt",
        "Folkehelseloven § 5",
        "oversikt",
        4,
        "statutory",
        match_words=("folkehelseoversikt", "oversikt over folkehelse", "oversikt over folkehelsa"),
    ),
    StatutoryItem(
        "helhetlig_ros",
        "Helhetlig risiko- og sårbarhetsanalyse (ROS)",
        "Heilskapleg risiko- og sårbarheitsanalyse (ROS)",
        "Sivilbeskyttelsesloven § 14",
        "oversikt",
        None,  # updated in step with the master plan's revision, not on a fixed cycle
        "statutory",
        match_words=(
            "helhetlig ros",
            "heilskapleg ros",
            "risiko- og sårbarhet",
            "risiko og sårbarhet",
            "ros-analyse",
            "ros analyse",
        ),
    ),
    StatutoryItem(
        "beredskapsplan",
        "Overordnet beredskapsplan",
        "Overordna beredskapsplan",
        "Sivilbeskyttelsesloven § 15; forskrift om kommunal beredskapsplikt § 4",
        "beredskapsplan",
        1,
        "statutory",
        match_words=("beredskapsplan",),
    ),
    StatutoryItem(
        "smittevernplan",
        "Smittevernplan",
        "Smittevernplan",
        "Smittevernloven § 7-1",
        "temaplan",
        None,
        "statutory",
        match_words=("smittevern",),
    ),
    StatutoryItem(
        "alkoholpolitisk",
        "Alkoholpolitisk handlingsplan",
        "Alkoholpolitisk handlingsplan",
        "Alkoholloven § 1-7d",
        "handlingsplan",
        4,
        "statutory",
        match_words=("alkoholpolitisk", "rusmiddelpolitisk"),
        per_term=True,
    ),
    StatutoryItem(
        "klima_energi",
        "Klima- og energiplan",
        "Klima- og energiplan",
        "Statlige planretningslinjer for klima og energi (2024)",
        "kommunedelplan",
        4,
        "spr",
        match_words=("klima- og energi", "klima og energi", "klimaplan"),
    ),
    StatutoryItem(
        "forebyggende_barn",
        "Plan for forebyggende arbeid (barn og unge)",
        "Plan for førebyggjande arbeid (barn og unge)",
        "Barnevernsloven (paragraf UNCONFIRMED, § 15-1?)",
        "temaplan",
        None,
        "statutory",
        confirmed=False,
        match_words=("forebyggende", "førebyggjande", "oppvekstplan"),
    ),
    StatutoryItem(
        "trafikksikkerhet",
        "Trafikksikkerhetsplan",
        "Trafikktryggleiksplan",
        "Vilkår for tilskudd til trafikksikkerhetstiltak",
        "temaplan",
        4,
        "condition",
        match_words=("trafikksikker", "trafikktrygg", "trafikksikring"),
        grant_condition_nb=(
            "fylkeskommunens tilskudd til trafikksikkerhetstiltak, som bygger på kommunens "
            "trafikksikkerhetsplan"
        ),
        grant_condition_nn=(
            "fylkeskommunen sitt tilskot til trafikktryggingstiltak, som byggjer på kommunen "
            "sin trafikktryggingsplan"
        ),
    ),
    StatutoryItem(
        "idrett_fysisk_aktivitet",
        "Kommunedelplan for idrett og fysisk aktivitet",
        "Kommunedelplan for idrett og fysisk aktivitet",
        "Vilkår for spillemidler",
        "kommunedelplan",
        4,
        "condition",
        match_words=("idrett", "fysisk aktivitet"),
        grant_words=("idrett", "anlegg", "kommunedelplan for fysisk aktivitet"),
        grant_condition_nb=(
            "spillemidler til anlegg for idrett og fysisk aktivitet: anlegget må være med i en "
            "vedtatt kommunal plan for idrett og fysisk aktivitet"
        ),
        grant_condition_nn=(
            "spelemidlar til anlegg for idrett og fysisk aktivitet: anlegget må vere med i ein "
            "vedteken kommunal plan for idrett og fysisk aktivitet"
        ),
    ),
)
STATUTORY_BY_KEY = {item.key: item for item in STATUTORY_ITEMS}


@functools.lru_cache(maxsize=4096)  # a pure function of text, asked once per plan per page
def normalise(text: str) -> str:
    """Lower case, trimmed, inner whitespace folded, for matching names from spreadsheets."""
    text = unicodedata.normalize("NFC", text or "").strip().lower()
    return re.sub(r"\s+", " ", text)


def _type_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for plan_type in PLAN_TYPES:
        for name in (plan_type.key, plan_type.name_nb, plan_type.name_nn, *plan_type.aliases):
            lookup[normalise(name)] = plan_type.key
    for item in STATUTORY_ITEMS:
        lookup.setdefault(normalise(item.name_nb), item.plan_type)
        lookup.setdefault(normalise(item.name_nn), item.plan_type)
    return lookup


_TYPE_LOOKUP = _type_lookup()


def plan_type_from_text(text: str) -> str | None:
    """The plan type key for a name or abbreviation as written in real registers, or None."""
    return _TYPE_LOOKUP.get(normalise(text).rstrip("."))


MASTER_PLAN_TYPES = ("planstrategi", "samfunnsdel", "arealdel", "handlingsdel")


@functools.lru_cache(maxsize=4096)  # a pure function of text, asked once per plan per page
def statutory_item_for(title: str, plan_type: str) -> StatutoryItem | None:
    """The statutory item a plan fulfils, recognised from its type and title.

    The type decides first (a plan of type arealdel is the arealdel, whatever its title); then
    the title's words, the specific entries before the parts of the master plan, so that
    "Trafikksikkerhetsplan med økonomiplan" is the traffic-safety plan.
    """
    if plan_type in STATUTORY_BY_KEY:
        return STATUTORY_BY_KEY[plan_type]
    words = normalise(title)
    for item in _TITLE_MATCH_ORDER:
        if any(word in words for word in item.match_words):
            return item
    return None


# The order in which titles are matched (see statutory_item_for), made once.
_TITLE_MATCH_ORDER: tuple[StatutoryItem, ...] = (
    *(item for item in STATUTORY_ITEMS if item.key not in MASTER_PLAN_TYPES and item.match_words),
    *(item for item in STATUTORY_ITEMS if item.key in MASTER_PLAN_TYPES and item.match_words),
)


# The kind a title names. "Strong" kinds win over a contradicting type code (a row typed KP and
# titled "Kommuneplanens arealdel" is the arealdel); "weak" ones fill in only a missing code.
_STRONG_TITLE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("planstrategi", ("planstrategi",)),
    ("kommunedelplan", ("kommunedelplan", "kommunedelplanen")),
    ("arealdel", ("arealdel", "kommuneplanens arealplan", "kommuneplan arealplan")),
    ("samfunnsdel", ("samfunnsdel", "samfunnsplan")),
    ("handlingsdel", ("handlingsdel", "økonomiplan", "okonomiplan", "økonomiplanen")),
    ("beredskapsplan", ("beredskapsplan",)),
    (
        "oversikt",
        (
            "folkehelseoversikt",
            "oversikt over folkehelse",
            "oversikt over helsetilstand",
            "ros-analyse",
            "risiko- og sårbarhet",
            "risiko og sårbarhet",
            "risiko- og sårbarheit",
            "helhetlig ros",
            "heilskapleg ros",
        ),
    ),
    ("regional", ("regional plan", "interkommunal plan", "interkommunal kommunedelplan")),
)
_WEAK_TITLE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "handlingsplan",
        ("handlingsplan", "tiltaksplan", "handlingsprogram for", "handlingsprogram mot"),
    ),
    ("strategi", ("strategi",)),
    ("temaplan", ("temaplan", "fagplan", "sektorplan", "plan")),
)
# A bare "Handlingsprogram 2024–2027" (or one "til kommuneplanen") is the handlingsdel.
_ACTION_PROGRAMME = re.compile(
    r"^handlingsprogram(met)?(\s+(og|med)\s+økonomiplan|\s+(til|for)\s+kommuneplan\w*)?"
    r"[\s\d\-–—.,()/]*$"
)

# Words of a thematic kommunedelplan (Bokmål and Nynorsk). A kommunedelplan without one of them
# is taken to be for an area: it then has legal effect on land use, the safe reading.
SUBPLAN_THEME_WORDS = (
    "idrett",
    "fysisk aktivitet",
    "friluftsliv",
    "kultur",
    "trafikksikker",
    "trafikktrygg",
    "trafikksikring",
    "klima",
    "energi",
    "helse",
    "omsorg",
    "oppvekst",
    "skole",
    "skule",
    "barnehage",
    "landbruk",
    "jordbruk",
    "skogbruk",
    "næring",
    "reiseliv",
    "vannforsyning",
    "vassforsyning",
    "avløp",
    "avlaup",
    "naturmangfold",
    "naturmangfald",
    "vilt",
    "beredskap",
    "bolig",
    "bustad",
    "rus",
    "psykisk",
    "digitalisering",
    "samferdsel",
    "universell utforming",
    "frivillig",
    "eldre",
    "barn og unge",
    "integrering",
    "kompetanse",
    "miljø",
    "avfall",
)
SUBPLAN_AREA_WORDS = (
    "sentrum",
    "området",
    "områda",
    "område",
    "sjøområd",
    "kystson",
    "strandson",
    "fjell",
    "hytte",
    "tettsted",
    "tettstad",
    "areal",
    "e6",
    "e39",
    "e10",
    "rv.",
    "fv.",
    "riksveg",
    "fylkesveg",
    "havn",
    "hamn",
    "bydel",
    "øyene",
    "øyane",
    "dalen",
)


def _contains_any(words: str, needles: tuple[str, ...]) -> bool:
    return bool(needles) and _starts_of_words(needles).search(words) is not None


@functools.cache
def _starts_of_words(needles: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for any of `needles` at the start of a word (made once per tuple of the
    catalogue)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(needle) for needle in needles) + ")")


def subplan_kind(title: str) -> str:
    """kommunedelplan (a theme) or kommunedelplan_areal (an area), from the title's words."""
    words = normalise(title)
    if _contains_any(words, SUBPLAN_AREA_WORDS) and not _contains_any(words, SUBPLAN_THEME_WORDS):
        return "kommunedelplan_areal"
    if _contains_any(words, SUBPLAN_THEME_WORDS):
        return "kommunedelplan"
    return "kommunedelplan_areal"


@functools.lru_cache(maxsize=4096)  # a pure function of text, asked once per plan per page
def is_area_subplan(title: str, plan_type: str) -> bool:
    """A kommunedelplan for an area: stored as one, or typed kommunedelplan with an area's words
    and no theme's (plans stored before the two kinds were told apart)."""
    if plan_type == "kommunedelplan_areal":
        return True
    words = normalise(title)
    return (
        plan_type == "kommunedelplan"
        and _contains_any(words, SUBPLAN_AREA_WORDS)
        and not _contains_any(words, SUBPLAN_THEME_WORDS)
    )


def kind_from_title(title: str) -> tuple[str | None, bool]:
    """The plan type a title names and whether the title is clear enough to overrule a type code:
    ("arealdel", True) for "Kommuneplanens arealdel 2018 - 2030", ("temaplan", False) for
    "Kulturminneplan", (None, False) for "Kommuneplan for Moskenes" (which part is not said)."""
    words = normalise(title)
    if _ACTION_PROGRAMME.match(words):
        return "handlingsdel", True
    for kind, needles in _STRONG_TITLE_KINDS:
        if _contains_any(words, needles):
            if kind == "kommunedelplan":
                return subplan_kind(title), True
            return kind, True
    if "kommuneplan" in words:
        return None, False  # the master plan, but which part the title does not say
    for kind, needles in _WEAK_TITLE_KINDS:
        if any(needle in words for needle in needles):
            return kind, False
    return None, False


def grant_condition_for(title: str, plan_type: str) -> StatutoryItem | None:
    """The catalogue entry whose grant scheme presupposes this plan, or None."""
    return grant_condition_of(statutory_item_for(title, plan_type), title)


def grant_condition_of(item: StatutoryItem | None, title: str) -> StatutoryItem | None:
    """`item` (what statutory_item_for found for a plan titled `title`) if its grant scheme
    presupposes the plan, or None."""
    if item is None or not item.grant_condition_nb:
        return None
    words = normalise(title)
    if item.grant_words and not any(word in words for word in item.grant_words):
        return None
    return item
