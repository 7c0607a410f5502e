"""The per-process page cache (core/freshness): every kind of write makes the next read compute
afresh, nothing is shown stale or to the wrong user, and a CSRF token is never shared."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import reverse

from samplan.core import freshness
from samplan.municipalities.models import Membership, Role
from samplan.plans.models import Plan
from samplan.plans.tests.factories import PlanFactory
from samplan.strategy import services as strategy_services

pytestmark = pytest.mark.django_db


def version() -> int:
    freshness.forget_request_version()
    return freshness.data_version()


def test_every_kind_of_write_moves_the_counter(personas):
    seen = [version()]

    def moved() -> bool:
        seen.append(version())
        return seen[-1] > seen[-2]

    plan = PlanFactory(title="Første")
    assert moved()  # save (create)
    plan.title = "Andre"
    plan.save()
    assert moved()  # save (update)
    Plan.objects.filter(pk=plan.pk).update(pages=12)
    assert moved()  # QuerySet.update
    Plan.objects.bulk_create([Plan(municipality=personas.municipality, title="Tredje")])
    assert moved()  # bulk_create
    personas.county_org.municipalities.remove(personas.municipality)
    assert moved()  # many-to-many
    Plan.objects.filter(title="Tredje").delete()
    assert moved()  # QuerySet.delete
    personas.reader.name = "Nytt navn"
    personas.reader.save()
    assert moved()  # a user's name shows in member lists and the audit history


def test_a_login_or_a_rolled_back_write_does_not_move_it(client, personas):
    before = version()
    client.force_login(personas.editor)  # records last_login
    assert version() == before

    with pytest.raises(RuntimeError), transaction.atomic():
        PlanFactory(title="Angret")
        raise RuntimeError("rolled back")
    assert version() == before


def test_outside_a_request_the_counter_is_read_at_every_call(db):
    """A command or a background job may run long: it must see other processes' writes."""
    from django.db import connection

    first = freshness.data_version()
    with connection.cursor() as cursor:  # another process's write, as the database sees it
        cursor.execute(
            "UPDATE municipalities_dataversion SET version = version + 5 WHERE scope = 'data'"
        )
        if cursor.rowcount == 0:
            cursor.execute("INSERT INTO municipalities_dataversion VALUES ('data', 5)")
    assert freshness.data_version() == first + 5


def test_cached_computes_once_per_version_day_and_language(personas):
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert freshness.cached("test", compute, 1) == 1
    assert freshness.cached("test", compute, 1) == 1
    assert freshness.cached("test", compute, 2) == 2  # other parts
    PlanFactory()
    freshness.forget_request_version()
    assert freshness.cached("test", compute, 1) == 3  # data changed
    from django.utils import translation

    with translation.override("nn"):
        assert freshness.cached("test", compute, 1) == 4


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


def tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_each_user_gets_their_own_csrf_token_in_a_cached_page(client, personas):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    strategy = strategy_services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )
    strategy.priorities.create(title="Skole")
    url = reverse("strategy:detail", args=[personas.municipality.number, 2023])
    first, second = Client(), Client()
    first.force_login(personas.editor)
    second.force_login(personas.admin)

    first_page = first.get(url).content.decode()
    second_page = second.get(url).content.decode()  # the cached part, with the admin's token

    assert freshness.CSRF_PLACEHOLDER not in first_page + second_page
    first_tokens, second_tokens = tokens(first_page), tokens(second_page)
    assert first_tokens and second_tokens
    assert {_unmask_cipher_token(token) for token in first_tokens} == {
        first.cookies["csrftoken"].value
    }
    assert {_unmask_cipher_token(token) for token in second_tokens} == {
        second.cookies["csrftoken"].value
    }
    # and the admin's token works: the priority can be removed from the cached page's form
    priority = strategy.priorities.get()
    second.handler.enforce_csrf_checks = True
    action = reverse("strategy:priority_delete", args=["5033", 2023, priority.pk])
    response = second.post(action, {"csrfmiddlewaretoken": second_tokens.pop()})
    assert response.status_code == 302
    assert not strategy.priorities.exists()


def test_the_store_is_bounded_by_size_and_forgets_the_least_recently_used():
    store = freshness._LRU(3 * (2 * 1000 + 100))
    for number in range(5):
        store.set(number, str(number) * 1000)
        store.get(0)  # keep using the first
    assert len(store) == 3
    assert store.get(0) == (True, "0" * 1000)
    assert store.get(1) == (False, None) and store.get(2) == (False, None)
    assert store.get(4) == (True, "4" * 1000)
    assert store.used <= store.budget
    store.set("big", "x" * 10_000)  # bigger than the budget: kept alone
    assert len(store) == 1
