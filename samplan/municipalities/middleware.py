"""An address with an old municipality number leads to the same page of today's municipality."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from .numbers import renumbering

_MUNICIPALITY_PATH = re.compile(r"^/kommune/(\d{4})/")


class OldNumberMiddleware:
    """A GET of /kommune/<old number>/… that found nothing (404) is sent on, permanently, to
    /kommune/<today's number>/… when the old number has one successor (1665 Tydal → 5033). A
    divided municipality's number stays 404; its public page lists the successors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        match = _MUNICIPALITY_PATH.match(request.path_info)
        found = renumbering(match.group(1)) if match else None
        if found is None or found.is_split:
            return response
        path = request.path.replace(f"/kommune/{found.number}/", f"/kommune/{found.current[0]}/", 1)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)
