"""Navigation links for the modules of the municipality the page is about."""

from __future__ import annotations

from typing import Any

from django import template

from samplan.core.links import link
from samplan.core.modules import modules

from ..permissions import access_map

register = template.Library()


@register.simple_tag(takes_context=True)
def module_links(context: dict[str, Any], knr: str) -> list[dict[str, Any]]:
    """Links to each module of municipality `knr`, if the user has access to it."""
    request = context.get("request")
    if request is None or knr not in access_map(request.user):
        return []
    links = []
    for module in modules():
        url = link(module.url_name, knr)
        links.append({"label": module.label, "url": url, "current": request.path == url})
    return links
