"""An example process plan for the example workspace (Tydal): town-centre development in four
phases, copied from the county's example template and tailored as a planner would: the
activities held before the day the example is made marked done (the latest of them left open,
as one a planner has not yet marked), the business association with a made-up contact e-mail.

The county municipality following Tydal publishes the example template ("hyllevare") the process
is copied from: Samplan's development template, started in the county's template editor and
tailored a little for the county's smaller municipalities, in Bokmål.

Made up and labelled "Eksempeldata" in the UI (the process's and the template's is_example flag
and the workspace's): the names, dates, texts and actors are not Tydal's or the county's real
plans.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from samplan.municipalities.example import example_county_organisation, in_municipality_language
from samplan.municipalities.models import Membership, Municipality, Role

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
    ProcessTemplate,
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


# The county's example template: Samplan's development template, in Bokmål, tailored a little.
SHIPPED_START = TEMPLATE.replace(":", "-")
COUNTY_TEMPLATE_NAME = "Utviklingsprosjekt for mindre kommuner (eksempel)"
COUNTY_TEMPLATE_DESCRIPTION = (
    "Fylkeskommunens utgave av Samplans mal for utviklingsprosjekter, for de mindre kommunene i "
    "fylket: sentrumsutvikling, tilflytting eller samarbeid med næringslivet. Fylkeskommunen "
    "kan veilede i oppstarten, når funnene sammenstilles og på folkemøtet."
)
COUNTY_QUESTIONS = {
    "ressurser": "Hvem leder prosessen, og hvor mye tid har de? Hvilke penger og nettverk "
    "trenger vi? Fylkeskommunen kan hjelpe med veiledning, regionale utviklingsmidler og "
    "læringsnettverket for mindre kommuner.",
}
# Activity title: what the county adds to it.
COUNTY_ACTIVITIES = {
    "Arbeidsgruppen sammenstiller funnene": {
        "county_guidance": True,
        "knowledge": "Resultatene fra undersøkelsen og intervjuene, og fylkeskommunens "
        "statistikk for kommunene i fylket.",
    },
}


def _county_content(content: dict[str, Any]) -> dict[str, Any]:
    """The shipped template's content as the county tailors it (a copy: the shelf is shared)."""
    content = copy.deepcopy(content)
    content["questions"] = {**content.get("questions", {}), **COUNTY_QUESTIONS}
    for phase in content.get("phases", []):
        for activity in phase.get("activities", []):
            activity.update(COUNTY_ACTIVITIES.get(activity.get("title", ""), {}))
    return content


def example_county_template(municipality: Municipality) -> tuple[ProcessTemplate, int]:
    """The county's published example template and how many were made now (idempotent: one per
    county organisation). Made as an adviser makes one: started from a shipped template in the
    editor (`library.shipped_start`), tailored, published to the municipalities it follows."""
    county = example_county_organisation(municipality)
    found = ProcessTemplate.objects.filter(
        organisation=county, is_example=True, name=COUNTY_TEMPLATE_NAME
    ).first()
    if found is not None:
        return found, 0
    start = library.shipped_start(SHIPPED_START, "nb")
    if start is None:  # the shipped template is always there
        raise LookupError(TEMPLATE)
    head, content = start
    template = ProcessTemplate(organisation=county, is_example=True)
    library.fill_template(
        template,
        {**head, "name": COUNTY_TEMPLATE_NAME, "description": COUNTY_TEMPLATE_DESCRIPTION},
        _county_content(content),
    )
    adviser = (
        Membership.objects.filter(organisation=county, role=Role.ADVISER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    publisher = adviser.user if adviser is not None else None
    return services.template_publish(template=template, user=publisher), 1


@transaction.atomic
@in_municipality_language
def example_process_create(
    municipality: Municipality, *, today: datetime.date | None = None
) -> int:
    """Create the county's example template and the example process copied from it
    (idempotent: once made, each is left as it is). Returns how many were made. `today`: the
    day the example is made as of (which activities are held), by default today; the tests
    give one so that their example does not change with the day they run."""
    county_template, made = example_county_template(municipality)
    if Process.objects.filter(municipality=municipality, is_example=True).exists():
        return made
    key = f"{library.COUNTY_PREFIX}{county_template.pk}"
    template = library.template_for(municipality, key, municipality.default_language)
    if template is None:  # the county follows the municipality: its template is offered
        raise LookupError(key)
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
    _held(process, today or timezone.localdate())
    return made + 1


# A made-up address (example.no is not the association's): the actor can be invited by e-mail.
EXAMPLE_EMAIL = "naeringsforeningen@example.no"


def _held(process: Process, today: datetime.date) -> None:
    """The activities held before the day the example is made are marked done, on their day
    (or their end, not after today), as a planner who uses Samplan would have marked them;
    the latest of them is left open when another is done (not yet marked: the process page and
    the adviser's page show it as a past activity not marked done). Whatever the day: at most
    one past activity open, none done in the future. The business association gets a contact
    e-mail."""
    past = list(
        Activity.objects.filter(phase__process=process, starts_on__lt=today)
        .select_related("phase__process")
        .order_by("starts_on", "pk")
    )
    for activity in past[:-1] if len(past) > 1 else past:
        activity.done_on = min(activity.ends_on or activity.starts_on, today)
        services.activity_save(activity=activity, user=None, expected_version=activity.version)
    shop = Actor.objects.filter(municipality=process.municipality, name="Næringsforeningen").first()
    if shop is not None and not shop.email:
        shop.email = EXAMPLE_EMAIL
        services.actor_save(actor=shop, user=None, expected_version=shop.version)
