"""Logging out of the provider too (OpenID Connect RP-Initiated Logout 1.0): a user who logged in
through their organisation's provider is sent, when they log out of Samplan, to the provider's
`end_session_endpoint` with the ID token of the log-in as `id_token_hint`, and comes back to
Samplan's front page. Without it, a planner on a shared computer who logs out of Samplan would be
let straight back in by the provider's own session.

A provider that does not advertise an end-session endpoint, is switched off, or cannot be
reached within the timeout: the user is logged out of Samplan only, as before, and the log says
why."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url

from .models import Provider
from .oidc import SsoError, discover

logger = logging.getLogger(__name__)

# The session key of the provider and ID token of the log-in (set by views.callback).
LOGOUT_KEY = "sso_logout"


def return_address(request: HttpRequest) -> str:
    """Where the provider sends the browser after its log-out: Samplan's front page (the
    administrator registers it at the provider, next to the redirect URI)."""
    return request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))


def end_session_url(request: HttpRequest) -> str:
    """The provider's end-session address for this session's log-in, or "" (not an SSO log-in,
    or a provider without RP-initiated logout)."""
    remembered = request.session.get(LOGOUT_KEY)
    if not isinstance(remembered, dict):
        return ""
    provider = Provider.objects.filter(pk=remembered.get("provider"), enabled=True).first()
    if provider is None:
        return ""
    try:
        endpoint = discover(provider.issuer).get("end_session_endpoint")
    except SsoError as error:
        logger.warning("Log-out at %s skipped: %s", provider.issuer, error.code)
        return ""
    if not isinstance(endpoint, str) or not endpoint.startswith("http"):
        return ""
    query = urlencode(
        {
            "id_token_hint": remembered.get("id_token", ""),
            "post_logout_redirect_uri": return_address(request),
            "client_id": provider.client_id,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def provider_logout(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """`user_logged_out` receiver (before the session is flushed): the log-out view sends the
    browser on to the provider (accounts.views.LogoutView reads `request.logout_redirect`)."""
    if request is None or not hasattr(request, "session"):
        return
    if not (request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME")):
        return  # not a browser's request (the test client's logout()): nowhere to send it
    address = end_session_url(request)
    if address:
        request.logout_redirect = address  # type: ignore[attr-defined]
