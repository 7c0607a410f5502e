"""The guided sections of a planning strategy: what the law and the government's guidance ask of
each, and a short example from a small municipality ("hyllevare") that the planner tailors.

Sources: PBL § 10-1 and the KDD guide "Kommunal planstrategi" (docs/sources.md 1.2). The examples
are written for Samplan and are marked as examples wherever they are used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str  # the Strategy field that holds the text
    title: str | Promise
    law: str | Promise  # what the law and guidance ask
    example: str | Promise  # a small-municipality example to start from


SECTIONS: tuple[Section, ...] = (
    Section(
        "introduction",
        _("Introduction"),
        _(
            "Say what the strategy is for, its legal basis (PBL § 10-1: at least once every "
            "election period, adopted within a year of the constitution), how the work was done, "
            "and whose views were obtained."
        ),
        _(
            "The planning strategy is the council's tool for deciding which plans the municipality "
            "needs in this election period. It is adopted under the Planning and Building Act "
            "§ 10-1. The administration prepared the draft with the heads of the units; the "
            "council discussed the challenges at a workshop, and the county municipality, the "
            "county governor and our neighbouring municipalities were asked for their views."
        ),
    ),
    Section(
        "frameworks",
        _("National and regional frameworks"),
        _(
            "Name the national expectations for regional and municipal planning (issued every "
            "fourth year), the regional planning strategy and regional plans, and the state "
            "planning guidelines that matter most for the municipality."
        ),
        _(
            "The national expectations stress sustainable development, a climate-friendly society "
            "and vital local communities. The county's regional planning strategy gives priority "
            "to settlement, skills and green business. The state planning guidelines for climate "
            "and energy apply to our land use."
        ),
    ),
    Section(
        "trends",
        _("Development trends and challenges"),
        _(
            "Describe the municipality as a community and as an organisation: population, "
            "business and jobs, housing, land use, environment and climate, public health (the "
            "public-health overview is a mandatory basis), safety (ROS), services and economy. "
            "Keep to the most important challenges and opportunities."
        ),
        _(
            "The population is falling slowly and growing older: in ten years there will be more "
            "people over 80 and fewer of working age. It is hard to recruit nurses and teachers. "
            "Tourism and cabins give jobs and income, but also put pressure on land and services."
        ),
    ),
    Section(
        "choices_community",
        _("Strategic choices: community development"),
        _(
            "PBL § 10-1 asks the strategy to discuss the municipality's strategic choices for "
            "community development. What does the municipality want to be known for in ten years?"
        ),
        _(
            "We will make it attractive to live and work here: good services near people, "
            "housing for young people and newcomers, and cooperation with the business community "
            "and volunteers."
        ),
    ),
    Section(
        "choices_land_use",
        _("Strategic choices: long-term land use"),
        _("The law names long-term land use. Where should homes, cabins and business go?"),
        _(
            "New homes are placed near the centre and the school. Cabin areas are concentrated "
            "where roads and water already exist. Farmland and reindeer pastures are protected."
        ),
    ),
    Section(
        "choices_environment",
        _("Strategic choices: environment and climate"),
        _(
            "The law names environmental challenges. Include climate adaptation, emissions and "
            "nature, and refer to the climate and energy plan."
        ),
        _(
            "We prepare for more floods and landslides, cut emissions from our own buildings and "
            "cars, and take care of the waterways and the mountain areas."
        ),
    ),
    Section(
        "choices_sectors",
        _("Strategic choices: the sectors"),
        _(
            "The law names the activities of the sectors: health and care, upbringing and "
            "education, technical services, culture. What must each sector plan for?"
        ),
        _(
            "Health and care plan for more elderly people with fewer staff; the school plans for "
            "fewer pupils; the technical services plan for water, sewage and roads."
        ),
    ),
    Section(
        "master_plan_rationale",
        _("The master plan"),
        _(
            "PBL § 10-1 third paragraph: the council shall take a position on whether the master "
            "plan, or parts of it, is to be revised, or continued unchanged. Say why."
        ),
        _(
            "The social part from 2019 still points the way, but its land-use part is from 2012 "
            "and does not show the new cabin areas. The land-use part is revised in 2025–2026; the "
            "social part is continued."
        ),
    ),
    Section(
        "involvement",
        _("Involvement of the public and neighbours"),
        _(
            "The municipality shall obtain views from state and regional bodies and neighbouring "
            "municipalities, and should arrange broad participation and public debate (PBL § 10-1, "
            "§ 5-1). Say how citizens, young people, volunteers and business were involved."
        ),
        _(
            "The draft was presented at an open meeting in the community hall, discussed with the "
            "youth council and the council for the elderly, and published on the municipality's "
            "website for 30 days."
        ),
    ),
)

SECTION_KEYS = tuple(section.key for section in SECTIONS)


def section_for(key: str) -> Section | None:
    return next((section for section in SECTIONS if section.key == key), None)


def text_digest(text: str) -> str:
    """A section's saved text as a form remembers it, to tell whether it changed since."""
    return hashlib.sha256(text.encode()).hexdigest()
