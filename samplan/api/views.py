"""The API keys in the user's profile: make one (shown once) and revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .api import api
from .forms import TokenForm
from .permissions import get_token_for_user
from .services import token_create, token_revoke


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    """Make an API key; the key is shown on this page once and never again."""
    form = TokenForm(request.POST or None)
    key = ""
    if request.method == "POST" and form.is_valid():
        _token, key = token_create(name=form.cleaned_data["name"], user=request.user)
    return render(
        request,
        "api/token_new.html",
        {"form": form, "key": key, "docs_url": reverse("apikeys:docs")},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@login_required
@require_POST
def token_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own API keys."""
    token = get_token_for_user(request.user, pk)
    name = token.name
    token_revoke(token=token, user=request.user)
    messages.success(request, _("The API key “%(name)s” was revoked.") % {"name": name})
    return redirect(reverse("accounts:profile") + "#api-keys-heading")


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation as a Samplan page, read from the generated OpenAPI document
    (Swagger UI failed WCAG 2.1 AA: contrast, and buttons inside buttons)."""
    schema = api.get_openapi_schema()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "id": operation.get("operationId", ""),
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": [
                {
                    "name": parameter["name"],
                    "where": parameter.get("in", ""),
                    "required": parameter.get("required", False),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ],
            "body": "requestBody" in operation,
            "responses": sorted(operation.get("responses", {})),
        }
        for path, methods in schema.get("paths", {}).items()
        for method, operation in methods.items()
    ]
    return render(
        request,
        "api/docs.html",
        {"info": schema.get("info", {}), "operations": operations},
    )
