"""The plan catalogue: plan types, statuses and the statutory plans and overviews a municipality
must have, with their legal basis and cycle. Pure Python (no Django imports), used by the models,
the importer and the plan-health rules.

Each entry's legal basis, its official text and whether a source confirms it: docs/sources.md
(1.6). Unconfirmed entries carry `confirmed=False` and are shown as such.
"""

from __future__ import annotations

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
    PlanType("kommunedelplan", "Kommunedelplan", "Kommunedelplan", ("kd", "kdp")),
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

    def name(self, language: str | None) -> str:
        """The name in Nynorsk for "nn", otherwise in Bokmål."""
        return self.name_nn if (language or "").startswith("nn") else self.name_nb


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
        match_words=("trafikksikker", "trafikktrygg"),
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
    ),
)
STATUTORY_BY_KEY = {item.key: item for item in STATUTORY_ITEMS}


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


def statutory_item_for(title: str, plan_type: str) -> StatutoryItem | None:
    """The statutory item a plan fulfils, recognised from its type and title."""
    words = normalise(title)
    for item in STATUTORY_ITEMS:
        if item.key == plan_type:
            return item
        if any(word in words for word in item.match_words):
            return item
    return None
