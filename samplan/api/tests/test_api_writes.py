"""The API's writes of own deadlines (plantakt), clean-up decisions and planning strategies:
validated by the pages' own forms and saved by the modules' services, with ETags, rights, the
same Norwegian messages as the pages and the key's user in the history."""

from __future__ import annotations

import datetime

from django.utils import timezone

from samplan.plans.models import CleanupDecision
from samplan.plantakt.models import MunicipalityPeriod, OwnItem
from samplan.plantakt.selectors import current_election_year
from samplan.strategy.models import Strategy

from .test_api import assert_problem, call, key_for, make_plan


def _refused(client, path: str, key: str, cases: list, method: str = "post", **headers) -> None:  # noqa: ANN001
    """Each (body, field, message) is a 422 problem about `field` (with `message`, if given)."""
    for body, field, message in cases:
        problem = assert_problem(call(client, method, path, key, body, **headers), 422)
        assert (body, problem["errors"][0]["field"]) == (body, field), problem
        assert message is None or problem["errors"][0]["message"] == message, problem


def test_a_deadline_is_made_read_changed_and_deleted_with_etags(client, personas) -> None:
    knr = personas.municipality.number
    key = key_for(personas.editor)
    body = {"title": "Budsjettmøte", "date": "2025-11-20", "election_year": 2023}
    made = call(client, "post", f"/kommuner/{knr}/frister", key, body)
    assert made.status_code == 201, made.content
    item = OwnItem.objects.get()
    assert made["Location"].endswith(f"/frister/{item.pk}") and made.json()["id"] == item.pk
    assert (item.municipality, item.election_year, item.title) == (
        personas.municipality,
        2023,
        "Budsjettmøte",
    )
    assert item.history.get().history_user == personas.editor
    path = f"/kommuner/{knr}/frister/{item.pk}"
    read = call(client, "get", path, key)
    assert read.status_code == 200 and read["ETag"] == made["ETag"]
    assert_problem(call(client, "patch", path, key, {"done_on": "2025-11-20"}), 428)
    assert_problem(call(client, "patch", path, key, {"title": "X"}, if_match='"gammel"'), 412)
    changes = {"done_on": "2025-11-20", "description": None}
    changed = call(client, "patch", path, key, changes, if_match=read["ETag"])
    assert changed.status_code == 200, changed.content
    assert changed.json()["done_on"] == "2025-11-20" and changed["ETag"] != read["ETag"]
    assert call(client, "get", path, key)["ETag"] == changed["ETag"]
    assert_problem(call(client, "delete", path, key), 428)
    assert_problem(call(client, "delete", path, key, if_match=read["ETag"]), 412)
    assert call(client, "delete", path, key, if_match=changed["ETag"]).status_code == 204
    assert not OwnItem.objects.exists()
    assert OwnItem.history.filter(history_type="-").get().history_user == personas.editor


def test_a_deadline_without_a_period_is_in_the_current_one(client, personas) -> None:
    today = timezone.localdate()
    body = {"title": "Møte", "date": today.isoformat()}
    made = call(
        client,
        "post",
        f"/kommuner/{personas.municipality.number}/frister",
        key_for(personas.editor),
        body,
    )
    assert made.status_code == 201, made.content
    assert made.json()["election_year"] == current_election_year(today)


def test_a_deadline_is_refused_as_the_page_refuses_it_and_nothing_is_written(
    client, personas
) -> None:
    knr = personas.municipality.number
    key = key_for(personas.editor)
    base = {"title": "Møte", "date": "2025-01-01", "election_year": 2023}
    outside = "Datoen må være innenfor valgperioden (2023–2027)."
    _refused(
        client,
        f"/kommuner/{knr}/frister",
        key,
        [
            ({**base, "date": "2031-01-01"}, "date", outside),
            ({**base, "election_year": 2024}, "election_year", None),
            ({**base, "date": "i morgen"}, "date", "Må være en dato (ÅÅÅÅ-MM-DD)."),
            ({**base, "title": 5}, "title", "Må være tekst."),
            ({**base, "title": " "}, "title", None),  # the form's required field
            ({**base, "colour": "rød"}, "colour", "Ukjent felt: API-et har ikke dette feltet."),
            ({"title": "Møte"}, "date", None),
        ],
    )
    item = OwnItem.objects.create(
        municipality=personas.municipality,
        election_year=2023,
        title="Møte",
        date=datetime.date(2025, 1, 1),
    )
    path = f"/kommuner/{knr}/frister/{item.pk}"
    _refused(client, path, key, [({"date": "2019-01-01"}, "date", outside)], "patch", if_match="*")
    _refused(
        client, path, key, [({"election_year": 2027}, "election_year", None)], "patch", if_match="*"
    )
    reader = key_for(personas.reader)
    assert_problem(call(client, "post", f"/kommuner/{knr}/frister", reader, base), 403)
    assert_problem(call(client, "patch", path, reader, {"title": "X"}, if_match="*"), 403)
    assert_problem(call(client, "delete", path, reader, if_match="*"), 403)
    assert list(OwnItem.objects.values_list("title", "date")) == [
        ("Møte", datetime.date(2025, 1, 1))
    ]
    assert item.history.count() == 1


def test_a_clean_up_decision_on_a_plan_is_made_and_changed_as_on_the_clean_up_page(
    client, personas
) -> None:
    knr = personas.municipality.number
    key = key_for(personas.editor)
    plan = make_plan(personas.municipality)
    target = make_plan(personas.municipality, "Temaplan for idrett", plan_type="temaplan")
    elsewhere = make_plan(personas.other_municipality, "Utsiras plan")
    body = {"period_start": 2023, "plan_id": plan.pk, "decision": "revidere", "target_year": 2025}
    made = call(client, "post", f"/kommuner/{knr}/ryddevedtak", key, body)
    assert made.status_code == 201, made.content
    decision = CleanupDecision.objects.get()
    assert (decision.plan, decision.decision, decision.target_year) == (plan, "revidere", 2025)
    assert decision.history.get().history_user == personas.editor
    _refused(
        client,
        f"/kommuner/{knr}/ryddevedtak",
        key,
        [
            (body, "plan_id", "Denne planen har allerede et vedtak i denne valgperioden."),
            (
                {**body, "plan_id": elsewhere.pk},
                "plan_id",
                "Det finnes ingen plan med denne id-en her.",
            ),
            ({**body, "period_start": 2024}, "period_start", None),
        ],
    )
    path = f"/kommuner/{knr}/ryddevedtak/{decision.pk}"
    etag = call(client, "get", path, key)["ETag"]
    assert etag == made["ETag"]
    assert_problem(call(client, "patch", path, key, {"rationale": "X"}), 428)
    merge = {"decision": "slå_sammen"}
    _refused(
        client,
        path,
        key,
        [
            (merge, "merge_into_id", "Velg planen den skal slås sammen med."),
            ({**merge, "merge_into_id": plan.pk}, "merge_into_id", None),  # into itself
            ({**merge, "merge_into_id": elsewhere.pk}, "merge_into_id", None),
            ({"decision": "ny_plan"}, "decision", None),  # not a decision on a plan
            ({"target_year": 2040}, "target_year", "Målåret må være innenfor valgperioden."),
            ({"new_plan_title": "X"}, "new_plan_title", None),  # not a field of this kind
            ({"plan_id": target.pk}, "plan_id", None),  # what the decision is about stays
        ],
        "patch",
        if_match=etag,
    )
    changes = {**merge, "merge_into_id": target.pk, "rationale": "Samles i én plan."}
    changed = call(client, "patch", path, key, changes, if_match=etag)
    assert changed.status_code == 200, changed.content
    assert changed.json()["merge_into_id"] == target.pk and changed["ETag"] != etag
    assert call(client, "get", path, key)["ETag"] == changed["ETag"]
    assert_problem(call(client, "patch", path, key, {"rationale": "X"}, if_match=etag), 412)
    decision.refresh_from_db()
    assert (decision.decision, decision.merge_into, decision.rationale) == (
        "slå_sammen",
        target,
        "Samles i én plan.",
    )
    assert decision.history.first().history_user == personas.editor
    assert_problem(
        call(client, "patch", path, key_for(personas.reader), {"rationale": "X"}, if_match="*"),
        403,
    )


def test_a_new_plan_that_is_needed_is_a_decision_without_a_plan(client, personas) -> None:
    path = f"/kommuner/{personas.municipality.number}/ryddevedtak"
    key = key_for(personas.editor)
    _refused(
        client,
        path,
        key,
        [
            ({"period_start": 2023}, "new_plan_title", None),
            ({"period_start": 2023, "new_plan_title": "X", "decision": "oppheve"}, "plan_id", None),
            (
                {"period_start": 2023, "new_plan_title": "X", "merge_into_id": 1},
                "merge_into_id",
                None,
            ),
        ],
    )
    assert not CleanupDecision.objects.exists()
    body = {"period_start": 2023, "new_plan_title": "Boligplan", "new_plan_type": "temaplan"}
    made = call(client, "post", path, key, body)
    assert made.status_code == 201, made.content
    assert (made.json()["decision"], made.json()["plan_id"]) == ("ny_plan", None)


def test_a_decision_changed_away_from_the_suggestion_drops_its_reasons(client, personas) -> None:
    reasons = [{"kind": "revision_overdue", "text": {"nb": "Revisjonen er forsinket."}}]
    decision = CleanupDecision.objects.create(
        municipality=personas.municipality,
        period_start=2023,
        plan=make_plan(personas.municipality),
        decision="revidere",
        reasons=reasons,
    )
    path = f"/kommuner/{personas.municipality.number}/ryddevedtak/{decision.pk}"
    key = key_for(personas.editor)
    for changes, kept in (({"rationale": "Viktig."}, reasons), ({"decision": "oppheve"}, [])):
        response = call(client, "patch", path, key, changes, if_match="*")
        assert response.status_code == 200, response.content
        decision.refresh_from_db()
        assert decision.reasons == kept


def test_the_decisions_of_a_period_whose_strategy_is_adopted_are_409(client, personas) -> None:
    knr = personas.municipality.number
    key = key_for(personas.editor)
    plan = make_plan(personas.municipality)
    other = make_plan(personas.municipality, "Temaplan for idrett", plan_type="temaplan")
    decision = CleanupDecision.objects.create(
        municipality=personas.municipality, period_start=2023, plan=plan, decision="revidere"
    )
    Strategy.objects.create(
        municipality=personas.municipality,
        period_start=2023,
        status="vedtatt",
        adopted_on=datetime.date(2024, 6, 1),
    )
    path = f"/kommuner/{knr}/ryddevedtak/{decision.pk}"
    problem = assert_problem(
        call(client, "patch", path, key, {"rationale": "X"}, if_match="*"), 409
    )
    assert problem["type"] == "urn:samplan:problem:frozen" and "01.06.2024" in problem["detail"]
    body = {"period_start": 2023, "plan_id": other.pk, "decision": "oppheve"}
    assert_problem(call(client, "post", f"/kommuner/{knr}/ryddevedtak", key, body), 409)
    assert list(CleanupDecision.objects.values_list("plan", "rationale")) == [(plan.pk, "")]


def test_a_strategy_is_read_and_changed_as_on_the_strategy_page(client, personas) -> None:
    knr = personas.municipality.number
    key = key_for(personas.editor)
    strategy = Strategy.objects.create(municipality=personas.municipality, period_start=2023)
    path = f"/kommuner/{knr}/planstrategier/{strategy.pk}"
    read = call(client, "get", path, key)
    assert read.status_code == 200 and read.json()["status"] == "utkast"
    assert_problem(call(client, "patch", path, key, {"trends": "X"}), 428)
    _refused(
        client,
        path,
        key,
        [
            (
                {"public_from": "2024-02-01", "statement_deadline": "2024-01-10"},
                "statement_deadline",
                "Fristen for uttalelser må være etter at forslaget er lagt ut offentlig.",
            ),
            (
                {"status": "offentlig_ettersyn"},
                "public_from",
                "Skriv inn datoen forslaget ble lagt ut til offentlig ettersyn.",
            ),
            ({"trends": 5}, "trends", "Må være tekst."),
            ({"period_start": 2027}, "period_start", None),
            ({"master_plan_decision": "rive"}, "master_plan_decision", None),
        ],
        "patch",
        if_match=read["ETag"],
    )
    changes = {
        "status": "offentlig_ettersyn",
        "public_from": "2024-02-01",
        "council_meeting": "2024-04-01",
        "constituted_on": "2023-10-19",
        "trends": "  Folketallet går ned.  ",
    }
    changed = call(client, "patch", path, key, changes, if_match=read["ETag"])
    assert changed.status_code == 200, changed.content
    assert changed.json()["trends"] == "Folketallet går ned." and changed["ETag"] != read["ETag"]
    assert changed.json()["constituted_on"] == "2023-10-19"
    assert call(client, "get", path, key)["ETag"] == changed["ETag"]  # the version as stored
    stored = MunicipalityPeriod.objects.get(municipality=personas.municipality, election_year=2023)
    assert stored.constituted_on == datetime.date(2023, 10, 19)
    strategy.refresh_from_db()
    assert strategy.status == "offentlig_ettersyn"
    assert strategy.history.first().history_user == personas.editor
    assert_problem(call(client, "patch", path, key, {"trends": "X"}, if_match=read["ETag"]), 412)
    # going back a status asks for a reason in Samplan: the form offers only the steps forward
    back = [({"status": "utkast"}, "status", None)]
    _refused(client, path, key, back, "patch", if_match=changed["ETag"])
    reader = key_for(personas.reader)
    assert_problem(call(client, "patch", path, reader, {"trends": "X"}, if_match="*"), 403)
    assert_problem(call(client, "get", path, key_for(personas.outsider_admin)), 404)


def test_an_adopted_strategy_is_refused_with_409(client, personas) -> None:
    strategy = Strategy.objects.create(
        municipality=personas.municipality,
        period_start=2019,
        status="vedtatt",
        adopted_on=datetime.date(2020, 6, 1),
        trends="Vedtatt tekst.",
    )
    path = f"/kommuner/{personas.municipality.number}/planstrategier/{strategy.pk}"
    key = key_for(personas.editor)
    for body in ({"trends": "Ny tekst."}, {"statement_deadline": "2020-01-01"}):
        problem = assert_problem(call(client, "patch", path, key, body, if_match="*"), 409)
        assert "Planstrategien 2019–2023 er vedtatt" in problem["detail"]
    strategy.refresh_from_db()
    assert strategy.trends == "Vedtatt tekst." and strategy.history.count() == 1
