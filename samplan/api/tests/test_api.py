"""The open API: keys, rights as in the pages, pages of lists, ETags, problems."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from samplan.api.models import ApiToken, key_hash
from samplan.api.services import token_create
from samplan.plans.models import Plan
from tests.snapshot import example_data

BASE = "/api/v1"


def key_for(user: object, name: str = "test") -> str:
    return token_create(name=name, user=user)[1]


def call(client, method: str, path: str, key: str | None, body: object = None, **headers):  # noqa: ANN001, ANN201
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    if key:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    data = json.dumps(body) if not isinstance(body, str) else body
    return getattr(client, method)(
        BASE + path,
        data=data if body is not None else None,
        content_type="application/json",
        **extra,
    )


def make_plan(municipality: object, title: str = "Kommuneplanens samfunnsdel", **fields) -> Plan:  # noqa: ANN003
    return Plan.objects.create(
        municipality=municipality,
        title=title,
        plan_type=fields.pop("plan_type", "samfunnsdel"),
        **fields,
    )


def assert_problem(response, status: int) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert body["status"] == status and body["type"].startswith("urn:samplan:problem:")
    return body


def test_a_key_is_stored_hashed_and_acts_as_its_user(client, personas) -> None:
    token, key = token_create(name="Arkivet", user=personas.reader)
    assert key.startswith("spl_") and key not in (token.key_hash, token.prefix)
    assert token.key_hash == key_hash(key)
    make_plan(personas.municipality)
    response = call(client, "get", f"/kommuner/{personas.municipality.number}/planer", key)
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Kommuneplanens samfunnsdel"]
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_no_key_or_a_wrong_or_revoked_key_is_401(client, personas) -> None:
    path = f"/kommuner/{personas.municipality.number}/planer"
    body = assert_problem(call(client, "get", path, None), 401)
    assert body["title"] == "API-nøkkel mangler eller er ugyldig"
    assert_problem(call(client, "get", path, "spl_not-a-key"), 401)
    token, key = token_create(name="x", user=personas.reader)
    client.force_login(personas.reader)
    client.post(reverse("apikeys:token_delete", args=[token.pk]))
    assert_problem(call(client, "get", path, key), 401)


def test_outsiders_get_404_and_nothing_changes(client, personas) -> None:
    plan = make_plan(personas.municipality)
    knr = personas.municipality.number
    for user in personas.outsiders().values():
        key = key_for(user)
        assert_problem(call(client, "get", f"/kommuner/{knr}/planer", key), 404)
        assert_problem(call(client, "get", f"/kommuner/{knr}/planer/{plan.pk}", key), 404)
        assert_problem(
            call(
                client,
                "post",
                f"/kommuner/{knr}/planer",
                key,
                {"title": "X", "plan_type": "temaplan"},
            ),
            404,
        )
        assert_problem(
            call(
                client,
                "patch",
                f"/kommuner/{knr}/planer/{plan.pk}",
                key,
                {"title": "X"},
                if_match="*",
            ),
            404,
        )
        assert_problem(
            call(client, "delete", f"/kommuner/{knr}/planer/{plan.pk}", key, if_match="*"), 404
        )
    assert list(Plan.objects.values_list("title", flat=True)) == ["Kommuneplanens samfunnsdel"]


def test_a_plan_of_another_municipality_is_404_even_to_a_member(client, personas) -> None:
    elsewhere = make_plan(personas.other_municipality, "Utsiras plan")
    key = key_for(personas.editor)
    knr = personas.municipality.number
    assert_problem(call(client, "get", f"/kommuner/{knr}/planer/{elsewhere.pk}", key), 404)
    response = call(
        client,
        "post",
        f"/kommuner/{knr}/planer",
        key,
        {"title": "Ny", "plan_type": "temaplan", "parent_id": elsewhere.pk},
    )
    assert assert_problem(response, 422)["errors"][0]["field"] == "parent_id"
    assert not Plan.objects.filter(title="Ny").exists()


def test_a_reader_may_read_but_not_write(client, personas) -> None:
    key = key_for(personas.reader)
    knr = personas.municipality.number
    assert_problem(
        call(
            client, "post", f"/kommuner/{knr}/planer", key, {"title": "X", "plan_type": "temaplan"}
        ),
        403,
    )
    assert not Plan.objects.exists()


def test_create_read_change_delete_with_etags(client, personas) -> None:
    key = key_for(personas.editor)
    knr = personas.municipality.number
    created = call(
        client,
        "post",
        f"/kommuner/{knr}/planer",
        key,
        {
            "title": "Kommuneplanens arealdel",
            "plan_type": "arealdel",
            "adopted_year": 2019,
            "revision_interval_years": 4,
            "sdgs": [11, 15],
        },
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["is_statutory"] is True and plan["next_revision"] == "2023-01-01"
    assert created["Location"].endswith(f"/planer/{plan['id']}")
    read = call(client, "get", f"/kommuner/{knr}/planer/{plan['id']}", key)
    etag = read["ETag"]
    assert etag == created["ETag"]
    # a write without If-Match is 428, with a stale one 412; nothing changes
    assert_problem(
        call(client, "patch", f"/kommuner/{knr}/planer/{plan['id']}", key, {"title": "Nytt"}), 428
    )
    assert_problem(
        call(
            client,
            "patch",
            f"/kommuner/{knr}/planer/{plan['id']}",
            key,
            {"title": "Nytt"},
            if_match='"stale"',
        ),
        412,
    )
    assert Plan.objects.get().title == "Kommuneplanens arealdel"
    changed = call(
        client,
        "patch",
        f"/kommuner/{knr}/planer/{plan['id']}",
        key,
        {"status": "under_revisjon"},
        if_match=etag,
    )
    assert changed.status_code == 200 and changed.json()["status"] == "under_revisjon"
    assert changed["ETag"] != etag
    stored = Plan.objects.get()
    assert stored.history.first().history_user == personas.editor
    assert_problem(
        call(client, "delete", f"/kommuner/{knr}/planer/{plan['id']}", key, if_match=etag), 412
    )
    deleted = call(
        client, "delete", f"/kommuner/{knr}/planer/{plan['id']}", key, if_match=changed["ETag"]
    )
    assert deleted.status_code == 204
    assert not Plan.objects.exists()


def test_unknown_fields_and_wrong_types_are_422_in_norwegian(client, personas) -> None:
    key = key_for(personas.editor)
    path = f"/kommuner/{personas.municipality.number}/planer"
    wrong = [
        ({"colour": "red"}, "colour", "Ukjent felt: API-et har ikke dette feltet."),
        ({"adopted_year": "i fjor"}, "adopted_year", "Må være et heltall."),
        ({"adopted_year": 2999}, "adopted_year", None),
        ({"adopted_date": "2099-01-01"}, "adopted_year", None),
        ({"title": "X\x00"}, "title", "Ugyldig verdi."),
        ({"sdgs": [18]}, "sdgs.0", "Tallet er for stort."),
    ]
    for extra, field, message in wrong:
        body = assert_problem(
            call(client, "post", path, key, {"title": "X", "plan_type": "temaplan", **extra}), 422
        )
        assert body["title"] == "Forespørselen har ugyldige verdier"
        assert body["errors"][0]["field"] == field
        assert message is None or body["errors"][0]["message"] == message
    body = assert_problem(call(client, "post", path, key, "{not json"), 400)
    assert body["detail"] == "Innholdet er ikke gyldig JSON."
    assert not Plan.objects.exists()


def test_pages_filters_and_huge_pages(client, personas) -> None:
    key = key_for(personas.reader)
    knr = personas.municipality.number
    for number in range(5):
        make_plan(
            personas.municipality, f"Plan {number}", status="utgaatt" if number % 2 else "gjeldende"
        )
    first = call(client, "get", f"/kommuner/{knr}/planer?limit=2", key).json()
    assert first["count"] == 5 and [item["title"] for item in first["items"]] == [
        "Plan 0",
        "Plan 1",
    ]
    assert "offset=2" in first["next"]
    last = call(client, "get", f"/kommuner/{knr}/planer?limit=2&offset=4", key).json()
    assert last["next"] is None and len(last["items"]) == 1 and last["count"] == 5
    beyond = call(client, "get", f"/kommuner/{knr}/planer?limit=2&offset=10", key).json()
    assert (beyond["count"], beyond["items"], beyond["next"]) == (5, [], None)
    everything = call(client, "get", f"/kommuner/{knr}/planer", key).json()
    assert everything["count"] == 5 and len(everything["items"]) == 5
    expired = call(client, "get", f"/kommuner/{knr}/planer?status=utgaatt", key).json()
    assert [item["title"] for item in expired["items"]] == ["Plan 1", "Plan 3"]
    later = call(client, "get", f"/kommuner/{knr}/planer?updated_since=2999-01-01T00:00:00Z", key)
    assert later.json()["count"] == 0
    body = assert_problem(call(client, "get", f"/kommuner/{knr}/planer?limit=100000", key), 400)
    assert body["errors"][0]["field"] == "limit"
    assert_problem(call(client, "get", f"/kommuner/{knr}/planer?offset=-1", key), 400)
    assert_problem(call(client, "get", f"/kommuner/{knr}/planer?status=nonsense", key), 422)


def test_the_cached_plan_list_is_ninjas_json_and_shows_a_change_at_once(client, personas) -> None:
    """The register's pages are cached as their JSON (machinery.cached_page): the same bytes as
    django-ninja writes a page it validated (a sync's page, `updated_since`, is not cached), the
    next page's address the request's own, a plan written shows on the next request, and an
    outsider is still 404."""
    key = key_for(personas.reader)
    knr = personas.municipality.number
    for number in range(3):
        make_plan(personas.municipality, f"Plan {number}", themes=["klima"], pages=number)
    path = f"/kommuner/{knr}/planer"
    since = "updated_since=1900-01-01T00:00:00Z"
    for query in ("?limit=5", "?limit=5&status=gjeldende"):
        first = call(client, "get", path + query, key)
        again = call(client, "get", path + query, key)  # from the cache
        validated = call(client, "get", f"{path}{query}&{since}", key)
        assert first.content == again.content == validated.content
        assert (
            first["Content-Type"] == validated["Content-Type"] == "application/json; charset=utf-8"
        )
    # Two addresses of the same page (one cached value): each its own next page's address.
    paged = call(client, "get", path + "?limit=2", key).json()
    assert paged["next"] == f"http://testserver{BASE}{path}?limit=2&offset=2"
    paged = call(client, "get", path + "?offset=0&limit=2", key).json()
    assert paged["next"] == f"http://testserver{BASE}{path}?offset=2&limit=2"
    make_plan(personas.municipality, "Plan 3")
    after = call(client, "get", path + "?limit=5", key).json()
    assert after["count"] == 4 and after["items"][-1]["title"] == "Plan 3"
    for user in personas.outsiders().values():
        assert_problem(call(client, "get", path + "?limit=5", key_for(user)), 404)


def test_the_rate_limit_answers_429_with_retry_after(client, personas, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (2, 60)}
    key = key_for(personas.reader)
    path = f"/kommuner/{personas.municipality.number}/planer"
    assert call(client, "get", path, key).status_code == 200
    assert call(client, "get", path, key).status_code == 200
    response = call(client, "get", path, key)
    assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1


# The read lists of the modules other than the plan register.
READ_LISTS = [
    "ryddevedtak",
    "frister",
    "statistikk",
    "planstrategier",
    "prosessplaner",
    "maal",
    "tiltak",
    "horinger",
]


@pytest.mark.parametrize("resource", READ_LISTS)
def test_the_read_lists_answer_members_and_hide_from_outsiders(client, personas, resource) -> None:
    knr = personas.municipality.number
    response = call(client, "get", f"/kommuner/{knr}/{resource}", key_for(personas.reader))
    assert response.status_code == 200 and response.json()["offset"] == 0
    assert_problem(
        call(client, "get", f"/kommuner/{knr}/{resource}", key_for(personas.outsider_admin)), 404
    )


def test_the_municipalities_are_those_of_the_user(client, personas) -> None:
    body = call(client, "get", "/kommuner", key_for(personas.adviser)).json()
    assert [(item["number"], item["capability"]) for item in body["items"]] == [
        (personas.municipality.number, "comment")
    ]


def test_the_openapi_document_is_3_1_with_problem_json(client, db) -> None:
    document = client.get(BASE + "/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    responses = document["paths"]["/api/v1/kommuner/{knr}/planer/{pk}"]["patch"]["responses"]
    assert set(responses["412"]["content"]) == {"application/problem+json"}
    assert client.get(BASE + "/docs").status_code == 200


def test_keys_are_made_shown_once_and_revoked_in_the_profile(client, personas) -> None:
    client.force_login(personas.reader)
    response = client.post(reverse("apikeys:token_new"), {"name": "Nettsiden"})
    token = ApiToken.objects.get(user=personas.reader)
    key = response.context["key"]
    assert key in response.content.decode() and token.key_hash == key_hash(key)
    assert "no-store" in response["Cache-Control"]
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Nettsiden" in profile and token.prefix in profile and key not in profile
    # another user cannot revoke it
    client.force_login(personas.outsider_admin)
    assert client.post(reverse("apikeys:token_delete", args=[token.pk])).status_code == 404
    client.force_login(personas.reader)
    assert client.post(reverse("apikeys:token_delete", args=[token.pk])).status_code == 302
    assert not ApiToken.objects.exists()
    assert client.post(reverse("apikeys:token_new"), {"name": ""}).status_code == 400


@pytest.mark.example_data(
    "ssb", "plans", "plantakt", "strategy", "processes", "goals", "participation"
)
def test_the_read_lists_give_tydals_example_data_as_documented(client, personas) -> None:
    """Each list returns the example data's rows (and the schema validates them on the way)."""
    for layer in ("ssb", "plans", "plantakt", "strategy", "processes", "goals", "participation"):
        example_data(layer, personas.municipality)
    key = key_for(personas.reader)
    knr = personas.municipality.number
    for resource in ["planer", *READ_LISTS]:
        response = call(client, "get", f"/kommuner/{knr}/{resource}?limit=100", key)
        assert (resource, response.status_code) == (resource, 200)
        assert (resource, response.json()["count"] > 0) == (resource, True)


@pytest.mark.example_data("plans", "strategy", "goals")
def test_a_goal_is_read_and_changed_with_its_version(client, personas) -> None:
    from samplan.goals.models import Goal

    example_data("goals", personas.municipality)
    goal = Goal.objects.filter(municipality=personas.municipality).first()
    knr = personas.municipality.number
    key = key_for(personas.editor)
    path = f"/kommuner/{knr}/maal/{goal.pk}"
    read = call(client, "get", path, key)
    assert read.status_code == 200 and read.json()["title"] == goal.title
    assert_problem(call(client, "patch", path, key, {"title": "Nytt mål"}), 428)
    assert_problem(call(client, "patch", path, key, {"title": "Nytt mål"}, if_match='"x"'), 412)
    assert_problem(call(client, "patch", path, key, {"owner": "x"}, if_match=read["ETag"]), 422)
    changed = call(
        client, "patch", path, key, {"title": "Nytt mål", "sdgs": [3, 3, 1]}, if_match=read["ETag"]
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["sdgs"] == [1, 3] and changed["ETag"] != read["ETag"]
    goal.refresh_from_db()
    assert goal.title == "Nytt mål" and goal.history.first().history_user == personas.editor
    reader = key_for(personas.reader)
    assert_problem(call(client, "patch", path, reader, {"title": "X"}, if_match="*"), 403)
    assert_problem(call(client, "get", path, key_for(personas.outsider_admin)), 404)


@pytest.mark.example_data("plans", "strategy", "goals")
def test_a_measure_is_changed_with_its_version_and_goals_of_the_municipality(
    client, personas
) -> None:
    from samplan.goals.models import Goal, Measure

    example_data("goals", personas.municipality)
    measure = Measure.objects.filter(municipality=personas.municipality).first()
    goal = Goal.objects.filter(municipality=personas.municipality).last()
    path = f"/kommuner/{personas.municipality.number}/tiltak/{measure.pk}"
    key = key_for(personas.editor)
    read = call(client, "get", path, key)
    assert read.status_code == 200 and read.json()["title"] == measure.title
    elsewhere = {"goal_ids": [10**9]}
    body = assert_problem(call(client, "patch", path, key, elsewhere, if_match=read["ETag"]), 422)
    assert body["errors"][0]["field"] == "goal_ids"
    changes = {"title": "Nytt tiltak", "goal_ids": [goal.pk], "costs": [1, 2, 3, 4]}
    changed = call(client, "patch", path, key, changes, if_match=read["ETag"])
    assert changed.status_code == 200, changed.content
    assert changed.json()["goal_ids"] == [goal.pk] and changed.json()["costs"] == [1, 2, 3, 4]
    assert_problem(call(client, "patch", path, key, {"title": "X"}, if_match=read["ETag"]), 412)
    measure.refresh_from_db()
    assert (
        measure.title == "Nytt tiltak" and measure.history.first().history_user == personas.editor
    )


@pytest.mark.example_data("plans", "strategy", "processes")
def test_a_process_plan_is_read_and_changed_with_its_version(client, personas) -> None:
    from samplan.processes.models import Process

    example_data("processes", personas.municipality)
    process = Process.objects.filter(municipality=personas.municipality).first()
    assert process.phases.exists()  # the example process has phases, so it keeps its result
    path = f"/kommuner/{personas.municipality.number}/prosessplaner/{process.pk}"
    key = key_for(personas.editor)
    read = call(client, "get", path, key)
    assert read.status_code == 200, read.content
    assert read.json()["desired_result"] == process.desired_result
    assert_problem(call(client, "patch", path, key, {"status": "avsluttet"}), 428)
    wrong = [
        {"starts_on": "2027-06-01", "ends_on": "2027-01-01"},  # the end before the start
        {"desired_result": ""},  # emptied while the process has phases
        {"status": "ferdig"},  # not a status
        {"phases": []},  # not a field of the API
    ]
    for body in wrong:
        assert_problem(call(client, "patch", path, key, body, if_match=read["ETag"]), 422)
    changes = {"status": "avsluttet", "owner": None, "ends_on": "2027-03-31"}
    changed = call(client, "patch", path, key, changes, if_match=read["ETag"])
    assert changed.status_code == 200, changed.content
    assert changed.json()["status"] == "avsluttet" and changed.json()["owner"] == ""
    assert_problem(call(client, "patch", path, key, {"name": "X"}, if_match=read["ETag"]), 412)
    process.refresh_from_db()
    assert (process.status, process.owner, str(process.ends_on)) == ("avsluttet", "", "2027-03-31")
    assert process.history.first().history_user == personas.editor
    reader = key_for(personas.reader)
    assert_problem(call(client, "patch", path, reader, {"name": "X"}, if_match="*"), 403)
    assert_problem(call(client, "get", path, key_for(personas.outsider_admin)), 404)


@pytest.mark.django_db
@pytest.mark.example_data("processes")
def test_a_consultation_lists_the_process_plan_it_is_tied_to(client, personas) -> None:
    import datetime

    from django.utils import timezone

    from samplan.participation.models import Consultation
    from samplan.processes.models import Process

    process = Process.objects.get(municipality=personas.municipality, is_example=True)
    consultation = Consultation.objects.create(
        municipality=personas.municipality,
        title="Innspill til sentrum",
        kind="innspillsrunde",
        subject="annet",
        summary="Kort",
        opens_on=datetime.date(2026, 11, 1),
        closes_at=timezone.now(),
        process=process,
    )
    knr = personas.municipality.number
    body = call(client, "get", f"/kommuner/{knr}/horinger", key_for(personas.reader)).json()
    [item] = [item for item in body["items"] if item["id"] == consultation.pk]
    assert item["process_id"] == process.pk
