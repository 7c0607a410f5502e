"""The workbench as the planner, the elected members and the public use it."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from samplan.core.audit import history_entries
from samplan.core.testing import form_fields, saved_then_refused
from samplan.core.versioning import StaleEdit
from samplan.municipalities.models import Role
from samplan.municipalities.testing import make_member
from samplan.strategy import services
from samplan.strategy.models import ConsultationBody, Priority, PriorityVote, Strategy
from samplan.strategy.sections import text_digest

pytestmark = pytest.mark.django_db
KNR = "5033"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def strategy(personas) -> Strategy:
    return services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)


def url(name: str, **kwargs: object) -> str:
    if name not in ("index", "start"):
        kwargs.setdefault("period", 2023)
    return reverse(f"strategy:{name}", kwargs={"knr": KNR, **kwargs})


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def state() -> tuple:
    return (
        sorted(Strategy.objects.values_list("pk", "status", "trends", "public_from", "adopted_on")),
        sorted(ConsultationBody.objects.values_list("pk", "name", "asked_on")),
        sorted(Priority.objects.values_list("pk", "title")),
        sorted(PriorityVote.objects.values_list("priority_id", "user_id")),
        Strategy.history.count(),
    )


def test_index_invites_the_editor_to_start_and_start_creates_with_the_bodies(client, personas):
    client.force_login(personas.editor)
    page = client.get(url("index"))
    assert page.status_code == 200 and "2023–2027" in page.content.decode()

    response = client.post(url("start"), {"periode": "2023"})

    strategy = Strategy.objects.get(municipality_id=KNR, period_start=2023)
    assert response.status_code == 302 and response.url == strategy.get_absolute_url()
    assert sorted(strategy.bodies.values_list("name", "kind")) == [
        ("Statsforvalteren i Trøndelag", "statsforvalter"),
        ("Trøndelag fylkeskommune", "fylkeskommune"),
    ]
    assert client.get(url("index")).url == strategy.get_absolute_url()


@pytest.mark.parametrize("period", ["2024", "x", ""])
def test_start_refuses_a_year_that_is_not_an_election_year(client, personas, period):
    client.force_login(personas.editor)
    response = client.post(url("start"), {"periode": period})
    assert response.status_code == 302 and not Strategy.objects.exists()
    assert flash(response) == ["Velg en valgperiode, f.eks. 2023–2027."]


def test_section_shows_the_law_and_the_example_and_saves_with_history(client, personas, strategy):
    client.force_login(personas.editor)
    page = client.get(url("section", key="trends")).content.decode()
    assert "folkehelseoversikt" in page.lower()

    example = client.post(url("section", key="trends"), {"bruk_eksempel": "1", "text": ""})
    assert example.status_code == 200
    assert "Folketallet" in example.content.decode()
    strategy.refresh_from_db()
    assert strategy.trends == ""  # the example is only put in the box, not saved

    response = client.post(url("section", key="trends"), {"text": "Færre unge. Flere eldre."})

    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.trends == "Færre unge. Flere eldre."
    record = strategy.history.first()
    assert record.history_user == personas.editor


def test_unknown_section_is_404(client, personas, strategy):
    client.force_login(personas.editor)
    assert client.get(url("section", key="secret_field")).status_code == 404


def test_status_with_a_rule_broken_saves_and_warns(client, personas, strategy):
    client.force_login(personas.editor)
    response = client.post(
        url("status"),
        {
            "status": "offentlig_ettersyn",
            "constituted_on": "2023-10-19",
            "public_from": "2024-06-01",
            "council_meeting": "2024-06-20",
        },
    )
    assert response.status_code == 302
    assert any("minst 30 dager" in message for message in flash(response))
    page = client.get(url("detail")).content.decode()
    assert "minst 30 dager" in page and "21.05.2024" in page


def test_adopting_without_the_master_plan_decision_is_refused_and_saves_nothing(
    client, personas, strategy
):
    client.force_login(personas.editor)
    before = state()
    response = client.post(
        url("status"),
        {
            "status": "vedtatt",
            "public_from": "2024-05-01",
            "council_meeting": "2024-06-20",
            "adopted_on": "2024-06-20",
        },
    )
    assert response.status_code == 400
    assert "kommuneplanen" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(
    "data",
    [
        {"status": "utkast", "constituted_on": "2023-11-15"},
        {"status": "utkast", "constituted_on": "31.02.2024"},
        {"status": "vedtatt"},
        {"status": "hacked"},
        {"status": "offentlig_ettersyn"},
    ],
)
def test_bad_status_input_is_400_and_saves_nothing(client, personas, strategy, data):
    client.force_login(personas.editor)
    before = state()
    assert client.post(url("status"), data).status_code == 400
    assert state() == before


def test_bodies_can_be_added_from_the_municipality_list_answered_and_removed(
    client, personas, strategy
):
    client.force_login(personas.editor)
    response = client.post(
        url("body_add"), {"kind": "nabokommune", "neighbour": "5026", "asked_on": "2024-03-01"}
    )
    assert response.status_code == 302
    body = strategy.bodies.get(kind="nabokommune")
    assert body.name == "Holtålen"

    client.post(
        url("body_edit", pk=body.pk),
        {
            "kind": "nabokommune",
            "neighbour": "5026",
            "name": "Holtålen",
            "asked_on": "2024-03-01",
            "answered_on": "2024-02-01",
        },
    )
    body.refresh_from_db()
    assert body.answered_on is None  # an answer before the question is refused

    assert client.post(url("body_delete", pk=body.pk)).status_code == 302
    assert not strategy.bodies.filter(pk=body.pk).exists()
    assert ConsultationBody.history.filter(id=body.pk, history_type="-").exists()


def test_a_municipality_is_not_its_own_neighbour(client, personas, strategy):
    client.force_login(personas.editor)
    response = client.post(url("body_add"), {"kind": "nabokommune", "neighbour": KNR})
    assert response.status_code == 400
    assert strategy.bodies.count() == 2


def test_body_of_another_strategy_is_404(client, personas, strategy):
    other = services.strategy_get_or_create(
        municipality=personas.other_municipality, period_start=2023
    )
    client.force_login(personas.editor)
    body = other.bodies.first()
    assert client.get(url("body_edit", pk=body.pk)).status_code == 404
    assert client.post(url("body_delete", pk=body.pk)).status_code == 404
    assert other.bodies.filter(pk=body.pk).exists()


# The CSRF token of a form on the workbench (a body's "Remove"), and any token of the page.
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANY_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def test_the_cached_workbench_shows_a_change_at_once_with_the_requests_own_token(
    personas, strategy
):
    """The workbench is cached as markup (views.detail, pages.cached_content) per version of the
    municipality's data and edit right: each request's forms carry a token that request's
    session accepts, a body removed is gone on the next request, and a reader never gets the
    editor's links and forms that an editor's request cached."""
    from django.test import Client

    editor = Client(enforce_csrf_checks=True)
    editor.force_login(personas.editor)
    first = editor.get(url("detail")).content.decode()
    cached = editor.get(url("detail")).content.decode()  # from the cache
    assert ANY_TOKEN.sub(r"\1", cached) == ANY_TOKEN.sub(r"\1", first)
    tokens = FORM_TOKEN.findall(cached.split('id="main"')[1])
    assert len(tokens) == 2 and "samplan-csrf" not in cached  # the two bodies' forms
    body = strategy.bodies.order_by("name").first()
    assert f"<td>{body.name}</td>" in cached
    response = editor.post(url("body_delete", pk=body.pk), {"csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302 and not ConsultationBody.objects.filter(pk=body.pk).exists()
    after = editor.get(url("detail")).content.decode()
    assert (
        f"<td>{body.name}</td>" not in after
        and len(FORM_TOKEN.findall(after.split('id="main"')[1])) == 1
    )
    reader = Client()
    reader.force_login(personas.reader)
    read = reader.get(url("detail")).content.decode()
    assert url("body_add") not in read and url("status") not in read
    assert "/slett/" not in read and not FORM_TOKEN.search(read.split('id="main"')[1])
    assert "Kapitlene i planstrategien" in read


def test_the_cached_workbench_is_in_the_pages_language(client, personas, strategy):
    """Cached per language: bokmål, nynorsk and bokmål again, each in its own words."""
    from django.conf import settings

    client.force_login(personas.editor)
    words = {"nb": "Kapitlene i planstrategien", "nn": "Kapitla i planstrategien"}
    for language, other in [("nb", "nn"), ("nn", "nb"), ("nb", "nn")]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(url("detail")).content.decode()
        assert words[language] in page and words[other] not in page


@pytest.mark.parametrize("name", ["status", "section", "body_add", "priority_add"])
def test_reader_and_adviser_cannot_change_the_strategy(client, personas, strategy, name):
    kwargs = {"key": "trends"} if name == "section" else {}
    for user in (personas.reader, personas.adviser):
        client.force_login(user)
        before = state()
        assert client.get(url(name, **kwargs)).status_code == 403
        assert client.post(url(name, **kwargs), {"text": "x", "title": "x"}).status_code == 403
        assert state() == before


@pytest.fixture
def priorities(strategy) -> list[Priority]:
    return [
        services.priority_save(priority=Priority(strategy=strategy, title=f"Prioritet {n}"))
        for n in range(1, 8)
    ]


def test_members_page_is_hidden_from_readers_until_it_is_shared(
    client, personas, strategy, priorities
):
    client.force_login(personas.reader)
    assert client.get(url("members")).status_code == 404
    strategy.shared_with_members = True
    strategy.save()
    page = client.get(url("members"))
    assert page.status_code == 200 and "Prioritet 1" in page.content.decode()


def test_an_elected_member_marks_at_most_five_and_the_planner_sees_the_tally(
    client, personas, strategy, priorities
):
    strategy.shared_with_members = True
    strategy.save()
    second_member = make_member(personas.workspace, "politiker2@tydal.test", Role.READER)
    client.force_login(personas.reader)
    for priority in priorities[:5]:
        assert client.post(url("mark", pk=priority.pk)).status_code == 302
    response = client.post(url("mark", pk=priorities[5].pk))
    assert "fem prioriteringer" in flash(response)[-1]
    assert PriorityVote.objects.filter(user=personas.reader).count() == 5

    client.post(url("mark", pk=priorities[0].pk))  # unmark
    assert PriorityVote.objects.filter(user=personas.reader).count() == 4
    client.force_login(second_member)
    client.post(url("mark", pk=priorities[1].pk))

    client.force_login(personas.editor)
    tally = client.get(url("detail")).context["priorities"]
    assert [(p.title, p.marks) for p in tally[:2]] == [("Prioritet 2", 2), ("Prioritet 3", 1)]


def test_a_county_adviser_can_read_but_not_mark(client, personas, strategy, priorities):
    strategy.shared_with_members = True
    strategy.save()
    client.force_login(personas.adviser)
    assert client.get(url("members")).status_code == 200
    response = client.post(url("mark", pk=priorities[0].pk))
    assert response.status_code == 302 and not PriorityVote.objects.exists()


def test_marks_are_not_possible_on_an_unshared_strategy(client, personas, strategy, priorities):
    client.force_login(personas.editor)  # the editor may preview, not mark
    client.post(url("mark", pk=priorities[0].pk))
    assert not PriorityVote.objects.exists()


def test_public_page_exists_only_on_public_display_or_adopted(client, personas, strategy):
    public = reverse("strategy:public", args=[KNR, 2023])
    document = reverse("strategy:public_document", args=[KNR, 2023, "odt"])
    assert client.get(public).status_code == 404
    assert client.get(document).status_code == 404

    strategy.status = "offentlig_ettersyn"
    strategy.public_from = datetime.date(2024, 5, 1)
    strategy.council_meeting = datetime.date(2024, 6, 20)
    strategy.save()

    page = client.get(public)
    assert page.status_code == 200
    text = page.content.decode()
    assert "01.05.2024" in text and "20.06.2024" in text and "offentlig ettersyn" in text.lower()
    download = client.get(document)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert client.get(reverse("strategy:public", args=["0301", 2023])).status_code == 404
    assert (
        client.get(reverse("strategy:public_document", args=[KNR, 2023, "exe"])).status_code == 404
    )


def test_dashboard_shows_the_strategy_panel(client, personas, strategy):
    client.force_login(personas.reader)
    page = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    assert "Planstrategi" in page and "19.10.2024" not in page and "31.10.2024" in page


@pytest.mark.parametrize("name", ["detail", "members", "export"])
def test_strategy_pages_make_the_same_number_of_queries_for_3_and_40_plans(
    client, personas, strategy, name
):
    from samplan.core.testing import page_queries
    from samplan.plans.models import Plan
    from samplan.plans.tests.test_views import make_register

    strategy.shared_with_members = True
    strategy.save()
    first = make_register(3)
    client.force_login(personas.editor)
    target = url(name, file_format="odt") if name == "export" else url(name)
    assert client.get(target).status_code == 200  # warm up
    small = page_queries(lambda: client.get(target))

    make_register(37, first)
    assert Plan.objects.count() == 40

    assert page_queries(lambda: client.get(target)) == small
    assert client.get(target).status_code == 200


def test_status_keeps_plantakt_in_step_and_a_refused_date_writes_nowhere(
    client, personas, strategy
):
    from samplan.plantakt.models import ItemDecision, MunicipalityPeriod

    client.force_login(personas.editor)
    response = client.post(
        url("status"),
        {
            "status": "vedtatt",
            "constituted_on": "2023-10-19",
            "public_from": "2023-12-01",
            "council_meeting": "2024-01-18",
            "adopted_on": "2024-01-18",
            "master_plan_decision": "revidere_deler",
        },
    )
    assert response.status_code == 302
    period = MunicipalityPeriod.objects.get(municipality_id=KNR, election_year=2023)
    assert period.constituted_on == datetime.date(2023, 10, 19) and period.revise_master_plan
    decided = dict(
        ItemDecision.objects.filter(municipality_id=KNR).values_list("item_key", "decided_on")
    )
    assert decided == {
        "planning_strategy.draft_public": datetime.date(2023, 12, 1),
        "planning_strategy.adopted": datetime.date(2024, 1, 18),
    }
    strategy.refresh_from_db()
    assert strategy.constitution_date == datetime.date(2023, 10, 19)

    before = (state(), list(MunicipalityPeriod.objects.values_list("constituted_on")))
    # Adopted: frozen, so the status form refuses every change and writes nowhere.
    refused = client.post(
        url("status"),
        {"status": "utkast", "constituted_on": "2023-11-15", "master_plan_decision": "videreføre"},
    )
    assert refused.status_code == 302
    assert any("kan ikke lenger endres" in message for message in flash(refused))
    assert (state(), list(MunicipalityPeriod.objects.values_list("constituted_on"))) == before


def test_an_adoption_date_in_the_future_is_refused(client, personas, strategy):
    client.force_login(personas.editor)
    before = state()
    response = client.post(
        url("status"),
        {
            "status": "vedtatt",
            "public_from": "2024-01-02",
            "adopted_on": "2024-03-01",
            "master_plan_decision": "videreføre",
        },
    )
    assert response.status_code == 400
    assert state() == before


def test_the_members_page_shows_the_workshop_date_and_the_dashboard_asks_for_input(
    client, personas, strategy, priorities
):
    strategy.shared_with_members = True
    strategy.workshop_on = datetime.date(2024, 3, 14)
    strategy.save()
    client.force_login(personas.reader)
    page = client.get(url("members")).content.decode()
    assert "Verksted: torsdag 14.3.2024." in page
    dashboard = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    assert "Folkevalgte: innspillet ditt er etterspurt." in dashboard
    assert "før verkstedet 14.3.2024" in dashboard
    assert url("members") in dashboard


def test_marking_closes_when_the_strategy_is_adopted(client, personas, strategy, priorities):
    strategy.shared_with_members = True
    strategy.save()
    client.force_login(personas.reader)
    client.post(url("mark", pk=priorities[0].pk))
    strategy.status = "vedtatt"
    strategy.adopted_on = datetime.date(2024, 1, 25)
    strategy.save()
    before = state()

    response = client.post(url("mark", pk=priorities[1].pk))

    assert "marking av prioriteringer er stengt" in flash(response)[-1]
    assert state() == before  # the marks stay as they were
    page = client.get(url("members")).content.decode()
    assert "ble vedtatt 25.1.2024" in page
    assert url("mark", pk=priorities[1].pk) not in page
    dashboard = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    assert "innspillet ditt er etterspurt" not in dashboard


@pytest.mark.parametrize("role", ["reader", "adviser"])
def test_readers_read_the_chapters_on_screen(client, personas, strategy, role):
    strategy.trends = "Folketallet går ned i alle grender."
    strategy.save()
    client.force_login(getattr(personas, role))
    page = client.get(url("read"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Folketallet går ned i alle grender." in text
    assert 'id="chapter-introduction"' in text and "Ikke skrevet ennå." in text


def test_the_public_page_says_where_how_and_by_when_to_send_a_statement(client, personas, strategy):
    from samplan.municipalities.services import workspace_set_contact

    workspace_set_contact(
        workspace=personas.workspace,
        postal_address="Tydal kommune\nPostboks 1\n7590 Tydal",
        email="postmottak@tydal.kommune.no",
    )
    strategy.status = "offentlig_ettersyn"
    strategy.public_from = datetime.date(2024, 5, 1)
    strategy.statement_deadline = datetime.date(2024, 6, 3)
    strategy.council_meeting = datetime.date(2024, 6, 20)
    strategy.save()

    text = client.get(reverse("strategy:public", args=[KNR, 2023])).content.decode()

    assert "Frist: 3.6.2024." in text
    assert 'href="mailto:postmottak@tydal.kommune.no?subject=' in text
    assert "Postboks 1<br>7590 Tydal" in text
    detail = client.get(reverse("municipalities:detail", args=[KNR])).content.decode()
    assert reverse("strategy:public", args=[KNR, 2023]) in detail
    assert "frist 3.6.2024" in detail


def test_the_statement_deadline_must_lie_between_publication_and_the_council_meeting(
    client, personas, strategy
):
    client.force_login(personas.editor)
    before = state()
    response = client.post(
        url("status"),
        {
            "status": "offentlig_ettersyn",
            "public_from": "2024-05-01",
            "council_meeting": "2024-06-20",
            "statement_deadline": "2024-06-25",
            "master_plan_decision": "videreføre",
        },
    )
    assert response.status_code == 400
    assert "før kommunestyremøtet som vedtar" in response.content.decode()
    assert state() == before


def test_the_neighbour_picker_lists_the_neighbours_first_and_names_the_county_once(
    client, personas, strategy
):
    client.force_login(personas.editor)
    form = client.get(url("body_add")).context["form"]
    groups = form.fields["neighbour"].choices
    assert groups[0][0] == ""
    neighbours_label, neighbours = groups[1]
    assert str(neighbours_label) == "Nabokommuner"
    assert [label for _pk, label in neighbours] == [
        "Holtålen (Trøndelag)",
        "Meråker (Trøndelag)",
        "Røros (Trøndelag)",
        "Selbu (Trøndelag)",
    ]
    others = dict(groups[2][1])
    assert others["3419"] == "Våler (Innlandet)" and others["3114"] == "Våler (Østfold)"
    assert "5033" not in others  # not its own neighbour


def test_the_neighbour_table_is_symmetric_and_names_only_known_municipalities(db):
    from samplan.municipalities.models import Municipality, neighbour_numbers

    numbers = set(Municipality.objects.values_list("number", flat=True))
    for number in numbers:
        for other in neighbour_numbers(number):
            assert other in numbers and number in neighbour_numbers(other)
    assert neighbour_numbers("1151") == frozenset()  # Utsira, an island


def test_starting_from_the_example_asks_before_replacing_the_planners_text(
    client, personas, strategy
):
    strategy.trends = "Vår egen tekst."
    strategy.save()
    client.force_login(personas.editor)
    section = url("section", key="trends")

    asked = client.post(section, {"bruk_eksempel": "1", "text": "Vår egen tekst, nå lengre."})

    page = asked.content.decode()
    assert "Ja, erstatt teksten min med eksempelet" in page
    assert "Vår egen tekst, nå lengre." in page  # still in the box
    assert 'name="bekreft"' in page
    replaced = client.post(section, {"bruk_eksempel": "1", "bekreft": "1", "text": "Vår egen"})
    assert "Folketallet" in replaced.content.decode()
    assert "Ja, erstatt" not in replaced.content.decode()
    strategy.refresh_from_db()
    assert strategy.trends == "Vår egen tekst."  # nothing saved until the planner saves


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("text", ["", "Eitt", "To ord", " mange  ord\n i ei lang  rekke "])
def test_a_sections_written_words_are_the_templates_count(language, text):
    """The sections table's "Written, N words", made in the view (views._section_row), is what
    the template's {% blocktranslate count %} of the text's word count wrote."""
    from django.template import engines
    from django.utils import translation

    from samplan.strategy.views import _section_row

    reference = engines["django"].from_string(
        "{% load i18n %}{% if text %}{% blocktranslate count counter=text|wordcount %}"
        "Written, {{ counter }} word{% plural %}Written, {{ counter }} words"
        "{% endblocktranslate %}{% endif %}"
    )
    with translation.override(language):
        row = _section_row(None, text)
        assert row["written"] == reference.render({"text": text})
    assert (row["text"], bool(row["written"])) == (text, bool(text))


# Two people writing the same section: the second is told, nothing is overwritten (the form
# remembers the text it was made from).


def section(key: str) -> str:
    return url("section", key=key)


def read_digest(html: str) -> str:
    return re.search(r'name="read_digest" value="([0-9a-f]{64})"', html).group(1)


def test_a_section_saved_from_an_older_text_is_refused_and_the_text_is_kept_to_copy(
    client, personas, strategy
):
    client.force_login(personas.editor)
    first = read_digest(client.get(section("trends")).content.decode())
    second = first  # a colleague opened the same section at the same time

    mine = {"text": "Færre unge.", "read_digest": first}
    assert client.post(section("trends"), mine).status_code == 302
    theirs = {"text": "Flere eldre.", "read_digest": second}
    refused = client.post(section("trends"), theirs)

    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'data-testid="conflict"' in page
    assert "<dd>Flere eldre.</dd>" in page  # what they wrote, to copy from
    assert ">\nFærre unge.</textarea>" in page  # the box shows what was saved
    strategy.refresh_from_db()
    assert strategy.trends == "Færre unge."
    assert strategy.history.count() == 2  # made, then the first save

    again = {"text": "Færre unge. Flere eldre.", "read_digest": read_digest(page)}
    assert client.post(section("trends"), again).status_code == 302
    strategy.refresh_from_db()
    assert strategy.trends == "Færre unge. Flere eldre."


def test_another_sections_save_does_not_make_this_one_stale(client, personas, strategy):
    client.force_login(personas.editor)
    trends = read_digest(client.get(section("trends")).content.decode())
    other = read_digest(client.get(section("involvement")).content.decode())
    assert client.post(section("involvement"), {"text": "Folkemøte.", "read_digest": other})
    response = client.post(section("trends"), {"text": "Færre unge.", "read_digest": trends})
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.trends, strategy.involvement) == ("Færre unge.", "Folkemøte.")


def test_starting_from_the_example_keeps_the_text_the_form_was_made_from(
    client, personas, strategy
):
    """The example goes into the box; a save after someone else's is still refused."""
    client.force_login(personas.editor)
    first = read_digest(client.get(section("trends")).content.decode())
    services.section_save(
        strategy=strategy, key="trends", text="Kollegaens tekst.", read_digest=None, user=None
    )
    example = client.post(
        section("trends"), {"bruk_eksempel": "1", "text": "", "read_digest": first}
    )
    assert read_digest(example.content.decode()) == first
    refused = client.post(section("trends"), {"text": "Eksempelet.", "read_digest": first})
    assert refused.status_code == 400
    strategy.refresh_from_db()
    assert strategy.trends == "Kollegaens tekst."


def test_the_service_refuses_an_unknown_section_and_a_stale_digest(personas, strategy):
    with pytest.raises(ValueError):
        services.section_save(
            strategy=strategy, key="status", text="x", read_digest=None, user=personas.editor
        )
    with pytest.raises(StaleEdit):
        services.section_save(
            strategy=strategy,
            key="trends",
            text="x",
            read_digest=text_digest("not what is saved"),
            user=personas.editor,
        )
    strategy.refresh_from_db()
    assert strategy.trends == ""


# The status and dates and the consulted bodies: the forms carry the version they were made from
# (core.versioning). A section has its own digest: saving one makes no status form stale, and a
# status saved meanwhile is not undone by a section's save.


def test_a_status_saved_from_an_older_form_is_refused_and_the_dates_are_kept_to_copy(
    client, personas, strategy
):
    client.force_login(personas.editor)
    first, page = saved_then_refused(
        client, url("status"), {"workshop_on": "2024-03-04"}, {"statement_deadline": "2024-05-02"}
    )
    assert first["expected_version"] == "1"
    assert "Noen andre" in page
    assert 'value="2024-03-04"' in page  # the form shows what was saved
    assert "<dd>2. mai 2024</dd>" in page  # and what this planner wrote, to copy from
    assert 'name="expected_version" value="2"' in page
    assert 'for="id_expected_version"' not in page  # a hidden input, no label
    strategy.refresh_from_db()
    assert (strategy.workshop_on, strategy.statement_deadline, strategy.version) == (
        datetime.date(2024, 3, 4),
        None,
        2,
    )

    again = client.post(url("status"), {**form_fields(page), "statement_deadline": "2024-05-02"})
    assert again.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.workshop_on, strategy.statement_deadline, strategy.version) == (
        datetime.date(2024, 3, 4),
        datetime.date(2024, 5, 2),
        3,
    )


def test_a_section_saved_meanwhile_leaves_the_status_form_valid_and_is_kept(
    client, personas, strategy
):
    client.force_login(personas.editor)
    status = form_fields(client.get(url("status")).content.decode())
    section = form_fields(client.get(url("section", key="trends")).content.decode())
    response = client.post(url("section", key="trends"), {**section, "text": "Færre unge."})
    assert response.status_code == 302

    assert client.post(url("status"), {**status, "workshop_on": "2024-03-04"}).status_code == 302
    strategy.refresh_from_db()
    assert (strategy.trends, strategy.workshop_on) == ("Færre unge.", datetime.date(2024, 3, 4))


def test_a_sections_save_does_not_undo_a_status_saved_since_its_page_read_the_strategy(
    personas, strategy
):
    read_before = Strategy.objects.get(pk=strategy.pk)
    services.strategy_save(
        strategy=_with_workshop(strategy),
        expected_version=1,
        user=personas.editor,
    )
    services.section_save(
        strategy=read_before, key="trends", text="Færre unge.", read_digest=None, user=None
    )
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.trends, stored.workshop_on, stored.version) == (
        "Færre unge.",
        datetime.date(2024, 3, 4),
        2,
    )


def _with_workshop(strategy: Strategy) -> Strategy:
    changed = Strategy.objects.get(pk=strategy.pk)
    changed.workshop_on = datetime.date(2024, 3, 4)
    return changed


def test_going_back_a_status_makes_an_open_status_form_stale(client, personas, strategy):
    client.force_login(personas.editor)
    services.strategy_save(
        strategy=_public(strategy), constituted_on=datetime.date(2023, 10, 19), user=None
    )
    form = form_fields(client.get(url("status")).content.decode())
    services.strategy_step_back(strategy=strategy, reason="Feil dato", user=personas.editor)
    refused = client.post(url("status"), {**form, "workshop_on": "2024-03-04"})
    assert refused.status_code == 400
    strategy.refresh_from_db()
    assert (strategy.status, strategy.workshop_on) == ("utkast", None)


def _public(strategy: Strategy) -> Strategy:
    changed = Strategy.objects.get(pk=strategy.pk)
    changed.status = "offentlig_ettersyn"
    changed.public_from = datetime.date(2024, 4, 1)
    changed.council_meeting = datetime.date(2024, 6, 20)
    return changed


def test_the_service_refuses_a_stale_status_and_writes_nothing(personas, strategy):
    before = strategy.history.count()
    with pytest.raises(StaleEdit):
        services.strategy_save(
            strategy=_with_workshop(strategy), expected_version=9, user=personas.editor
        )
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.workshop_on, stored.version, stored.history.count()) == (None, 1, before)


def test_a_body_saved_from_an_older_form_is_refused_and_the_answer_is_kept_to_copy(
    client, personas, strategy
):
    body = strategy.bodies.get(kind="statsforvalter")
    client.force_login(personas.editor)
    first, page = saved_then_refused(
        client,
        url("body_edit", pk=body.pk),
        {"asked_on": "2024-01-15"},
        {"answer": "Ingen merknader."},
    )
    assert first["expected_version"] == "1"
    assert 'value="2024-01-15"' in page and "<dd>Ingen merknader.</dd>" in page
    body.refresh_from_db()
    assert (body.asked_on, body.answer, body.version) == (datetime.date(2024, 1, 15), "", 2)

    again = client.post(
        url("body_edit", pk=body.pk), {**form_fields(page), "answer": "Ingen merknader."}
    )
    assert again.status_code == 302
    body.refresh_from_db()
    assert (body.asked_on, body.answer, body.version) == (
        datetime.date(2024, 1, 15),
        "Ingen merknader.",
        3,
    )


def test_a_body_saved_from_a_fresh_form_and_a_new_body_need_nothing_more(
    client, personas, strategy
):
    body = strategy.bodies.get(kind="statsforvalter")
    client.force_login(personas.editor)
    fresh = form_fields(client.get(url("body_edit", pk=body.pk)).content.decode())
    assert client.post(url("body_edit", pk=body.pk), {**fresh, "answer": "Ok."}).status_code == 302
    blank = form_fields(client.get(url("body_add")).content.decode())
    created = {**blank, "kind": "statlig", "name": "Statens vegvesen"}
    assert client.post(url("body_add"), created).status_code == 302
    assert ConsultationBody.objects.get(name="Statens vegvesen").version == 1
    body.refresh_from_db()
    assert (body.answer, body.version) == ("Ok.", 2)


def test_the_versions_are_bookkeeping_in_the_history_not_changes(personas, strategy):
    body = strategy.bodies.get(kind="statsforvalter")
    body.answer = "Ok."
    services.body_save(body=body, expected_version=1, user=personas.editor)
    services.strategy_save(
        strategy=_with_workshop(strategy), expected_version=1, user=personas.editor
    )
    [body_change] = history_entries(body.history.all(), complete=True)[0].changes
    [strategy_change] = history_entries(strategy.history.all(), complete=True)[0].changes
    assert (body.version, Strategy.objects.get(pk=strategy.pk).version) == (2, 2)
    assert "version" not in (body_change.field, strategy_change.field)
    assert "versjon" not in (body_change.field, strategy_change.field)


def test_a_constitution_date_saved_meanwhile_on_plantakts_period_page_refuses_the_status_form(
    client, personas, strategy
):
    """The status form shows plantakt's constitution date: saved since on plantakt's period
    page, the status form's save is refused (not written back with the old date), and both
    forms carry the period's version."""
    from samplan.plantakt.models import MunicipalityPeriod

    client.force_login(personas.editor)
    status = form_fields(client.get(url("status")).content.decode())
    assert status["period_version"] == "0"  # no period facts stored yet
    period_url = reverse("plantakt:period", args=[KNR]) + "?periode=2023"
    period = form_fields(client.get(period_url).content.decode())
    assert period["expected_version"] == "0"
    saved = client.post(period_url, {**period, "constituted_on": "2023-10-19"})
    assert saved.status_code == 302

    refused = client.post(url("status"), {**status, "workshop_on": "2024-03-04"})
    assert refused.status_code == 400 and 'data-testid="conflict"' in refused.content.decode()
    stored = MunicipalityPeriod.objects.get(municipality=personas.municipality)
    strategy.refresh_from_db()
    assert (stored.constituted_on, stored.version) == (datetime.date(2023, 10, 19), 1)
    assert (strategy.workshop_on, strategy.version) == (None, 1)

    fresh = form_fields(refused.content.decode())
    assert (fresh["period_version"], fresh["constituted_on"]) == ("1", "2023-10-19")
    again = client.post(url("status"), {**fresh, "constituted_on": "2023-10-26"})
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.constituted_on, stored.version) == (datetime.date(2023, 10, 26), 2)
    # and plantakt's open form, made before the status form's save, is stale now
    assert client.post(period_url, {**period, "constituted_on": "2023-10-20"}).status_code == 400
    stored.refresh_from_db()
    assert stored.constituted_on == datetime.date(2023, 10, 26)
