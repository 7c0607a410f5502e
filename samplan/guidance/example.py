"""Example guidance for the example workspace (Tydal): the county's comments on the planning
strategy and an early-dialogue meeting. Made up, and labelled "Eksempeldata" in the UI through
the organisations' is_example flag; not what Trøndelag's advisers really wrote."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from samplan.core.modules import guidance_target
from samplan.municipalities.example import (
    EXAMPLE_PASSWORD,
    example_county_organisation,
    in_municipality_language,
)
from samplan.municipalities.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)
from samplan.municipalities.services import organisation_create

from . import services
from .models import (
    Gathering,
    Meeting,
    Network,
    NetworkMember,
    OfficeAssignment,
    Thread,
    ThreadStatus,
)

ADVISER_EMAIL = "radgiver@trondelag.example"
PLANNER_EMAIL = "planlegger@tydal.example"

# (section, title, the adviser's comment, the planner's answer or "", resolved)
COMMENTS = [
    (
        "trends",
        "Befolkningsframskrivingen",
        "Godt at dere bruker SSBs framskriving. Vurder også alternativet med lav nettoinnflytting, "
        "det har truffet bedre for kommuner på deres størrelse de siste ti årene.",
        "Takk, vi legger inn lavalternativet som et eget diagram.",
        True,
    ),
    (
        "choices_land_use",
        "Arealstrategi og fritidsboliger",
        "Kapittelet sier lite om hyttebyggingen. Fylkeskommunen anbefaler at planstrategien tar "
        "stilling til om arealdelen må revideres for å styre nye hytteområder.",
        "",
        False,
    ),
]

MEETING = {
    "title": "Tidlig dialog om planstrategien",
    "date": datetime.date(2024, 2, 8),
    "place": "Video (Teams)",
    "agenda": "1. Kunnskapsgrunnlaget\n2. Behovet for å revidere kommuneplanen\n"
    "3. Tidsplan for høring",
    "participants": "Per Planlegger (Tydal kommune)\nRune Rådgiver (Trøndelag fylkeskommune)",
    "notes": "Kommunen legger planstrategien ut til offentlig ettersyn i mai. "
    "Fylkeskommunen sender innspill om arealstrategien før det.",
}
FOLLOW_UPS = [
    ("Sende fylkets innspill om arealstrategi", "Trøndelag fylkeskommune", (2024, 3, 15)),
    ("Sette opp tidsplan for høringen", "Tydal kommune", (2024, 4, 1)),
]


def _person(email: str, name: str, organisation: Organisation, role: str) -> object:
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(email=email, password=None, name=name)
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    return user


def _comments(municipality: Municipality, county: Organisation, adviser: object) -> int:
    workspace = Organisation.objects.filter(municipality=municipality).first()
    planner = get_user_model().objects.filter(email=PLANNER_EMAIL).first() or next(
        (m.user for m in Membership.objects.filter(organisation=workspace, role=Role.EDITOR)),
        None,
    )
    made = 0
    for section, title, text, answer, resolved in COMMENTS:
        target = guidance_target(municipality, "strategy", f"2023:{section}")
        if target is None or Thread.objects.filter(municipality=municipality, title=title).exists():
            continue
        thread = services.thread_start(
            municipality=municipality,
            organisation=county,
            user=adviser,
            module="strategy",
            target_key=f"2023:{section}",
            target_label=target.label,
            title=title,
            text=text,
        )
        if answer and planner is not None:
            services.comment_add(thread=thread, user=planner, organisation=workspace, text=answer)
        if resolved:
            services.thread_set_status(thread=thread, user=adviser, status=ThreadStatus.RESOLVED)
        made += 1
    return made


def _meeting(municipality: Municipality, adviser: object) -> int:
    if Meeting.objects.filter(municipality=municipality).exists():
        return 0
    meeting = services.meeting_save(
        meeting=None, municipality=municipality, user=adviser, data=MEETING
    )
    for text, responsible, (year, month, day) in FOLLOW_UPS:
        services.follow_up_add(
            meeting=meeting,
            user=adviser,
            text=text,
            responsible=responsible,
            due=datetime.date(year, month, day),
        )
    return 1


NETWORK_NAME = "Samfunnsutvikling i mindre kommuner (eksempel)"
NETWORK_MEMBERS = ("5033", "5026", "5043")  # Tydal, Holtålen, Røyrvik
GATHERINGS = [
    (
        "Oppstartssamling på Stjørdal",
        "fysisk",
        (2024, 3, 12),
        "Hotell på Stjørdal",
        "1. Presentasjon av kommunene\n2. Planstrategi: hva skal med?\n3. Innbyggerdialog",
    ),
    (
        "Frokostmøte: koble samfunnsdelen til økonomiplanen",
        "frokost",
        (2024, 9, 5),
        "Video (Teams)",
        "1. Erfaringer fra Røyrvik\n2. Handlingsdel og økonomiplan i ett dokument",
    ),
]


def _network(county: Organisation) -> int:
    """Trøndelag's learning network with Tydal, Holtålen and Røyrvik and two gatherings."""
    if Network.objects.filter(name=NETWORK_NAME).exists():
        return 0
    network = services.network_save(
        network=None,
        owners=[county],
        user=None,
        data={
            "name": NETWORK_NAME,
            "theme": "Planstrategi og samfunnsdel med enkle arbeidsmåter",
            "description": "To til tre kommuner fra fylket, to til tre samlinger i året.",
            "starts_on": datetime.date(2024, 1, 1),
            "ends_on": datetime.date(2027, 12, 31),
            "invitation": "Fylkeskommunen inviterer små kommuner til et læringsnettverk om "
            "planstrategi og samfunnsdel.",
        },
    )
    network.is_example = True  # labelled even when the county organisation is a real one
    network.save()
    for number in NETWORK_MEMBERS:
        NetworkMember.objects.create(
            network=network, municipality_id=number, joined_on=datetime.date(2024, 1, 15)
        )
    for title, kind, (year, month, day), place, agenda in GATHERINGS:
        Gathering.objects.create(
            network=network,
            title=title,
            kind=kind,
            date=datetime.date(year, month, day),
            place=place,
            agenda=agenda,
        )
    return 1


OFFICE_NAME = "Gauldal og Tydal plankontor (eksempel)"
OFFICE_PLANNER = ("plankontor@gauldal.example", "Kari Kontorplanlegger (eksempel)")
# (municipality, task, month, person-days)
OFFICE_TASKS = [
    ("5033", "Planstrategi: kunnskapsgrunnlag", 3, "6"),
    ("5026", "Planstrategi: kunnskapsgrunnlag", 3, "6"),
    ("5033", "Høring av planstrategien", 5, "4"),
    ("5026", "Rullering av arealdelen", 5, "10"),
]


def _office(municipality: Municipality) -> int:
    """An intercommunal plan office serving Tydal and Holtålen, with capacity and tasks."""
    if Organisation.objects.filter(name=OFFICE_NAME).exists():
        return 0
    office = organisation_create(
        name=OFFICE_NAME,
        kind=OrganisationKind.INTERCOMMUNAL,
        municipalities=[municipality, Municipality.objects.get(number="5026")],
        is_example=True,
    )
    email, name = OFFICE_PLANNER
    planner = get_user_model().objects.filter(email=email).first()
    if planner is None:
        planner = get_user_model().objects.create_user(
            email=email, password=EXAMPLE_PASSWORD, name=name
        )
    Membership.objects.get_or_create(
        user=planner, organisation=office, defaults={"role": Role.EDITOR}
    )
    for month in (3, 4, 5):
        services.office_capacity_set(
            office=office, user=planner, month=datetime.date(2024, month, 1), person_days=12
        )
    for number, task, month, days in OFFICE_TASKS:
        OfficeAssignment.objects.create(
            office=office,
            municipality_id=number,
            planner=planner,
            task=task,
            month=datetime.date(2024, month, 1),
            person_days=days,
        )
    return 1


@transaction.atomic
@in_municipality_language
def example_guidance_create(municipality: Municipality) -> int:
    """Comments on the example strategy and an early-dialogue meeting with follow-ups
    (idempotent). Returns the number of threads and meetings made."""
    county = example_county_organisation(municipality)
    adviser = _person(ADVISER_EMAIL, "Rune Rådgiver (eksempel)", county, Role.ADVISER)
    return (
        _comments(municipality, county, adviser)
        + _meeting(municipality, adviser)
        + _network(county)
        + _office(municipality)
    )
