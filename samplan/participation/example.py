"""Example participation for the example workspace (Tydal): the public display of the example
planning strategy (2023–2027), closed, with 25 submissions, each processed and answered; and a
draft input round tied to the example process plan (when there is one).

Made up and labelled "Eksempeldata" in the UI through the workspace's is_example flag: the people,
their input and the assessments are not real.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from samplan.municipalities.example import in_municipality_language
from samplan.municipalities.models import Municipality
from samplan.processes.models import Process
from samplan.strategy.models import Strategy

from . import services
from .models import (
    Answer,
    Consultation,
    Kind,
    Moderation,
    Question,
    QuestionKind,
    Source,
    Status,
    Subject,
    Submission,
)

TITLE = "Planstrategi 2023–2027 på offentlig ettersyn"
OPTIONS = [
    "Boliger for unge og tilflyttere",
    "Helse og omsorg for flere eldre",
    "Reiseliv og hytter",
    "Klimatilpasning",
    "Frivillighet og møteplasser",
]

# (source, name, organisation, age band, place, text, category, answer to the choice question,
#  summary, assessment, taken into account, where, moderation, reason)
SUBMISSIONS = [
    (
        "nett",
        "Kari Østby",
        "",
        "26-66",
        "Ås",
        "Vi trenger flere utleieboliger i sentrum. Som ung lærer fant jeg ikke noe å leie da jeg flyttet hit.",
        "Bolig",
        0,
        "Ber om utleieboliger i Ås sentrum.",
        "Boliger for unge og tilflyttere er første prioritering; kommunedelplan for bolig startes i 2025.",
        "ja",
        "Prioritering 1, planbehov: boligplan",
        "publisert",
        "",
    ),
    (
        "nett",
        "Ola Aunet",
        "",
        "67+",
        "Aunet",
        "Hjemmetjenesten må komme oftere til oss som bor langt fra sentrum.",
        "Helse og omsorg",
        1,
        "Ønsker hyppigere hjemmetjenester i grendene.",
        "Tatt inn i strategiens valg for helse og omsorg; selve tjenestenivået avgjøres i budsjettet.",
        "delvis",
        "Kapittel 5, strategiske valg: sektorene",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "Tydal turistforening",
        "",
        "Stugudal",
        "Hyttebyggingen i Stugudal må skje uten å bygge ned beiteområdene og stiene.",
        "Reiseliv og hytter",
        2,
        "Vekst i hytter uten å ta beite og stier.",
        "Arealdelen revideres etter samfunnsdelen; hensynet til beite er et av strategiens valg.",
        "ja",
        "Kapittel 4, langsiktig arealbruk",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "",
        "13-18",
        "Ås",
        "Vi vil ha et sted å være på kveldene, ikke bare skolen og butikken.",
        "Frivillighet og møteplasser",
        4,
        "Ungdom ønsker en møteplass på kveldstid.",
        "Samfunnshuset som møteplass er med i prioriteringen frivillighet og møteplasser.",
        "ja",
        "Prioritering 6",
        "publisert",
        "",
    ),
    (
        "nett",
        "Per Gressli",
        "",
        "26-66",
        "Gressli",
        "Flommen i 2023 viste at vi må kartlegge skredfare langs fylkesveien bedre.",
        "Klima og beredskap",
        3,
        "Kartlegging av flom- og skredfare langs fylkesveien.",
        "Helhetlig ROS revideres i perioden og legges til grunn for arealdelen.",
        "ja",
        "Planbehov: helhetlig ROS",
        "publisert",
        "",
    ),
    (
        "folkemote",
        "",
        "",
        "",
        "Ås",
        "Gruppe 1: Bredbånd i alle grender før nye boligfelt.",
        "Infrastruktur",
        None,
        "Bredbånd i alle grender.",
        "Bredbånd er fylkeskommunens og markedets ansvar; kommunen søker tilskudd, men det er ikke et plantema i strategien.",
        "nei",
        "",
        "publisert",
        "",
    ),
    (
        "folkemote",
        "",
        "",
        "",
        "Østby",
        "Gruppe 2: Skoleskyssen tar for lang tid for de minste.",
        "Oppvekst",
        None,
        "For lang skoleskyss for de yngste.",
        "Skyss er en driftssak og sendes videre til oppvekst; den endrer ikke planbehovet.",
        "nei",
        "",
        "publisert",
        "",
    ),
    (
        "nett",
        "Ingrid Haugset",
        "",
        "19-25",
        "Ås",
        "Jeg vil flytte hjem etter studiene hvis det finnes jobb og et sted å bo.",
        "Bolig",
        0,
        "Vil flytte hjem med jobb og bolig.",
        "Støtter prioriteringene bolig og rekruttering; ingen endring nødvendig.",
        "ja",
        "Prioritering 1 og 2",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "Tydal helselag",
        "",
        "Ås",
        "Frivillige kan gjøre mer for de eldre hvis kommunen koordinerer.",
        "Frivillighet og møteplasser",
        4,
        "Kommunen bør koordinere frivillig innsats for eldre.",
        "Tatt inn som et strategisk valg om samarbeid med frivilligheten.",
        "delvis",
        "Kapittel 5",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "",
        "67+",
        "Stugudal",
        "Busstilbudet til Trondheim må ikke bli dårligere.",
        "Samferdsel",
        None,
        "Opprettholde bussruten til Trondheim.",
        "Kollektivtilbudet er fylkeskommunens ansvar; innspillet sendes til Trøndelag fylkeskommune.",
        "nei",
        "",
        "publisert",
        "",
    ),
    (
        "verksted",
        "",
        "",
        "13-18",
        "Ås",
        "Ungdomsrådet: Flere turstier med lys nær skolen.",
        "Friluftsliv",
        None,
        "Lysløype og turstier nær skolen.",
        "Tas med i arbeidet med kommunedelplan for idrett og friluftsliv.",
        "delvis",
        "Planbehov: plan for idrett og friluftsliv",
        "publisert",
        "",
    ),
    (
        "nett",
        "Nils Stugudal",
        "",
        "26-66",
        "Stugudal",
        "Næringsarealer for reiseliv bør avklares før hytteområdene utvides.",
        "Reiseliv og hytter",
        2,
        "Avklare næringsarealer før nye hyttefelt.",
        "Inngår i revisjonen av arealdelen.",
        "ja",
        "Kapittel 4",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "",
        "26-66",
        "Aunet",
        "Kommunen må tenke på at landbruket trenger arbeidskraft og boliger også.",
        "Landbruk",
        None,
        "Landbruket trenger arbeidskraft og boliger.",
        "Dekkes av prioriteringene bolig og rekruttering.",
        "delvis",
        "Prioritering 1",
        "publisert",
        "",
    ),
    (
        "nett",
        "Berit Ås",
        "",
        "26-66",
        "Ås",
        "Planstrategien er for lang. Lag en kort versjon for innbyggerne.",
        "Medvirkning",
        None,
        "Ønsker en kort versjon av strategien.",
        "Det lages et sammendrag i klart språk som publiseres med vedtaket.",
        "ja",
        "Sammendrag",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "",
        "19-25",
        "Østby",
        "Hjemmekontorplasser i sentrum kan få folk til å bo her og jobbe andre steder.",
        "Næring",
        None,
        "Kontorfellesskap for fjernarbeid.",
        "Vurderes i næringsplanen; ikke eget planbehov nå.",
        "nei",
        "",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "Nea elveeierlag",
        "",
        "Gressli",
        "Vassdragsreguleringen må med i klimatilpasningen.",
        "Klima og beredskap",
        3,
        "Vassdragsregulering i klimatilpasningen.",
        "Tatt inn i teksten om klimatilpasning.",
        "ja",
        "Kapittel 3",
        "publisert",
        "",
    ),
    (
        "folkemote",
        "",
        "",
        "",
        "Ås",
        "Gruppe 3: Behold legekontoret i Tydal.",
        "Helse og omsorg",
        None,
        "Beholde legekontoret.",
        "Legetjenesten er ikke et plantema, men støttes av prioriteringen helse og omsorg.",
        "delvis",
        "Prioritering 3",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "",
        "under13",
        "Ås",
        "Vi vil ha en ny ballbinge!",
        "Friluftsliv",
        4,
        "Ønske om ny ballbinge.",
        "Sendes til budsjettarbeidet for nærmiljøanlegg.",
        "nei",
        "",
        "publisert",
        "",
    ),
    (
        "nett",
        "Hans Østby",
        "",
        "67+",
        "Østby",
        "Omsorgsboliger bør bygges i Ås så de eldre kan bo nær tjenestene.",
        "Helse og omsorg",
        1,
        "Omsorgsboliger i Ås sentrum.",
        "Tas med i boligplanen.",
        "ja",
        "Planbehov: boligplan",
        "publisert",
        "",
    ),
    (
        "brev",
        "",
        "Statens vegvesen",
        "",
        "",
        "Trafikksikkerhet langs fylkesvei 705 bør vurderes i arealdelen.",
        "Samferdsel",
        None,
        "Trafikksikkerhet langs fv. 705.",
        "Tatt inn som tema for arealdelen.",
        "ja",
        "Kapittel 4",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "",
        "26-66",
        "Ås",
        "Kommunen må bli flinkere til å svare på henvendelser.",
        "Medvirkning",
        None,
        "Raskere svar på henvendelser.",
        "Gjelder forvaltningen, ikke planstrategien; sendt til kommunedirektøren.",
        "nei",
        "",
        "publisert",
        "",
    ),
    (
        "nett",
        "Siri Aunet",
        "",
        "26-66",
        "Aunet",
        "Telefonnummeret mitt er 900 00 000, ring meg om tomten min.",
        "Bolig",
        None,
        "Spør om egen tomt.",
        "Gjelder en enkeltsak og besvares direkte; ikke en merknad til strategien.",
        "nei",
        "",
        "holdt",
        "Personopplysninger i teksten",
    ),
    (
        "nett",
        "",
        "",
        "",
        "",
        "Dere er noen idioter alle sammen.",
        "",
        None,
        "Ikke et innspill til saken.",
        "Inneholder ingen merknad til planstrategien.",
        "nei",
        "",
        "holdt",
        "Krenkende språk",
    ),
    (
        "verksted",
        "",
        "",
        "13-18",
        "Stugudal",
        "Ungdomsrådet: Sommerjobber i reiselivet for ungdom.",
        "Næring",
        None,
        "Sommerjobber for ungdom i reiselivet.",
        "Tas med i næringsplanen og prioriteringen reiseliv.",
        "delvis",
        "Prioritering 4",
        "publisert",
        "",
    ),
    (
        "nett",
        "",
        "Tydal bondelag",
        "",
        "Aunet",
        "Beiteområdene må kartlegges før nye hyttefelt vurderes.",
        "Landbruk",
        2,
        "Kartlegge beite før nye hyttefelt.",
        "Tatt inn i strategiens valg om langsiktig arealbruk.",
        "ja",
        "Kapittel 4",
        "publisert",
        "",
    ),
]


@transaction.atomic
@in_municipality_language
def example_participation_create(municipality: Municipality) -> int:
    """Create the example consultations (idempotent: each made once, left as it is after): the
    strategy's public display, and an input round tied to the example process plan when the
    process plans' example data is there (it is made first, in `samplan demo` and the test
    layers)."""
    return _strategy_display(municipality) + _process_round(municipality)


PROCESS_ROUND = "Hva trenger sentrum? Innspill til et levende sentrum (eksempel)"


def _process_round(municipality: Municipality) -> int:
    """A draft input round of the example process plan (town-centre development), planned for
    the winter after its start: shown on the process plan's page."""
    process = Process.objects.filter(municipality=municipality, is_example=True).first()
    if (
        process is None
        or Consultation.objects.filter(municipality=municipality, title=PROCESS_ROUND).exists()
    ):
        return 0
    consultation = services.consultation_save(
        consultation=Consultation(
            municipality=municipality,
            title=PROCESS_ROUND,
            kind=Kind.INPUT_ROUND,
            subject=Subject.OTHER,
            process=process,
            summary=(
                "Kommunen lager et konsept for et levende sentrum. Hva savner du i sentrum, og "
                "hva ville fått deg til å bruke det oftere?"
            ),
            opens_on=datetime.date(2027, 1, 11),
            closes_at=timezone.make_aware(datetime.datetime(2027, 2, 7, 23, 59)),
            status=Status.DRAFT,
        ),
        user=None,
    )
    Question.objects.create(
        consultation=consultation,
        order=1,
        kind=QuestionKind.TEXT,
        text="Hva savner du i sentrum?",
        youth_text="Hva mangler i sentrum?",
    )
    return 1


def _strategy_display(municipality: Municipality) -> int:
    strategy = Strategy.objects.filter(municipality=municipality, period_start=2023).first()
    if Consultation.objects.filter(municipality=municipality, title=TITLE).exists():
        return 0
    consultation = Consultation.objects.create(
        municipality=municipality,
        title=TITLE,
        kind=Kind.PUBLIC_DISPLAY,
        subject=Subject.PLANNING_STRATEGY,
        strategy=strategy,
        summary=(
            "Planstrategien bestemmer hvilke planer kommunen skal lage, revidere eller oppheve "
            "de neste fire årene. Hva er viktigst for deg og bygda di?"
        ),
        description="Forslaget ligger ute i 31 dager før kommunestyret behandler det 13. juni.",
        opens_on=datetime.date(2024, 5, 3),
        closes_at=timezone.make_aware(datetime.datetime(2024, 6, 3, 23, 59)),
        status=Status.ANSWERED,
        youth_variant=True,
        adopted_on=datetime.date(2024, 6, 13),
        anonymise_after_days=1095,
    )
    Question.objects.create(
        consultation=consultation,
        order=1,
        kind=QuestionKind.CHOICE,
        text="Hvilken prioritering er viktigst for deg?",
        youth_text="Hva er viktigst?",
        options="\n".join(OPTIONS),
    )
    question = consultation.questions.get()
    _submissions(consultation, question)
    return 1


def _submissions(consultation: Consultation, question: Question) -> None:
    start = timezone.make_aware(datetime.datetime(2024, 5, 6, 10, 0))
    for number, row in enumerate(SUBMISSIONS, start=1):
        (source, name, org, age, place, text, category, choice) = row[:8]
        summary, assessment, taken, where, moderation, reason = row[8:]
        key = f"eksempel-{consultation.pk}-{number}"
        submission = Submission.objects.create(
            consultation=consultation,
            number=number,
            token_hash=hashlib.sha256(key.encode()).hexdigest(),
            form_nonce=key,
            source=source,
            source_note=_NOTES.get(source, ""),
            text=text,
            anonymous=not (name or org),
            name=name,
            email=f"{name.split()[0].lower()}@eksempel.invalid" if name else "",
            organisation=org,
            age_band=age,
            place=place,
            consent=source in (Source.WEB, Source.YOUTH),
            moderation=moderation or Moderation.PUBLISHED,
            moderation_reason=reason,
            category=category,
            summary=summary,
            assessment=assessment,
            taken_into_account=taken,
            where=where,
            created_at=start + datetime.timedelta(days=number, hours=number % 7),
        )
        if choice is not None:
            Answer.objects.create(submission=submission, question=question, value=OPTIONS[choice])


_NOTES = {
    Source.MEETING: "Folkemøte i samfunnshuset 14.5.2024",
    Source.WORKSHOP: "Verksted med ungdomsrådet 22.5.2024",
    Source.LETTER: "Brev mottatt 30.5.2024",
}
