"""The HTML of the mix's biggest pages, written to a folder, to compare two versions byte for byte.

The plan register (ten filter states, whole page and htmx results), the dashboard, plantakt's
wheel (four years), timeline and list (three filter states), four plans' pages, every process
plan, the strategy, plan health, clean-up, statistics and public page of the first synthetic
municipality, and the front page, help and the list of municipalities, as its planner, its
elected member and a visitor not logged in; the status boards of the national organisation and
of the county following the most municipalities, as their advisers (sorted by each column,
filtered, and the XLSX export's cells); the dashboard and statistics page of every 40th
municipality, as its planner and its elected member; in nb, nn and en, each requested twice
(the second from the page cache when it is on); CSRF tokens masked. Run it from each version's
checkout against the same database and compare the folders:

    BENCH_DATABASE=hc_b357 .venv/bin/python bench/snapshot_pages.py /tmp/before --cached
    (the other version) .venv/bin/python bench/snapshot_pages.py /tmp/after --cached
    diff -r /tmp/before /tmp/after && echo identical

Without --cached the page cache is off (every request computes its page).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_pages  # noqa: E402  (the bench's database and environment, Django set up)

MASK = re.compile(
    r'(csrfmiddlewaretoken" value="|csrf[-_]?token["\']?\s*[:=]\s*["\']?)[A-Za-z0-9]+',
    re.IGNORECASE,
)
REGISTER_QUERIES = [
    "",
    "?q=ros",
    "?q=plan&plan_type=temaplan",
    "?status=utgaatt&sort=-pages",
    "?sort=next_revision&overdue=on",
    "?statutory=on&sort=status",
    "?plan_type=bogus&q=%3Cb%3E%26",
    "?q=ingenting+som+finnes",
    "?sort=-adopted_year&q=%C3%A6%C3%B8%C3%A5",
]
CALENDAR_PATHS = [
    "plantakt/",
    "plantakt/?aar=2025",
    "plantakt/?aar=2027",
    "plantakt/?aar=x",
    "plantakt/tidslinje/",
    "plantakt/liste/",
    "plantakt/liste/?overdue=on&open=on",
    "plantakt/liste/?kind=bogus&module=x",
]

# The mix's other pages, and pages of no municipality (the header's tools, the front page).
OTHER_PATHS = [
    "",
    "planstrategi/2023/",
    "planer/planhelse/",
    "rydding/",
    "statistikk/",
]
SITE_PATHS = ["/", "/hjelp/", "/kommune/", "/kommune/?mine=1"]


def requests(knr: str, plans: list[int], processes: list[int]) -> list[tuple[str, bool]]:
    """(path, as an htmx request) of each page snapshotted."""
    base = f"/kommune/{knr}/"
    register = [(f"{base}planer/{query}", htmx) for query in REGISTER_QUERIES for htmx in (0, 1)]
    return [
        (f"{base}oversikt/", False),
        *register,
        *((f"{base}{path}", False) for path in CALENDAR_PATHS),
        *((f"{base}planer/{pk}/", False) for pk in plans),
        *((f"{base}prosesser/{pk}/", False) for pk in processes),
        *((f"{base}{path}", False) for path in OTHER_PATHS),
        *((path, False) for path in SITE_PATHS),
    ]


BOARD_QUERIES = [
    "",
    "?vis=urgent",
    "?vis=late",
    "?q=os",
    "?q=%C3%A6",
    "?sorter=name",
    "?sorter=name&vis=urgent&q=a",
    "?sorter=bogus&vis=x&q=%3Cb%3E%26",
    "?q=ingenting+som+finnes",
]


def board_requests(column_keys: list[str]) -> list[str]:
    """The query strings of each status board snapshotted: filters, and a sort by each column."""
    return (
        BOARD_QUERIES
        + [f"?sorter={key}" for key in column_keys]
        + [f"?sorter={column_keys[-1]}&vis=late"]
    )


def board_snapshot(folder: Path) -> int:
    """The national and the biggest county's status boards written to `folder`; how many."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from samplan.core.modules import status_columns
    from samplan.municipalities.models import Organisation

    county = (
        Organisation.objects.filter(kind="fylkeskommune")
        .annotate(followed=Count("municipalities"))
        .order_by("-followed")
        .first()
    )
    boards = [
        ("national", profile_pages.bench.NATIONAL_SLUG, "radgiver-nasjonal"),
        ("county", county.slug, f"radgiver-{county.county_id}"),
    ]
    keys = [column.key for _module, column in status_columns()]
    written = 0
    for board, slug, user in boards:
        user = get_user_model().objects.get(email=f"{user}@syntetisk.example")
        for language in ("nb", "nn", "en"):
            client = Client()
            client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for query in board_requests(keys):
                name = hashlib.sha1(query.encode()).hexdigest()[:10]
                for attempt in (1, 2):
                    path = f"/veiledning/{slug}/{query}"
                    response = client.get(path)
                    body = MASK.sub(r"\1MASKED", response.content.decode())
                    target = folder / f"board_{board}_{language}_{name}_{attempt}.html"
                    target.write_text(f"<!-- {response.status_code} {path} -->\n{body}")
                    response = client.get(f"/veiledning/{slug}/status.xlsx{query}")
                    target = folder / f"board_{board}_{language}_{name}_{attempt}.xlsx.txt"
                    target.write_text(f"<!-- {response.status_code} -->\n{_cells(response)}")
                    written += 2
    return written


def _cells(response: object) -> str:
    """An XLSX response's cells, a line per row (the file's own bytes hold the time it was made)."""
    import io

    from openpyxl import load_workbook

    if response.status_code != 200:
        return ""
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        repr(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    )


# Besides the first municipality's pages: the dashboard and the statistics page of every
# DASHBOARD_STEP-th municipality (by number), whose panels hold other data.
DASHBOARD_STEP = 40


def dashboards_snapshot(folder: Path) -> int:
    """The dashboards and statistics pages of every DASHBOARD_STEP-th municipality, as its
    planner and its elected member, in nb, nn and en, written to `folder`; how many."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from samplan.municipalities.models import Municipality

    numbers = list(Municipality.objects.order_by("number").values_list("number", flat=True))
    written = 0
    for knr in numbers[::DASHBOARD_STEP]:
        for role in ("planlegger", "politiker"):
            user = get_user_model().objects.get(email=f"{role}-{knr}@syntetisk.example")
            for language in ("nb", "nn", "en"):
                client = Client()
                client.force_login(user)
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                for page in ("oversikt", "statistikk"):
                    path = f"/kommune/{knr}/{page}/"
                    response = client.get(path)
                    body = MASK.sub(r"\1MASKED", response.content.decode())
                    target = folder / f"{page}_{knr}_{role}_{language}.html"
                    target.write_text(f"<!-- {response.status_code} {path} -->\n{body}")
                    written += 1
    return written


def snapshot(folder: Path) -> int:
    """Every page of `requests` written to `folder`; how many."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from samplan.municipalities.models import Municipality
    from samplan.processes.models import Process

    knr = Municipality.objects.filter(plans__isnull=False).order_by("number").first().number
    plans = sorted(Municipality.objects.get(number=knr).plans.values_list("pk", flat=True))
    shown = [plans[0], plans[len(plans) // 3], plans[len(plans) // 2], plans[-1]]
    processes = sorted(Process.objects.filter(municipality_id=knr).values_list("pk", flat=True))
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for role in ("planlegger", "politiker", "anonymous"):
        for language in ("nb", "nn", "en"):
            client = Client()
            if role != "anonymous":
                client.force_login(
                    get_user_model().objects.get(email=f"{role}-{knr}@syntetisk.example")
                )
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for path, htmx in requests(knr, shown, processes):
                name = hashlib.sha1(f"{path} {htmx}".encode()).hexdigest()[:10]
                for attempt in (1, 2):
                    response = client.get(path, headers={"HX-Request": "true"} if htmx else {})
                    body = MASK.sub(r"\1MASKED", response.content.decode())
                    target = folder / f"{role}_{language}_{name}_{attempt}.html"
                    target.write_text(f"<!-- {response.status_code} {path} htmx={htmx} -->\n{body}")
                    written += 1
    return written + board_snapshot(folder) + dashboards_snapshot(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cached", action="store_true", help="the page cache on")
    args = parser.parse_args()
    profile_pages.start(args.cached)
    print(snapshot(args.folder), "pages written to", args.folder)


if __name__ == "__main__":
    main()
