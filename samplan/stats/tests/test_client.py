"""The SSB client against httpx.MockTransport: queries, retries, backoff, 429, timeouts, errors."""

from __future__ import annotations

import httpx
import pytest

from samplan.stats.ssb import SsbError, TableQuery

from .conftest import Recorder, json_response, make_client, recorded

QUERY = TableQuery(
    "05300",
    (
        ("Avstand1", ("01", "02", "03", "04", "05", "06")),
        ("Kulturtilbud", ("01", "02", "03", "04", "05", "06", "07", "08")),
        ("ContentsCode", ("Avstand",)),
        ("Tid", ("1991", "1994", "1997", "2000", "2004", "2008", "2012", "2016", "2021")),
    ),
)
OK = recorded("example1_v0_05300_response.jsonstat2.json")


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=OK)


def test_fetch_builds_the_v2_query_and_parses_the_answer():
    handler = Recorder(ok)
    with make_client(handler) as client:
        dataset = client.fetch(QUERY)

    assert len(dataset.rows) == 432
    (request,) = handler.requests
    assert request.method == "GET"
    assert request.url.path == "/api/pxwebapi/v2/tables/05300/data"
    assert request.url.params["outputFormat"] == "json-stat2"
    assert request.url.params["valueCodes[Kulturtilbud]"] == "01,02,03,04,05,06,07,08"
    assert request.url.params["lang"] == "no"


def test_the_query_is_stored_as_json():
    assert QUERY.as_json()["valueCodes"]["ContentsCode"] == ["Avstand"]
    assert QUERY.as_json()["table"] == "05300"


def test_429_is_retried_after_the_time_ssb_asks_for():
    answers = iter(
        [json_response({}, 429, **{"Retry-After": "7"}), httpx.Response(200, content=OK)]
    )
    handler = Recorder(lambda request: next(answers))
    client = make_client(handler)

    dataset = client.fetch(QUERY)

    assert len(handler.requests) == 2
    assert client.sleeps == [7.0]
    assert dataset.rows


def test_server_errors_are_retried_with_growing_waits_then_reported():
    handler = Recorder(lambda request: httpx.Response(503))
    client = make_client(handler, retries=3, backoff=2.0)

    with pytest.raises(SsbError) as error:
        client.fetch(QUERY)

    assert len(handler.requests) == 4
    assert client.sleeps == [2.0, 4.0, 8.0]
    assert "4" in str(error.value)
    assert error.value.status == 503


def test_a_timeout_is_retried():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ReadTimeout("hangs", request=request)
        return httpx.Response(200, content=OK)

    client = make_client(handler, backoff=1.5)
    assert client.fetch(QUERY).rows
    assert len(calls) == 2
    # 1.5 s backoff, then 0.5 s more to keep 2 s between requests (the rate limit).
    assert client.sleeps == [1.5, 0.5]


def test_a_network_that_hangs_every_time_gives_up():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("no answer", request=request)

    client = make_client(handler, retries=2)
    with pytest.raises(SsbError, match="svarte ikke i tide"):
        client.fetch(QUERY)


def test_no_network_fails_at_once():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("Name or service not known", request=request)

    with pytest.raises(SsbError, match="Fikk ikke kontakt med SSB"):
        make_client(handler).fetch(QUERY)
    assert len(calls) == 1


def test_unknown_table_is_not_retried():
    handler = Recorder(lambda request: json_response({"title": "Non-existent table"}, 404))
    with pytest.raises(SsbError, match="05300"):
        make_client(handler).fetch(QUERY)
    assert len(handler.requests) == 1


def test_unknown_variable_reports_ssbs_reason():
    handler = Recorder(
        lambda request: json_response(
            {"title": "Non-existent variable", "detail": "Kulturtilbud2"}, 400
        )
    )
    with pytest.raises(SsbError, match="Non-existent variable: Kulturtilbud2") as error:
        make_client(handler).fetch(QUERY)
    assert error.value.status == 400
    assert len(handler.requests) == 1


def test_malformed_answer_is_reported():
    handler = Recorder(lambda request: httpx.Response(200, content=b'{"class": "dataset", "id": ['))
    with pytest.raises(SsbError, match="kunne ikke leses"):
        make_client(handler).fetch(QUERY)


def test_requests_are_spaced_to_respect_the_rate_limit():
    handler = Recorder(ok)
    client = make_client(handler, min_interval=2.0)

    client.fetch(QUERY)
    client.now[0] += 0.5
    client.fetch(QUERY)
    client.now[0] += 5
    client.fetch(QUERY)

    assert client.sleeps == [1.5]
    assert len(handler.requests) == 3


@pytest.mark.parametrize(
    "table, selections",
    [
        ("5300", (("Tid", ("2021",)),)),
        ("05300; DROP", (("Tid", ("2021",)),)),
        ("05300", (("Tid ", ("2021",)),)),
        ("05300", (("Tid", ()),)),
        ("05300", (("Tid", ("20,21",)),)),
    ],
)
def test_invalid_codes_are_refused_before_asking_ssb(table, selections):
    with pytest.raises(SsbError):
        TableQuery(table, selections)


def test_a_query_too_long_for_a_url_is_refused():
    regions = tuple(f"{n:04d}" for n in range(1000, 1500))
    handler = Recorder(ok)
    with pytest.raises(SsbError, match="færre regioner"):
        make_client(handler).fetch(TableQuery("07459", (("Region", regions),)))
    assert handler.requests == []


def test_the_api_address_can_be_configured(monkeypatch):
    monkeypatch.setenv("SAMPLAN_SSB_API_URL", "https://ssb.example/api/v2/")
    handler = Recorder(ok)
    make_client(handler).fetch(QUERY)
    assert str(handler.requests[0].url).startswith("https://ssb.example/api/v2/tables/05300/data?")
