"""Navigation links for the modules of the municipality the page is about."""

from __future__ import annotations

import html
import operator
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from samplan.core.links import link
from samplan.core.memo import MISSING, BoundedMemo
from samplan.core.modules import Module, modules
from samplan.core.templatetags import translations

from ..permissions import access_map

register = template.Library()


MENU_ITEM = '\n<li><a class="ds-link" href="{}"{}>{}</a></li>'
CURRENT = ' aria-current="page"'
# The menu's items of a municipality by address configuration, language and catalogs: each
# item's address, and its markup as the current page and not (see module_menu).
MAX_MENUS = 4096
_MENUS: BoundedMemo[tuple[list[Module], list[tuple[str, str, str]]]] = BoundedMemo(MAX_MENUS)


def _menu_items(knr: str) -> list[tuple[str, str, str]]:
    """Each module's (address, item, item as the current page) for municipality `knr`, made
    once per process for the URL configuration, script prefix, language and catalogs, and again
    when the registered modules change (tests register one)."""
    registered = modules()
    key = (
        get_urlconf(),
        get_script_prefix(),
        get_language(),
        translations.catalog_generation(),
        knr,
    )
    found = _MENUS.get(key)
    if (
        found is not MISSING
        and len(found[0]) == len(registered)
        and all(map(operator.is_, found[0], registered))
    ):
        return found[1]
    items = []
    for module in registered:
        url = link(module.url_name, knr)
        escaped = (html.escape(url), html.escape(str(module.menu_label or module.label)))
        items.append(
            (
                url,
                MENU_ITEM.format(escaped[0], "", escaped[1]),
                MENU_ITEM.format(escaped[0], CURRENT, escaped[1]),
            )
        )
    _MENUS.put(key, (registered, items))
    return items


@register.simple_tag(takes_context=True)
def module_menu(context: dict[str, Any], knr: str) -> SafeString:
    """The module menu's items (`<li>`, one per module the user may open, then a line break), made
    here rather than by a template loop: the header shows them on every page of a municipality.
    Escaped as the template did (html.escape, what conditional_escape does to text); each
    municipality's items made once (_menu_items), the current page's marked per request."""
    request = context.get("request")
    if request is None or knr not in access_map(request.user):
        return mark_safe("\n")
    path = request.path
    return mark_safe(
        "".join(current if url == path else item for url, item, current in _menu_items(knr)) + "\n"
    )
