"""Two app servers (`samplan serve` on two ports, as a host with two machines runs them) on one
PostgreSQL database (and one Redis when SAMPLAN_REDIS_URL is set): a log-in made through one is
valid on the other, and a change made through either is seen at once through the other."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .harness import KNR, AppServer, csrf_token, login
from .test_kill_during_writes import plan_form

# Two servers share a database over the network only with PostgreSQL.
pytestmark = pytest.mark.run_once("postgresql")

REGISTER_URL = f"/kommune/{KNR}/planer/"
PLAN_URL = re.compile(rf"^/kommune/{KNR}/planer/(\d+)/$")


def test_a_change_through_one_server_is_seen_at_once_through_the_other(
    server_env: dict[str, str], servers: list[AppServer], tmp_path: Path
) -> None:
    if redis_url := os.environ.get("SAMPLAN_REDIS_URL"):
        server_env = {**server_env, "SAMPLAN_REDIS_URL": redis_url}
    first, second = (
        AppServer(server_env, tmp_path / f"server-{number}.log", workers=1) for number in (1, 2)
    )
    servers.extend([first, second])
    with ThreadPoolExecutor(2) as starting:  # both start at once: half the waiting
        list(starting.map(AppServer.start, servers))
    through_first = login(first.url)
    through_second = login(first.url)
    through_second.base_url = second.url  # the same session, now on the other machine

    # Both servers have served the register (and cached whatever they cache) before the change.
    assert through_first.get(REGISTER_URL).status_code == 200
    assert through_second.get(REGISTER_URL).status_code == 200
    form, expected = plan_form(1, 1, None)
    token = csrf_token(through_first.get(f"{REGISTER_URL}ny/").text)
    created = through_first.post(f"{REGISTER_URL}ny/", data={"csrfmiddlewaretoken": token, **form})
    assert created.status_code == 302
    plan_url = created.headers["location"]
    assert PLAN_URL.match(plan_url)
    through_first.get(plan_url)  # shows (and uses up) the message "… was saved"

    assert expected["title"] in through_second.get(REGISTER_URL).text

    # And back: an edit through the second server shows on the first at once.
    edit_url = f"{plan_url}endre/"
    token = csrf_token(through_second.get(edit_url).text)
    edited = through_second.post(
        edit_url, data={"csrfmiddlewaretoken": token, **form, "title": "Endret på server 2"}
    )
    assert edited.status_code == 302
    through_second.get(edited.headers["location"])
    register = through_first.get(REGISTER_URL).text
    assert "Endret på server 2" in register and expected["title"] not in register
