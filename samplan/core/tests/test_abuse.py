"""Random and hostile input to the forms of the plan register, the planning strategy, plantakt
(own items, decision dates, the period, the calendar feed), the challenge picture and the public
participation forms (submissions, the youth variant, attachments, private links), and random
or hostile files to the plan importer: never a server error, and either the whole change is saved
(redirect) or nothing is (400, or 404 for an address that does not exist)."""

from __future__ import annotations

import datetime
import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from samplan.plans.models import CleanupDecision, Plan
from samplan.plans.tests.factories import PlanFactory
from samplan.plantakt import services as plantakt_services
from samplan.plantakt.models import CalendarFeed, ItemDecision, MunicipalityPeriod, OwnItem
from samplan.stats.models import Series, Statement
from samplan.strategy import services as strategy_services
from samplan.strategy.models import ConsultationBody, Priority, Strategy
from tests.snapshot import example_data

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "\x00",
            "<script>alert(1)</script>",
            "'; DROP TABLE plans_plan; --",
            '=HYPERLINK("http://x")',
            "áŋšŧžčđ æøå ÆØÅ",
            "x" * 25000,
            "2024-02-30",
            "31.12.9999",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
        ]
    ),
)

FORMS = {
    "plans:create": [
        "title",
        "plan_type",
        "status",
        "adopted_year",
        "adopted_date",
        "revision_interval_years",
        "next_revision_override",
        "pages",
        "link",
        "themes_text",
        "sdgs",
        "parent",
    ],
    "strategy:status": [
        "status",
        "constituted_on",
        "public_from",
        "council_meeting",
        "adopted_on",
        "master_plan_decision",
        "master_plan_parts",
        "shared_with_members",
    ],
    "strategy:section": ["text"],
    "strategy:body_add": ["kind", "neighbour", "name", "asked_on", "answered_on", "answer"],
    "strategy:priority_add": ["title", "description"],
    "plans:new_plan_decision": [
        "new_plan_title",
        "new_plan_type",
        "target_year",
        "rationale",
        "responsible",
        "periode",
    ],
    "plantakt:item_new": ["title", "date", "description", "done_on", "periode"],
    "plantakt:item_edit": ["title", "date", "description", "done_on", "periode"],
    "plantakt:complete": ["decided_on", "reopen", "periode"],
    "plantakt:period": ["constituted_on", "revise_master_plan", "periode"],
    "stats:statement_edit": ["text", "selected"],
    "plans:edit": [
        "title",
        "plan_type",
        "status",
        "adopted_year",
        "pages",
        "link",
        "themes_text",
        "sdgs",
        "parent",
    ],
    "plans:decision_edit": [
        "decision",
        "target_year",
        "merge_into",
        "rationale",
        "responsible",
        "periode",
    ],
}


def state() -> tuple:
    return (
        sorted(Plan.objects.values_list("pk", "title", "status", "pages", "adopted_year")),
        sorted(CleanupDecision.objects.values_list("pk", "decision", "new_plan_title")),
        sorted(Strategy.objects.values_list("pk", "status", "trends", "public_from", "adopted_on")),
        sorted(ConsultationBody.objects.values_list("pk", "name", "asked_on", "answered_on")),
        sorted(Priority.objects.values_list("pk", "title")),
        Plan.history.count(),
        Strategy.history.count(),
        sorted(OwnItem.objects.values_list("pk", "title", "date", "done_on", "description")),
        sorted(ItemDecision.objects.values_list("pk", "item_key", "decided_on")),
        sorted(
            MunicipalityPeriod.objects.values_list("pk", "constituted_on", "revise_master_plan")
        ),
        sorted(CalendarFeed.objects.values_list("pk", "token_hash")),
        sorted(Statement.objects.values_list("pk", "key", "text", "selected")),
        OwnItem.history.count(),
        ItemDecision.history.count(),
        Statement.history.count(),
    )


def target(name: str) -> str:
    kwargs: dict[str, object] = {"knr": "5033"}
    if name.startswith("strategy:"):
        kwargs["period"] = 2023
    if name == "strategy:section":
        kwargs["key"] = "trends"
    if name == "plantakt:item_edit":
        kwargs["pk"] = OwnItem.objects.get(title="Eksisterende punkt").pk
    if name == "plantakt:complete":
        kwargs["key"] = "planning_strategy.adopted"
    if name == "stats:statement_edit":
        kwargs["key"] = "population_change"
    if name in ("plans:edit", "plans:decision_edit"):
        kwargs["pk"] = Plan.objects.get(title="Eksisterende plan").pk
    return reverse(name, kwargs=kwargs)


def _existing_data(personas: object) -> None:
    """What the forms edit: a strategy, a plan, an own item and SSB's figures (created once; the
    database is shared by the examples of one test)."""
    strategy_services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    if not Plan.objects.exists():
        PlanFactory(title="Eksisterende plan")
    if not OwnItem.objects.exists():
        OwnItem.objects.create(
            municipality=personas.municipality,
            election_year=2023,
            title="Eksisterende punkt",
            date=datetime.date(2025, 3, 1),
        )
    if not Series.objects.exists():
        example_data("ssb")


@pytest.mark.parametrize("name", sorted(FORMS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
@pytest.mark.example_data("ssb")
def test_hostile_posts_never_give_a_server_error_or_a_partial_write(client, personas, name, data):
    _existing_data(personas)
    client.force_login(personas.editor)
    fields = FORMS[name]
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True), label="fields")
    post = {field: data.draw(HOSTILE_TEXT, label=field) for field in chosen}
    before = state()

    response = client.post(target(name), post)

    assert response.status_code in (302, 400, 404), response.status_code
    if response.status_code != 302:
        assert state() == before


SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(action=HOSTILE_TEXT)
def test_hostile_feed_actions_never_give_a_server_error(client, personas, action):
    """Any action but "revoke" regenerates the address (200 with the new one); revoke redirects."""
    client.force_login(personas.editor)

    response = client.post(reverse("plantakt:feed", args=["5033"]), {"action": action})

    assert response.status_code == (302 if action == "revoke" else 200)
    assert CalendarFeed.objects.filter(municipality=personas.municipality).exists() == (
        action != "revoke"
    )


TOKENS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/?#%"),
    min_size=1,
    max_size=200,
)


@SETTINGS
@given(token=TOKENS)
def test_a_guessed_feed_token_gets_404(client, personas, token):
    if not CalendarFeed.objects.exists():
        plantakt_services.feed_regenerate(municipality=personas.municipality)

    response = client.get(f"/kommune/5033/plantakt/abonnement/{quote(token)}.ics")

    assert response.status_code == 404


def _xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


HEADERS = ["id", "tittel", "plantype", "status", "vedtatt", "sider", "overordnet_plan"]
HOSTILE_ROWS = st.lists(
    st.lists(HOSTILE_TEXT, min_size=0, max_size=len(HEADERS) + 2), min_size=0, max_size=6
)


@st.composite
def hostile_files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["bytes", "csv", "xlsx", "zip"]))
    if kind == "bytes":
        name = draw(st.sampled_from(["r.csv", "r.xlsx", "r.ods", "r.txt", "r", "r.CSV"]))
        return name, draw(st.binary(max_size=3000))
    header = draw(st.one_of(st.just(HEADERS), st.lists(HOSTILE_TEXT, max_size=8)))
    rows = [header, *draw(HOSTILE_ROWS)]
    if kind == "csv":
        separator = draw(st.sampled_from([";", ",", "\t"]))
        text = "\n".join(separator.join(row) for row in rows)
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
        return "r.csv", text.encode(encoding, errors="replace")
    if kind == "xlsx":
        return "r.xlsx", _xlsx(rows)
    # An archive that is not a spreadsheet, named as one.
    members = {draw(st.sampled_from(["content.xml", "xl/workbook.xml", "a"])): draw(st.binary())}
    return draw(st.sampled_from(["r.xlsx", "r.ods"])), _zip(members)


@SETTINGS
@given(upload=hostile_files())
@pytest.mark.example_data("ssb")
def test_hostile_import_files_never_give_a_server_error_or_a_partial_write(
    client, personas, upload
):
    _existing_data(personas)
    client.force_login(personas.editor)
    name, content = upload
    before = state()

    response = client.post(
        reverse("plans:import", args=["5033"]),
        {"file": SimpleUploadedFile(name, content, "application/octet-stream")},
    )

    assert response.status_code in (200, 400), response.status_code  # a preview or errors
    assert state() == before


# The organisation's and the account's own forms (administrators, any member) ----------------

ORGANISATION_FORMS = {
    "municipalities:member_add": ["email", "name", "role"],
    "municipalities:member_edit": ["role", "remove"],
    "municipalities:network_edit": ["municipalities"],
    "accounts:profile": ["name", "language"],
}


def organisation_state() -> tuple:
    from samplan.accounts.models import User
    from samplan.municipalities.models import Membership, Organisation

    return (
        sorted(Membership.objects.values_list("pk", "user_id", "organisation_id", "role")),
        sorted(User.objects.values_list("pk", "email", "name", "language")),
        sorted(Organisation.municipalities.through.objects.values_list("pk", flat=True)),
        Membership.history.count(),
    )


@pytest.mark.parametrize("name", sorted(ORGANISATION_FORMS))
@SETTINGS
@given(data=st.data())
def test_hostile_organisation_and_account_posts_never_give_a_server_error_or_a_partial_write(
    client, personas, name, data
):
    from samplan.municipalities.models import Membership, Role

    county_admin = personas.adviser
    Membership.objects.filter(user=county_admin).update(role=Role.ADMIN)
    organisation = personas.county_org if name.endswith("network_edit") else personas.workspace
    client.force_login(county_admin if organisation == personas.county_org else personas.admin)
    kwargs: dict[str, object] = {}
    if name.startswith("municipalities:"):
        kwargs["slug"] = organisation.slug
    if name.endswith("member_edit"):
        # (the database is shared by the examples of one test: an earlier one may have removed it)
        kwargs["member_id"] = Membership.objects.get_or_create(
            user=personas.reader, organisation=personas.workspace, defaults={"role": Role.READER}
        )[0].pk
    fields = ORGANISATION_FORMS[name]
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True), label="fields")
    post = {field: data.draw(HOSTILE_TEXT, label=field) for field in chosen}
    before = organisation_state()

    response = client.post(reverse(name, kwargs=kwargs), post)

    assert response.status_code in (200, 302, 400, 404), response.status_code
    if response.status_code != 302:
        assert organisation_state() == before


# The public participation forms (no log-in) -------------------------------------------------


def _open_consultation(personas: object) -> object:
    """An open consultation with a question of each kind (made once per test)."""
    from django.utils import timezone

    from samplan.participation import services as participation_services
    from samplan.participation.models import Consultation, Question

    found = Consultation.objects.filter(title="Åpen høring").first()
    if found is not None:
        return found
    consultation = participation_services.consultation_save(
        consultation=Consultation(
            municipality=personas.municipality,
            title="Åpen høring",
            kind="innspillsrunde",
            subject="annet",
            summary="Hva mener du?",
            opens_on=timezone.localdate() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=20),
            status="publisert",
            youth_variant=True,
        )
    )
    for kind, options in (("valg", "A\nB"), ("rangering", "A\nB"), ("sted", ""), ("tekst", "")):
        participation_services.question_add(
            question=Question(consultation=consultation, kind=kind, text=kind, options=options)
        )
    return consultation


def participation_state() -> tuple:
    from samplan.participation.models import Answer, Attachment, Submission

    return (
        sorted(Submission.objects.values_list("pk", "text", "name", "email", "moderation")),
        sorted(Answer.objects.values_list("submission_id", "question_id", "value")),
        Attachment.objects.count(),
        Submission.history.count(),
    )


# Fewer examples: each public post runs the whole form, the limits and the service.
PUBLIC_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PUBLIC_FIELDS = ["text", "place", "anonymous", "name", "email", "organisation", "age_band"]


@PUBLIC_SETTINGS
@given(data=st.data(), youth=st.booleans())
def test_hostile_public_submissions_never_give_a_server_error_or_a_partial_write(
    client, personas, settings, data, youth
):
    from samplan.participation.forms import form_token
    from samplan.participation.models import Submission

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submission": (10_000, 60)}
    consultation = _open_consultation(personas)
    questions = [f"q_{q.pk}" for q in consultation.questions.all()]
    ranking = [
        f"q_{q.pk}_{i}" for q in consultation.questions.filter(kind="rangering") for i in (0, 1)
    ]
    fields = PUBLIC_FIELDS + questions + ranking + ["steg", "neste", "nettside"]
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True), label="fields")
    post = {field: data.draw(HOSTILE_TEXT, label=field) for field in chosen}
    post |= {"skjema": form_token(seconds_ago=30), "consent": "on"}
    before = participation_state()
    count = Submission.objects.count()

    path = "participation:youth" if youth else "participation:public"
    response = client.post(reverse(path, args=["5033", consultation.pk]), post)

    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 302:
        assert Submission.objects.count() == count + 1
        newest = Submission.objects.order_by("-pk").first()
        assert "<" not in newest.text or ">" not in newest.text  # no HTML tag kept
    else:
        assert participation_state() == before


@st.composite
def hostile_uploads(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(["innspill.pdf", "kart.png", "bilde.jpg", "a.exe", "x", "ø.PDF"]))
    head = draw(st.sampled_from([b"%PDF-1.4", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"MZ", b""]))
    return name, head + draw(st.binary(max_size=300))


@PUBLIC_SETTINGS
@given(upload=hostile_uploads())
def test_hostile_attachments_are_stored_only_when_their_content_is_what_their_name_says(
    client, personas, settings, tmp_path, upload
):
    from samplan.participation import rules
    from samplan.participation.forms import form_token
    from samplan.participation.models import Attachment

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submission": (10_000, 60)}
    settings.MEDIA_ROOT = tmp_path
    consultation = _open_consultation(personas)
    name, content = upload
    count = Attachment.objects.count()

    response = client.post(
        reverse("participation:public", args=["5033", consultation.pk]),
        {
            "text": "Se vedlegg",
            "anonymous": "on",
            "consent": "on",
            "skjema": form_token(seconds_ago=30),
            "files": [SimpleUploadedFile(name, content)],
        },
    )

    acceptable = rules.file_error(name, content[:16], len(content), 10_000_000)[0] == ""
    assert response.status_code == (302 if acceptable else 400)
    assert Attachment.objects.count() == count + (1 if acceptable else 0)


@SETTINGS
@given(token=TOKENS)
def test_a_guessed_private_link_gets_404(client, personas, token):
    response = client.get(f"/delta/5033/innspill/{quote(token)}/")

    assert response.status_code == 404
