"""Who may change an organisation's single sign-on: its administrators only."""

from __future__ import annotations

from django.http import HttpRequest

from samplan.municipalities.models import Organisation, Role
from samplan.municipalities.permissions import get_organisation_for_user

from .models import Provider


def get_provider_for_user(request: HttpRequest, slug: str) -> tuple[Organisation, Provider | None]:
    """The organisation `slug` and its provider (None before one is connected), for one of its
    administrators: 404 for non-members, 403 for members who are not administrators."""
    organisation, _membership = get_organisation_for_user(request, slug, Role.ADMIN)
    provider = Provider.objects.filter(organisation=organisation).first()
    return organisation, provider
