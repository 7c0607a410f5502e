"""A live workshop as it runs: thirty phones join (codes and logins), give points, comment and
rank; the projector shows the counts; closing saves the result and forgets who voted what."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from samplan.municipalities.models import Role
from samplan.municipalities.testing import make_member
from samplan.politics import codes, services
from samplan.politics.models import (
    Comment,
    DotVote,
    JoinCode,
    Option,
    OptionKind,
    Participant,
    Rank,
    Step,
    Workshop,
)
from samplan.politics.selectors import workshop_tally

pytestmark = pytest.mark.django_db
KNR = "5033"
CHALLENGES = ["Færre unge", "Boliger", "Rekruttering", "Klima"]
PROPOSALS = ["Tomter", "Fagfolk", "Eldreomsorg"]


@pytest.fixture
def workshop(personas) -> Workshop:
    return services.workshop_create(
        municipality=personas.municipality,
        title="Verksted om planstrategien",
        body="Kommunestyret",
        points=5,
        challenges=CHALLENGES,
        proposals=PROPOSALS,
    )


def url(name: str, workshop: Workshop) -> str:
    if name in ("join", "join_code", "dots", "ranking", "comment"):
        return reverse(f"politics:{name}", args=[workshop.key])
    return reverse(f"politics:{name}", args=[KNR, workshop.pk])


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def ids(workshop: Workshop, kind: str) -> list[int]:
    return list(workshop.options.filter(kind=kind).values_list("pk", flat=True))


def step(planner: Client, workshop: Workshop, to: str) -> None:
    response = planner.post(url("workshop_step", workshop), {"step": to})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.step == to


def phones(personas, workshop: Workshop) -> list[Client]:
    """Thirty phones: 25 join with one-time codes, 5 are logged-in elected members."""
    made = services.codes_create(workshop=workshop, count=25)
    clients = []
    for code in made:
        phone = Client()
        response = phone.post(
            url("join_code", workshop), {"code": codes.grouped(code.code).upper()}
        )
        assert response.status_code == 302
        clients.append(phone)
    for n in range(5):
        member = make_member(personas.workspace, f"folkevalgt{n}@tydal.example", Role.READER)
        phone = Client()
        phone.force_login(member)
        assert "Bli med i verkstedet" in phone.get(url("join", workshop)).content.decode()
        assert phone.post(url("join_code", workshop)).status_code == 302
        clients.append(phone)
    return clients


def test_thirty_phones_vote_and_the_projector_counts_them_right(client, personas, workshop):
    client.force_login(personas.editor)
    clients = phones(personas, workshop)
    assert Participant.objects.filter(workshop=workshop).count() == 30
    projector = client.get(url("projector", workshop), headers={"HX-Request": "true"})
    assert "30 deltar" in projector.content.decode()

    step(client, workshop, Step.DOTS)
    challenge = ids(workshop, OptionKind.CHALLENGE)
    expected = dict.fromkeys(challenge, 0)
    for n, phone in enumerate(clients):
        points = {challenge[n % 4]: 3, challenge[(n + 1) % 4]: 2}
        response = phone.post(url("dots", workshop), {f"o{pk}": v for pk, v in points.items()})
        assert response.status_code == 302, response.content.decode()[:500]
        for pk, value in points.items():
            expected[pk] += value
    # One phone changes its mind: its points replace the first ones (counted once).
    clients[0].post(url("dots", workshop), {f"o{challenge[3]}": 5})
    expected[challenge[0]] -= 3
    expected[challenge[1]] -= 2
    expected[challenge[3]] += 5

    tally = workshop_tally(workshop)
    titles = dict(Option.objects.filter(pk__in=challenge).values_list("title", "pk"))
    assert {titles[bar.title]: bar.value for bar in tally.dots} == expected
    assert tally.dot_voters == 30 and sum(expected.values()) == 150
    live = client.get(url("projector", workshop), headers={"HX-Request": "true"}).content.decode()
    assert '<div id="live"' in live and "<html" not in live
    for value in expected.values():
        assert f'<td class="sp-num">{value}</td>' in live

    step(client, workshop, Step.COMMENTS)
    for phone in clients[:3]:
        phone.post(url("comment", workshop), {"text": "Husk beitenæringen"})
    assert "Husk beitenæringen" in client.get(url("projector", workshop)).content.decode()

    step(client, workshop, Step.RANKING)
    proposal = ids(workshop, OptionKind.PROPOSAL)
    for n, phone in enumerate(clients):
        order = proposal if n < 20 else proposal[::-1]
        places = {f"o{pk}": place for place, pk in enumerate(order, start=1)}
        assert phone.post(url("ranking", workshop), places).status_code == 302
    scores = {bar.title: bar.value for bar in workshop_tally(workshop).ranking}
    # Borda: 1st place 3 points, 2nd 2, 3rd 1; 20 ranked in order, 10 the other way round.
    assert scores == {"Tomter": 20 * 3 + 10 * 1, "Fagfolk": 30 * 2, "Eldreomsorg": 20 + 30}

    # No page the planner or the projector sees names a voter (names, e-mails) while it runs.
    pages = [
        client.get(url(name, workshop)).content.decode() for name in ("workshop", "projector")
    ] + [client.get(reverse("politics:index", args=[KNR])).content.decode()]
    for n in range(5):
        for page in pages:
            assert f"folkevalgt{n}@tydal.example" not in page

    step(client, workshop, Step.CLOSED)
    assert workshop.participant_count == 30 and workshop.held_on is not None
    assert workshop.result["ranking"][0] == ["Tomter", 70, 30]
    # Nothing links a vote to a person or a code any more.
    assert not Participant.objects.filter(workshop=workshop, user__isnull=False).exists()
    assert not JoinCode.objects.filter(workshop=workshop).exists()
    closed = clients[5].get(url("join", workshop)).content.decode()
    assert "Verkstedet er avsluttet" in closed


def test_a_used_code_a_wrong_code_and_a_closed_workshop_get_a_clear_message(workshop):
    code = services.codes_create(workshop=workshop, count=1)[0].code
    first, second = Client(), Client()
    assert first.post(url("join_code", workshop), {"code": code}).status_code == 302

    used = second.post(url("join_code", workshop), {"code": code})
    wrong = second.post(url("join_code", workshop), {"code": "aaaa-bbbb-cc"})

    assert used.status_code == 400 and "allerede brukt" in used.content.decode()
    assert wrong.status_code == 400 and "kjenner ikke den koden" in wrong.content.decode()
    services.workshop_step(workshop=workshop, step=Step.CLOSED)
    late = Client().get(url("join", workshop)).content.decode()
    assert "Verkstedet er avsluttet" in late


@override_settings(RATE_LIMITS={"workshop_join": (5, 600)})
def test_guessing_codes_is_rate_limited(workshop):
    guesser = Client()
    statuses = [
        guesser.post(url("join_code", workshop), {"code": codes.random_code()}).status_code
        for _ in range(7)
    ]
    assert statuses == [400] * 5 + [429] * 2


def test_codes_are_long_and_unambiguous():
    code = codes.random_code()
    assert len(code) == 10 and set(code) <= set(codes.ALPHABET)
    assert not set("01ilo") & set(codes.ALPHABET)
    assert codes.normalise(" ABCD-efgh-JK ") == "abcdefghjk"
    assert len(codes.ALPHABET) ** codes.CODE_LENGTH > 10**14


def test_one_vote_per_member_is_held_by_the_database(personas, workshop):
    services.workshop_step(workshop=workshop, step=Step.DOTS)
    member = services.participant_join_user(workshop=workshop, user=personas.reader)
    again = services.participant_join_user(workshop=workshop, user=personas.reader)
    assert again.pk == member.pk
    option = workshop.options.filter(kind=OptionKind.CHALLENGE).first()
    DotVote.objects.create(participant=member, option=option, points=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        DotVote.objects.create(participant=member, option=option, points=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(workshop=workshop, token="x" * 20, user=personas.reader)
    proposal = workshop.options.filter(kind=OptionKind.PROPOSAL).first()
    Rank.objects.create(participant=member, option=proposal, place=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rank.objects.create(participant=member, option=proposal, place=2)


def test_points_over_the_limit_and_a_step_that_is_over_are_refused(personas, workshop):
    member = services.participant_join_user(workshop=workshop, user=personas.reader)
    challenge = ids(workshop, OptionKind.CHALLENGE)
    with pytest.raises(ValidationError, match="steget er over"):
        services.dots_save(participant=member, points={challenge[0]: 1})
    services.workshop_step(workshop=workshop, step=Step.DOTS)
    with pytest.raises(ValidationError, match="du har 5"):
        services.dots_save(participant=member, points={challenge[0]: 4, challenge[1]: 2})
    phone = Client()
    phone.force_login(personas.reader)
    response = phone.post(url("dots", workshop), {f"o{challenge[0]}": 6})
    assert response.status_code == 400 and not DotVote.objects.exists()


def test_a_county_adviser_or_outsider_with_the_link_must_use_a_code(personas, workshop):
    for user in (personas.adviser, personas.outsider_reader):
        phone = Client()
        phone.force_login(user)
        page = phone.get(url("join", workshop)).content.decode()
        assert 'name="code"' in page
        response = phone.post(url("dots", workshop), {})
        assert response.status_code == 302 and flash(response) == ["Bli med i verkstedet først."]
    assert not Participant.objects.exists()


def test_a_waiting_phone_reloads_only_when_the_step_changed(workshop):
    phone = Client()
    same = phone.get(url("join", workshop) + "?venter=utfordringer", headers={"HX-Request": "true"})
    services.workshop_step(workshop=workshop, step=Step.DOTS)
    moved = phone.get(
        url("join", workshop) + "?venter=utfordringer", headers={"HX-Request": "true"}
    )
    assert same.status_code == 204 and same.content == b""
    assert moved.headers["HX-Refresh"] == "true"


def test_the_planner_creates_a_workshop_with_the_strategy_as_subject(client, personas):
    from samplan.strategy import services as strategy_services
    from samplan.strategy.models import Priority

    strategy = strategy_services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )
    Priority.objects.create(strategy=strategy, title="Boliger for unge")
    client.force_login(personas.editor)
    form = client.get(reverse("politics:workshop_create", args=[KNR]) + "?om=strategy:2023")
    assert "Boliger for unge" in form.content.decode()
    response = client.post(
        reverse("politics:workshop_create", args=[KNR]) + "?om=strategy:2023",
        {
            "title": "Verksted",
            "body": "Formannskapet",
            "subject": "strategy:2023",
            "points": 5,
            "challenges": "En\nTo",
            "proposals": "Boliger for unge",
        },
    )
    created = Workshop.objects.get(title="Verksted")
    assert response.status_code == 302 and created.subject == "strategy:2023"
    assert created.subject_url == strategy.get_absolute_url()
    bad = client.post(reverse("politics:workshop_create", args=[KNR]), {"title": "X"})
    assert bad.status_code == 400 and Workshop.objects.count() == 1
    # The change is in the audit history with who made it.
    assert created.history.first().history_user == personas.editor


def test_a_reader_cannot_run_a_workshop(client, personas, workshop):
    client.force_login(personas.reader)
    assert client.get(url("workshop", workshop)).status_code == 403
    assert client.post(url("workshop_step", workshop), {"step": "prikker"}).status_code == 403


def test_the_code_sheet_lists_only_unused_codes(client, personas, workshop):
    client.force_login(personas.editor)
    client.post(url("workshop_codes", workshop), {"count": 3})
    first = JoinCode.objects.filter(workshop=workshop).first()
    services.participant_join_code(workshop=workshop, typed=first.code)
    sheet = client.get(url("workshop_codes", workshop)).content.decode()
    shown = re.findall(r'<strong class="sp-code">([a-z0-9-]+)</strong>', sheet)
    assert len(shown) == 2 and codes.grouped(first.code) not in shown
    assert client.post(url("workshop_codes", workshop), {"count": 500}).status_code == 302
    assert JoinCode.objects.count() == 3


def test_comments_are_limited_per_phone(personas, workshop):
    member = services.participant_join_user(workshop=workshop, user=personas.reader)
    services.workshop_step(workshop=workshop, step=Step.COMMENTS)
    for n in range(services.MAX_COMMENTS):
        services.comment_add(participant=member, text=f"Kommentar {n}")
    with pytest.raises(ValidationError):
        services.comment_add(participant=member, text="En for mye")
    assert Comment.objects.count() == services.MAX_COMMENTS
