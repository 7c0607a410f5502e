"""What the mix's writes cost, in-process: the GET of each form, its POST, and the pages right
after a write (computed afresh in that municipality, the page cache on).

The three writes of bench/mixed.py, made as its planner makes them (the same forms, fields and
changes, a unique marker each time): a plan edit, a clean-up decision (the 2027 period) and a new
calendar item, GET and POST in turn (so each GET comes right after the previous write in the
municipality: its page data is cold, as after a write in the mix; a GET in the mix mostly finds
it warm). For each: the CPU time of this process per request (the mean of N), the CPU time
the database server's process spent (from /proc, in steps of 10 ms: N of 40 or more), and the
SQL queries of one request. Then each main page of the mix, requested right after a write in its
municipality (the write not counted), against the same page warm. With --queries, the SQL of one
request of each kind is printed.

    BENCH_DATABASE=he_b357 .venv/bin/python bench/profile_writes.py 40
    BENCH_DATABASE=he_b357 .venv/bin/python bench/profile_writes.py 5 --queries

The database must exist (a copy of the bench's database: every run adds history rows to it;
the calendar items it makes are deleted at the end). CPU time is the process's own: compare
old and new code back to back.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("BENCH_DATABASE", "samplan_profile")
sys.path.insert(0, str(ROOT / "bench"))

import mixed  # noqa: E402  (bench/mixed.py: the writes' forms and changes)
import profile_pages  # noqa: E402  (the environment and the database's CPU time)

PAGES_AFTER = ("plan register", "dashboard", "plantakt", "strategy")


class Writer:
    """The planner of one municipality, making the mix's writes with Django's test client."""

    def __init__(self, knr: str | None) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client

        from samplan.municipalities.models import Municipality
        from samplan.plans.models import Plan

        municipalities = Municipality.objects.order_by("number")
        if knr:
            municipalities = municipalities.filter(number=knr)
        for municipality in municipalities:
            email = f"planlegger-{municipality.number}@syntetisk.example"
            planner = get_user_model().objects.filter(email=email).first()
            plans = Plan.objects.filter(municipality=municipality).order_by("pk")
            if planner is not None and plans.exists():
                break
        else:
            raise SystemExit("No municipality with a planner and plans.")
        self.knr = municipality.number
        self.plan = plans.values_list("pk", flat=True)[0]
        self.client = Client()
        self.client.force_login(planner)

    def url(self, kind: str) -> tuple[str, str]:
        """The form's address and a field that marks its form (bench/mixed.py's)."""
        if kind == "plan edit":
            return f"/kommune/{self.knr}/planer/{self.plan}/endre/", "title"
        if kind == "clean-up decision":
            return f"/kommune/{self.knr}/rydding/{self.plan}/?periode=2027", "rationale"
        return f"/kommune/{self.knr}/plantakt/ny/", "title"

    def form(self, kind: str) -> dict[str, object]:
        url, field = self.url(kind)
        response = self.client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
        return mixed.form_data(response.content.decode(), field)

    def post(self, kind: str, data: dict[str, object]) -> None:
        marker = f"bench-{uuid.uuid4().hex[:12]}"
        change = {
            "plan edit": {"responsible_person": marker},
            "clean-up decision": {"rationale": marker},
            "calendar item": {"title": marker, "date": "2027-03-15"},
        }[kind]
        data = {**data, **change}
        if data.get("decision") == "slå_sammen" and not data.get("merge_into"):
            data["decision"] = "videreføre"
        url, _field = self.url(kind)
        response = self.client.post(url, data)
        if response.status_code != 302:
            raise SystemExit(f"POST {url}: {response.status_code}")

    def page(self, name: str) -> None:
        path = mixed.PAGES[name][0].format(knr=self.knr, plan=self.plan)
        response = self.client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path}: {response.status_code}")


class Meter:
    """CPU time of this process and of the database server, and queries, of measured calls."""

    def __init__(self, show_queries: bool) -> None:
        self.show_queries = show_queries
        self.cpu = self.database = 0.0
        self.queries = 0
        self.calls = 0
        self.shown: list[str] = []

    def __call__(self, call: Callable[[], object]) -> None:
        from django.db import connection

        def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
            self.queries += 1
            if self.show_queries and self.calls == 0:
                self.shown.append(sql[:160])
            return execute(sql, params, many, context)

        started, database_started = time.process_time(), profile_pages.database_cpu()
        with connection.execute_wrapper(count):
            call()
        self.cpu += time.process_time() - started
        self.database += profile_pages.database_cpu() - database_started
        self.calls += 1

    def line(self, name: str) -> str:
        calls = max(self.calls, 1)
        text = (
            f"{name:34s} {self.cpu / calls * 1000:6.1f} ms CPU  database "
            f"{self.database / calls * 1000:5.1f} ms  {self.queries / calls:5.1f} queries"
        )
        if self.shown:
            text += "\n    " + "\n    ".join(self.shown)
        return text


def measure(writer: Writer, requests: int, show_queries: bool) -> None:
    for kind in mixed.WRITES:
        writer.post(kind, writer.form(kind))  # warm: the first of each costs more
        get, post = Meter(show_queries), Meter(show_queries)
        for _request in range(requests):
            data: dict[str, object] = {}
            get(lambda kind=kind, data=data: data.update(writer.form(kind)))
            post(lambda kind=kind, data=data: writer.post(kind, data))
        print(get.line(f"GET {kind}"))
        print(post.line(f"POST {kind}"))
    plan_edit = writer.form("plan edit")
    for name in PAGES_AFTER:
        after, warm = Meter(show_queries), Meter(show_queries)
        for _request in range(requests):
            writer.post("plan edit", plan_edit)
            after(lambda name=name: writer.page(name))
            warm(lambda name=name: writer.page(name))
        print(after.line(f"{name} after a write"))
        print(warm.line(f"{name} warm"))


def main() -> None:
    parser = argparse.ArgumentParser(description="The mix's writes' cost, in-process")
    parser.add_argument("requests", type=int, nargs="?", default=20)
    parser.add_argument("--knr", default="", help="the municipality (the first with a planner)")
    parser.add_argument("--queries", action="store_true", help="print one request's SQL")
    args = parser.parse_args()
    profile_pages.bench.bring_up_to_date()  # migrated, and the static files collected
    profile_pages.start(cached=True)
    try:
        measure(Writer(args.knr or None), args.requests, args.queries)
    finally:
        forget_calendar_items()


def forget_calendar_items() -> None:
    """Delete the calendar items the runs made (they would make the next run's plantakt read
    more rows and so cost more; the plan edits and decisions only change rows)."""
    from samplan.plantakt.models import OwnItem

    OwnItem.objects.filter(title__startswith="bench-").delete()


if __name__ == "__main__":
    main()
