"""Searching the register by the abbreviations planners use ("ROS", "KDP", "KPA", "TS-plan").

A search word that is a known abbreviation also finds the plans whose title spells it out, and
the plans of its type. Pure: no models; the view turns the result into a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Expansion:
    words: tuple[str, ...]  # matched anywhere in the title, case-insensitive
    plan_types: tuple[str, ...] = ()  # PlanType values


# Bokmål and Nynorsk spellings; the type values are PlanType's.
ABBREVIATIONS: dict[str, Expansion] = {
    "ros": Expansion(
        ("risiko- og sårbarhet", "risiko og sårbarhet", "risiko- og sårbarheit", "ros-analyse")
    ),
    "kdp": Expansion(("kommunedelplan",), ("kommunedelplan",)),
    "kpa": Expansion(("arealdel",), ("arealdel",)),
    "kps": Expansion(("samfunnsdel",), ("samfunnsdel",)),
    "kp": Expansion(("kommuneplan",), ("samfunnsdel", "arealdel")),
    "ts": Expansion(("trafikksikkerhet", "trafikktryggleik")),
    "ts-plan": Expansion(("trafikksikkerhet", "trafikktryggleik")),
    "høp": Expansion(("handlings- og økonomiplan", "økonomiplan"), ("handlingsdel",)),
    "fhp": Expansion(("folkehelse",)),
    "bpl": Expansion(("beredskapsplan",), ("beredskapsplan",)),
}


def word_pattern(query: str) -> str:
    """A regular expression matching `query` as a word of its own (the same on PostgreSQL and
    SQLite: no \\b, which PostgreSQL reads differently)."""
    letters = "a-z0-9æøåäöáčđŋšŧž"
    return f"(^|[^{letters}]){re.escape(query.strip().lower())}([^{letters}]|$)"


def expand(query: str) -> Expansion | None:
    """The expansion of a search that is one known abbreviation ("ROS", "kdp", "TS-plan")."""
    return ABBREVIATIONS.get(query.strip().lower().rstrip("."))
