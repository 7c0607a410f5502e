"""Where a page's time goes: the bench pages rendered in-process, with caching off.

For each page of `bench/run.py` (the same paths and users, of the first synthetic municipality):
the CPU time of one request (the mean of N, after a warm-up, measured without the profiler) and
the SQL queries of one request made cold; and the CPU time the database server's process spent on
one request (planning and executing its queries: it runs on the same cores under the bench; read
from /proc, in steps of the clock tick, 10 ms: measure 100 requests or more for a figure to
compare). With a page name, also a cProfile of N requests of
that page, printed (cumulative and own time) and saved to `profile.prof` (read it with
`python -m pstats profile.prof`). The workshop vote POST is measured as the bench makes it:
30 phones in turn, each with its session and CSRF token, posting the same points.

With --cached, Samplan's page cache is on (as `make bench` without "page cache off"): each page
is requested once to warm it, and the figures are those of warm requests; the queries are
given cold (the cache cleared first) and warm.

    make profile                                               # every page, 20 requests each
    make profile PAGE="plan register"                          # and that page's profile
    .venv/bin/python bench/profile_pages.py --prepare          # the database made afresh
    .venv/bin/python bench/profile_pages.py 50 "plan register" # one page, and its profile
    .venv/bin/python bench/profile_pages.py --cached 50 "vote" # the page cache on, warm

The database is `samplan_profile` on the bench's PostgreSQL server (BENCH_POSTGRES_URL;
BENCH_DATABASE names another), made like the bench's database at 1 municipality when it does
not exist (about a minute) or with --prepare. CPU time is
the process's own, so other work on the machine moves it less than wall time, but still by
a fifth or more on a busy machine: compare old and new code back to back. Under `make bench`
(16 connections, 2 cores) a page serves about 1,000 / (its CPU ms) × 2 × 0.8 requests a second,
where its CPU is the process's and the database's together, plus the serving (a new connection
per request and sending the response: 1–2 ms, more for a large page; bench/serve_cpu.py measures
the served request's parts).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("BENCH_DATABASE", "samplan_profile")
sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402  (bench/run.py: the pages, the database and the environment)


def prepare() -> None:
    """A fresh profiling database, seeded as the bench's at 1 municipality."""
    bench.prepare_database(1)


def database_exists() -> bool:
    import psycopg

    with psycopg.connect(f"{bench.SERVER.rstrip('/')}/postgres") as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [bench.DATABASE]
        ).fetchone()
    return found is not None


def bench_pages() -> list[dict]:
    """The bench's pages of the first municipality."""
    from django.db.models import Count

    from samplan.municipalities.models import Municipality, Organisation
    from samplan.participation.models import Consultation
    from samplan.plans.models import Plan
    from samplan.politics.models import Workshop
    from samplan.processes.models import Process

    municipality = Municipality.objects.filter(plans__isnull=False).order_by("number").first()
    if municipality is None:
        raise SystemExit("No synthetic municipality: run with --prepare first.")
    county = Organisation.objects.get(kind="fylkeskommune", county=municipality.county)
    biggest = (
        Organisation.objects.filter(kind="fylkeskommune")
        .annotate(followed=Count("municipalities"))
        .order_by("-followed")
        .first()
    )
    extra = {"big_county": biggest.county_id, "big_county_slug": biggest.slug}
    if process := Process.objects.filter(municipality=municipality).first():
        extra["process"] = str(process.pk)
    if consultation := Consultation.objects.filter(municipality=municipality).first():
        extra["consultation"] = str(consultation.pk)
    if workshop := Workshop.objects.filter(municipality=municipality, step="prikker").first():
        extra["workshop"] = f"{workshop.pk}:{workshop.key}"
    # A plan's page: the first plan with history (edited since it was made), as bench/run.py's.
    edited = Plan.history.filter(municipality=municipality).values("id").annotate(n=Count("pk"))
    if plan := edited.filter(n__gt=1).order_by("id").values_list("id", flat=True).first():
        extra["plan"] = str(plan)
    return bench.pages_for(municipality.number, municipality.county_id, county.slug, extra)


class Phones:
    """The vote POST's thirty phones (bench/run.py's sessions), each a client that posts the
    page's body with its session and CSRF token, in turn, as bench/wrk-vote.lua does."""

    def __init__(self, page: dict) -> None:
        from django.test import Client

        bench._vote_sessions(page)  # the sessions, the body and one vote made
        self.clients = []
        for pair in page["sessions"].split():
            session, secret = pair.split(":")
            client = Client(enforce_csrf_checks=True)
            client.cookies["sessionid"] = session
            client.cookies["csrftoken"] = secret
            self.clients.append((client, secret))
        self.body = page["body"]
        self.path = page["path"]
        self.turn = 0

    def post(self) -> object:
        client, secret = self.clients[self.turn % len(self.clients)]
        self.turn += 1
        return client.post(
            self.path,
            self.body,
            content_type="application/x-www-form-urlencoded",
            headers={"X-CSRFToken": secret, "Referer": "http://127.0.0.1/"},
        )


class Split:
    """The CPU time spent rendering templates and running SQL queries (executing them and
    fetching their rows, not making model instances), measured around Django's template
    backend and the database's execute wrapper. A template rendered inside another counts once."""

    def __init__(self) -> None:
        self.template = self.sql = 0.0
        self.depth = 0

    def totals(self) -> tuple[float, float]:
        return self.template, self.sql

    @contextmanager
    def measuring(self) -> Iterator[None]:
        from django.db import connection
        from django.template.backends.django import Template

        self.template = self.sql = 0.0
        original = Template.render
        split = self

        def render(template, context=None, request=None):  # noqa: ANN001, ANN202
            split.depth += 1
            started = time.process_time()
            try:
                return original(template, context, request)
            finally:
                split.depth -= 1
                if split.depth == 0:
                    split.template += time.process_time() - started

        def execute(run, sql, params, many, context):  # noqa: ANN001, ANN202
            started = time.process_time()
            try:
                return run(sql, params, many, context)
            finally:
                elapsed = time.process_time() - started
                split.sql += elapsed
                if split.depth:  # a query made while a template renders is not template time
                    split.template -= elapsed

        Template.render = render
        try:
            with connection.execute_wrapper(execute):
                yield
        finally:
            Template.render = original


split = Split()


def measure(pages: list[dict], requests: int, profile_name: str, cached: bool = False) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from samplan.core import freshness

    queries = 0

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    clients: dict[str, Client] = {}
    # A page's whole name picks that page alone ("plan"), else every page whose name holds it.
    exact = profile_name in {page["name"] for page in pages}
    for page in pages:
        if profile_name and profile_name not in page["name"]:
            continue
        if exact and page["name"] != profile_name:
            continue
        if page.get("vote"):
            phones = Phones(page)
            page["request"] = phones.post
            expected = 302
        else:
            expected = 200
        if page.get("api_key_for"):
            page["headers"] = [f"Authorization: Bearer {bench._api_key(page['api_key_for'])}"]
        email = page["user"]
        if email not in clients:
            clients[email] = Client()
            if email:
                clients[email].force_login(get_user_model().objects.get(email=email))
        client = clients[email]
        headers = dict(header.split(": ", 1) for header in page.get("headers", []))
        get = page.get("request") or functools.partial(client.get, page["path"], headers=headers)
        response = get()
        if response.status_code != expected:
            raise SystemExit(f"{page['name']}: {page['path']} answered {response.status_code}")
        freshness.clear()
        queries = 0
        with connection.execute_wrapper(count):
            get()
        cold = queries
        queries = 0
        with connection.execute_wrapper(count):
            get()
        started, database_started = time.process_time(), database_cpu()
        for _request in range(requests):
            get()
        ms = (time.process_time() - started) / requests * 1000
        database_ms = (database_cpu() - database_started) / requests * 1000
        with split.measuring():
            for _request in range(requests):
                get()
        template_ms, sql_ms = (part / requests * 1000 for part in split.totals())
        warm = f", {queries:2d} warm" if cached else ""
        print(
            f"{page['name']:34s} {ms:6.1f} ms CPU (templates {template_ms:5.1f}, "
            f"SQL {sql_ms:4.1f}; database {database_ms:4.1f}) {cold:3d} queries cold{warm}  "
            f"{page['path']}"
        )
        if profile_name:
            profiled(get, requests)


def database_cpu() -> float:
    """The CPU seconds the PostgreSQL server process of this connection has used (user and
    system, from /proc: the server on this machine), 0 when they cannot be read. It counts what
    the in-process figure does not: parsing, planning and executing the queries."""
    from django.db import connection

    connection.ensure_connection()
    try:
        pid = connection.connection.info.backend_pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (AttributeError, OSError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def profiled(request: Callable[[], object], requests: int) -> None:
    """A cProfile of `requests` calls of `request`, printed and saved to profile.prof. CPU time,
    not wall time: other work on the machine moves it less."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _request in range(requests):
        request()
    profiler.disable()
    profiler.dump_stats("profile.prof")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(30)


def start(cached: bool) -> None:
    """Django set up on the bench's database, the page cache on (the default size, as the
    bench's server) or off (every request computes its page)."""
    os.environ.update(bench.environment())
    if cached:
        os.environ.pop("SAMPLAN_PAGE_CACHE_MB", None)
    else:
        os.environ["SAMPLAN_PAGE_CACHE_MB"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description="The bench pages' CPU time, in-process")
    parser.add_argument("requests", type=int, nargs="?", default=20)
    parser.add_argument("page", nargs="?", default="", help="part of a page's name: profile it")
    parser.add_argument("--prepare", action="store_true", help="make the database first")
    parser.add_argument(
        "--cached", action="store_true", help="the page cache on, warmed: warm requests measured"
    )
    args = parser.parse_args()
    if args.prepare or not database_exists():
        prepare()
    start(args.cached)
    measure(bench_pages(), args.requests, args.page, cached=args.cached)


if __name__ == "__main__":
    main()
