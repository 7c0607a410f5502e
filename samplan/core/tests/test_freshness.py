"""The page cache (core/freshness): every kind of write makes the next read of its municipality
compute afresh, other municipalities stay warm, nothing is shown stale or to the wrong user, and
a failing cache store never breaks a page."""

from __future__ import annotations

import logging

import pytest
from django.db import transaction
from django.urls import reverse

from samplan.core import freshness
from samplan.municipalities.models import Membership, Role
from samplan.plans.models import Plan
from samplan.plans.tests.factories import PlanFactory
from samplan.strategy import services as strategy_services

pytestmark = pytest.mark.django_db


def versions(municipality) -> tuple[int, ...]:
    freshness.forget_request_version()
    return freshness.versions(municipality.pk)


def test_every_kind_of_write_moves_its_municipality_s_version(personas):
    tydal = personas.municipality
    seen = [versions(tydal)]

    def moved() -> bool:
        seen.append(versions(tydal))
        return seen[-1] > seen[-2]

    plan = PlanFactory(title="Første")
    assert moved()  # save (create)
    plan.title = "Andre"
    plan.save()
    assert moved()  # save (update)
    Plan.objects.filter(pk=plan.pk).update(pages=12)
    assert moved()  # QuerySet.update
    Plan.objects.bulk_create([Plan(municipality=tydal, title="Tredje")])
    assert moved()  # bulk_create
    personas.county_org.municipalities.remove(tydal)
    assert moved()  # many-to-many (an organisation: the global version)
    Plan.objects.filter(title="Tredje").delete()
    assert moved()  # QuerySet.delete
    personas.reader.name = "Nytt navn"
    personas.reader.save()
    assert moved()  # a user's name shows in member lists and the audit history (global)
    strategy = strategy_services.strategy_get_or_create(municipality=tydal, period_start=2023)
    assert moved()
    strategy.priorities.create(title="Skole")
    assert moved()  # a row that belongs to the municipality through its strategy


def test_a_write_in_one_municipality_does_not_move_another_s_version(personas):
    tydal, utsira = personas.municipality, personas.other_municipality
    before_tydal, before_utsira = versions(tydal), versions(utsira)

    PlanFactory(municipality=utsira, title="Utsira sin plan")
    strategy_services.strategy_get_or_create(municipality=utsira, period_start=2023)

    assert versions(tydal) == before_tydal
    assert versions(utsira) > before_utsira


def test_a_login_or_a_rolled_back_write_does_not_move_it(client, personas):
    before = versions(personas.municipality)
    client.force_login(personas.editor)  # records last_login
    assert versions(personas.municipality) == before

    with pytest.raises(RuntimeError), transaction.atomic():
        PlanFactory(title="Angret")
        raise RuntimeError("rolled back")
    assert versions(personas.municipality) == before


def test_outside_a_request_the_versions_are_read_at_every_call(personas):
    """A command or a background job may run long: it must see other processes' writes."""
    from django.db import connection

    first = freshness.data_version(personas.municipality.pk)
    with connection.cursor() as cursor:  # another process's write, as the database sees it
        cursor.execute(
            "INSERT INTO core_dataversion (scope, version) VALUES ('global', 5) "
            "ON CONFLICT (scope) DO UPDATE SET version = core_dataversion.version + 5"
        )
    assert freshness.data_version(personas.municipality.pk) >= first + 5


def test_cached_computes_once_per_version_day_and_language(personas):
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    tydal = personas.municipality.pk
    assert freshness.cached("test", compute, 1, municipality=tydal) == 1
    assert freshness.cached("test", compute, 1, municipality=tydal) == 1
    assert freshness.cached("test", compute, 2, municipality=tydal) == 2  # other parts
    PlanFactory()
    freshness.forget_request_version()
    assert freshness.cached("test", compute, 1, municipality=tydal) == 3  # data changed
    from django.utils import translation

    with translation.override("nn"):
        assert freshness.cached("test", compute, 1, municipality=tydal) == 4


def test_a_write_in_one_municipality_keeps_another_s_values_warm(personas):
    tydal, utsira = personas.municipality.pk, personas.other_municipality.pk
    calls: list[str] = []

    def compute(name: str) -> str:
        calls.append(name)
        return name

    for knr in (tydal, utsira):
        freshness.cached("test", lambda knr=knr: compute(knr), municipality=knr)
    PlanFactory(municipality=personas.other_municipality)  # a write in Utsira
    freshness.forget_request_version()
    for knr in (tydal, utsira):
        freshness.cached("test", lambda knr=knr: compute(knr), municipality=knr)

    assert calls == [tydal, utsira, utsira]  # Tydal's value still warm, Utsira's computed


def test_cached_values_are_copies(personas):
    first = freshness.cached("test", lambda: {"plans": [1]}, municipality=None)
    first["plans"].append(2)
    assert freshness.cached("test", lambda: {}, municipality=None) == {"plans": [1]}


def test_an_immutable_value_is_shared_unpickled_until_its_data_changes(personas, monkeypatch):
    tydal = personas.municipality.pk
    first = freshness.cached("test", lambda: ("a", (1,)), municipality=tydal, immutable=True)
    monkeypatch.setattr(freshness, "cache", BrokenCache())  # not asked again
    assert freshness.cached("test", lambda: (), municipality=tydal, immutable=True) is first
    monkeypatch.undo()
    PlanFactory()
    freshness.forget_request_version()
    assert freshness.cached("test", lambda: ("b",), municipality=tydal, immutable=True) == ("b",)
    for number in range(freshness._decoded.size + 1):  # bounded: the oldest is forgotten
        freshness.cached("test", lambda: (), number, municipality=tydal, immutable=True)
    assert len(freshness._decoded) == freshness._decoded.size


class BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("redis is down")

    set = get


def test_a_cache_that_fails_never_breaks_a_page(client, personas, caplog, monkeypatch):
    """A stopped or slow Redis: pages are computed without it, a warning is logged, the
    cache is skipped for a while and /healthz says so."""
    monkeypatch.setattr(freshness, "cache", BrokenCache())
    client.force_login(personas.editor)
    url = reverse("plans:health", args=[personas.municipality.number])

    with caplog.at_level(logging.WARNING, logger="samplan.core.freshness"):
        assert client.get(url).status_code == 200
    assert "Page cache unavailable" in caplog.text
    assert not freshness._health.usable()  # skipped: no timeout on the next pages
    assert client.get(url).status_code == 200

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


@pytest.mark.parametrize(
    "page",
    [
        "plans:list",
        "plans:health",
        "municipalities:dashboard",
    ],
)
def test_pages_show_a_write_made_elsewhere_at_once(client, personas, page):
    """Another app process (here: the ORM outside any request) renames a plan: the next page
    view shows the new title, though the page was cached with the old one."""
    plan = PlanFactory(title="Gammel helseplan", plan_type="temaplan", status="gjeldende")
    PlanFactory(title="Gammel helseplan", plan_type="temaplan", status="gjeldende")  # a finding
    client.force_login(personas.editor)
    url = reverse(page, args=[personas.municipality.number])
    assert "Gammel helseplan" in client.get(url).content.decode()
    assert "Gammel helseplan" in client.get(url).content.decode()  # from the cache

    Plan.objects.filter(title="Gammel helseplan").update(title="Ny helseplan")
    plan.refresh_from_db()

    page_text = client.get(url).content.decode()
    assert "Ny helseplan" in page_text and "Gammel helseplan" not in page_text


def test_removing_a_membership_takes_access_away_at_once(client, personas):
    client.force_login(personas.reader)
    url = reverse("municipalities:dashboard", args=[personas.municipality.number])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # access map cached

    Membership.objects.filter(user=personas.reader).delete()

    assert client.get(url).status_code == 404


def test_a_deactivated_user_or_a_changed_password_logs_out_at_once(client, personas):
    from django.test import Client

    url = reverse("municipalities:dashboard", args=[personas.municipality.number])
    client.force_login(personas.reader)
    other = Client()
    other.force_login(personas.editor)
    assert client.get(url).status_code == other.get(url).status_code == 200  # users cached

    personas.reader.is_active = False
    personas.reader.save()
    personas.editor.set_password("et-nytt-og-langt-passord")
    personas.editor.save()

    assert client.get(url).status_code == 302  # to the login page
    assert other.get(url).status_code == 302


def test_a_role_change_shows_at_once(client, personas):
    strategy_services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    url = reverse("strategy:detail", args=[personas.municipality.number, 2023])
    add = reverse("strategy:priority_add", args=["5033", 2023])
    client.force_login(personas.reader)
    assert add not in client.get(url).content.decode()
    assert add not in client.get(url).content.decode()

    Membership.objects.filter(user=personas.reader).update(role=Role.EDITOR)

    assert add in client.get(url).content.decode()


@pytest.mark.run_once("postgresql")  # PostgreSQL's query plans
@pytest.mark.django_db
def test_versions_read_splits_its_parameter_once_in_a_generic_plan():
    """Prepared statements are planned generically after a few executions: the scopes' text
    must be split once (a join), not again for every row of the versions table (`scope =
    ANY(string_to_array($1, ','))` did, 7 ms of the server's CPU for a board of 357)."""
    from django.db import connection

    sql = freshness.VERSIONS_SQL.replace("%s", "$1")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE samplan_versions_plan (text) AS {sql}")
        try:
            cursor.execute("EXPLAIN EXECUTE samplan_versions_plan('global,m:0301')")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE samplan_versions_plan")
    filters = [line for line in plan.splitlines() if "Filter:" in line]
    assert not any("string_to_array" in line for line in filters), plan
    assert "Join" in plan, plan  # the split scopes joined to the table
