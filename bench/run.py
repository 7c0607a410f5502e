"""`make bench`: Samplan's main pages under load, at 1 and at 357 municipalities.

PostgreSQL (a database of its own, `samplan_bench`, made afresh), the production server
(`samplan serve`, gunicorn, several workers) on loopback, and wrk as the load generator with
16 connections for a fixed time per page. For each page: requests per second, p50/p95/p99
latency, errors, the number of SQL queries, and the throughput as a share of Django's minimal
"hello" view served by the same server in the same run (the framework's floor, measured right
before each page; shares are of the median of those, since single measurements on a shared VM
scatter). Also the peak memory of each
worker. Then, at the largest scale, the same with the page cache off (every request computes
its page, as the first one after a write does). Writes bench/results.json and bench/results.md;
prints the table.

    make bench                      # both scales
    .venv/bin/python bench/run.py --kommuner 1 --seconds 5

Needs PostgreSQL on 127.0.0.1:5432 (or BENCH_POSTGRES_URL, a server URL without database name
part that matters; BENCH_DATABASE names the database, samplan_bench by default) and wrk
(`apt-get install wrk`; `make bench` installs it when it runs as root).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "samplan_bench")  # another name for a second run
SECRET = "bench-only-secret-key-" + "x" * 40
# The synthetic users' domain and the national organisation `samplan seed-scale` makes
# (samplan/municipalities/scale.py; the bench runs outside Django and does not import it).
SCALE_DOMAIN = "syntetisk.example"
NATIONAL_SLUG = "distriktssenteret-syntetisk"


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER.rstrip('/')}/{DATABASE}",
        "SAMPLAN_SECRET_KEY": SECRET,
        "SAMPLAN_HTTPS": "false",
        "SAMPLAN_BENCH": "true",
        "SAMPLAN_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # The submission POST comes from one address at 50 a second: no per-address limit.
        "SAMPLAN_RATE_LIMITS": (
            "submission=1000000/60,submission_consultation=1000000/60,api=100000000/60"
        ),
        "DJANGO_SETTINGS_MODULE": "samplan.settings",
    }


def samplan(*args: str) -> None:
    subprocess.run([str(BIN / "samplan"), *args], env=environment(), check=True)


def fresh_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def vacuum_analyze() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER.rstrip('/')}/{DATABASE}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Other WSGI servers for the same application, to compare with `samplan serve` (gunicorn's sync
# workers): BENCH_SERVER=granian or uwsgi (`--server` of mixed.py and mix_server_cpu.py). They
# must be importable by the bench's Python, e.g. `pip install --target DIR granian pyuwsgi` and
# DIR on PYTHONPATH; docs/performance-log.md, "Eleventh round".
OTHER_SERVERS = {
    # Granian's WSGI interface: one blocking thread per worker (a sync worker's one request at a
    # time), one runtime thread, HTTP/1 only, its access log on.
    "granian": [
        *("-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", "{port}"),
        *("--workers", "{workers}", "--blocking-threads", "1", "--runtime-threads", "1"),
        *("--http", "1", "--no-ws", "--access-log", "samplan.wsgi:application"),
    ],
    # uWSGI's prefork workers parsing HTTP themselves (no router process), its request log on.
    "uwsgi": [
        *("-c", "import sys, pyuwsgi; sys.exit(pyuwsgi.run())", "--http-socket"),
        *("127.0.0.1:{port}", "--master", "--processes", "{workers}", "--module"),
        *("samplan.wsgi:application", "--need-app", "--lazy-apps", "--die-on-term"),
        *("--disable-write-exception", "--buffer-size", "16384"),
    ],
}


def server_command(port: int, workers: int) -> list[str]:
    """`samplan serve`, or the server BENCH_SERVER names with the same application."""
    name = os.environ.get("BENCH_SERVER", "gunicorn")
    if name == "gunicorn":
        serve = [str(BIN / "samplan"), "serve", "--bind", f"127.0.0.1:{port}"]
        return [*serve, "--workers", str(workers)]
    return [str(BIN / "python")] + [
        part.format(port=port, workers=workers) for part in OTHER_SERVERS[name]
    ]


def start_server(port: int, workers: int, page_cache: bool = True) -> subprocess.Popen:
    server = subprocess.Popen(
        server_command(port, workers),
        env={**environment(), **({} if page_cache else {"SAMPLAN_PAGE_CACHE_MB": "0"})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Ready when the floor's page answers: the socket is open before the workers have warmed
    # up (core/warmup.py, several seconds at 357 municipalities), and a run of few pages
    # (--pages) would measure the first of them while nothing answers.
    deadline, answered = time.monotonic() + 90, 0
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/hello", timeout=5):
                answered += 1
            if answered >= 4 * workers:  # each worker in turn, several times
                return server
        except OSError:
            answered = 0
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start within 90 s")


def worker_peak_rss_mb(server: subprocess.Popen) -> float:
    children = subprocess.run(
        ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            if match:
                peaks.append(int(match.group(1)) / 1024)
    return round(max(peaks), 1) if peaks else 0.0


def sessions_and_queries(pages: list[dict]) -> None:
    """Log in in-process (database sessions shared with the server) and count each page's SQL
    queries with Django's test client against the same database."""
    os.environ.update(environment())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samplan.core import freshness

    users = {}
    for page in pages:
        if page.get("vote"):
            _vote_sessions(page)
            continue
        if page.get("api_key_for"):
            page["headers"] = [f"Authorization: Bearer {_api_key(page['api_key_for'])}"]
        email = page["user"]
        if email and email not in users:
            client = Client()
            client.force_login(get_user_model().objects.get(email=email))
            users[email] = client
        client = users[email] if email else Client()
        page["cookie"] = f"sessionid={client.cookies['sessionid'].value}" if email else ""
        headers = dict(header.split(": ", 1) for header in page.get("headers", []))
        client.get(page["path"], headers=headers)  # warm up
        freshness.clear()  # cold: every computed part computed
        with CaptureQueriesContext(connection) as cold:
            response = client.get(page["path"], headers=headers)
        with CaptureQueriesContext(connection) as queries:  # warm, as under load
            response = client.get(page["path"], headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{page['name']}: {page['path']} answered {response.status_code}")
        page["queries"] = len(queries.captured_queries)
        page["queries_cold"] = len(cold.captured_queries)
    connection.close()


def _vote_sessions(page: dict) -> None:
    """Thirty phones of the synthetic workshop: a session each holding its participation, a
    CSRF secret each, and the form body (points on two challenges). The vote's queries are
    counted with Django's test client on the first phone."""
    from importlib import import_module

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samplan.politics.live import SESSION_KEY
    from samplan.politics.models import Option, Participant

    key = page["vote"]
    phones = []
    store = import_module(settings.SESSION_ENGINE).SessionStore  # the server's sessions
    for participant in Participant.objects.filter(workshop__key=key).order_by("pk")[:30]:
        session = store()
        session[SESSION_KEY] = {key: participant.token}
        session.create()
        phones.append(f"{session.session_key}:{'c' * 32}")
    first, second = Option.objects.filter(workshop__key=key, kind="utfordring").order_by("pk")[:2]
    page["body"] = f"o{first.pk}=3&o{second.pk}=2"
    page["sessions"] = " ".join(phones)
    page["queries"] = page["queries_cold"] = 0
    client = Client()
    client.cookies["sessionid"] = phones[0].split(":")[0]
    data = {f"o{first.pk}": 3, f"o{second.pk}": 2}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(page["path"], data)
    if response.status_code != 302:
        raise SystemExit(f"{page['name']}: {page['path']} answered {response.status_code}")
    page["queries"] = page["queries_cold"] = len(queries.captured_queries)


def load(port: int, page: dict, seconds: int, connections: int) -> dict:
    script = ROOT / "bench" / ("wrk-vote.lua" if page.get("sessions") else "wrk-report.lua")
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{page['path']}",
    ]
    if page.get("cookie"):
        command[1:1] = ["-H", f"Cookie: {page['cookie']}"]
    for header in page.get("headers", []):
        command[1:1] = ["-H", header]
    env = {
        **os.environ,
        "BENCH_REPORT": str(ROOT / "bench" / "wrk-report.lua"),
        "BENCH_SESSIONS": page.get("sessions", ""),
        "BENCH_BODY": page.get("body", ""),
    }
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if match is None:
        raise SystemExit(f"wrk gave no result for {page['name']}:\n{output}")
    requests, duration_us, errors, p50, p95, p99 = (int(value) for value in match.groups())
    return {
        "rps": round(requests / (duration_us / 1e6), 1),
        "p50_ms": round(p50 / 1000, 1),
        "p95_ms": round(p95 / 1000, 1),
        "p99_ms": round(p99 / 1000, 1),
        "errors": errors,
    }


def _api_key(email: str) -> str:
    """A new API key of the user, for the API's pages (made in-process, as the sessions)."""
    from django.contrib.auth import get_user_model

    from samplan.api.services import token_create

    user = get_user_model().objects.get(email=email)
    return token_create(name="bench", user=user)[1]


def module_pages(knr: str, editor: str, extra: dict[str, str]) -> list[dict]:
    """The modules' measured pages, from what the probe found of their synthetic data."""
    pages = []
    if workshop := extra.get("workshop"):
        pk, key = workshop.split(":")
        pages += [
            # The part of the projector view htmx fetches every 3 s, with 30 participants.
            {
                "name": "workshop projector (30 voting)",
                "path": f"/kommune/{knr}/politikk/verksted/{pk}/skjerm/",
                "user": editor,
                "headers": ["HX-Request: true"],
            },
            # A phone's points, 30 phones in turn (bench/wrk-vote.lua, sessions made in-process).
            {"name": "workshop vote POST", "path": f"/v/{key}/prikker/", "user": "", "vote": key},
        ]
    if consultation := extra.get("consultation"):
        # The public consultation page (the first municipality's has 1,000 submissions).
        pages.append(
            {"name": "public consultation", "path": f"/delta/{knr}/{consultation}/", "user": ""}
        )
    if big_county := extra.get("big_county"):
        # The status board of the county following the most seeded municipalities (Innlandet's
        # 46 or Trøndelag's 38 at 357) and the national organisation's board of all of them.
        slug = extra["big_county_slug"]
        pages += [
            {
                "name": "status board, county",
                "path": f"/veiledning/{slug}/",
                "user": f"radgiver-{big_county}@syntetisk.example",
            },
            {
                "name": "status board, national",
                "path": f"/veiledning/{NATIONAL_SLUG}/",
                "user": f"radgiver-nasjonal@{SCALE_DOMAIN}",
            },
        ]
    if process := extra.get("process"):
        pages += [
            {
                "name": "process plan",
                "path": f"/kommune/{knr}/prosesser/{process}/",
                "user": editor,
            },
            {
                "name": "actor analysis",
                "path": f"/kommune/{knr}/prosesser/{process}/aktorer/",
                "user": editor,
            },
        ]
    return pages


def pages_for(knr: str, county: str, county_slug: str, extra: dict[str, str]) -> list[dict]:
    """The measured pages; `extra`: the modules' synthetic objects found by the probe."""
    editor = f"planlegger-{knr}@syntetisk.example"
    return [
        {"name": "hello (floor)", "path": "/bench/hello", "user": ""},
        {"name": "dashboard", "path": f"/kommune/{knr}/oversikt/", "user": editor},
        {"name": "plan register", "path": f"/kommune/{knr}/planer/", "user": editor},
        # The open API's plan list (a page of 50), with the planner's API key (no session).
        {
            "name": "plan list API",
            "path": f"/api/v1/kommuner/{knr}/planer?limit=50",
            "user": "",
            "api_key_for": editor,
        },
        {"name": "plan health", "path": f"/kommune/{knr}/planer/planhelse/", "user": editor},
        # The clean-up table of the current election period, as it opens for the planner.
        {"name": "clean-up", "path": f"/kommune/{knr}/rydding/", "user": editor},
        # A plan's page: the first plan with history (edited since it was made).
        *(
            [{"name": "plan", "path": f"/kommune/{knr}/planer/{plan}/", "user": editor}]
            if (plan := extra.get("plan"))
            else []
        ),
        {"name": "plantakt", "path": f"/kommune/{knr}/plantakt/", "user": editor},
        {"name": "statistics", "path": f"/kommune/{knr}/statistikk/", "user": editor},
        {"name": "strategy", "path": f"/kommune/{knr}/planstrategi/2023/", "user": editor},
        {"name": "goal tree", "path": f"/kommune/{knr}/mal/", "user": editor},
        {"name": "public goal page", "path": f"/offentlig/{knr}/mal/", "user": ""},
        {
            "name": "county adviser's overview",
            "path": f"/organisasjon/{county_slug}/",
            "user": f"radgiver-{county}@syntetisk.example",
        },
        {"name": "public municipality page", "path": f"/kommune/{knr}/", "user": ""},
        {"name": "guidance", "path": f"/kommune/{knr}/veiledning/", "user": editor},
        *module_pages(knr, editor, extra),
    ]


def prepare_database(count: int) -> None:
    """The bench's database made afresh with `count` synthetic municipalities."""
    print(f"== {count} municipalities: preparing the database", flush=True)
    fresh_database()
    bring_up_to_date()
    samplan("load-municipalities")
    samplan("stats", "load")
    samplan("seed-scale", "--kommuner", str(count))
    vacuum_analyze()  # as a database in service would be, and no autovacuum during the run


def bring_up_to_date() -> None:
    """The database migrated to this code, and the static files collected (a fresh clone
    has none: every page's `{% static %}` would fail)."""
    samplan("migrate", "-v", "0")
    samplan("collectstatic", "--noinput", "-v", "0")


def logged_in_pages(only: tuple[str, ...] = ()) -> tuple[list[dict], str, dict[str, str]]:
    """The measured pages of the database as it is (the floor first), each with its user's
    session cookie and its queries counted; and the first municipality's number and the
    modules' synthetic objects found by the probe. `only`: as `run_scale`'s."""
    probe = subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            (
                "import django,os;django.setup();"
                "from samplan.municipalities.models import Municipality,Organisation;"
                "m=Municipality.objects.order_by('number').first();"
                "o=Organisation.objects.get(kind='fylkeskommune',county=m.county);"
                "from django.db.models import Count;"
                "b=Organisation.objects.filter(kind='fylkeskommune')"
                ".annotate(n=Count('municipalities')).order_by('-n').first();"
                "from samplan.politics.models import Workshop;"
                "w=Workshop.objects.filter(municipality=m,step='prikker').first();"
                "from samplan.processes.models import Process;"
                "p=Process.objects.filter(municipality=m).values_list('pk',flat=True).first();"
                "from samplan.participation.models import Consultation as C;"
                "c=C.objects.filter(municipality=m).first();"
                "from samplan.plans.models import Plan;"
                "h=Plan.history.filter(municipality=m).values('id').annotate(n=Count('pk'))"
                ".filter(n__gt=1).order_by('id').values_list('id',flat=True).first();"
                "print(m.number,m.county_id,o.slug,"
                "f'workshop={w.pk}:{w.key}' if w else '',f'process={p}' if p else '',"
                "f'consultation={c.pk}' if c else '',"
                "f'plan={h}' if h else '',"
                "f'big_county={b.county_id}',f'big_county_slug={b.slug}')"
            ),
        ],
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    knr, county, county_slug, *found = probe
    extra = dict(item.split("=", 1) for item in found)
    pages = pages_for(knr, county, county_slug, extra)
    if only:  # the floor (the hello view, first) and the pages whose name holds one of `only`
        names = {page["name"] for page in pages}  # a page's whole name picks that page alone
        pages = pages[:1] + [
            page
            for page in pages[1:]
            if any(
                part == page["name"] or (part not in names and part in page["name"])
                for part in only
            )
        ]
    result = subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            (
                "import json,sys;sys.path.insert(0,'bench');import run;"
                f"pages=json.loads({json.dumps(json.dumps(pages))});"
                "run.sessions_and_queries(pages);print(json.dumps(pages))"
            ),
        ],
        env=environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"counting the queries failed:\n{result.stderr[-3000:]}")
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    return pages, knr, extra


def run_scale(
    count: int,
    seconds: int,
    connections: int,
    workers: int,
    page_cache: bool = True,
    prepare: bool = True,
    only: tuple[str, ...] = (),
) -> dict:
    """Measure at `count` municipalities. Without `page_cache` the database of the previous
    run is reused and the server caches nothing: every request computes its page afresh, as
    the first request after a write does. Without `prepare` the database is used as it is."""
    if page_cache and prepare:
        prepare_database(count)
    elif page_cache:
        print(f"== {count} municipalities (the database reused)", flush=True)
        bring_up_to_date()
    else:
        print(f"== {count} municipalities, page cache off", flush=True)
    pages, knr, extra = logged_in_pages(only)
    port = free_port()
    server = start_server(port, workers, page_cache)
    try:
        # The floor (the hello view) is measured right before each page, so that a machine
        # whose speed drifts during the run (a shared VM) gives each page a fair ratio.
        hello, rest = pages[0], pages[1:]
        load(port, hello, 1, connections)  # warm up every worker
        measured = []
        for page in rest:
            print(f"   {page['name']:<28} {page['path']}", flush=True)
            floor_here = load(port, hello, max(5, seconds // 2), connections)["rps"]
            load(port, page, 1, connections)  # warm up every worker
            figures = load(port, page, seconds, connections)
            measured.append(
                {
                    "name": page["name"],
                    **figures,
                    "queries": page["queries"],
                    "queries_cold": page["queries_cold"],
                    "floor_rps": floor_here,
                }
            )
        submissions = (
            submission_run(port, knr, extra["consultation"])
            if "consultation" in extra and page_cache
            else None
        )
        peak = worker_peak_rss_mb(server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # The ratio is to the median floor: single floor measurements on a shared VM scatter.
    floors = sorted(page["floor_rps"] for page in measured)
    floor = floors[len(floors) // 2]
    for page in measured:
        page["ratio_to_floor"] = round(page["rps"] / floor, 3) if floor else None
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {workers} gunicorn workers, "
        f"wrk {connections} connections x {seconds} s",
        "kommuner": count,
        "page_cache": page_cache,
        "floor_rps": floor,
        "peak_rss_mb_per_worker": peak,
        "pages": measured,
        "submissions": submissions,
    }


def submission_run(port: int, knr: str, pk: str) -> dict:
    """The submission POST at 50 a second for 10 seconds (bench/submissions.py)."""
    print(f"   {'submission POST':<28} /delta/{knr}/{pk}/ at 50/s", flush=True)
    result = subprocess.run(
        [str(BIN / "python"), "bench/submissions.py", str(port), knr, pk, "--seconds", "10"],
        env=environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"the submission POST failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def markdown(results: list[dict]) -> str:
    lines = []
    for result in results:
        lines += [
            f"### {result['kommuner']} municipalities"
            f"{'' if result.get('page_cache', True) else ', page cache off'} — {result['date']}",
            "",
            f"{result['machine']}; floor (hello view, median of the measurements before each "
            f"page) {result['floor_rps']} req/s; "
            f"peak memory per worker {result['peak_rss_mb_per_worker']} MB.",
            "",
            "| page | req/s | p50 ms | p95 ms | p99 ms | errors | queries (cold) "
            "| floor before it | share of floor |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for page in result["pages"]:
            lines.append(
                f"| {page['name']} | {page['rps']} | {page['p50_ms']} | {page['p95_ms']} | "
                f"{page['p99_ms']} | {page['errors']} | {page['queries']} "
                f"({page.get('queries_cold', '–')}) | {page.get('floor_rps', '–')} | "
                f"{page['ratio_to_floor']:.0%} |"
            )
        if result.get("submissions"):
            sent = result["submissions"]
            lines.append(
                f"Submission POST: {sent['accepted']} of {sent['sent']} accepted "
                f"({sent['per_second']}/s, p95 {sent['p95_ms']} ms), {sent['errors']} errors, "
                f"{sent['lost']} lost (stored: {sent['stored']})."
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Samplan's main pages under load")
    parser.add_argument("--kommuner", type=int, nargs="+", default=[1, 357])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--no-uncached", action="store_true", help="skip the run with the page cache off"
    )
    parser.add_argument(
        "--only-uncached", action="store_true", help="only the run with the page cache off"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the database as it is (made by an earlier run at the one --kommuner given)",
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        default=[],
        help="only the pages whose name holds one of these (e.g. 'status board')",
    )
    args = parser.parse_args()
    if args.reuse and len(args.kommuner) != 1:
        parser.error("--reuse needs exactly one --kommuner (the scale the database was made at)")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    results = (
        []
        if args.only_uncached
        else [
            run_scale(
                count,
                args.seconds,
                args.connections,
                args.workers,
                prepare=not args.reuse,
                only=tuple(args.pages),
            )
            for count in args.kommuner
        ]
    )
    if args.only_uncached or not args.no_uncached:
        # The worst case at the largest scale: nothing cached (every request after a write).
        results.append(
            run_scale(
                args.kommuner[-1],
                args.seconds,
                args.connections,
                args.workers,
                False,
                only=tuple(args.pages),
            )
        )
    out = ROOT / "bench"
    for result in results:
        suffix = "" if result["page_cache"] else "-uncached"
        path = out / f"results-{result['kommuner']}{suffix}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    # results.json: the largest scale with the page cache, in the shape the issue asks for.
    if cached := [result for result in results if result["page_cache"]]:
        (out / "results.json").write_text(json.dumps(cached[-1], indent=2, ensure_ascii=False))
    table = markdown(results)
    (out / "results.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
