"""SIGKILL of the production server (gunicorn master and workers at once) in the middle of a
stream of plan creations, on the run's database (SQLite or PostgreSQL).

Every plan whose creation the client saw acknowledged (302 to the plan) must be stored with all
its fields and its history row; nothing may be half-written; the restarted server serves it all.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from .dbtool import plan_fields
from .harness import (
    EDITOR_EMAIL,
    KNR,
    AppServer,
    csrf_token,
    db_tool,
    login,
    wait_until,
)

# Its server writes to a fresh database of the run's kind: it runs on both.
pytestmark = pytest.mark.every_database

WRITERS = 3
KILL_AFTER = 30  # acknowledged creations before the kill
CREATE_URL = f"/kommune/{KNR}/planer/ny/"
PLAN_URL = re.compile(rf"^/kommune/{KNR}/planer/(\d+)/$")
PLAN_TYPES = ["temaplan", "handlingsplan", "strategi"]
STATUSES = ["gjeldende", "i_arbeid", "under_revisjon"]


def plan_form(writer: int, number: int, parent: int | None) -> tuple[dict[str, Any], dict]:
    """The form a client posts, and the row it must give."""
    statutory = number % 2 == 1
    expected = {
        "title": f"Feiltest {writer}-{number:04d} æøå",
        "plan_type": PLAN_TYPES[number % 3],
        "status": STATUSES[(number + writer) % 3],
        "is_statutory": statutory,
        "legal_basis": "pbl. § 3-1" if statutory else "",
        "adopted_year": 2000 + number % 25,
        "adopted_date": None,
        "adopted_by": "Kommunestyret",
        "revision_interval_years": 1 + number % 8,
        "next_revision_override": None,
        "responsible_unit": "Plan og utvikling",
        "responsible_person": f"Skribent {writer}",
        "pages": 10 + number,
        "link": f"https://example.test/plan/{writer}/{number}",
        "themes": ["folkehelse", "næring"],
        "sdgs": [3, 11],
        "parent_id": parent,
        "replaces_id": None,
        "merged_into_id": None,
        "in_financial_plan": number % 3 == 0,
        "external_id": f"F-{writer}-{number:04d}",
        "note": f"K-sak {number}/{writer} – merknad æøå",
    }
    form = {
        key: "" if value is None else str(value)
        for key, value in expected.items()
        if not isinstance(value, bool | list)
    }
    for name in ("parent", "replaces", "merged_into"):
        form[name] = form.pop(f"{name}_id")
    form.update(
        themes_text="; ".join(expected["themes"]),
        sdgs=[str(goal) for goal in expected["sdgs"]],
    )
    form.update({name: "on" for name in ("is_statutory", "in_financial_plan") if expected[name]})
    return form, expected


@dataclass
class Stream:
    """What the clients sent and what they saw acknowledged (title -> pk and row)."""

    parent: int | None = None
    sent: set[str] = field(default_factory=set)
    acknowledged: dict[str, tuple[int, dict]] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    cut_off: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def create(self, client: httpx.Client, token: str, writer: int, number: int) -> bool:
        """Post one plan; False once the server is gone or answered something unexpected."""
        form, expected = plan_form(writer, number, self.parent)
        with self.lock:
            self.sent.add(expected["title"])
        try:
            response = client.post(CREATE_URL, data={"csrfmiddlewaretoken": token, **form})
        except httpx.TransportError as error:
            with self.lock:
                self.cut_off.append(f"{expected['title']}: {type(error).__name__}")
            return False
        match = PLAN_URL.match(response.headers.get("location", ""))
        with self.lock:
            if response.status_code == 302 and match:
                self.acknowledged[expected["title"]] = (int(match.group(1)), expected)
                return True
            self.unexpected.append(f"{expected['title']}: HTTP {response.status_code}")
        return False

    def write(self, client: httpx.Client, writer: int) -> None:
        token = csrf_token(client.get(CREATE_URL).text)
        number = 0
        while self.create(client, token, writer, number):
            number += 1


def check_stored(report: dict, stream: Stream) -> None:
    """Every acknowledged plan whole, with its one history row; nothing half-written."""
    fields = plan_fields()
    plans = {plan["title"]: plan for plan in report["plans"]}
    history: dict[int, list[dict]] = {}
    for row in report["history"]:
        history.setdefault(row["id"], []).append(row)

    for title, (pk, expected) in stream.acknowledged.items():
        assert title in plans, f"acknowledged plan {title!r} is lost"
        stored = plans[title]
        assert stored["id"] == pk
        assert {name: stored[name] for name in fields} == expected, title
    for plan in report["plans"]:
        rows = history.get(plan["id"], [])
        assert [row["history_type"] for row in rows] == ["+"], f"history of {plan['title']!r}"
        assert {name: rows[0][name] for name in fields} == {name: plan[name] for name in fields}
        assert rows[0]["history_user__email"] == EDITOR_EMAIL
        assert plan["title"] in stream.sent, f"a plan nobody sent: {plan['title']!r}"
    stored_ids = {plan["id"] for plan in report["plans"]}
    assert set(history) <= stored_ids, "history rows without their plan"
    assert report["orphans"] == {}
    if report["vendor"] == "sqlite":
        assert report["sqlite_integrity"] == ["ok"]
        assert report["sqlite_foreign_key_check"] == []


def test_sigkill_during_writes_loses_no_acknowledged_plan(
    server_env: dict[str, str], servers: list[AppServer], tmp_path: Path
) -> None:
    server = AppServer(server_env, tmp_path / "server.log")
    servers.append(server)
    server.start()
    stream = Stream()
    clients = [login(server.url) for _ in range(WRITERS)]
    try:
        first = clients[0]
        assert stream.create(first, csrf_token(first.get(CREATE_URL).text), 0, 0), stream
        stream.parent = next(iter(stream.acknowledged.values()))[0]
        writers = [
            threading.Thread(target=stream.write, args=(client, number + 1), daemon=True)
            for number, client in enumerate(clients)
        ]
        for thread in writers:
            thread.start()
        wait_until(lambda: len(stream.acknowledged) >= KILL_AFTER, 60, "acknowledged writes")
        server.kill()
        for thread in writers:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in writers)
    finally:
        for client in clients:
            client.close()

    assert stream.unexpected == [], stream.unexpected
    assert len(stream.cut_off) == WRITERS, "every writer was cut off by the kill"
    report = db_tool(server_env, "inspect")
    check_stored(report, stream)
    unacknowledged = len(report["plans"]) - len(stream.acknowledged)
    print(
        f"\nSIGKILL ({report['vendor']}): {len(stream.acknowledged)} plans acknowledged, "
        f"{len(stream.sent)} sent, {len(report['plans'])} stored "
        f"({unacknowledged} committed without the client seeing it), "
        f"{len(report['history'])} history rows, no half-written rows"
    )

    restarted = AppServer(server_env, tmp_path / "server.log")
    servers.append(restarted)
    restarted.start()
    client = login(restarted.url)
    try:
        for title, (pk, _expected) in stream.acknowledged.items():
            page = client.get(f"/kommune/{KNR}/planer/{pk}/")
            assert page.status_code == 200 and title in page.text, title
        token = csrf_token(client.get(CREATE_URL).text)
        assert stream.create(client, token, 9, 0), stream.unexpected
    finally:
        client.close()
    after = db_tool(server_env, "inspect")
    assert len(after["plans"]) == len(report["plans"]) + 1
    check_stored(after, stream)
