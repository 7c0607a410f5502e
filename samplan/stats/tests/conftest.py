"""Fixtures for the statistics tests: the shipped snapshot, and SSB answers without a network."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import product
from pathlib import Path
from typing import Any

import httpx
import pytest

from samplan.stats.ssb import SsbClient

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ssb"


def recorded(name: str) -> bytes:
    """A recorded SSB file from fixtures/ssb (see its README for where each comes from)."""
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def snapshot(ssb_snapshot: None) -> None:
    """The shipped SSB snapshot, loaded."""


@pytest.fixture
def ssb_snapshot(_module_personas: Any, db: Any) -> None:
    """The shipped SSB snapshot: loaded once per test module (tests/snapshot.py makes it before
    the test's transaction opens), or here when the module's snapshot does not hold it."""
    from tests.snapshot import example_data

    example_data("ssb")


def jsonstat(
    dimensions: dict[str, list[str]], value: Callable[[dict[str, str]], float | None], **extra: Any
) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset with SSB's layout (constructed here for tests; not SSB figures).

    `value` gives each cell from its codes; None becomes null with SSB's symbol `symbol`
    (".." unless given). `units` gives ContentsCode's units as SSB does ({code: {"base", …}}).
    """
    symbol = extra.get("symbol", "..")
    ids = list(dimensions)
    values, status = [], {}
    for position, combination in enumerate(product(*dimensions.values())):
        cell = value(dict(zip(ids, combination, strict=True)))
        values.append(cell)
        if cell is None:
            status[str(position)] = symbol
    dimension = {
        name: {"label": name, "category": {"index": {c: i for i, c in enumerate(codes)}}}
        for name, codes in dimensions.items()
    }
    if extra.get("units"):
        dimension["ContentsCode"]["category"]["unit"] = extra["units"]
    return {
        "version": "2.0",
        "class": "dataset",
        "label": extra.get("label", "Test dataset"),
        "source": "Statistisk sentralbyrå",
        "updated": "2026-03-01T07:00:00Z",
        "id": ids,
        "size": [len(codes) for codes in dimensions.values()],
        "dimension": dimension,
        "value": values,
        "status": status,
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
    }


class Recorder:
    """A MockTransport handler that answers from a function and records the requests."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)


def make_client(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> SsbClient:
    """A client on MockTransport with a fake clock: sleeping records the wait and moves the clock.

    `client.sleeps` lists the waits; `client.now[0]` is the fake time (move it to let time pass).
    """
    sleeps: list[float] = []
    now = [1000.0]

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    client = SsbClient(
        transport=httpx.MockTransport(handler), sleep=sleep, clock=lambda: now[0], **kwargs
    )
    client.sleeps = sleeps  # type: ignore[attr-defined]
    client.now = now  # type: ignore[attr-defined]
    return client


def json_response(data: Any, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(data).encode(), headers=headers)


def ssb_answer(
    births_missing_year: str | None = None, symbol: str = "..", unit: str | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    """Answers for tables 06913 and 14288 with the regions asked for (constructed test values).

    Births of `births_missing_year` are missing with SSB's `symbol`; with `unit`, table 06913
    names that unit (SSB's `base`) for each of its statistics."""

    def answer(request: httpx.Request) -> httpx.Response:
        params = request.url.params
        regions = params["valueCodes[Region]"].split(",")
        if "/tables/06913/" in request.url.path:
            years = [str(y) for y in range(2015, 2026)]
            contents = params["valueCodes[ContentsCode]"].split(",")

            def cell(codes: dict[str, str]) -> float | None:
                if codes["ContentsCode"] == "Levendefodte" and codes["Tid"] == births_missing_year:
                    return None
                base = {"Levendefodte": 5, "Dode": 12, "Nettoinnflytting": -3}[
                    codes["ContentsCode"]
                ]
                return base + int(codes["Tid"]) % 3

            units = {code: {"base": unit, "decimals": 0} for code in contents} if unit else None
            return json_response(
                jsonstat(
                    {"Region": regions, "ContentsCode": contents, "Tid": years},
                    cell,
                    symbol=symbol,
                    units=units,
                )
            )
        if "/tables/14288/" in request.url.path:
            ages = [f"{age:03d}" for age in range(0, 106)]
            years = ["2026", "2030", "2040", "2050"]

            def projected(codes: dict[str, str]) -> float:
                age, year = int(codes["Alder"]), int(codes["Tid"])
                return 2 + (1 if age >= 80 and year >= 2040 else 0)

            return json_response(
                jsonstat(
                    {
                        "Region": regions,
                        "Alder": ages,
                        "ContentsCode": params["valueCodes[ContentsCode]"].split(","),
                        "Tid": years,
                    },
                    projected,
                )
            )
        return json_response({"title": "Non-existent table"}, 404)

    return answer
