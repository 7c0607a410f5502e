"""Choose the UI language for each request (the LanguageMiddleware).

Order, first match wins:

1. the user's explicit choice: the language cookie, set by the language buttons or the profile;
2. the logged-in user's profile language;
3. a browser whose first Norwegian preference (Accept-Language) is Nynorsk (`nn`, `nn-NO`;
   `en, nn` counts as Nynorsk, `nb, nn` or `no` as Bokmål);
4. the written standard of the municipality the page is about (a Nynorsk municipality gets
   Nynorsk);
5. that of the user's own municipality;
6. Bokmål.

The browser rung speaks only for Nynorsk. A browser that prefers Bokmål does not override the
written standard of a Nynorsk municipality: its page is in Nynorsk, as the municipality writes, and
the reader can choose Bokmål with the buttons (rung 1). Bokmål is what the lower rungs give anyway.
A browser's English is not followed either: English is available on explicit choice and is the
fallback for text that lacks a translation.

Responses vary on the cookie and on Accept-Language, and say their language in Content-Language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from .models import OrganisationKind
from .permissions import access_map
from .selectors import municipality_language

SUPPORTED = {code for code, _name in settings.LANGUAGES}
# Accept-Language tags (lower case, without region) that name a Norwegian written standard.
NORWEGIAN_TAGS = {"nn": "nn", "nb": "nb", "no": "nb"}


@lru_cache(maxsize=4096)
def _municipality_in_path(path: str) -> str | None:
    """The municipality number an address is about, if any (the URL patterns never change)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.kwargs.get("knr")


def browser_norwegian(accept_language: str) -> str | None:
    """The browser's first Norwegian preference ("nb" or "nn"), by quality; None if it has none.

    "nn-NO;q=0.8, nb;q=0.9" → "nb"; "en, nn" → "nn"; "no" → "nb"; "en" → None. A tag with
    q=0 is one the browser does not accept.
    """
    for tag, quality in parse_accept_lang_header(accept_language):
        language = NORWEGIAN_TAGS.get(tag.split("-")[0])
        if language and quality > 0:
            return language
    return None


def language_for_request(request: HttpRequest) -> str:
    """The language code for this request (see the module docstring for the order)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    preferred = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    if preferred in SUPPORTED:
        return preferred
    if browser_norwegian(request.headers.get("Accept-Language", "")) == "nn":
        return "nn"
    number = _municipality_in_path(request.path_info)
    if number:
        language = municipality_language(number)
        if language:
            return language
    accesses = access_map(user)
    for entry in accesses.entries:
        if entry.via_kind == OrganisationKind.MUNICIPALITY:
            return accesses[entry.number].municipality.default_language
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
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        translation.deactivate()
        return response
