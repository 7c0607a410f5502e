"""The archive package of an adopted planning strategy and of a goal report: a zip with the
documents as PDF/A and arkivstruktur.xml, validated against the Noark 5 schema before it is
offered; editors only; an invalid package is an error, not a download."""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from lxml import etree

from samplan.archive import noark, package
from samplan.documents.check import pdfa_problems
from samplan.goals import services as goal_services
from samplan.goals.models import ActionPlan, FocusArea, Goal
from samplan.participation.models import Consultation, Submission
from samplan.strategy import services
from samplan.strategy.models import Strategy

pytestmark = pytest.mark.django_db
KNR = "5033"
NS = {"n": noark.NAMESPACE}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


def _consultation(strategy: Strategy, title: str, status: str) -> Consultation:
    consultation = Consultation.objects.create(
        municipality=strategy.municipality,
        title=title,
        kind="offentlig_ettersyn",
        subject="planstrategi",
        summary="Forslag til planstrategi på høring.",
        opens_on=datetime.date(2023, 11, 20),
        closes_at=datetime.datetime(2024, 1, 5, 12, tzinfo=datetime.UTC),
        status=status,
        strategy=strategy,
    )
    Submission.objects.create(
        consultation=consultation,
        number=1,
        token_hash=title[:1] * 64,
        form_nonce=title,
        source="nett",
        text="Mer om bustader.",
        name="Kari Nordmann",
        email="kari@tydal.test",
        assessment="Tatt til følge i kapittel 3.",
    )
    return consultation


@pytest.fixture
def adopted(personas) -> Strategy:
    strategy = services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )
    _consultation(strategy, "Høring av planstrategien", "besvart")
    _consultation(strategy, "Utkast som aldri ble publisert", "utkast")
    strategy.trends = "Folketallet går ned."
    strategy.public_from = datetime.date(2023, 11, 20)
    strategy.council_meeting = strategy.adopted_on = datetime.date(2024, 1, 18)
    strategy.master_plan_decision = "revidere_deler"
    strategy.status = "vedtatt"
    # Adopting makes no PDF: the package makes the adopted PDF from the frozen content.
    return services.strategy_save(
        strategy=strategy, constituted_on=datetime.date(2023, 10, 19), user=personas.editor
    )


def download(client, user, url: str):
    client.force_login(user)
    return client.get(url)


def strategy_url() -> str:
    return reverse("archive:strategy", kwargs={"knr": KNR, "period": 2023})


def contents(response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_strategy_package_validates_and_its_checksums_match_the_files(
    client, personas, adopted
):
    response = download(client, personas.editor, strategy_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "arkivpakke-planstrategi-5033-2023.zip" in response["Content-Disposition"]
    files = contents(response)
    metadata = files["arkivstruktur.xml"]
    assert noark.problems(metadata) == []
    root = etree.fromstring(metadata)
    objects = root.findall(".//n:dokumentobjekt", NS)
    assert len(objects) == 3  # the consultation, its assessment, the adopted strategy
    for document_object in objects:
        data = files[document_object.findtext("n:referanseDokumentfil", namespaces=NS)]
        assert document_object.findtext("n:sjekksum", namespaces=NS) == (
            hashlib.sha256(data).hexdigest()
        )
        assert document_object.findtext("n:filstoerrelse", namespaces=NS) == str(len(data))
        assert pdfa_problems(data) == []
    referenced = {o.findtext("n:referanseDokumentfil", namespaces=NS) for o in objects}
    assert set(files) == {
        "arkivstruktur.xml",
        "skjema/arkivstruktur.xsd",
        "skjema/metadatakatalog.xsd",
        *referenced,
    }
    # The adopted PDF made for the package is kept with the version: the download is the same.
    [decision] = [path for path in referenced if path.endswith("-planstrategi.pdf")]
    stored = adopted.version_in_force.files.get(name="nb.pdf")
    assert bytes(stored.data) == files[decision] and stored.intact
    public = client.get(reverse("strategy:public_document", args=[KNR, 2023, "pdf"]))
    assert public.content == files[decision]


def test_the_strategy_package_holds_the_consultation_assessment_and_decision(
    client, personas, adopted
):
    root = etree.fromstring(
        contents(download(client, personas.editor, strategy_url()))["arkivstruktur.xml"]
    )

    folder = root.find(".//n:mappe", NS)
    assert folder.findtext("n:tittel", namespaces=NS) == "Planstrategi 2023–2027"
    assert folder.findtext("n:saksaar", namespaces=NS) == "2023"
    assert folder.findtext("n:sakssekvensnummer", namespaces=NS) == str(adopted.pk)
    assert folder.findtext("n:saksstatus", namespaces=NS) == "Avsluttet"
    entries = folder.findall("n:registrering", NS)
    assert [e.findtext("n:tittel", namespaces=NS) for e in entries] == [
        "Høring: Høring av planstrategien",
        "Merknadsbehandling: Høring av planstrategien",
        "Vedtak: Planstrategi 2023–2027",
    ]
    assert [e.findtext("n:journaldato", namespaces=NS) for e in entries] == [
        "2023-11-20",
        "2024-01-05",
        "2024-01-18",
    ]
    assert [e.findtext("n:journalposttype", namespaces=NS) for e in entries] == [
        noark.OUTGOING,
        noark.INTERNAL,
        noark.INTERNAL,
    ]
    assert "aldri ble publisert" not in etree.tostring(root, encoding="unicode")
    assert {e.findtext("n:opprettetAv", namespaces=NS) for e in entries} == {personas.editor.name}


def test_a_package_the_schema_refuses_is_an_error_not_a_download(
    client, personas, adopted, monkeypatch
):
    real = noark.arkivstruktur
    monkeypatch.setattr(
        noark, "arkivstruktur", lambda case: real(case).replace(b"<saksaar>", b"<saksaar>x")
    )

    response = download(client, personas.editor, strategy_url())

    assert response.status_code == 302
    assert response.url == reverse("strategy:detail", args=[KNR, 2023])
    [message] = get_messages(response.wsgi_request)
    assert "Noark 5" in str(message) and message.level_tag == "error"


def test_a_strategy_not_adopted_has_no_package(client, personas):
    services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)

    response = download(client, personas.editor, strategy_url())

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert "vedtatt" in str(message)


@pytest.mark.parametrize("role", ["reader", "adviser"])
def test_only_editors_get_a_package(client, personas, adopted, role):
    assert download(client, getattr(personas, role), strategy_url()).status_code == 403


def test_the_button_is_on_the_adopted_strategy_for_editors_only(client, personas, adopted):
    page = reverse("strategy:detail", args=[KNR, 2023])

    assert strategy_url() in download(client, personas.editor, page).content.decode()
    assert strategy_url() not in download(client, personas.reader, page).content.decode()


def test_the_goal_report_package_validates(client, personas):
    tydal = personas.municipality
    area = FocusArea.objects.create(municipality=tydal, title="Levande bygder")
    Goal.objects.create(municipality=tydal, focus_area=area, title="Flere bustader")
    ActionPlan.objects.create(municipality=tydal, first_year=2022)
    url = reverse("archive:goal_report", kwargs={"knr": KNR, "year": 2022})
    follow_up = reverse("goals:follow_up", args=[KNR, 2022])
    # Not decided yet: no package, and the follow-up page says what to do.
    refused = download(client, personas.editor, url)
    assert refused.status_code == 302 and refused.url == follow_up
    [message] = [str(message) for message in get_messages(refused.wsgi_request)]
    assert "vedtatt årsberetningen" in message
    assert url not in download(client, personas.editor, follow_up).content.decode()
    goal_services.report_adoption_save(
        municipality=tydal,
        year=2022,
        adopted_on=datetime.date(2023, 6, 15),
        case_number="23/41",
        user=personas.editor,
    )

    response = download(client, personas.editor, url)

    assert response.status_code == 200
    files = contents(response)
    assert noark.problems(files["arkivstruktur.xml"]) == []
    root = etree.fromstring(files["arkivstruktur.xml"])
    assert root.findtext(".//n:mappe/n:avsluttetDato", namespaces=NS).startswith("2023-06-15")
    [document_object] = root.findall(".//n:dokumentobjekt", NS)
    data = files[document_object.findtext("n:referanseDokumentfil", namespaces=NS)]
    assert document_object.findtext("n:sjekksum", namespaces=NS) == hashlib.sha256(data).hexdigest()
    assert url in download(client, personas.editor, follow_up).content.decode()
    assert (
        download(
            client, personas.editor, reverse("archive:goal_report", args=[KNR, 2019])
        ).status_code
        == 404
    )


def test_the_package_module_builds_without_a_request(personas, adopted):
    built = package.strategy_package(adopted, user=personas.editor, language="nn")

    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        metadata = archive.read("arkivstruktur.xml")
    assert noark.problems(metadata) == []
    assert "Vedtak: Planstrategi 2023–2027" in metadata.decode()


def arkivpakke(target: object) -> None:
    from django.core.management import call_command

    call_command(
        "arkivpakke", "planstrategi", "--kommune", KNR, "--periode", "2023-2027", "--out", target
    )


def test_the_command_writes_the_same_validated_package(personas, adopted, tmp_path):
    arkivpakke(str(tmp_path / "pakke.zip"))

    with zipfile.ZipFile(tmp_path / "pakke.zip") as archive:
        metadata = archive.read("arkivstruktur.xml")
    assert noark.problems(metadata) == []
    assert "<opprettetAv>Samplan</opprettetAv>" in metadata.decode()


def test_the_command_refuses_a_strategy_not_adopted(personas, tmp_path):
    from django.core.management.base import CommandError

    services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)

    with pytest.raises(CommandError, match="vedtatt planstrategi"):
        arkivpakke(str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()
