"""A small client for Statistics Norway's statistics API (PxWebApi v2, JSON-stat 2.0).

- Queries are GET requests: `/tables/{id}/data?valueCodes[Var]=a,b&…&outputFormat=json-stat2`
  (SSB's PxWebApi 2 user guide). A variable left out is eliminated (summed) by SSB.
- SSB limits the number of queries per minute per client (answer 429; "run large queries in
  sequence"). The client sends one request at a time, keeps `min_interval` seconds between
  requests (30 a minute by default, SSB's published limit for the StatBank API) and honours
  `Retry-After` on 429.
- Timeouts, 429 and 5xx answers are retried with exponential backoff; a missing network fails at
  once. Every failure is an `SsbError` with a message for people (gettext, nb/nn); the caller
  writes nothing.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from .jsonstat import Dataset, JsonStatError, parse

if TYPE_CHECKING:
    import httpx

# httpx (with the click, rich and pygments of its command line) is imported when a client is made
# (a fetch from SSB), not with the module, which the statistics page's views import in every
# server worker.

DEFAULT_BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
REQUESTS_PER_MINUTE = 30
MAX_URL_LENGTH = 2000  # SSB: "the URL … cannot exceed approximately 2100 characters"

_TABLE_ID = re.compile(r"^\d{5}$")
_VARIABLE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_VALUE = re.compile(r"^[^,\[\]\s]{1,40}$")


class SsbError(Exception):
    """SSB could not be asked or did not answer usefully. `str(error)` is for people."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class TableQuery:
    """One data query: the table and the value codes per variable (in SSB's own codes)."""

    table_id: str
    selections: tuple[tuple[str, tuple[str, ...]], ...]
    codelists: tuple[tuple[str, str], ...] = field(default=())
    lang: str = "no"

    def __post_init__(self) -> None:
        if not _TABLE_ID.match(self.table_id):
            raise SsbError(
                _("“%(table)s” is not an SSB table number (five digits).")
                % {"table": self.table_id}
            )
        for variable, values in self.selections:
            if not _VARIABLE.match(variable):
                raise SsbError(
                    _("“%(variable)s” is not a valid SSB variable code.") % {"variable": variable}
                )
            if not values or not all(_VALUE.match(value) for value in values):
                raise SsbError(
                    _("The values chosen for %(variable)s are not valid SSB codes.")
                    % {"variable": variable}
                )

    def params(self) -> list[tuple[str, str]]:
        params = [("lang", self.lang), ("outputFormat", "json-stat2")]
        params += [(f"valueCodes[{var}]", ",".join(values)) for var, values in self.selections]
        params += [(f"codelist[{var}]", codelist) for var, codelist in self.codelists]
        return params

    def path(self) -> str:
        return f"/tables/{self.table_id}/data"

    def as_json(self) -> dict[str, Any]:
        """The query as stored with the cached data."""
        return {
            "table": self.table_id,
            "valueCodes": {var: list(values) for var, values in self.selections},
            "codelist": dict(self.codelists),
            "lang": self.lang,
        }


class SsbClient:
    """Fetch and parse SSB tables, politely. Pass `transport` (httpx.MockTransport) in tests."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 2.0,
        min_interval: float = 60.0 / REQUESTS_PER_MINUTE,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = (
            base_url
            or os.environ.get("SAMPLAN_SSB_API_URL", "")
            or getattr(settings, "SAMPLAN_SSB_API_URL", "")
            or DEFAULT_BASE_URL
        ).rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self.sleep = sleep
        self.clock = clock
        self._last_request: float | None = None
        import httpx

        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": "Samplan (community planning; https://github.com/samplan)"},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SsbClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, query: TableQuery) -> str:
        import httpx

        return str(httpx.URL(self.base_url + query.path(), params=query.params()))

    def _throttle(self) -> None:
        if self._last_request is not None:
            wait = self.min_interval - (self.clock() - self._last_request)
            if wait > 0:
                self.sleep(wait)
        self._last_request = self.clock()

    def _retry_wait(self, attempt: int, response: httpx.Response | None = None) -> float:
        if response is not None:
            retry_after = response.headers.get("Retry-After", "")
            if retry_after.strip().isdigit():
                return min(float(retry_after), 120.0)
        return self.backoff * (2**attempt)

    def fetch(self, query: TableQuery) -> Dataset:
        """The table's answer to `query`, parsed. Raises SsbError."""
        import httpx

        url = self.url(query)
        if len(url) > MAX_URL_LENGTH:
            raise SsbError(_("The query is too long for SSB; ask for fewer regions at a time."))
        last_error: SsbError | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self._retry_wait(attempt - 1, getattr(last_error, "response", None)))
            self._throttle()
            try:
                response = self._http.get(url)
            except httpx.TimeoutException:
                last_error = SsbError(_("SSB did not answer in time."))
                continue
            except httpx.TransportError as error:
                raise SsbError(
                    _("Could not reach SSB (%(reason)s). Is there a network connection?")
                    % {"reason": type(error).__name__}
                ) from error
            if response.status_code == 429 or response.status_code >= 500:
                last_error = SsbError(
                    _("SSB is busy (too many queries); try again in a few minutes.")
                    if response.status_code == 429
                    else _("SSB had an error (HTTP %(status)s).")
                    % {"status": response.status_code},
                    status=response.status_code,
                )
                last_error.response = response  # type: ignore[attr-defined]
                continue
            return self._parse(query, response)
        assert last_error is not None
        raise SsbError(
            _("%(reason)s Gave up after %(n)s attempts.")
            % {"reason": str(last_error), "n": self.retries + 1},
            status=last_error.status,
        )

    def _parse(self, query: TableQuery, response: httpx.Response) -> Dataset:
        status = response.status_code
        if status == 404:
            raise SsbError(
                _("SSB has no table %(table)s.") % {"table": query.table_id}, status=status
            )
        if status == 400:
            raise SsbError(
                _("SSB refused the query for table %(table)s: %(detail)s")
                % {"table": query.table_id, "detail": _problem(response)},
                status=status,
            )
        if status != 200:
            raise SsbError(
                _("SSB answered HTTP %(status)s for table %(table)s.")
                % {"status": status, "table": query.table_id},
                status=status,
            )
        try:
            return parse(response.content)
        except JsonStatError as error:
            raise SsbError(
                _("SSB's answer for table %(table)s could not be read: %(detail)s")
                % {"table": query.table_id, "detail": str(error)}
            ) from error


def _problem(response: httpx.Response) -> str:
    """SSB's own words about a refused query (title/detail of the problem answer), shortened."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or _("no explanation")
    if isinstance(body, dict):
        parts = [str(body.get(key)) for key in ("title", "detail") if body.get(key)]
        if parts:
            return ": ".join(parts)[:300]
    return str(body)[:200]


def chunks(items: Sequence[str], size: int) -> list[list[str]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
