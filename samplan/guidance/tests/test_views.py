"""The advisers' status board, comment threads, early dialogue and the statsforvalter, as the
county adviser, the statsforvalter and the municipality's planner use them."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from samplan.core.mail import mail_silenced
from samplan.core.models import MailStatus, OutgoingMail
from samplan.core.tests.smtp import run_worker
from samplan.guidance.models import (
    BoardRowSummary,
    Comment,
    FollowUp,
    Meeting,
    Thread,
    ThreadStatus,
)
from samplan.municipalities.models import Membership, Municipality, OrganisationKind, Role
from samplan.municipalities.permissions import Capability, access_map
from samplan.municipalities.services import organisation_create
from samplan.municipalities.testing import make_member
from samplan.strategy import services as strategy_services
from samplan.strategy.models import Strategy

pytestmark = pytest.mark.django_db
KNR = "5033"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def strategy(personas) -> Strategy:
    return strategy_services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )


def board_url(personas) -> str:
    return reverse("guidance:board", args=[personas.county_org.slug])


def thread_state() -> tuple:
    return (
        sorted(Thread.objects.values_list("pk", "title", "status", "assigned_to_id")),
        sorted(Comment.objects.values_list("pk", "thread_id", "text")),
    )


def start_thread(client, strategy, text="Se på befolkningen", section="trends"):
    return client.post(
        reverse("guidance:thread_new", args=[KNR]),
        {"target": f"strategy|2023:{section}", "title": "Befolkning", "text": text},
    )


# The status board ------------------------------------------------------------------------------


def test_board_shows_a_row_per_followed_municipality_the_late_first(client, personas, strategy):
    personas.county_org.municipalities.add("5026", "5025")  # Holtålen, Røros
    client.force_login(personas.adviser)

    response = client.get(board_url(personas))

    assert response.status_code == 200
    rows = response.context["board"].rows
    assert {row.name for row in rows} == {"Tydal", "Holtålen", "Røros"}
    assert [row.urgency for row in rows] == sorted((row.urgency for row in rows), reverse=True)
    keys = [column.key for column in response.context["board"].columns]
    assert keys == [
        "plans_overdue",
        "legal_deadlines",
        "strategy",
        "processes",
        "goal_report",
        "consultations",
        "guidance",
    ]
    tydal = next(row for row in rows if row.number == KNR)
    strategy_cell = tydal.cells[
        [c.key for c in response.context["board"].columns].index("strategy")
    ]
    # Constituted by 31 October 2023 at the latest: adopted by 31 October 2024, 273 days left.
    assert "273" in strategy_cell.text and strategy_cell.urgency == 0


def test_board_links_each_row_to_its_guidance_page_and_each_cell_to_its_page(
    client, personas, strategy
):
    client.force_login(personas.adviser)

    response = client.get(board_url(personas))

    page = response.content.decode()
    [row] = [row for row in response.context["board"].rows if row.number == KNR]
    guidance = reverse("guidance:municipality", args=[KNR])
    assert row.url == guidance
    assert f'<th scope="row"><a class="ds-link" href="{guidance}">Tydal</a>' in page
    linked = [cell for cell in row.cells if cell.url]
    assert linked and all(
        f'<td><a class="ds-link" href="{cell.url}">{cell.text}</a></td>' in page for cell in linked
    )
    plain = [cell for cell in row.cells if not cell.url]
    assert plain and all(f"<td>{cell.text}</td>" in page for cell in plain)


def test_board_sorts_filters_and_exports_the_same_rows(client, personas, strategy):
    personas.county_org.municipalities.add("5026", "5025")
    client.force_login(personas.adviser)

    by_name = client.get(board_url(personas), {"sorter": "name", "q": "o"})
    names = [row.name for row in by_name.context["board"].rows]
    export = client.get(
        reverse("guidance:board_export", args=[personas.county_org.slug]),
        {"sorter": "name", "q": "o"},
    )

    assert names == ["Holtålen", "Røros"]
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == names
    assert sheet.cell(row=2, column=2).value
    header = [cell.value for cell in sheet[2]]
    columns = by_name.context["board"].columns
    assert header[2:-1] == [column.label for column in columns]
    assert {"Prosessplaner", "Målrapport", "Åpne høringer"} <= set(header)
    first = by_name.context["board"].rows[0]
    assert [cell.value for cell in sheet[3]][2:-1] == [cell.text for cell in first.cells]


def test_board_reads_the_same_number_of_queries_for_one_or_many_municipalities(
    client, personas, strategy, django_assert_max_num_queries
):
    client.force_login(personas.adviser)
    client.get(board_url(personas))  # the session and the access map
    from samplan.core import freshness

    freshness.clear()
    BoardRowSummary.objects.all().delete()  # every row computed, as after a deploy
    with django_assert_max_num_queries(20) as few:
        client.get(board_url(personas))
    personas.county_org.municipalities.add(*Municipality.objects.filter(county_id="50"))
    freshness.clear()
    BoardRowSummary.objects.all().delete()
    with django_assert_max_num_queries(20) as many:
        response = client.get(board_url(personas))

    assert len(response.context["board"].rows) > 30
    assert len(many.captured_queries) <= len(few.captured_queries) + 1


def test_the_boards_summary_cells_are_the_full_cells_without_their_details(personas):
    """The boards read the columns' summaries (no details, cheaper for many municipalities);
    each summary must say what the column's full cell says."""
    import dataclasses

    from samplan.goals.models import ActionPlan
    from samplan.guidance.selectors import status_rows
    from samplan.plans.tests.factories import PlanFactory

    PlanFactory(title="Trafikksikkerhetsplan", next_revision_override=datetime.date(2024, 6, 1))
    ActionPlan.objects.create(municipality_id=KNR, first_year=2025)
    municipalities = list(
        Municipality.objects.filter(number__in=[KNR, "5026", "5025"]).select_related("workspace")
    )
    today = datetime.date(2026, 2, 1)
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, 0), tick=False):
        columns, full = status_rows(municipalities, today)
        summary_columns, summary = status_rows(municipalities, today, summary=True)

    def plain(rows: list) -> list:
        return [tuple(dataclasses.replace(cell, details=()) for cell in row.cells) for row in rows]

    assert summary_columns == columns
    assert plain(summary) == plain(full)
    keys = [column.key for column in columns]
    [tydal] = [row for row in full if row.number == KNR]
    [tydal_summary] = [row for row in summary if row.number == KNR]
    assert not tydal_summary.cells[keys.index("plans_overdue")].details
    assert "Trafikksikkerhetsplan (revisjon forfalt 01.06.2024)" in (
        tydal.cells[keys.index("plans_overdue")].details
    )
    assert tydal.cells[keys.index("goal_report")].details  # the summaries left these out


def test_the_municipality_page_shows_the_boards_guidance_contact(client, personas):
    """The page makes its guidance cell from the threads and meetings it shows; it must say
    what the board's column says: the newest adviser's comment or past meeting (not the
    planner's answer, not a meeting to come) and the open threads."""

    about = {"module": "strategy", "target_key": "2023:trends", "target_label": "Trender"}

    def thread(status: str, comments: list[tuple[object, datetime.datetime]]) -> None:
        item = Thread.objects.create(
            municipality=personas.municipality,
            organisation=personas.county_org,
            title="Befolkning",
            status=status,
            **about,
        )
        for organisation, written in comments:
            comment = Comment.objects.create(
                thread=item, author_organisation=organisation, text="Tekst"
            )
            Comment.objects.filter(pk=comment.pk).update(created_at=written)

    def moment(*parts: int) -> datetime.datetime:
        return datetime.datetime(*parts, tzinfo=datetime.UTC)

    thread(
        ThreadStatus.OPEN,
        [(personas.county_org, moment(2024, 1, 10, 9)), (personas.workspace, moment(2024, 1, 25))],
    )
    thread(ThreadStatus.RESOLVED, [(personas.county_org, moment(2024, 1, 5, 9))])
    Meeting.objects.create(municipality=personas.municipality, title="Før", date="2024-01-12")
    Meeting.objects.create(municipality=personas.municipality, title="Etter", date="2024-02-20")
    client.force_login(personas.adviser)

    board = client.get(board_url(personas)).context["board"]
    page = client.get(reverse("guidance:municipality", args=[KNR])).context["status"]

    index = [column.key for column in board.columns].index("guidance")
    [row] = [row for row in board.rows if row.number == KNR]
    assert row.cells[index].text == "12.01.2024 · 1 åpen tråd"
    assert [column.key for column, _cell in page] == [column.key for column in board.columns]
    assert page[index][1] == row.cells[index]


def test_the_municipality_page_names_a_running_plans_past_activities_not_marked_done(
    client, personas
):
    """Issue 19: an adviser sees a forgotten activity (past, not marked done) on the
    municipality's page, how many and the oldest; the board's cell says what it said."""
    import dataclasses

    from samplan.processes import services as process_services
    from samplan.processes.models import Activity, Phase, Process, ProcessKind, ProcessStatus

    process = process_services.process_create(
        process=Process(
            municipality=personas.municipality,
            name="Sentrum",
            kind=ProcessKind.COMMUNITY_PART,
            desired_result="Et sentrum folk bruker.",
        ),
        user=personas.editor,
    )
    Process.objects.filter(pk=process.pk).update(status=ProcessStatus.RUNNING)
    phase = process_services.phase_save(phase=Phase(process=process, title="Fase"), user=None)
    for title, day, done in (
        ("Holdt", datetime.date(2024, 1, 3), datetime.date(2024, 1, 3)),  # done: not counted
        ("Glemt verksted", datetime.date(2024, 1, 8), None),
        ("Folkemøte", datetime.date(2024, 1, 20), None),
        ("Neste", datetime.date(2024, 3, 1), None),  # ahead: not counted
    ):
        process_services.activity_save(
            activity=Activity(phase=phase, title=title, kind="annet", starts_on=day, done_on=done),
            user=None,
        )
    client.force_login(personas.adviser)

    board = client.get(board_url(personas))
    page = client.get(reverse("guidance:municipality", args=[KNR]))

    index = [column.key for column in board.context["board"].columns].index("processes")
    [row] = [row for row in board.context["board"].rows if row.number == KNR]
    cell = page.context["status"][index][1]
    assert cell.details == (
        "Sentrum: neste Neste 01.03.2024 · 2 passerte aktiviteter ikke merket som gjort, "
        "den eldste Glemt verksted 08.01.2024",
    )
    assert "den eldste Glemt verksted 08.01.2024" in page.content.decode()
    assert row.cells[index] == dataclasses.replace(cell, details=())  # the summary: the same
    assert row.cells[index].text == "1 pågående prosessplan · neste: Neste 01.03.2024"
    assert "ikke merket som gjort" not in board.content.decode()


@pytest.mark.parametrize("user", ["editor", "outsider_adviser", "nobody"])
def test_board_is_only_for_the_members_of_the_organisation(client, personas, user):
    client.force_login(getattr(personas, user))

    assert client.get(board_url(personas)).status_code == 404


def test_a_municipality_workspace_has_no_board(client, personas):
    client.force_login(personas.admin)

    response = client.get(reverse("guidance:board", args=[personas.workspace.slug]))

    assert response.status_code == 404


# Comment threads -------------------------------------------------------------------------------


def test_adviser_comments_on_a_section_and_the_planners_get_an_e_mail(
    client, personas, strategy, smtp_server
):
    client.force_login(personas.adviser)

    response = start_thread(client, strategy)

    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert thread.organisation == personas.county_org and thread.assigned_to == personas.adviser
    assert thread.target_label.startswith("Planstrategi 2023–2027")
    assert smtp_server.messages == []  # queued with the comment, sent by the worker
    assert OutgoingMail.objects.filter(purpose="guidance.comment").count() == 2
    run_worker()
    assert sorted(message["To"] for message in smtp_server.messages) == [
        personas.admin.email,
        personas.editor.email,
    ]
    body = smtp_server.messages[0].get_content()
    assert "Se på befolkningen" in body and "kommenterte" in body
    assert thread.get_absolute_url() in body
    client.force_login(personas.editor)
    dashboard = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    assert "Befolkning" in dashboard and thread.get_absolute_url() in dashboard


def test_planner_answers_and_the_adviser_gets_an_e_mail_then_resolves(
    client, personas, strategy, smtp_server
):
    client.force_login(personas.adviser)
    start_thread(client, strategy)
    thread = Thread.objects.get()
    client.force_login(personas.editor)

    client.post(thread.get_absolute_url(), {"text": "Takk, vi ser på det."})
    client.force_login(personas.adviser)
    client.post(reverse("guidance:thread_status", args=[KNR, thread.pk]), {"action": "resolve"})
    run_worker()

    [answer] = smtp_server.to(personas.adviser.email)  # the planners got the first comment
    assert "Takk, vi ser på det." in answer.get_content()
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.RESOLVED and thread.comments.count() == 2


def test_each_recipient_reads_the_e_mail_in_their_own_language_whoever_wrote_it(
    client, personas, strategy, smtp_server
):
    """The text is written when the e-mail is queued, in the recipient's language (their
    choice, else the municipality's language form), not in the writer's or the worker's."""
    personas.adviser.language = "en"
    personas.adviser.save()
    personas.editor.language = "nn"
    personas.editor.save()
    client.force_login(personas.adviser)
    start_thread(client, strategy)  # the adviser's request is in English
    client.force_login(personas.editor)
    client.post(Thread.objects.get().get_absolute_url(), {"text": "Takk!"})

    run_worker()

    [to_admin] = smtp_server.to(personas.admin.email)  # no choice: Tydal's language form
    [to_editor] = smtp_server.to(personas.editor.email)
    [to_adviser] = smtp_server.to(personas.adviser.email)
    assert to_admin["Subject"] == "Samplan: ny kommentar til «Befolkning»"
    assert "Svar i Samplan:" in to_admin.get_content()
    assert "Svar i Samplan:" in to_editor.get_content()
    assert to_adviser["Subject"] == "Samplan: new comment on “Befolkning”"
    assert "Answer in Samplan:" in to_adviser.get_content()
    assert {mail.status for mail in OutgoingMail.objects.all()} == {MailStatus.SENT}


def test_the_example_comments_e_mail_nobody(personas, strategy, smtp_server):
    """`samplan demo` builds the example data with e-mail silenced: the example people's
    addresses are made up, and no task is stored for the worker."""
    from samplan.guidance.example import example_guidance_create

    with mail_silenced():
        example_guidance_create(personas.municipality)
    run_worker()

    assert Comment.objects.exists()
    assert smtp_server.messages == []
    assert not DBTaskResult.objects.exists()
    assert {mail.status for mail in OutgoingMail.objects.all()} <= {MailStatus.FAILED}


def test_a_comment_on_a_section_that_does_not_exist_is_404_and_writes_nothing(
    client, personas, strategy
):
    client.force_login(personas.adviser)
    before = thread_state()

    response = start_thread(client, strategy, section="no_such_section")
    other_period = client.post(
        reverse("guidance:thread_new", args=[KNR]),
        {"target": "strategy|2019:trends", "title": "x", "text": "y"},
    )

    assert response.status_code == 404 and other_period.status_code == 404
    assert thread_state() == before


def test_an_adviser_whose_county_stops_following_gets_404_on_the_thread(client, personas, strategy):
    client.force_login(personas.adviser)
    start_thread(client, strategy)
    thread = Thread.objects.get()
    personas.county_org.municipalities.remove(personas.municipality)
    before = thread_state()

    response = client.post(thread.get_absolute_url(), {"text": "Enda en kommentar"})

    assert response.status_code == 404
    assert thread_state() == before


def test_a_comment_on_a_strategy_that_was_deleted_is_404(client, personas, strategy):
    client.force_login(personas.adviser)
    start_thread(client, strategy)
    thread = Thread.objects.get()
    Strategy.objects.filter(pk=strategy.pk).delete()

    response = client.post(thread.get_absolute_url(), {"text": "Enda en kommentar"})
    page = client.get(thread.get_absolute_url())

    assert response.status_code == 404
    assert page.status_code == 200 and "finnes ikke lenger" in page.content.decode()


def test_a_reader_may_read_threads_but_not_comment(client, personas, strategy):
    client.force_login(personas.adviser)
    start_thread(client, strategy)
    thread = Thread.objects.get()
    client.force_login(personas.reader)
    before = thread_state()

    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.post(thread.get_absolute_url(), {"text": "x"}).status_code == 403
    assert start_thread(client, strategy).status_code == 403
    assert thread_state() == before


def test_removing_an_adviser_keeps_their_threads_open_with_the_organisation(
    client, personas, strategy
):
    client.force_login(personas.adviser)
    start_thread(client, strategy)
    county_admin = make_member(personas.county_org, "admin@trondelag.test", Role.ADMIN)
    membership = Membership.objects.get(user=personas.adviser, organisation=personas.county_org)
    client.force_login(county_admin)

    client.post(
        reverse("municipalities:member_edit", args=[personas.county_org.slug, membership.pk]),
        {"remove": "1"},
    )

    thread = Thread.objects.get()
    assert thread.status == ThreadStatus.OPEN and thread.assigned_to is None
    assert thread.comments.get().author == personas.adviser  # the comment keeps its author
    client.post(reverse("guidance:thread_status", args=[KNR, thread.pk]), {"action": "take"})
    thread.refresh_from_db()
    assert thread.assigned_to == county_admin


# The statsforvalter ----------------------------------------------------------------------------


@pytest.fixture
def governor(personas):
    organisation = organisation_create(
        name="Statsforvalteren i Trøndelag", kind=OrganisationKind.COUNTY_GOVERNOR
    )
    admin = make_member(organisation, "admin@sf.test", Role.ADMIN)
    adviser = make_member(organisation, "radgiver@sf.test", Role.ADVISER)
    return organisation, admin, adviser


def test_the_statsforvalter_sees_nothing_until_the_municipality_invites_it(
    client, personas, strategy, governor
):
    organisation, _admin, adviser = governor
    client.force_login(adviser)
    assert client.get(reverse("guidance:municipality", args=[KNR])).status_code == 404

    client.force_login(personas.admin)
    response = client.post(
        reverse("guidance:invite", args=[KNR]), {"organisation": organisation.pk}
    )
    assert response.status_code == 302

    assert access_map(adviser)[KNR].capability == Capability.COMMENT
    client.force_login(adviser)
    assert start_thread(client, strategy).status_code == 302
    assert Thread.objects.get().organisation == organisation
    section = reverse("strategy:section", args=[KNR, 2023, "trends"])
    assert client.post(section, {"text": "Endret av statsforvalteren"}).status_code == 403


def test_the_statsforvalter_cannot_choose_its_own_municipalities(client, personas, governor):
    organisation, admin, _adviser = governor
    client.force_login(admin)

    response = client.post(
        reverse("municipalities:network_edit", args=[organisation.slug]), {"municipalities": [KNR]}
    )

    assert response.status_code == 404
    assert not organisation.municipalities.exists()


def test_an_editor_cannot_invite_the_statsforvalter(client, personas, governor):
    organisation, _admin, _adviser = governor
    client.force_login(personas.editor)

    response = client.post(
        reverse("guidance:invite", args=[KNR]), {"organisation": organisation.pk}
    )

    assert response.status_code == 403 and not organisation.municipalities.exists()


# Early dialogue --------------------------------------------------------------------------------


def test_adviser_records_an_early_dialogue_meeting_with_follow_ups_both_sides_see(client, personas):
    client.force_login(personas.adviser)
    response = client.post(
        reverse("guidance:meeting_new", args=[KNR]),
        {
            "title": "Oppstart planstrategi",
            "date": "2024-02-20",
            "agenda": "Kunnskapsgrunnlag",
            "participants": "Planlegger, rådgiver",
        },
    )
    meeting = Meeting.objects.get()
    client.post(
        reverse("guidance:follow_up_add", args=[KNR, meeting.pk]),
        {"text": "Sende statistikk", "responsible": "Fylket", "due": "2024-03-01"},
    )
    follow_up = FollowUp.objects.get()
    client.force_login(personas.editor)
    client.post(
        reverse("guidance:follow_up_done", args=[KNR, meeting.pk, follow_up.pk]), {"done": "1"}
    )

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == datetime.date(2024, 2, 1)
    page = client.get(reverse("guidance:municipality", args=[KNR])).content.decode()
    assert "Oppstart planstrategi" in page
    client.force_login(personas.reader)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert (
        client.post(reverse("guidance:meeting_edit", args=[KNR, meeting.pk]), {}).status_code == 403
    )


def test_a_meeting_without_title_or_date_is_refused_with_a_message(client, personas):
    client.force_login(personas.adviser)

    response = client.post(reverse("guidance:meeting_new", args=[KNR]), {"title": ""})

    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"title", "date"}
    assert not Meeting.objects.exists()
