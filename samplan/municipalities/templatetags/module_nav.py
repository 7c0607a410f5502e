"""Navigation links for the modules of the municipality the page is about."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

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
        label = module.menu_label or module.label
        links.append({"label": label, "url": url, "current": request.path == url})
    return links


MENU_ITEM = '\n<li><a class="ds-link" href="{}"{}>{}</a></li>'
CURRENT = ' aria-current="page"'


@register.simple_tag(takes_context=True)
def module_menu(context: dict[str, Any], knr: str) -> SafeString:
    """The module menu's items (`<li>`, one per module_links entry, then a line break), made
    here rather than by a template loop: the header shows them on every page of a municipality.
    Escaped as the template did (html.escape, what conditional_escape does to text)."""
    return mark_safe(
        "".join(
            MENU_ITEM.format(
                html.escape(item["url"]),
                CURRENT if item["current"] else "",
                html.escape(str(item["label"])),
            )
            for item in module_links(context, knr)
        )
        + "\n"
    )
