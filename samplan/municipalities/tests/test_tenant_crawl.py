"""The tenant-isolation crawl: enumerate Tydal's workspace by following links, then replay it
as every outsider.

The hand-written matrix in test_tenant_isolation.py lists one case per URL name. This test does
not trust a list: it logs in as Tydal's editor and admin, starts on the dashboard and follows
every same-site link, htmx address and GET form breadth-first, collecting the POST forms on the
way. Every address found that belongs to Tydal is then requested by Utsira's users of every role,
a county adviser of another county, a user with no membership and an anonymous visitor: they get
403, 404 or the login page, never a page with Tydal's data in it, and their posts to every form
change nothing. Public pages (the municipality's fact page, the strategy on public display) are
public on purpose; they must not show anything that is not public.
"""

from __future__ import annotations

import datetime
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from samplan.goals.models import FocusArea, Goal, Measure
from samplan.guidance.models import Comment, Meeting
from samplan.municipalities.testing import Personas
from samplan.municipalities.tests.test_tenant_isolation import OUTSIDERS, PUBLIC_URLS, snapshot
from samplan.plans.models import CleanupDecision, Plan
from samplan.plantakt import services as plantakt_services
from samplan.plantakt.models import OwnItem
from samplan.politics import services as politics_services
from samplan.processes.models import Force, Process
from samplan.stats.models import Statement
from samplan.strategy.models import ConsultationBody, Priority, Strategy
from samplan.strategy.services import strategy_get_or_create
from tests.snapshot import example_data

# The example data of Tydal's workspace (made once for the module's tests: tests/snapshot.py).
TYDAL_EXAMPLE_DATA = (
    "ssb",
    "plans",
    "plantakt",
    "strategy",
    "politics",
    "processes",
    "goals",
    "participation",
    "guidance",
)
pytestmark = pytest.mark.example_data(*TYDAL_EXAMPLE_DATA)

# Unique markers in data that only Tydal's members may see. None of them is public: the plan is
# not mentioned in the adopted strategy, the draft strategy is not on public display, the own
# item and the unselected statement are internal.
SECRET = "QZXTYDAL"
MARKERS = {
    "plan": f"{SECRET}-plan-title",
    "plan_note": f"{SECRET}-plan-note",
    "own_item": f"{SECRET}-own-item",
    "statement": f"{SECRET}-statement",
    "draft_strategy": f"{SECRET}-draft-trends",
    "draft_body": f"{SECRET}-draft-body",
    "draft_priority": f"{SECRET}-draft-priority",
    "workshop": f"{SECRET}-workshop",
    "process_force": f"{SECRET}-process-force",
    "goal": f"{SECRET}-goal",
    "guidance_comment": f"{SECRET}-guidance-comment",
    "meeting_notes": f"{SECRET}-meeting-notes",
}

# Never followed: logging out would end the crawl's session; the rest are not pages.
SKIP_PREFIXES = ("/logg-ut/", "/static/", "/media/", "/sprak/")
# Bounds: the crawl stops after this many fetches, and fetches at most this many addresses that
# differ only in their query string (filters, sorting, periods) per path.
MAX_FETCHES = 600
MAX_QUERIES_PER_PATH = 1
# ... and at most this many addresses of one view (the 36 example plans give 36 plan pages, 36
# edit forms and 36 delete forms of the same three views; a few of each test the view's check).
MAX_ADDRESSES_PER_VIEW = 4
# The crawl must find at least this many distinct Tydal addresses (90, four per view at most,
# when the cap was set; every module is checked by MUST_REACH below).
MIN_TENANT_URLS = 80
MIN_POST_FORMS = 25


class _PageParser(HTMLParser):
    """Collects link targets, htmx addresses and forms (with their default values)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        for name in ("href", "hx-get", "hx-post", "src", "action"):
            if name in attr and tag not in ("script", "img", "link", "form"):
                self.links.append(attr[name])
        if tag == "form":
            self._form = {
                "action": attr.get("action", ""),
                "method": attr.get("method", "get").upper(),
                "fields": [],
                "buttons": [],
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and attr.get("name"):
            kind = attr.get("type", "text")
            if kind == "submit":
                self._form["buttons"].append((attr["name"], attr.get("value", "")))
            elif kind not in ("checkbox", "radio") or "checked" in attr:
                fields.append((attr["name"], attr.get("value", "")))
        elif tag == "button" and attr.get("name"):
            self._form["buttons"].append((attr["name"], attr.get("value", "")))
        elif tag == "textarea" and attr.get("name"):
            self._textarea = attr["name"]
            fields.append((self._textarea, ""))
        elif tag == "select" and attr.get("name"):
            self._select = attr["name"]
        elif tag == "option" and self._select and "selected" in attr:
            fields.append((self._select, attr.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            name, text = self._form["fields"][-1]
            self._form["fields"][-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


@dataclass
class Crawl:
    """What a member's crawl found."""

    pages: dict[str, int] = field(default_factory=dict)  # address -> status
    content_types: dict[str, str] = field(default_factory=dict)
    # (action, submit button) -> the form's fields with their default values, and the button.
    post_forms: dict[tuple[str, Any], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    markers_seen: set[str] = field(default_factory=set)
    fetches: int = 0
    seconds: float = 0.0


def _same_site(base: str, target: str) -> str | None:
    """The same-site path (with query, without fragment) of a link target, or None."""
    target = target.strip()
    if not target or target.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urldefrag(urljoin(f"http://testserver{base}", target))[0]
    parts = urlsplit(absolute)
    if parts.netloc != "testserver":
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(SKIP_PREFIXES) else path


def _other_tenant(path: str, personas: Personas) -> bool:
    """An address of another municipality or organisation (the list of all 357 municipalities
    links to each one's public fact page): not part of Tydal's workspace, not followed."""
    parts = path.split("?", 1)[0].strip("/").split("/")
    if len(parts) >= 2 and parts[0] in ("kommune", "offentlig"):
        return parts[1] != personas.municipality.number
    if len(parts) >= 2 and parts[0] == "organisasjon":
        return parts[1] not in (personas.workspace.slug, personas.county_org.slug)
    return False


def crawl(client: Any, start: list[str], personas: Personas, earlier: Crawl | None = None) -> Crawl:
    """Breadth-first from `start`: GET every link, htmx GET address and GET form; collect POST
    forms (never submitted here, so the member's crawl changes nothing).

    A file an `earlier` member's crawl downloaded (a PDF, an ODT, a spreadsheet: no links in it)
    is recorded as that crawl found it, not made again: rendering the documents is most of a
    crawl's time, and a file has no addresses to find. Its address is still replayed."""
    found = Crawl()
    queue = deque(start)
    seen = set(start)
    queries_per_path: dict[str, int] = {}
    addresses_per_view: dict[str, int] = {}
    began = time.perf_counter()
    while queue and found.fetches < MAX_FETCHES:
        url = queue.popleft()
        if earlier is not None and _downloaded(earlier, url):
            found.pages[url] = earlier.pages[url]
            found.content_types[url] = earlier.content_types[url]
            continue
        response = client.get(url)
        found.fetches += 1
        found.pages[url] = response.status_code
        content_type = response.headers.get("Content-Type", "")
        found.content_types[url] = content_type
        found.markers_seen.update(_leaks(response.content))
        if response.status_code in (301, 302):
            targets = [response.url]
        elif response.status_code == 200 and content_type.startswith("text/html"):
            parser = _PageParser()
            parser.feed(response.content.decode())
            targets = list(parser.links)
            for form in parser.forms:
                action = _same_site(url, form["action"] or url)
                if action is None:
                    continue
                if form["method"] == "GET":
                    targets.append(action)
                    continue
                fields = tuple(
                    (name, value) for name, value in form["fields"] if name != "csrfmiddlewaretoken"
                )
                for button in form["buttons"] or [None]:
                    key = (action, button)
                    if key not in found.post_forms:
                        found.post_forms[key] = fields + ((button,) if button else ())
        else:
            targets = []
        for target in targets:
            path = _same_site(url, target)
            if path is None or path in seen or _other_tenant(path, personas):
                continue
            bare = path.split("?", 1)[0]
            if "?" in path:
                if queries_per_path.get(bare, 0) >= MAX_QUERIES_PER_PATH:
                    continue
                queries_per_path[bare] = queries_per_path.get(bare, 0) + 1
            view = _url_name(bare) or bare
            if addresses_per_view.get(view, 0) >= MAX_ADDRESSES_PER_VIEW:
                continue
            addresses_per_view[view] = addresses_per_view.get(view, 0) + 1
            seen.add(path)
            queue.append(path)
    found.seconds = time.perf_counter() - began
    return found


def _downloaded(earlier: Crawl, url: str) -> bool:
    """Whether the earlier crawl downloaded `url` as a file (200, not a page)."""
    return earlier.pages.get(url) == 200 and not earlier.content_types[url].startswith("text/html")


def _url_name(url: str) -> str:
    try:
        return resolve(url.split("?", 1)[0]).view_name
    except Resolver404:
        return ""


def belongs_to_tydal(url: str, personas: Personas) -> bool:
    """An address of Tydal's workspace: under /kommune/5033/ or an organisation page of Tydal's
    workspace or of the county that follows it."""
    path = url.split("?", 1)[0]
    slugs = (personas.workspace.slug, personas.county_org.slug)
    return f"/{personas.municipality.number}/" in path or any(
        f"/organisasjon/{slug}/" in path for slug in slugs
    )


def is_public(url: str) -> bool:
    """Public on purpose (PUBLIC_URLS in the matrix says why), or under /offentlig/."""
    return url.startswith("/offentlig/") or _url_name(url) in PUBLIC_URLS


@pytest.fixture
def tydal(personas: Personas) -> Personas:
    """Tydal's workspace filled like the demo (register, clean-up, plantakt, an adopted strategy),
    with secret markers in data only members may see."""
    municipality = personas.municipality
    # SSB's figures first, so the challenge picture has statements to edit.
    for name in TYDAL_EXAMPLE_DATA:
        example_data(name, municipality)
    Plan.objects.create(
        municipality=municipality,
        external_id="Q-1",
        title=MARKERS["plan"],
        plan_type="temaplan",
        status="gjeldende",
        adopted_year=2019,
        responsible_unit=MARKERS["plan_note"],
        pages=3,
    )
    OwnItem.objects.create(
        municipality=municipality,
        election_year=2023,
        title=MARKERS["own_item"],
        date=datetime.date(2026, 9, 1),
    )
    Statement.objects.update_or_create(  # the example strategy may have picked it already
        municipality=municipality, key="population_change", defaults={"text": MARKERS["statement"]}
    )
    draft = strategy_get_or_create(municipality=municipality, period_start=2027)
    draft.trends = MARKERS["draft_strategy"]
    draft.shared_with_members = True
    draft.save()
    ConsultationBody.objects.create(strategy=draft, name=MARKERS["draft_body"], kind="annet")
    Priority.objects.create(strategy=draft, title=MARKERS["draft_priority"])
    process = Process.objects.get(municipality=municipality, is_example=True)
    Force.objects.create(process=process, direction="mot", description=MARKERS["process_force"])
    # Guidance: an adviser's comment and the notes of an early-dialogue meeting.
    Comment.objects.filter(thread__municipality=municipality).update(
        text=MARKERS["guidance_comment"]
    )
    Meeting.objects.filter(municipality=municipality).update(notes=MARKERS["meeting_notes"])
    # A feed exists, so the subscription page offers regenerate and revoke.
    plantakt_services.feed_regenerate(municipality=municipality)
    # A running workshop (the example one is closed), so its projector view is reached.
    politics_services.workshop_create(
        municipality=municipality,
        title=MARKERS["workshop"],
        body="Kommunestyret",
        points=5,
        challenges=["En", "To"],
        proposals=["Tre"],
    )
    # A goal not marked public, under a public focus area: never on the public goal page.
    area = FocusArea.objects.filter(municipality=municipality, public=True).first()
    Goal.objects.create(municipality=municipality, focus_area=area, title=MARKERS["goal"])
    return personas


def member_crawl(client: Any, personas: Personas) -> tuple[Crawl, Crawl]:
    """Crawl as Tydal's editor and as its admin, from the dashboard and the front page, and from
    the draft strategy of the next period (no page links to a period other than the current)."""
    number = personas.municipality.number
    start = [
        reverse("municipalities:dashboard", args=[number]),
        "/",
        reverse("strategy:detail", args=[number, 2027]),
    ]
    crawls: list[Crawl] = []
    for member in (personas.editor, personas.admin):
        client.force_login(member)
        crawls.append(crawl(client, list(start), personas, crawls[0] if crawls else None))
    client.logout()
    return crawls[0], crawls[1]


def _leaks(body: bytes) -> list[str]:
    text = body.decode(errors="replace")
    return [name for name, marker in MARKERS.items() if marker in text]


def _refused(response: Any) -> bool:
    """403, 404 or a redirect to the login page."""
    if response.status_code in (403, 404):
        return True
    login = reverse("accounts:login")
    return response.status_code == 302 and response.url.startswith(f"{login}?next=")


def _check_members_crawl(editor: Crawl, admin: Crawl, personas: Personas) -> set[str]:
    """Both crawls got only successful answers and reached every module. Returns Tydal's
    addresses."""
    for found in (editor, admin):
        errors = {url: status for url, status in found.pages.items() if status >= 400}
        assert not errors, errors
    tenant = {url for url in {**editor.pages, **admin.pages} if belongs_to_tydal(url, personas)}
    assert len(tenant) >= MIN_TENANT_URLS, sorted(tenant)
    reached = {_url_name(url) for url in tenant}
    missing = sorted(set(MUST_REACH) - reached)
    assert not missing, f"the crawl never reached {missing}"
    return tenant


# Every module must be reached: register, detail, edit, health, clean-up, stats, plantakt,
# strategy, members, and the downloads (CSV, XLSX, ODS, ODT and PDF).
MUST_REACH = [
    "municipalities:dashboard",
    "municipalities:organisation",
    "municipalities:member_edit",
    "plans:list",
    "plans:create",
    "plans:import",
    "plans:detail",
    "plans:edit",
    "plans:delete",
    "plans:health",
    "plans:export",
    "plans:cleanup",
    "plans:cleanup_export",
    "plans:decision_edit",
    "plans:new_plan_decision",
    "stats:figures",
    "stats:challenges",
    "stats:statement_edit",
    "plantakt:wheel",
    "plantakt:timeline",
    "plantakt:list",
    "plantakt:period",
    "plantakt:item_new",
    "plantakt:item_edit",
    "plantakt:complete",
    "plantakt:ics",
    "plantakt:feed",
    "strategy:index",
    "strategy:detail",
    "strategy:status",
    "strategy:section",
    "strategy:body_edit",
    "strategy:members",
    "strategy:export",
    "strategy:public",
    "politics:index",
    "politics:workshop",
    "politics:projector",
    "politics:roles",
    "politics:delegation",
    "politics:assessment",
    "politics:assessment_document",
    "politics:course",
    "politics:forum",
    "politics:forum_new",
    "processes:index",
    "processes:detail",
    "processes:edit",
    "processes:result",
    "processes:question",
    "processes:phase_edit",
    "processes:activity_edit",
    "processes:actors",
    "processes:role_edit",
    "processes:force_edit",
    "processes:register",
    "processes:actor_edit",
    "processes:templates",
    "processes:template",
    "processes:timeline",
    "processes:history",
    "processes:overview",
    "processes:changes",
    "processes:export",
    "processes:worksheet",
    "goals:index",
    "goals:goal",
    "goals:goal_edit",
    "goals:indicator_values",
    "goals:plans",
    "goals:plan",
    "goals:plan_diff",
    "goals:measure",
    "goals:money",
    "goals:budget_import",
    "goals:follow_up",
    "goals:report",
    "goals:sdg",
    "goals:public",
    "goals:public_goal",
    "participation:index",
    "participation:detail",
    "participation:process",
    "participation:export",
    "participation:public",
    "participation:privacy",
    "guidance:municipality",
    "guidance:thread",
    "guidance:thread_new",
    "guidance:meeting",
    "guidance:meeting_edit",
    "guidance:meeting_new",
    "guidance:invite",
]
FILE_SUFFIXES = (".csv", ".xlsx", ".ods", ".odt", ".pdf", ".ics")

ANONYMOUS = "anonymous"


def share_out(
    addresses: list[Any], view_of: Callable[[Any], Any], who: list[str]
) -> dict[str, list[Any]]:
    """The addresses each of `who` replays: one or more of every view, so that every view is
    replayed by every one of them, and every address by at least one.

    A view's addresses (up to MAX_ADDRESSES_PER_VIEW per member's crawl: the same view on other
    objects, or with a query string) are checked by the same code, so each outsider need not
    replay all of them: they are dealt out in turn, and a view with more addresses than there
    are outsiders goes round again. The replay is then one address per view and outsider
    instead of every address (a third of the requests), with the same views and roles."""
    by_view: dict[Any, list[Any]] = {}
    for address in addresses:
        by_view.setdefault(view_of(address), []).append(address)
    shares: dict[str, list[Any]] = {name: [] for name in who}
    for group in by_view.values():
        for turn in range(max(len(group), len(who))):
            shares[who[turn % len(who)]].append(group[turn % len(group)])
    return shares


def _replay_gets(client: Any, urls: list[str]) -> tuple[dict, dict]:
    """GET every address; (not refused, leaking) addresses. Public ones may answer 200."""
    not_refused, leaked = {}, {}
    for url in urls:
        response = client.get(url)
        allowed = _refused(response) or (is_public(url) and response.status_code == 200)
        if not allowed:
            not_refused[url] = response.status_code
        if _leaks(response.content):
            leaked[url] = _leaks(response.content)
    return not_refused, leaked


def _replay_posts(client: Any, forms: dict) -> tuple[dict, dict]:
    """POST every form with the member's default values; (not refused, leaking) actions."""
    not_refused, leaked = {}, {}
    for (action, _button), fields in sorted(forms.items(), key=str):
        data: dict[str, list[str]] = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        response = client.post(action, data)
        if not _refused(response):
            not_refused[action] = response.status_code
        if _leaks(response.content):
            leaked[action] = _leaks(response.content)
    return not_refused, leaked


# Once, on PostgreSQL (the database of a host with many municipalities): who may see what is
# decided by the same queries on either database, and the matrix in test_tenant_isolation.py
# checks every view on both. The crawl is the slowest test of a run.
@pytest.mark.run_once("postgresql")
def test_crawl_of_tydal_replayed_by_every_outsider_is_refused_and_changes_nothing(
    client, tydal, capsys
):
    """One test, so the workspace is crawled once (the crawl is the slow part)."""
    began = time.perf_counter()
    editor, admin = member_crawl(client, tydal)
    tenant = _check_members_crawl(editor, admin, tydal)
    # The members do see the markers, so their absence below means something.
    assert editor.markers_seen == set(MARKERS), editor.markers_seen
    downloads = {url for url in tenant if url.split("?", 1)[0].endswith(FILE_SUFFIXES)}
    assert {url.rsplit(".", 1)[-1].split("?")[0] for url in downloads} >= {
        "csv",
        "xlsx",
        "ods",
        "odt",
        "pdf",
        "ics",
    }
    public = sorted(url for url in {**editor.pages, **admin.pages} if is_public(url))
    replay = sorted(tenant | set(public))
    forms = {
        key: fields
        for key, fields in {**editor.post_forms, **admin.post_forms}.items()
        if belongs_to_tydal(key[0], tydal)
    }
    assert len({action for action, _button in forms}) >= MIN_POST_FORMS
    requests = editor.fetches + admin.fetches + len(tenant)

    everyone = [*OUTSIDERS, ANONYMOUS]
    gets = share_out(replay, lambda url: _url_name(url) or url, everyone)
    posts = share_out(sorted(forms, key=str), lambda key: (_url_name(key[0]), key[1]), everyone)
    assert {url for share in gets.values() for url in share} == set(replay)
    assert {key for share in posts.values() for key in share} == set(forms)
    failures = {}
    for who in everyone:
        client.logout()
        if who != ANONYMOUS:
            client.force_login(getattr(tydal, who))
        not_refused, leaked = _replay_gets(client, gets[who])
        before = snapshot()
        post_not_refused, post_leaked = _replay_posts(
            client, {key: forms[key] for key in posts[who]}
        )
        changed = snapshot() != before
        requests += len(gets[who]) + len(posts[who])
        if not_refused or leaked or post_not_refused or post_leaked or changed:
            failures[who] = {
                "GET not refused": not_refused,
                "GET leaked": leaked,
                "POST not refused": post_not_refused,
                "POST leaked": post_leaked,
                "POST changed the database": changed,
            }

    assert not failures, failures
    with capsys.disabled():
        print(
            f"\ntenant crawl: {len(tenant)} Tydal addresses ({len(public)} public), "
            f"{len(forms)} POST forms, {len(downloads)} downloads; {requests} requests in "
            f"{time.perf_counter() - began:.0f} s"
        )


def test_the_draft_strategy_is_not_public_and_the_public_pages_show_no_secrets(client, tydal):
    number = tydal.municipality.number
    draft = client.get(reverse("strategy:public", args=[number, 2027]))
    draft_document = client.get(reverse("strategy:public_document", args=[number, 2027, "odt"]))
    adopted = client.get(reverse("strategy:public", args=[number, 2023]))
    facts = client.get(reverse("municipalities:detail", args=[number]))

    assert draft.status_code == 404
    assert draft_document.status_code == 404
    assert adopted.status_code == 200
    assert facts.status_code == 200
    for response in (draft, draft_document, adopted, facts):
        assert not _leaks(response.content)


def test_the_calendar_feed_needs_its_token(client, tydal):
    token = plantakt_services.feed_regenerate(municipality=tydal.municipality)
    number = tydal.municipality.number

    good = client.get(reverse("plantakt:feed_ics", args=[number, token]))
    wrong_token = token[:-1] + ("y" if token.endswith("x") else "x")
    wrong = client.get(reverse("plantakt:feed_ics", args=[number, wrong_token]))
    other = client.get(reverse("plantakt:feed_ics", args=[tydal.other_municipality.number, token]))

    assert good.status_code == 200
    assert MARKERS["own_item"] in good.content.decode()  # the token holder sees the items
    assert wrong.status_code == 404
    assert other.status_code == 404
    assert not _leaks(wrong.content) and not _leaks(other.content)


# The open API's objects by the segment before `{pk}` in its addresses: how to find Tydal's.
API_OBJECTS = {
    "tiltak": lambda personas: Measure.objects.filter(municipality=personas.municipality).first(),
    "planer": lambda personas: Plan.objects.get(
        municipality=personas.municipality, external_id="Q-1"
    ),
    "maal": lambda personas: Goal.objects.get(
        municipality=personas.municipality, title=MARKERS["goal"]
    ),
    "prosessplaner": lambda personas: Process.objects.get(
        municipality=personas.municipality, is_example=True
    ),
    "frister": lambda personas: OwnItem.objects.get(
        municipality=personas.municipality, title=MARKERS["own_item"]
    ),
    "ryddevedtak": lambda personas: CleanupDecision.objects.filter(
        municipality=personas.municipality
    ).first(),
    "planstrategier": lambda personas: Strategy.objects.get(
        municipality=personas.municipality, period_start=2027
    ),
}
# A valid body per method (and, for PATCH, per object: a process plan has a name, not a title),
# so that what refuses an outsider is the tenant check, not the body's validation.
API_BODIES = {"post": {"title": "Fiendtlig plan", "plan_type": "temaplan"}, "patch": {"title": "X"}}
API_PATCH_BODIES = {
    "prosessplaner": {"name": "X"},
    "ryddevedtak": {"rationale": "X"},
    "planstrategier": {"trends": "X"},
}
API_POST_BODIES = {
    "frister": {"title": "X", "date": "2026-01-01", "election_year": 2023},
    "ryddevedtak": {"period_start": 2023, "new_plan_title": "X"},
}


def _api_addresses(client: Any, personas: Personas) -> list[tuple[str, str, object]]:
    """Every (method, address, body) of Tydal in the OpenAPI document: the API is enumerated
    from its own document, not from a list (a new endpoint is replayed without being added
    here)."""
    document = client.get("/api/v1/openapi.json").json()
    found = []
    for path, operations in document["paths"].items():
        if "{knr}" not in path:
            continue
        address = path.replace("{knr}", personas.municipality.number)
        segment = path.split("/{pk}")[0].rsplit("/", 1)[-1]  # "frister" of …/frister(/{pk})
        if "{pk}" in path:
            assert segment in API_OBJECTS, f"no Tydal object for the API's {path}"
            address = address.replace("{pk}", str(API_OBJECTS[segment](personas).pk))
        for method in operations:
            body = API_BODIES.get(method)
            if method == "patch":
                body = API_PATCH_BODIES.get(segment, body)
            if method == "post":
                body = API_POST_BODIES.get(segment, body)
            found.append((method, address, body))
    return found


def test_every_api_address_of_tydal_is_refused_to_every_outsider_and_changes_nothing(client, tydal):
    """Tydal's API addresses from the OpenAPI document, each sent with every outsider's own API
    key (404, no marker in the answer) and without a key (401); nothing changes. Tydal's reader
    gets every GET with the markers of the register in it."""
    from samplan.api.services import token_create

    addresses = _api_addresses(client, tydal)
    assert len(addresses) >= 15
    member = token_create(name="crawl", user=tydal.reader)[1]
    member_bodies = b"".join(
        client.get(address, HTTP_AUTHORIZATION=f"Bearer {member}").content
        for method, address, _body in addresses
        if method == "get"
    )
    assert MARKERS["plan"].encode() in member_bodies and MARKERS["goal"].encode() in member_bodies
    before = snapshot()
    refused = {}
    for who in [*OUTSIDERS, ANONYMOUS]:
        key = token_create(name="crawl", user=getattr(tydal, who))[1] if who != ANONYMOUS else ""
        for method, address, body in addresses:
            headers = {"HTTP_IF_MATCH": "*"} | (
                {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
            )
            response = getattr(client, method)(
                address, body, content_type="application/json", **headers
            )
            expected = 401 if who == ANONYMOUS else 404
            if response.status_code != expected or _leaks(response.content):
                refused[(who, method, address)] = response.status_code
    assert not refused, refused
    assert snapshot() == before
