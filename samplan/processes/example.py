"""An example process plan for the example workspace (Tydal): town-centre development made from
Samplan's development template in four phases, tailored as a planner would: its first activity
held (marked done), the business association with a made-up contact e-mail.

Made up and labelled "Eksempeldata" in the UI (the process's is_example flag and the workspace's):
the names, dates, texts and actors are not Tydal's real plans.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from samplan.municipalities.example import in_municipality_language
from samplan.municipalities.models import Municipality

from . import library, services
from .models import (
    Activity,
    Actor,
    ActorKind,
    Direction,
    Force,
    Group,
    Involvement,
    Process,
    ProcessActor,
    ProcessKind,
    ProcessStatus,
    QuestionStatus,
)

TEMPLATE = library.SHIPPED_PREFIX + "utviklingsprosjekt"
START = datetime.date(2026, 10, 5)

ANSWERS = {
    "hvem": (
        "Kommunestyret og ledergruppen er enige om at sentrum mangler møteplasser og at for få "
        "unge voksne flytter hjem. Oppstartsverkstedet i oktober ga et felles bilde.",
        QuestionStatus.AGREED,
    ),
    "kunnskap": (
        "Vi har befolkningstallene fra SSB og folkehelseoversikten. Vi mangler kunnskap om hvilke "
        "boliger som står tomme, og hva ungdom savner i sentrum.",
        QuestionStatus.DRAFT,
    ),
    "hvor": (
        "I 2035 er sentrum et sted folk i alle aldre bruker hver dag, med butikk, kafé, skole og "
        "helsesenter tett sammen og trygge veier for barn.",
        QuestionStatus.DRAFT,
    ),
}


def _tailor(process: Process) -> None:
    process.name = "Et levende sentrum i Tydal (eksempel)"
    process.kind = ProcessKind.TOWN_CENTRE
    process.status = ProcessStatus.RUNNING
    process.owner = "Kommunedirektøren"
    process.team = "Prosessleder (40 %), næringskonsulent, leder for kultur og fritid"
    process.community_goal = "Tydal er et attraktivt sted å bo for alle generasjoner."
    process.desired_result = (
        "Når prosjektet er ferdig, har kommunen et konsept for sentrum som politikerne, "
        "innbyggerne og næringslivet står bak, og de to første tiltakene er i gang."
    )
    process.sami_relevant = True
    services.process_save(process=process, user=None, expected_version=None)
    for question in process.questions.all():
        if question.key in ANSWERS:
            question.text, question.status = ANSWERS[question.key]
            services.question_save(question=question, user=None, expected_version=None)


def _actors(process: Process) -> None:
    reindeer = Actor.objects.filter(municipality=process.municipality, name="Reinbeitedistriktet")
    actor = reindeer.first() or services.actor_save(
        actor=Actor(
            municipality=process.municipality,
            name="Reinbeitedistriktet",
            kind=ActorKind.ORGANISATION,
            group=Group.SAMI,
        ),
        user=None,
    )
    services.role_save(
        role=ProcessActor(
            process=process,
            actor=actor,
            involvement=Involvement.SHOULD,
            influence=3,
            stance=2,
            why="Beiteområdene ligger tett inntil sentrum; nye stier og hytter berører dem.",
        ),
        user=None,
    )
    shop = ProcessActor.objects.filter(process=process, actor__name="Næringsforeningen").first()
    if shop is not None:
        shop.champion = True
        shop.participation = "Frokostmøtet og idéverkstedet; daglig leder på butikken leder an."
        services.role_save(role=shop, user=None)
    _participants(process)
    forces = [
        (
            Direction.FOR,
            "Stor dugnadsvilje og et aktivt idrettslag.",
            "Gi dem ansvar for arrangementer.",
        ),
        (
            Direction.AGAINST,
            "Uenighet mellom grendene om hvor pengene skal brukes.",
            "Folkemøte i hver grend før konseptet velges.",
        ),
    ]
    for direction, description, response in forces:
        services.force_save(
            force=Force(
                process=process, direction=direction, description=description, response=response
            ),
            user=None,
        )


PARTICIPANTS = {
    "Oppstartsverksted": ["Kommunestyret", "Ledergruppen i kommunen"],
    "Skolebesøk": ["Ungdomsrådet"],
    "Frokostmøte": ["Næringsforeningen"],
    "Folkemøte": ["Lag og foreninger", "Reinbeitedistriktet"],
    "Møte med eldrerådet": ["Eldrerådet", "Rådet for personer med funksjonsnedsettelse"],
}


def _participants(process: Process) -> None:
    """Who takes part in which activity: the participation plan (in Bokmål or Nynorsk, the
    names of the template; an activity or actor not found is skipped)."""
    roles = {role.actor.name: role for role in process.actor_roles.select_related("actor")}
    activities = Activity.objects.filter(phase__process=process).select_related("phase")
    for activity in activities:
        names = next(
            (names for start, names in PARTICIPANTS.items() if activity.title.startswith(start)),
            [],
        )
        chosen = [roles[name] for name in names if name in roles]
        if chosen:
            services.activity_save(activity=activity, participants=chosen, user=None)


@transaction.atomic
@in_municipality_language
def example_process_create(municipality: Municipality) -> int:
    """Create the example process (idempotent: once made, it is left as it is)."""
    if Process.objects.filter(
        municipality=municipality, source_template=TEMPLATE, is_example=True
    ).exists():
        return 0
    template = library.template_for(municipality, TEMPLATE, municipality.default_language)
    if template is None:  # the shipped template is always there
        raise LookupError(TEMPLATE)
    process = library.template_copy(
        municipality=municipality,
        template=template,
        name="Et levende sentrum",
        starts_on=START,
        user=None,
        is_example=True,
    )
    _tailor(process)
    _actors(process)
    _held(process)
    return 1


# A made-up address (example.no is not the association's): the actor can be invited by e-mail.
EXAMPLE_EMAIL = "naeringsforeningen@example.no"


def _held(process: Process) -> None:
    """The first activity is marked done on its day, when that day has come (so the next
    activity is the one after it), and the business association gets a contact e-mail."""
    first = (
        Activity.objects.filter(phase__process=process, starts_on__isnull=False)
        .select_related("phase__process")
        .order_by("starts_on", "pk")
        .first()
    )
    if first is not None and first.starts_on <= timezone.localdate():
        first.done_on = first.ends_on or first.starts_on
        if first.done_on > timezone.localdate():
            first.done_on = first.starts_on
        services.activity_save(activity=first, user=None, expected_version=first.version)
    shop = Actor.objects.filter(municipality=process.municipality, name="Næringsforeningen").first()
    if shop is not None and not shop.email:
        shop.email = EXAMPLE_EMAIL
        services.actor_save(actor=shop, user=None, expected_version=shop.version)
