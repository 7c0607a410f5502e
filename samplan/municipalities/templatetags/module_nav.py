"""Navigation links for the modules of the municipality the page is about."""

from __future__ import annotations

import html
import operator
from typing import Any

from django import template
from django.template import Context
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from samplan.core.links import link
from samplan.core.memo import MISSING, BoundedMemo
from samplan.core.modules import Module, modules
from samplan.core.templatetags import translations
from samplan.core.templatetags.samplan import rendered_once
from samplan.core.text import escaped

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


# The header's fixed texts per catalogs, language and autoescaping (page_header).
_HEADER_TEXTS: dict[tuple[int, str | None, bool], dict[str, str]] = {}
_CSRF = CsrfTokenNode()


def _header_texts(autoescape: bool) -> dict[str, str]:
    key = (translations.catalog_generation(), get_language(), autoescape)
    texts = _HEADER_TEXTS.get(key)
    if texts is None:
        escape = escaped if autoescape else str
        texts = {
            name: escape(gettext(text))
            for name, text in (
                ("account", "My account"),
                ("log_out", "Log out"),
                ("log_in", "Log in"),
                ("menu", "Main menu"),
            )
        }
        _HEADER_TEXTS[key] = texts
    return texts


def _more_than_one(value: Any) -> bool:
    """The template's `value > 1`: false for a value that does not compare."""
    try:
        return value > 1
    except Exception:  # noqa: BLE001 (as the template's `if`)
        return False


def _length(value: Any) -> int:
    """The `length` filter."""
    try:
        return len(value)
    except (ValueError, TypeError):
        return 0


def _user_tools(context: Context, texts: dict[str, str], escape: Any) -> str:
    """The header's tools for a logged-in user: the switcher or the one organisation, the
    account link and the log-out form."""
    accesses = context.get("my_accesses", "")
    count = context.get("my_access_count", "")
    memberships = context.get("my_memberships", "")
    if _more_than_one(count) or _more_than_one(_length(memberships)):
        organisations = rendered_once(
            "includes/switcher.html",
            accesses=accesses,
            count=count,
            organisations=memberships,
            current=context.get("current_knr", ""),
        )
        organisations = f"\n          {organisations}        "
    elif memberships:
        first = memberships[0]
        organisations = (
            f'\n          <a class="ds-link" href="{escape(first.url)}">{escape(first.name)}</a>'
            "\n        "
        )
    else:
        organisations = ""
    user = context.get("user")
    return (
        f"\n        {organisations}\n"
        f'        <a class="ds-link" href="{escape(link("accounts:profile"))}">{texts["account"]}'
        f'<span class="ds-sr-only"> ({escape(user.email)})</span></a>\n'
        f'        <form method="post" action="{escape(link("accounts:logout"))}"'
        ' class="sp-inline-form">\n'
        f"          {_CSRF.render(context)}\n"
        '          <button type="submit" class="ds-button" data-variant="tertiary"'
        f' data-size="sm">{texts["log_out"]}</button>\n'
        "        </form>\n      "
    )


@register.simple_tag(takes_context=True)
def page_header(context: Context) -> SafeString:
    """The page's header (the logo, menu and tools part, the user's tools, the language choice,
    the module menu), made here rather than by includes/header.html's template: every page shows
    it. The same markup, escaped as the template did (pinned in test_page_header.py)."""
    escape = escaped if context.autoescape else str
    texts = _header_texts(context.autoescape)
    user = context.get("user")
    if user is not None and user.is_authenticated:
        tools = _user_tools(context, texts, escape)
    else:
        tools = (
            f'\n        <a class="ds-link" href="{escape(link("accounts:login"))}">'
            f"{texts['log_in']}</a>\n      "
        )
    request = context.get("request")
    path = escape(request.get_full_path()) if request is not None else ""
    menu = ""
    knr = context.get("current_knr")
    if knr:
        items = module_menu(context, knr)
        if items.strip():
            menu = (
                f'\n    <nav class="sp-nav" aria-label="{texts["menu"]}">\n'
                f'      <ul class="sp-nav__list">{items}</ul>\n    </nav>\n    '
            )
    start = rendered_once("includes/header_start.html", current=context.get("header_current", ""))
    return mark_safe(  # noqa: S308 (every value escaped)
        f"\n{start}"
        f"      {tools}\n      \n"
        f'<form method="post" action="{escape(link("set_language"))}" class="sp-language">\n'
        f"  {_CSRF.render(context)}\n"
        f'  <input type="hidden" name="next" value="{path}">\n'
        f"{rendered_once('includes/language_choice.html')}\n    </div>\n    {menu}\n"
        "    </div>\n  </div>\n</header>\n"
    )
