"""An adopted strategy is frozen: the adopted version is kept with its documents and checksums,
every way to change it is refused, going back a status needs a reason, and a revision is a new
draft while the adopted version stays in force."""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from samplan.core import freeze
from samplan.plans import cleanup, tabular
from samplan.plans import exports as plan_exports
from samplan.plans import services as plan_services
from samplan.plans.models import CleanupDecision, Plan
from samplan.plans.tests.factories import DecisionFactory, PlanFactory
from samplan.plantakt.models import ItemDecision
from samplan.strategy import services
from samplan.strategy.example import example_strategy_create
from samplan.strategy.forms import StatusForm
from samplan.strategy.models import ConsultationBody, Priority, PriorityVote, Strategy

pytestmark = pytest.mark.django_db
KNR = "5033"
FROZEN = "kan ikke lenger endres"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def no_pdf(monkeypatch):
    """A server without Pango: no PDF can be made (adopting makes none anyway; the PDF is made
    from the frozen content the first time it is asked for)."""
    from samplan.documents import pdf

    def unavailable(document):
        raise pdf.PdfUnavailable("no Pango in this test")

    monkeypatch.setattr(pdf, "render", unavailable)


def adopt(strategy: Strategy, user: object = None) -> Strategy:
    strategy.trends = "Folketallet går ned."
    strategy.public_from = datetime.date(2023, 12, 1)
    strategy.council_meeting = strategy.adopted_on = datetime.date(2024, 1, 18)
    strategy.master_plan_decision = "revidere_deler"
    strategy.status = "vedtatt"
    return services.strategy_save(
        strategy=strategy, constituted_on=datetime.date(2023, 10, 19), user=user
    )


@pytest.fixture
def strategy(personas) -> Strategy:
    return services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)


@pytest.fixture
def adopted(strategy, personas, no_pdf) -> Strategy:
    Priority.objects.create(strategy=strategy, title="Boliger")
    return adopt(strategy, personas.editor)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"strategy:{name}", kwargs={"knr": KNR, "period": 2023, **kwargs})


def odt_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("content.xml").decode()


def state() -> tuple:
    return (
        sorted(Strategy.objects.values_list("pk", "status", "trends", "adopted_on", "revision")),
        sorted(ConsultationBody.objects.values_list("pk", "name", "asked_on")),
        sorted(Priority.objects.values_list("pk", "title")),
        sorted(PriorityVote.objects.values_list("priority_id", "user_id")),
        sorted(CleanupDecision.objects.values_list("pk", "decision", "target_year", "rationale")),
        sorted(freeze.FrozenVersion.objects.values_list("pk", "number", "decided_on")),
    )


@pytest.fixture
def pdf_renders(monkeypatch) -> list[str]:
    """Counts the PDFs made (by title), still making them."""
    from samplan.documents import pdf

    made: list[str] = []
    real = pdf.render

    def counted(document):
        made.append(document.title)
        return real(document)

    monkeypatch.setattr(pdf, "render", counted)
    return made


def test_adopting_freezes_the_version_with_its_odt_checksums_and_who_and_makes_no_pdf(
    strategy, personas, pdf_renders
):
    adopt(strategy, personas.editor)

    [version] = freeze.versions(strategy)
    strategy.refresh_from_db()
    assert strategy.version_in_force == version and version.number == 1
    assert version.decided_on == datetime.date(2024, 1, 18)
    assert version.frozen_by == personas.editor
    assert version.content["strategy"]["trends"] == "Folketallet går ned."
    assert set(version.content["documents"]) == {"nb", "nn"}
    files = {file.name: file for file in version.files.all()}
    assert set(files) == {"nb.odt", "nn.odt"}
    for file in files.values():
        assert file.sha256 == hashlib.sha256(bytes(file.data)).hexdigest() and file.intact
        assert file.size == len(bytes(file.data))
    assert "Vedteken av kommunestyret 18.01.2024" in odt_text(bytes(files["nn.odt"].data))
    assert pdf_renders == []
    with pytest.raises(ValueError, match="never changed"):
        version.save()


def test_the_first_pdf_download_is_made_from_the_frozen_content_and_kept(
    client, strategy, personas, pdf_renders
):
    from samplan.core import freshness

    adopt(strategy, personas.editor)
    strategy.refresh_from_db()
    version = strategy.version_in_force
    public_pdf = reverse("strategy:public_document", args=[KNR, 2023, "pdf"])

    first = client.get(public_pdf)

    assert first.status_code == 200 and len(pdf_renders) == 1
    stored = version.files.get(name="nb.pdf")
    assert bytes(stored.data) == first.content and stored.intact
    assert (stored.size, stored.media_type) == (len(first.content), "application/pdf")
    assert (
        "Vedtatt av kommunestyret 18.01.2024"
        in PdfReader(io.BytesIO(first.content)).pages[0].extract_text()
    )
    # Later downloads (past any cache, in every view) serve the stored bytes, made no more.
    freshness.clear()
    client.force_login(personas.editor)
    for path in (
        public_pdf,
        url("export", file_format="pdf"),
        url("version_document", number=1, file_format="pdf"),
    ):
        response = client.get(path)
        assert response.status_code == 200 and response.content == first.content, path
    assert len(pdf_renders) == 1
    assert not version.files.filter(name="nn.pdf").exists()  # Nynorsk not asked for yet


def test_a_new_adoption_leaves_the_earlier_versions_stored_pdf_as_it_was(
    strategy, personas, pdf_renders
):
    from samplan.strategy.documents import adopted_file

    adopted = adopt(strategy, personas.editor)
    version_1 = adopted.version_in_force
    pdf_1, _media_type = adopted_file(version_1, "pdf", "nn")
    stored_1 = {file.name: file.sha256 for file in version_1.files.all()}
    assert set(stored_1) == {"nb.odt", "nn.odt", "nn.pdf"}

    adopted = services.strategy_start_revision(strategy=adopted, reason="Ny kommuneplan")
    adopted.trends = "Skrevet etter vedtaket."
    adopted.status = "offentlig_ettersyn"
    adopted.public_from = datetime.date(2024, 1, 20)
    adopted.council_meeting = datetime.date(2024, 3, 1)
    services.strategy_save(strategy=adopted)
    with time_machine.travel(datetime.datetime(2024, 3, 2, 12, 0), tick=False):
        adopted.status = "vedtatt"
        adopted.adopted_on = datetime.date(2024, 3, 1)
        services.strategy_save(strategy=adopted)
        pdf_2, _media_type = adopted_file(adopted.version_in_force, "pdf", "nn")

    assert adopted.version_in_force.number == 2 and pdf_2 != pdf_1
    assert {file.name: file.sha256 for file in version_1.files.all()} == stored_1
    assert adopted_file(version_1, "pdf", "nn")[0] == pdf_1
    assert len(pdf_renders) == 2


def test_the_frozen_content_renders_the_same_document_again(adopted):
    from samplan.documents.content import document_data, document_from_data

    data = adopted.version_in_force.content["documents"]["nb"]

    assert document_data(document_from_data(data)) == data


def test_every_service_refuses_to_change_an_adopted_strategy(adopted, personas):
    body = adopted.bodies.first()
    priority = adopted.priorities.get()
    before = state()
    attempts = {
        "text": lambda: services.strategy_save(strategy=_with(adopted, trends="Ny tekst")),
        "status": lambda: services.strategy_save(strategy=_with(adopted, status="utkast")),
        "body": lambda: services.body_save(body=_with(body, answer="Nytt svar")),
        "new body": lambda: services.body_save(
            body=ConsultationBody(strategy=adopted, name="Ny", kind="annet")
        ),
        "priority": lambda: services.priority_save(priority=_with(priority, title="Endret")),
        "remove": lambda: services.item_delete(item=body),
        "mark": lambda: services.mark_toggle(priority=priority, user=personas.reader),
    }
    for name, attempt in attempts.items():
        with pytest.raises(freeze.Frozen) as refused:
            attempt()
        assert "Planstrategien 2023–2027 er vedtatt" in refused.value.messages[0], name
    assert state() == before


def _with(instance, **changes):
    for field, value in changes.items():
        setattr(instance, field, value)
    return instance


def test_the_clean_up_decisions_of_the_adopted_period_are_frozen_too(adopted, personas):
    decided = DecisionFactory(plan=PlanFactory(title="Næringsplan"), decision="revidere")
    PlanFactory(title="Gammel plan", adopted_year=2010)
    before = state()

    attempts = [
        lambda: plan_services.decision_save(decision=_with(decided, decision="oppheve")),
        lambda: plan_services.decision_save(
            decision=CleanupDecision(
                municipality=personas.municipality,
                period_start=2023,
                decision="ny_plan",
                new_plan_title="Klimaplan",
            )
        ),
        lambda: cleanup.accept_suggestions(
            municipality=personas.municipality, period_start=2023, repeals=set()
        ),
        lambda: plan_services.plan_delete(plan=decided.plan),
    ]
    for attempt in attempts:
        with pytest.raises(freeze.Frozen, match="Vurderingen av planbehov 2023–2027"):
            attempt()
    assert state() == before
    # The next period is not frozen.
    next_period = CleanupDecision(
        municipality=personas.municipality,
        period_start=2027,
        plan=decided.plan,
        decision="videreføre",
    )
    assert plan_services.decision_save(decision=next_period).pk


def test_views_refuse_to_edit_an_adopted_strategy_and_say_why(client, adopted, personas):
    client.force_login(personas.editor)
    before = state()
    requests = [
        ("get", url("status"), {}),
        ("post", url("section", key="trends"), {"text": "Ny tekst"}),
        ("post", url("body_add"), {"kind": "annet", "name": "Ny"}),
        ("post", url("priority_add"), {"title": "Ny"}),
        ("post", url("priority_delete", pk=adopted.priorities.get().pk), {}),
    ]
    for method, target, data in requests:
        response = getattr(client, method)(target, data)
        assert response.status_code == 302 and response.url == adopted.get_absolute_url()
        assert any(FROZEN in str(m) for m in get_messages(response.wsgi_request)), target
    page = client.get(adopted.get_absolute_url()).content.decode()
    assert url("section", key="trends") not in page and url("revision_start") in page
    assert state() == before


def test_importing_the_register_or_reloading_the_example_changes_no_adopted_version(
    adopted, personas
):
    plan = PlanFactory(title="Kulturplan", pages=10)
    DecisionFactory(plan=plan, decision="videreføre")
    rows = plan_exports.export_rows(Plan.objects.for_municipality(personas.municipality))
    rows[0][10] = 12  # pages; matched on title and type
    before = state()
    stored = {file.name: file.sha256 for file in adopted.version_in_force.files.all()}

    report = plan_services.plans_import(
        municipality=personas.municipality,
        filename="register.csv",
        data=tabular.write_csv(rows),
    )
    assert example_strategy_create(personas.municipality) == 0

    assert report.ok and Plan.objects.get(pk=plan.pk).pages == 12
    assert state() == before
    adopted.refresh_from_db()
    assert {f.name: f.sha256 for f in adopted.version_in_force.files.all()} == stored


def test_the_status_form_only_goes_forward(strategy):
    strategy.status = "offentlig_ettersyn"
    strategy.public_from = datetime.date(2024, 1, 2)
    strategy.council_meeting = datetime.date(2024, 3, 1)
    services.strategy_save(strategy=strategy)

    choices = [value for value, _label in StatusForm(instance=strategy).fields["status"].choices]
    strategy.status = "utkast"

    assert choices == ["offentlig_ettersyn", "vedtatt"]
    with pytest.raises(ValidationError, match="Gå tilbake en status"):
        services.strategy_save(strategy=strategy)


def test_going_back_a_status_asks_for_a_reason_and_keeps_it_in_the_history(
    client, adopted, personas
):
    client.force_login(personas.editor)
    before = state()

    page = client.get(url("status_back"))
    refused = client.post(url("status_back"), {"reason": "  "})

    assert page.status_code == 200
    assert "Gå tilbake til «Offentlig ettersyn»" in page.content.decode()
    assert refused.status_code == 400 and state() == before

    done = client.post(url("status_back"), {"reason": "Vedtaket ble registrert ved en feil"})

    assert done.status_code == 302
    adopted.refresh_from_db()
    assert (adopted.status, adopted.adopted_on, adopted.version_in_force) == (
        "offentlig_ettersyn",
        None,
        None,
    )
    assert adopted.history.first().history_change_reason == "Vedtaket ble registrert ved en feil"
    assert len(freeze.versions(adopted)) == 1  # kept as a record, no longer in force
    assert not ItemDecision.objects.filter(item_key="planning_strategy.adopted").exists()
    detail = client.get(adopted.get_absolute_url()).content.decode()
    assert "Begrunnelse: Vedtaket ble registrert ved en feil" in detail
    public = client.get(reverse("strategy:public", args=[KNR, 2023])).content.decode()
    assert "Den vedtatte planstrategien" not in public


def test_a_revision_is_a_new_draft_and_the_adopted_version_stays_in_force(
    client, adopted, personas
):
    client.force_login(personas.editor)
    public_odt = reverse("strategy:public_document", args=[KNR, 2023, "odt"])
    proposal_odt = reverse("strategy:public_proposal", args=[KNR, 2023, "odt"])
    adopted_odt = client.get(public_odt).content
    version_1 = adopted.version_in_force

    assert client.post(url("revision_start"), {"reason": ""}).status_code == 400
    started = client.post(url("revision_start"), {"reason": "Ny kommuneplan"})

    assert started.status_code == 302
    adopted.refresh_from_db()
    assert (adopted.status, adopted.revision, adopted.public_from, adopted.adopted_on) == (
        "utkast",
        1,
        None,
        None,
    )
    assert adopted.version_in_force == version_1
    assert adopted.history.first().history_change_reason == "Endring 1 startet: Ny kommuneplan"
    # The revision is written and its clean-up decided; the public files do not change.
    client.post(url("section", key="trends"), {"text": "Skrevet etter vedtaket."})
    plan_services.decision_save(
        decision=CleanupDecision(
            municipality=personas.municipality,
            period_start=2023,
            plan=PlanFactory(title="Ny vurdering"),
            decision="oppheve",
        )
    )
    assert client.get(public_odt).content == adopted_odt
    assert "Skrevet etter vedtaket" not in odt_text(client.get(public_odt).content)
    assert client.get(proposal_odt).status_code == 404  # not on public display yet

    adopted.refresh_from_db()
    adopted.status = "offentlig_ettersyn"
    adopted.public_from = datetime.date(2024, 1, 20)
    adopted.council_meeting = datetime.date(2024, 3, 1)
    services.strategy_save(strategy=adopted)
    assert "Skrevet etter vedtaket" in odt_text(client.get(proposal_odt).content)
    assert client.get(public_odt).content == adopted_odt

    with time_machine.travel(datetime.datetime(2024, 3, 2, 12, 0), tick=False):
        adopted.status = "vedtatt"
        adopted.adopted_on = datetime.date(2024, 3, 1)
        services.strategy_save(strategy=adopted)
        revised = client.get(public_odt).content

    versions = freeze.versions(adopted)
    assert [version.number for version in versions] == [1, 2]
    assert adopted.version_in_force == versions[1]
    assert "Skrevet etter vedtaket" in odt_text(revised)
    assert {file.name: file.sha256 for file in versions[0].files.all()} == {
        file.name: file.sha256 for file in version_1.files.all()
    }
    # plantakt keeps the first adoption's date.
    assert ItemDecision.objects.get(item_key="planning_strategy.adopted").decided_on == (
        datetime.date(2024, 1, 18)
    )


def test_an_adopted_version_without_a_stored_pdf_is_made_from_its_frozen_content(
    client, adopted, monkeypatch
):
    monkeypatch.undo()  # PDF available again when it is asked for
    response = client.get(reverse("strategy:public_document", args=[KNR, 2023, "pdf"]))

    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Vedtatt av kommunestyret 18.01.2024" in text and "Folketallet går ned." in text


def test_a_pdf_that_cannot_be_made_is_not_available_and_nothing_is_stored(adopted):
    from samplan.documents.pdf import PdfUnavailable
    from samplan.strategy.documents import adopted_file

    with pytest.raises(PdfUnavailable):
        adopted_file(adopted.version_in_force, "pdf", "nb")

    assert set(adopted.version_in_force.files.values_list("name", flat=True)) == {
        "nb.odt",
        "nn.odt",
    }


def test_a_stored_file_that_no_longer_matches_its_checksum_is_made_again_and_left_as_it_is(
    adopted,
):
    from samplan.core.models import FrozenFile
    from samplan.strategy.documents import adopted_file

    version = adopted.version_in_force
    stored = version.files.get(name="nb.odt")
    FrozenFile.objects.filter(pk=stored.pk).update(data=b"tampered")  # behind Samplan's back

    data, media_type = adopted_file(version, "odt", "nb")

    assert media_type == "application/vnd.oasis.opendocument.text"
    assert "Folketallet går ned." in odt_text(data)
    kept = version.files.get(name="nb.odt")
    assert (bytes(kept.data), kept.sha256) == (b"tampered", stored.sha256)


def test_downloads_of_the_adopted_version_serve_its_stored_file_without_rendering(
    client, adopted, personas, monkeypatch
):
    from samplan.core import freshness
    from samplan.documents import odt

    def rendered(document):
        raise AssertionError("an adopted version's stored file is served, not made again")

    monkeypatch.setattr(odt, "render", rendered)
    freshness.clear()
    stored = bytes(adopted.version_in_force.files.get(name="nb.odt").data)
    client.force_login(personas.editor)

    for path in (
        url("export", file_format="odt"),
        url("version_document", number=1, file_format="odt"),
        reverse("strategy:public_document", args=[KNR, 2023, "odt"]),
    ):
        response = client.get(path)
        assert response.status_code == 200 and response.content == stored, path
