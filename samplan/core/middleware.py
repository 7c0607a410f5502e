"""Choose the UI language for each request.

Order: the user's explicit choice (language cookie, set by the language switcher or the profile),
then the user's profile, then the written standard of the municipality the page is about
(a Nynorsk municipality gets Nynorsk), then that of the user's own municipality, then Bokmål.
English is available on request and is the fallback for text that lacks a translation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

from samplan.municipalities.models import OrganisationKind
from samplan.municipalities.permissions import access_map
from samplan.municipalities.selectors import municipality_language

SUPPORTED = {code for code, _name in settings.LANGUAGES}


@lru_cache(maxsize=4096)
def _municipality_in_path(path: str) -> str | None:
    """The municipality number an address is about, if any (the URL patterns never change)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs.get("knr")


def language_for_request(request: HttpRequest) -> str:
    """The language code for this request (see the module docstring for the order)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    preferred = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    if preferred in SUPPORTED:
        return preferred
    number = _municipality_in_path(request.path_info)
    if number:
        language = municipality_language(number)
        if language:
            return language
    for access in access_map(user).values():
        if access.via.kind == OrganisationKind.MUNICIPALITY:
            return access.municipality.default_language
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the request's language and say so in Content-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
        translation.deactivate()
        return response
