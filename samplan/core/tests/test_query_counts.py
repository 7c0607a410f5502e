"""The number of SQL queries of each main page, pinned.

Each page is counted cold (this process's page cache forgotten, everything computed, as with
caching switched off) and warm (computed data taken from the cache, see core/freshness), with
3 plans in the register and again with 40: the counts must not grow with the data (no N+1), and
a change in them shows up here. A logged-in page's warm count is the session with its user (one
query, read every request, so a deactivated user is logged out at once) and the versions of the
global data and of the municipality (one query); the memberships and the page's data come from
the cache.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samplan.core.testing import page_queries
from samplan.participation.tests.test_public import consultation  # noqa: F401 (a fixture)
from samplan.plans.models import Plan
from samplan.plans.tests.test_views import make_register
from samplan.strategy import services as strategy_services
from tests.snapshot import example_data

pytestmark = pytest.mark.django_db

KNR = "5033"

# page: (URL, who, (cold, warm))
PAGES = {
    # cold: + plantakt's national data, and every panel's reads in one query (core.modules.
    # PanelRead: the key figures' population series, the plan register's plans and peers, the
    # strategy, political arenas, process plans, goals, participation, guidance, and plantakt's
    # period with every module's dated items, core.queries.read_together); warm: the panels
    # come from the cache together
    "dashboard": (reverse("municipalities:dashboard", args=[KNR]), "editor", (5, 2)),
    # one read of the plans serves the table, the count and (cold) the serious findings, which
    # need no comparison with peer municipalities; warm, the unfiltered register is cached
    "plan register": (reverse("plans:list", args=[KNR]), "editor", (4, 2)),
    # cold: the plans and the peer municipalities' registers in one query
    "plan health": (reverse("plans:health", args=[KNR]), "editor", (4, 2)),
    # cold: the period's stored data, decisions, own items, the plans' revisions and every
    # module's dated items in one query (no read of the whole register for the revisions)
    "plantakt": (reverse("plantakt:wheel", args=[KNR]), "editor", (5, 2)),
    "plantakt list": (reverse("plantakt:list", args=[KNR]), "editor", (5, 2)),
    # cold: the plans and the period's decisions in one query, the strategy (is the period
    # frozen?); warm: the table with its rows cached per version of the municipality's data
    "clean-up": (reverse("plans:cleanup", args=[KNR]), "editor", (5, 2)),
    "statistics": (reverse("stats:figures", args=[KNR]), "editor", (5, 2)),
    # cold: its bodies, priorities, frozen versions with their files and three histories come
    # in one query, with the plans and the period's clean-up decisions (the clean-up table's
    # counts), the statements picked from the challenge picture and what other modules saved to
    # the strategy (political workshops)
    "strategy": (reverse("strategy:detail", args=[KNR, 2023]), "editor", (5, 2)),
    # cold: the members with the organisation's and its memberships' histories in one query,
    # the municipalities in its network's changes named from the network, whose municipalities
    # (with their counties and workspaces) are read when looked at (the user's memberships read
    # only their numbers and names: municipalities.permissions._followed_of)
    "county adviser's overview": (
        lambda p: reverse("municipalities:organisation", args=[p.county_org.slug]),
        "adviser",
        (7, 2),
    ),
    # cold: session with its user, memberships (2, the followed municipalities' numbers and
    # names with them; their instances read once more to cache the user's access map), the
    # versions of all of them, and the rows stored with the versions they were computed from
    # (guidance/summary.py; a row whose municipality was written since is computed again: the
    # registered status columns' bulk reads, then the row stored, pinned in
    # guidance/tests/test_summary.py); a board of over 50 (paged) reads the rows' heads, then
    # the page's rows (one more query, warm too: guidance/tests/test_board_pages.py)
    "status board": (
        lambda p: reverse("guidance:board", args=[p.county_org.slug]),
        "adviser",
        (7, 3),
    ),
    # cold: + the threads and meetings read with the status columns in one query
    "guidance": (reverse("guidance:municipality", args=[KNR]), "editor", (6, 2)),
    # the workshops are read afresh (a running one changes step by step)
    "political arenas": (reverse("politics:index", args=[KNR]), "editor", (4, 3)),
    # warm: the delegations; plantakt's period (the KL § 5-14 deadline) from the cache; cold:
    # the period with every module's calendar items
    "who decides what": (reverse("politics:roles", args=[KNR]), "editor", (6, 3)),
    "participation": (reverse("participation:index", args=[KNR]), "editor", (4, 3)),
    # session with its user, memberships, the provider (none yet: no log or history to read), read
    # afresh (the log changes at every login)
    "single sign-on settings": (
        lambda p: reverse("sso:settings", args=[p.workspace.slug]),
        "admin",
        (4, 3),
    ),
    # the organisations with a provider, for "log in with …"
    "login page": (reverse("accounts:login"), None, (1, 1)),
    # cold: the municipality, the data counter, the strategies on display (linked from it) and
    # the modules' public pages (whether there are public goals)
    "public municipality page": (reverse("municipalities:detail", args=[KNR]), None, (4, 1)),
    # the municipality and one query per source of events (plans, consultations, strategies,
    # plantakt's decision dates); not cached
    "atom feed": (reverse("feeds:municipality", args=[KNR]), None, (5, 5)),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.example_data("ssb")
def test_each_main_page_makes_a_fixed_number_of_queries(personas, name):
    example_data("ssb")
    strategy_services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    url, who, expected = PAGES[name]
    url = url(personas) if callable(url) else url
    client = Client()
    if who:
        client.force_login(getattr(personas, who))
    first = make_register(3)

    def get() -> None:
        assert client.get(url).status_code == 200

    get()  # per-process caches that never change (content types, language forms)
    small = page_queries(get)
    make_register(37, first)
    assert Plan.objects.count() == 40
    get()  # the boards' rows of the municipality written computed again and stored

    assert (name, page_queries(get)) == (name, small)
    assert (name, small) == (name, expected)


@pytest.mark.example_data("ssb")
def test_a_plans_page_makes_a_fixed_number_of_queries(personas):
    """A plan's page (the bench's "plan"), (cold, warm), with 3 plans and with 40: the plan, its
    decisions, its history and the plans replacing it are read once per version of the
    municipality's data (views.plan_detail), then only the session and the data versions."""
    example_data("ssb")
    client = Client()
    client.force_login(personas.editor)
    first = make_register(3)
    url = reverse("plans:detail", args=[KNR, first.pk])

    def get() -> None:
        assert client.get(url).status_code == 200

    get()
    small = page_queries(get)
    make_register(37, first)
    assert page_queries(get) == small == (8, 2)
    for edit in range(60):  # a history longer than the page shows (50 entries)
        first.title = f"Plan {edit}"
        first.save()
    assert page_queries(get) == small


# The same pages with caching switched off (DummyCache): every request computes everything, as
# right after a write, and no data versions are read (there is no cache to key).
PAGES_OFF = {
    "dashboard": 4,
    "plan register": 3,
    "plan health": 3,
    "plantakt": 4,
    "plantakt list": 4,
    "clean-up": 4,
    "statistics": 4,
    "strategy": 4,
    "county adviser's overview": 6,  # its network's municipalities read when looked at
    "status board": 4,  # the rows as stored, read with their versions (guidance/summary.py)
    "guidance": 5,
    "political arenas": 3,
    "who decides what": 5,
    "participation": 3,
    "public municipality page": 3,  # with the link to the public goals (goals.public_links)
    "single sign-on settings": 3,
    "login page": 1,
    "atom feed": 5,
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.example_data("ssb")
def test_with_the_cache_switched_off_no_data_versions_are_read(personas, settings, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    example_data("ssb")
    strategy_services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    url, who, _counts = PAGES[name]
    url = url(personas) if callable(url) else url
    client = Client()
    if who:
        client.force_login(getattr(personas, who))
    make_register(3)
    client.get(url)
    with CaptureQueriesContext(connection) as off:
        assert client.get(url).status_code == 200
    sql = [query["sql"] for query in off.captured_queries]
    if name != "status board":  # its stored rows are read with their versions (one query)
        assert not [query for query in sql if "core_dataversion" in query]
    assert (name, len(sql)) == (name, PAGES_OFF[name])


# The process plan's pages (samplan/processes), (cold, warm); the process page reads the
# political workshops saved to the process with its parts; the actor analysis reads the forces
# with who takes part in what (one query). Warm: the session, the data versions and the process
# (the page's content kept as markup per version of the municipality's data, processes.views).
PROCESS_PAGES = {"processes:detail": (8, 3), "processes:actors": (8, 3)}


@pytest.mark.parametrize("name", PROCESS_PAGES)
@pytest.mark.example_data("processes")
def test_the_process_pages_make_a_fixed_number_of_queries(personas, name):
    from samplan.processes import services as process_services
    from samplan.processes.models import Activity, Actor, Phase, Process, ProcessActor

    example_data("processes")
    process = Process.objects.get(municipality_id=KNR, is_example=True)
    client = Client()
    client.force_login(personas.editor)
    url = reverse(name, args=[KNR, process.pk])

    def get() -> None:
        assert client.get(url).status_code == 200

    get()
    small = page_queries(get)
    phase = process_services.phase_save(phase=Phase(process=process, title="Mer"), user=None)
    for number in range(5):
        actor = process_services.actor_save(
            actor=Actor(municipality_id=KNR, name=f"Aktør {number}", kind="gruppe"), user=None
        )
        role = process_services.role_save(
            role=ProcessActor(process=process, actor=actor), user=None
        )
        process_services.activity_save(
            activity=Activity(phase=phase, title=f"Aktivitet {number}", kind="annet"),
            participants=[role],
            user=None,
        )

    assert (name, page_queries(get)) == (name, small)
    assert (name, small) == (name, PROCESS_PAGES[name])


# The goal tree and the public goal page (goals app), with Tydal's example goals and again with
# ten more goals, each served by a measure: the counts do not grow with the goals.
GOAL_PAGES = {
    "goal tree": (reverse("goals:index", args=[KNR]), "editor"),
    "public goals": (reverse("goals:public", args=[KNR]), None),
}
# public goals, cold: the municipality with its workspace, the data versions, the action plan,
# the focus areas, the goals and their measures' costs; the goal tree, cold: the session, the
# data versions, the memberships and its reads in one query (the action plan, the focus areas,
# the goals, the measures' costs and the strategy's priorities to suggest)
GOAL_PAGE_QUERIES = {"goal tree": (4, 2), "public goals": (6, 1)}


def _more_goals(municipality: object) -> None:
    from samplan.goals.models import ActionPlan, FocusArea, Goal, Measure

    area = FocusArea.objects.filter(municipality=municipality).first()
    plan = ActionPlan.objects.get(municipality=municipality, first_year=2026)
    for number in range(10):
        goal = Goal.objects.create(
            municipality=municipality, focus_area=area, title=f"Mål {number}", public=True
        )
        measure = Measure.objects.create(
            municipality=municipality,
            action_plan=plan,
            title=f"Tiltak {number}",
            start_year=2026,
            kind="drift",
            cost_1=1000,
            public=True,
        )
        measure.goals.add(goal)


@pytest.mark.parametrize("name", GOAL_PAGES)
@pytest.mark.example_data("goals")
def test_goal_pages_make_a_fixed_number_of_queries(personas, name):
    import time_machine

    example_data("goals", personas.municipality)
    url, who = GOAL_PAGES[name]
    client = Client()
    if who:
        client.force_login(getattr(personas, who))

    def get() -> None:
        assert client.get(url).status_code == 200

    with time_machine.travel("2026-12-02 12:00", tick=False):
        get()
        small = page_queries(get)
        _more_goals(personas.municipality)
        assert (name, page_queries(get)) == (name, small)
    assert (name, small) == (name, GOAL_PAGE_QUERIES[name])


# The open API's plan list with an API key (samplan/api), (cold, warm): the key with its user,
# the rate-limit counter (one UPDATE that returns the count) and the data versions; cold also
# the memberships and the page of plans (no count: the page holds them all; warm the page is
# cached as its JSON, machinery.cached_page).
API_PLAN_LIST = (5, 3)


@pytest.mark.example_data("ssb")
def test_the_plan_list_api_makes_a_fixed_number_of_queries(personas):
    from samplan.api.services import token_create

    key = token_create(name="queries", user=personas.editor)[1]
    client = Client(headers={"Authorization": f"Bearer {key}"})
    url = f"/api/v1/kommuner/{KNR}/planer?limit=100"
    first = make_register(3)

    def get() -> None:
        assert client.get(url).status_code == 200

    get()
    small = page_queries(get)
    make_register(37, first)
    assert page_queries(get) == small
    assert small == API_PLAN_LIST


# The public consultation page (samplan/participation), anonymous, (cold, warm): cold the
# consultation with its municipality, the data versions, the questions, the published count
# with the documents (two queries) and the page of submissions; warm the consultation and the
# data versions (the rest cached per version of the municipality's data). The same with 3 and
# with 63 published submissions (two pages), on the first page and on the second.
PUBLIC_CONSULTATION = (6, 2)


def test_the_public_consultation_makes_a_fixed_number_of_queries(
    personas,
    consultation,  # noqa: F811 (the fixture of participation/tests/test_public.py)
):
    from samplan.participation import services as participation_services
    from samplan.participation.models import Moderation

    def submit(count: int) -> None:
        for number in range(count):
            participation_services.submission_create(
                consultation=consultation,
                contribution=participation_services.Contribution(
                    text=f"Innspill nummer {number}", anonymous=True, consent=True
                ),
                nonce=f"skjema-{count}-{number}",
            )
        consultation.submissions.update(moderation=Moderation.PUBLISHED)

    client = Client()
    url = reverse("participation:public", args=[personas.municipality.pk, consultation.pk])
    submit(3)
    counts = {}
    for side in ("", "?side=2"):

        def get(side: str = side) -> None:
            assert client.get(url + side).status_code == 200

        get()
        counts[side] = page_queries(get)
    submit(60)
    for side, small in counts.items():

        def get(side: str = side) -> None:
            assert client.get(url + side).status_code == 200

        assert (side, page_queries(get)) == (side, small)
        assert (side, small) == (side, PUBLIC_CONSULTATION)
