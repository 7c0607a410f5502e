"""Example data for the political arenas in the example workspace (Tydal): a past workshop on
the planning strategy with its saved result, and the delegation overview.

Made up and labelled "Eksempeldata" in the UI through the workspace's is_example flag: the
votes, comments and delegation rules are not Tydal's real ones.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from samplan.municipalities.example import in_municipality_language
from samplan.municipalities.models import Municipality

from . import assessment, services
from .models import (
    AssessmentGroup,
    AssessmentNote,
    AssessmentRating,
    AssessmentResponse,
    Delegation,
    Option,
    OptionKind,
    Step,
    Workshop,
)
from .subjects import strategy_subjects

WORKSHOP_TITLE = "Politisk verksted om planstrategien 2023–2027"
HELD_ON = datetime.date(2024, 3, 12)
CHALLENGES = [
    "Færre unge og flere eldre de neste tjue årene",
    "For få boliger for unge og tilflyttere",
    "Vanskelig å rekruttere fagfolk til helse og skole",
    "Flom og skred i et endret klima",
    "Hytteutbygging og beiteområder",
]
FALLBACK_PROPOSALS = [
    "Boliger for unge og tilflyttere",
    "Rekruttere sykepleiere og lærere",
    "Helse og omsorg for flere eldre",
]
# Eleven members: their points on the challenges (in order) and their ranking of the proposals.
BALLOTS = [
    ((2, 2, 1, 0, 0), (0, 1, 2)),
    ((1, 3, 1, 0, 0), (0, 2, 1)),
    ((2, 1, 2, 0, 0), (1, 0, 2)),
    ((0, 2, 2, 1, 0), (0, 1, 2)),
    ((3, 1, 0, 0, 1), (2, 0, 1)),
    ((1, 1, 1, 1, 1), (0, 1, 2)),
    ((2, 2, 0, 1, 0), (1, 2, 0)),
    ((0, 3, 2, 0, 0), (0, 1, 2)),
    ((1, 2, 2, 0, 0), (1, 0, 2)),
    ((2, 0, 1, 2, 0), (0, 2, 1)),
    ((1, 2, 1, 0, 1), (0, 1, 2)),
]
COMMENTS = [
    "Boliger må komme før rekruttering, ellers har de nye ingen steder å bo.",
    "Samarbeid med Holtålen og Selbu om fagfolk.",
    "Husk beitenæringen når hyttefeltene planlegges.",
]
ASSESSMENT_YEAR = 2025
_ADMIN = {
    "styring": 3,
    "roller": 2,
    "kapasitet": 2,
    "medvirkning": 3,
    "kunnskap": 4,
    "samarbeid": 4,
}
_MEMBERS = {
    "styring": 3,
    "roller": 3,
    "kapasitet": 3,
    "medvirkning": 2,
    "kunnskap": 3,
    "samarbeid": 3,
}
# Four answers from the administration and six from the elected members.
ASSESSMENT_ANSWERS = {
    AssessmentGroup.ADMINISTRATION: [_ADMIN] * 4,
    AssessmentGroup.POLITICS: [_MEMBERS] * 6,
}
ASSESSMENT_NOTES = {
    "roller": "Vi blander ofte styring og drift i kommunestyremøtene.",
    "kapasitet": "To personer har ansvar for alle planene.",
    "medvirkning": "Folkemøter samler få; vi bør prøve skolene og lagene.",
}
DELEGATIONS = [
    ("planprogram", "formannskapet", "", "Delegeringsreglementet punkt 3.1"),
    ("reguleringsplan", "utvalg", "Utvalg for plan og næring", "Delegeringsreglementet punkt 4.2"),
    ("dispensasjon", "kommunedirektor", "", "Delegeringsreglementet punkt 5.3"),
    ("temaplan", "formannskapet", "", "Delegeringsreglementet punkt 3.4"),
]


@transaction.atomic
@in_municipality_language
def example_politics_create(municipality: Municipality) -> int:
    """Create the example workshop and delegation (idempotent). Returns rows made."""
    made = 0
    if not Workshop.objects.filter(municipality=municipality, title=WORKSHOP_TITLE).exists():
        _workshop(municipality)
        made += 1
    for decision, body, body_name, reference in DELEGATIONS:
        if not Delegation.objects.filter(municipality=municipality, decision=decision).exists():
            services.delegation_save(
                municipality=municipality,
                decision=decision,
                body=body,
                body_name=body_name,
                reference=reference,
                version=0,
            )
            made += 1
    if not AssessmentResponse.objects.filter(
        municipality=municipality, year=ASSESSMENT_YEAR
    ).exists():
        made += _assessment(municipality)
    return made


def _assessment(municipality: Municipality) -> int:
    """One year of answers: the administration sees the roles and the capacity as weak, the
    elected members participation; nobody's answer is real."""
    made = 0
    for group, bases in ASSESSMENT_ANSWERS.items():
        for person, base in enumerate(bases):
            response = AssessmentResponse.objects.create(
                municipality=municipality, year=ASSESSMENT_YEAR, group=group
            )
            AssessmentRating.objects.bulk_create(
                AssessmentRating(
                    response=response,
                    statement=statement.key,
                    theme=statement.theme,
                    value=max(1, min(5, base[statement.theme] + (index + person) % 3 - 1)),
                )
                for index, statement in enumerate(assessment.STATEMENTS)
            )
            made += 1
    first = AssessmentResponse.objects.filter(
        municipality=municipality, year=ASSESSMENT_YEAR
    ).first()
    AssessmentNote.objects.bulk_create(
        AssessmentNote(response=first, theme=theme, text=text)
        for theme, text in ASSESSMENT_NOTES.items()
    )
    return made


def _workshop(municipality: Municipality) -> Workshop:
    subject = next((s for s in strategy_subjects(municipality) if s.key == "strategy:2023"), None)
    proposals = list(subject.proposals[:3]) if subject and subject.proposals else FALLBACK_PROPOSALS
    workshop = services.workshop_create(
        municipality=municipality,
        title=WORKSHOP_TITLE,
        body="Kommunestyret",
        points=5,
        challenges=CHALLENGES,
        proposals=proposals,
        subject=subject,
    )
    challenge_ids = list(
        Option.objects.filter(workshop=workshop, kind=OptionKind.CHALLENGE).values_list(
            "pk", flat=True
        )
    )
    proposal_ids = list(
        Option.objects.filter(workshop=workshop, kind=OptionKind.PROPOSAL).values_list(
            "pk", flat=True
        )
    )
    codes = services.codes_create(workshop=workshop, count=len(BALLOTS))
    people = [services.participant_join_code(workshop=workshop, typed=c.code) for c in codes]
    _vote(workshop, people, challenge_ids, proposal_ids)
    workshop = services.workshop_step(workshop=workshop, step=Step.CLOSED)
    Workshop.objects.filter(pk=workshop.pk).update(held_on=HELD_ON)
    return workshop


def _vote(workshop: Workshop, people: list, challenge_ids: list, proposal_ids: list) -> None:
    services.workshop_step(workshop=workshop, step=Step.DOTS)
    for person, (points, _order) in zip(people, BALLOTS, strict=True):
        services.dots_save(participant=person, points=dict(zip(challenge_ids, points, strict=True)))
    services.workshop_step(workshop=workshop, step=Step.COMMENTS)
    for person, text in zip(people, COMMENTS, strict=False):
        services.comment_add(participant=person, text=text)
    services.workshop_step(workshop=workshop, step=Step.RANKING)
    for person, (_points, order) in zip(people, BALLOTS, strict=True):
        services.ranking_save(
            participant=person, order=[proposal_ids[i] for i in order if i < len(proposal_ids)]
        )
