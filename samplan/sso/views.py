"""Single sign-on pages: the administrator's provider settings, the login page with "log in with
your organisation", and the log-in through the provider (start and callback)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samplan.accounts.views import LoginView as PasswordLoginView

from . import crypto, selectors, services
from .forms import EmailLoginForm, ProviderForm
from .logout import LOGOUT_KEY, return_address
from .models import Outcome, Provider
from .oidc import Client, SsoError, cached_discovery
from .permissions import get_provider_for_user

SESSION_KEY = "sso_flows"
# A log-in started more than this many seconds ago is not finished (state and nonce expire).
FLOW_SECONDS = 600
# Log-ins kept open in one session at a time (several tabs).
FLOWS_KEPT = 5
MODEL_BACKEND = "samplan.accounts.backends.UserBackend"


def _redirect_uri(request: HttpRequest) -> str:
    """The address to register at the provider (the same for every organisation)."""
    return request.build_absolute_uri(reverse("sso:callback"))


@login_required
@require_http_methods(["GET", "POST"])
def provider_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Connect the organisation's OpenID Connect provider (administrators only)."""
    organisation, provider = get_provider_for_user(request, slug)
    form = ProviderForm(request.POST or None, organisation=organisation, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_save(
                organisation=organisation, **form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The login settings were saved."))
            return redirect("sso:settings", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "provider": provider,
        "form": form,
        "redirect_uri": _redirect_uri(request),
        "logout_return": return_address(request),
        "login_url": request.build_absolute_uri(
            reverse("sso:organisation_login", args=[organisation.slug])
        ),
        "events": selectors.recent_events(provider),
        "history": selectors.provider_history(provider),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "sso/settings.html", context, status=status)


class LoginView(PasswordLoginView):
    """The password login page, with "log in with your organisation's account" beside it."""

    template_name = "sso/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_form"] = getattr(self.request, "sso_form", None) or EmailLoginForm()
        context["sso_choices"] = selectors.login_choices()
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        """The e-mail form's answer redirects to a provider: the page's Content-Security-Policy
        lets forms go there (browsers apply form-action to the redirects after a submit)."""
        response = super().render_to_response(context, **kwargs)
        origins = provider_origins(context["sso_choices"])
        if origins:
            response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
        return response


def provider_origins(providers: list[Provider]) -> list[str]:
    """The origins of the providers' login pages: the issuer's, and the authorization
    endpoint's where discovery has been read (no request to the providers here)."""
    origins = set()
    for provider in providers:
        metadata = cached_discovery(provider.issuer) or {}
        for address in (provider.issuer, metadata.get("authorization_endpoint") or ""):
            parts = urlsplit(address)
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def _safe_next(request: HttpRequest, value: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and allowed else ""


def _error(request: HttpRequest, message: object, status: int = 400) -> HttpResponse:
    return render(request, "sso/error.html", {"message": message}, status=status)


def _fail(request: HttpRequest, provider: Provider, error: SsoError) -> HttpResponse:
    """Record a failed log-in in the provider's log and say why (nothing else was written)."""
    outcome = getattr(error, "outcome", Outcome.ERROR)
    services.event_record(
        provider=provider,
        outcome=outcome,
        email=getattr(error, "email", ""),
        detail=error.code,
        user=None,
    )
    status = 502 if error.code.startswith("provider_") else 403 if outcome != "error" else 400
    return _error(request, error.message, status)


def _client(request: HttpRequest, provider: Provider) -> Client:
    return Client(
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=crypto.decrypt(provider.client_secret_encrypted),
        redirect_uri=_redirect_uri(request),
    )


def _begin(request: HttpRequest, provider: Provider, login_hint: str = "") -> HttpResponse:
    """Send the browser to the provider, keeping state, nonce and PKCE verifier in the session."""
    try:
        auth = _client(request, provider).authorization_request(login_hint=login_hint)
    except crypto.SecretUnreadable:
        return _error(request, _secret_unreadable(), 500)
    except SsoError as error:
        return _fail(request, provider, error)
    flows = dict(request.session.get(SESSION_KEY, {}))
    flows = dict(sorted(flows.items(), key=lambda item: item[1]["started"])[-(FLOWS_KEPT - 1) :])
    flows[auth["state"]] = {
        "provider": provider.pk,
        "nonce": auth["nonce"],
        "verifier": auth["code_verifier"],
        "next": _safe_next(request, request.POST.get("next") or request.GET.get("next", "")),
        "started": time.time(),
    }
    request.session[SESSION_KEY] = flows
    return redirect(auth["url"])


def _secret_unreadable() -> str:
    return _(
        "The login settings of this organisation cannot be read (the server's key changed). "
        "An administrator must enter the client secret again."
    )


@require_POST
def email_login(request: HttpRequest) -> HttpResponse:
    """Start a log-in at the provider of the organisation that owns the e-mail's domain."""
    form = EmailLoginForm(request.POST)
    provider = selectors.provider_for_email(form.data.get("email", "")) if form.is_valid() else None
    if provider is None:
        if form.is_valid():
            form.add_error(
                "email",
                _(
                    "No organisation in Samplan logs in its users with addresses at this domain. "
                    "Log in with your password."
                ),
            )
        request.sso_form = form  # type: ignore[attr-defined]
        request.method = "GET"
        response = LoginView.as_view()(request)
        response.status_code = 400
        return response
    return _begin(request, provider, login_hint=form.cleaned_data["email"])


@require_GET
def organisation_login(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a log-in at the organisation's provider (a link the organisation may publish)."""
    provider = selectors.provider_for_organisation(slug)
    if provider is None:
        raise Http404("No login provider for this organisation")
    return _begin(request, provider)


def _take_flow(request: HttpRequest) -> dict[str, Any] | None:
    """The log-in this callback finishes; each state is used once and expires."""
    flows = dict(request.session.get(SESSION_KEY, {}))
    flow = flows.pop(request.GET.get("state", ""), None)
    request.session[SESSION_KEY] = flows
    if flow is None or time.time() - flow["started"] > FLOW_SECONDS:
        return None
    return flow


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code: check it all, then log in."""
    flow = _take_flow(request)
    if flow is None:
        return _error(
            request,
            _(
                "This login was already used, has expired or was started in another browser. "
                "Start the login again."
            ),
        )
    provider = Provider.objects.filter(pk=flow["provider"], enabled=True).first()
    if provider is None:
        return _error(request, _("This organisation no longer logs in through its provider."))
    if "error" in request.GET or not request.GET.get("code"):
        error = SsoError(
            "refused_by_provider",
            _("The login service stopped the login: %(why)s")
            % {"why": request.GET.get("error_description") or request.GET.get("error", "–")},
        )
        return _fail(request, provider, error)
    try:
        client = _client(request, provider)
        token = client.exchange(code=request.GET["code"], code_verifier=flow["verifier"])
        claims = client.verify(token["id_token"], nonce=flow["nonce"])
        account, _outcome = services.login_complete(provider=provider, claims=claims, user=None)
    except crypto.SecretUnreadable:
        return _error(request, _secret_unreadable(), 500)
    except SsoError as error:
        return _fail(request, provider, error)
    except ValidationError as error:
        return _fail(request, provider, SsoError("invalid_user", "; ".join(error.messages)))
    login(request, account, backend=MODEL_BACKEND)
    # For the log-out: the provider ends its own session too (logout.provider_logout).
    request.session[LOGOUT_KEY] = {"provider": provider.pk, "id_token": token["id_token"]}
    return redirect(flow["next"] or reverse("site:home"))
