"""Who decides which plan decision by law: a table, with the paragraph and a plain explanation
for elected members. Pure: no database. The paragraphs and how sure each is: docs/sources.md
(part 1.7)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COUNCIL = "kommunestyret"
EXECUTIVE = "formannskapet"
COMMITTEE = "utvalg"
CHIEF = "kommunedirektor"

BODIES: dict[str, Promise] = {
    COUNCIL: _("The municipal council"),
    EXECUTIVE: _("The executive committee"),
    COMMITTEE: _("A committee"),
    CHIEF: _("The chief executive"),
}

STEER = "styring"
OPERATIONS = "drift"


@dataclass(frozen=True)
class Decision:
    """One kind of plan decision: who decides by law, whether the council may delegate it, and
    what it means for an elected member."""

    key: str
    title: Promise
    law_body: str
    paragraph: str
    delegable: bool
    kind: str  # STEER: where politicians steer; OPERATIONS: the administration's job
    plain: Promise


DECISIONS: tuple[Decision, ...] = (
    Decision(
        "planstrategi",
        _("Planning strategy"),
        COUNCIL,
        "PBL § 10-1",
        False,
        STEER,
        _(
            "The council itself decides, within a year of being constituted, which plans the "
            "municipality needs this period. This is where you choose what to plan for."
        ),
    ),
    Decision(
        "planprogram",
        _("Planning programme for the master plan"),
        COUNCIL,
        "PBL §§ 4-1, 11-13",
        True,
        STEER,
        _(
            "The planning programme says how the master plan is made: the process, the "
            "deadlines and who takes part. The council adopts it, or the body it delegates to."
        ),
    ),
    Decision(
        "samfunnsdel",
        _("The master plan's community part"),
        COUNCIL,
        "PBL §§ 11-1, 11-15",
        False,
        STEER,
        _(
            "The community part holds the long-term goals for the municipality. The council "
            "adopts it itself; it cannot be delegated. Your most important steering tool."
        ),
    ),
    Decision(
        "arealdel",
        _("The master plan's land-use part"),
        COUNCIL,
        "PBL §§ 11-5, 11-15",
        False,
        STEER,
        _(
            "The land-use part decides what land may be used for. The council adopts it itself; "
            "it cannot be delegated."
        ),
    ),
    Decision(
        "handlingsdel",
        _("The master plan's action part"),
        COUNCIL,
        "PBL § 11-1 (4)",
        False,
        STEER,
        _(
            "The action part says how the goals are followed up in the next four years, and is "
            "revised every year, often together with the financial plan."
        ),
    ),
    Decision(
        "okonomiplan",
        _("Financial plan and annual budget"),
        COUNCIL,
        "KL §§ 14-2, 14-3",
        False,
        STEER,
        _(
            "The council itself adopts the financial plan and the budget by the end of the year, "
            "on the executive committee's recommendation. This is where goals get money."
        ),
    ),
    Decision(
        "reguleringsplan",
        _("Zoning plans"),
        COUNCIL,
        "PBL § 12-12",
        True,
        STEER,
        _(
            "The council adopts zoning plans. It may delegate detailed zoning plans that follow "
            "the master plan; check the delegation rules."
        ),
    ),
    Decision(
        "dispensasjon",
        _("Dispensations from plans"),
        COUNCIL,
        "PBL § 19-2",
        True,
        OPERATIONS,
        _(
            "A dispensation lets one case depart from a plan. Many municipalities delegate them "
            "to a committee or the chief executive; many dispensations are a sign the plan "
            "needs revising."
        ),
    ),
    Decision(
        "temaplan",
        _("Thematic plans"),
        COUNCIL,
        "PBL § 11-1 (3)",
        True,
        STEER,
        _(
            "A sub-plan of the master plan is adopted like the master plan. Other thematic plans "
            "are adopted by whoever the delegation rules name; the planning strategy decides "
            "which ones are needed."
        ),
    ),
    Decision(
        "gjennomforing",
        _("Carrying out the plans"),
        CHIEF,
        "KL § 13-1",
        False,
        OPERATIONS,
        _(
            "Running the services and carrying out what the plans and the budget decide is the "
            "administration's job, led by the chief executive. Politicians steer through the "
            "plans and the budget, not through single cases."
        ),
    ),
)

DECISION_KEYS = {decision.key for decision in DECISIONS}


def decision(key: str) -> Decision | None:
    return next((item for item in DECISIONS if item.key == key), None)
