"""What every page pays: the CPU time of the cheapest pages, in-process, as profile_pages.py.

Four requests on the same stack (middleware, session and user, context processors, the base
layout), each the mean of N after a warm-up, caching off unless --cached:

- "bare, anonymous": Django's minimal view (the bench's /bench/hello), no session;
- "bare, logged in": the same view with the planner's session (the language middleware reads
  the session and its user);
- "base page, anonymous" and "base page, logged in": a view that renders a template extending
  `base.html` with an empty content block, at an address of the first municipality (so the
  header has its module menu for the planner), as the fourth round's yardstick.

With a name (part of one of the four), also a cProfile of N requests of it, saved to
`profile.prof` (as profile_pages.py's).

    .venv/bin/python bench/fixed_cost.py 300
    .venv/bin/python bench/fixed_cost.py 300 "base page, logged in"
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("BENCH_DATABASE", "samplan_profile")
sys.path.insert(0, str(ROOT / "bench"))

import profile_pages  # noqa: E402  (bench/profile_pages.py: Django set up, the profile)

BASE_PAGE = '{% extends "base.html" %}{% block title %}Fast{% endblock %}'


def _routes() -> None:
    """The base page's address, /kommune/<knr>/fast-kostnad/, added to the URL patterns."""
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, path

    import samplan.urls
    from samplan.municipalities.permissions import get_municipality_for_user

    template = engines["django"].from_string(BASE_PAGE)

    def base_page(request: HttpRequest, knr: str) -> HttpResponse:
        if request.user.is_authenticated:
            get_municipality_for_user(request, knr)
        return HttpResponse(template.render({}, request))

    samplan.urls.urlpatterns.insert(0, path("kommune/<str:knr>/fast-kostnad/", base_page))
    clear_url_caches()


def measure(requests: int, profile_name: str) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from samplan.municipalities.models import Municipality

    number = Municipality.objects.filter(plans__isnull=False).order_by("number").first().number
    planner = Client()
    planner.force_login(
        get_user_model().objects.get(email=f"planlegger-{number}@syntetisk.example")
    )
    cases = [
        ("bare, anonymous", Client(), "/bench/hello"),
        ("bare, logged in", planner, "/bench/hello"),
        ("base page, anonymous", Client(), f"/kommune/{number}/fast-kostnad/"),
        ("base page, logged in", planner, f"/kommune/{number}/fast-kostnad/"),
    ]
    queries = 0

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for name, client, address in cases:
        if profile_name and profile_name not in name:
            continue
        response = client.get(address)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {address} answered {response.status_code}")
        queries = 0
        with connection.execute_wrapper(count):
            client.get(address)
        started = time.process_time()
        for _request in range(requests):
            client.get(address)
        ms = (time.process_time() - started) / requests * 1000
        print(f"{name:24s} {ms:6.2f} ms CPU {queries:2d} queries  {len(response.content)} bytes")
        if profile_name:
            profile_pages.profiled(functools.partial(client.get, address), requests)


def main() -> None:
    parser = argparse.ArgumentParser(description="What every page pays, in-process")
    parser.add_argument("requests", type=int, nargs="?", default=300)
    parser.add_argument("case", nargs="?", default="", help="part of a case's name: profile it")
    parser.add_argument("--cached", action="store_true", help="the page cache on")
    args = parser.parse_args()
    profile_pages.start(args.cached)
    _routes()
    measure(args.requests, args.case)


if __name__ == "__main__":
    main()
