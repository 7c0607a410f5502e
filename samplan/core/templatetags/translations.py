"""Django's `i18n` template library, with a `{% translate %}` of a fixed text that translates it
once per language.

Django's `{% translate "Help" %}` makes a lazy string at every render, translates it, then
escapes it (about 6 µs; a page has 15–85 of them, the header alone a dozen). A fixed text with
no filters has the same output for the same active language and autoescaping, so the node keeps
that output. The catalogs are read again when a language setting changes (tests) or a `.mo`
file changes (runserver): the kept outputs are dropped then. Everything else (a variable, a
filter, a context from a variable, `noop`) is Django's, unchanged. `{% blocktranslate %}` is
Django's too, but makes its message ids (the text between its tags, with `%` doubled, the
variables as `%(name)s`, trimmed) once per node instead of at each render: they follow from the
template's text alone (BlockTranslateNode).

`settings.TEMPLATES` names this library `i18n`, so `{% load i18n %}` loads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, Parser, Token, Variable
from django.template.context import Context
from django.templatetags import i18n as django_i18n
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# Bumped when the catalogs may have changed; part of every kept output's key.
_generation = [0]
LANGUAGE_SETTINGS = {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}


@receiver(setting_changed)
def _settings_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting in LANGUAGE_SETTINGS:
        _generation[0] += 1


@receiver(file_changed)
def _file_changed(*, file_path: Path, **_kwargs: Any) -> None:
    if file_path.suffix == ".mo":
        _generation[0] += 1


def catalog_generation() -> int:
    """A number that changes when the catalogs may have changed: part of the key of anything
    kept translated."""
    return _generation[0]


def _fixed(expression: FilterExpression | None) -> bool:
    """Whether `expression` is a text or number written in the template, without filters."""
    if expression is None:
        return True
    var = expression.var
    return not expression.filters and (not isinstance(var, Variable) or var.literal is not None)


class FixedTranslateNode(django_i18n.TranslateNode):
    """`{% translate "text" %}` (and `… as name`, `… context "c"`): Django's output, kept per
    language and autoescaping."""

    def __init__(self, node: django_i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.outputs: dict[tuple[int, str | None, bool], str] = {}

    def render(self, context: Context) -> str:
        key = (catalog_generation(), get_language(), context.autoescape)
        output = self.outputs.get(key)
        if output is None:
            output = super().render(context)
            if self.asvar:
                output = context[self.asvar]
            self.outputs[key] = output
        elif self.asvar:
            context[self.asvar] = output
        if self.asvar:
            return ""
        return output


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> template.Node:
    """Django's `{% translate %}`; a fixed text's node keeps its output (FixedTranslateNode)."""
    node = django_i18n.do_translate(parser, token)
    if not node.noop and _fixed(node.filter_expression) and _fixed(node.message_context):
        return FixedTranslateNode(node)
    return node


class BlockTranslateNode(django_i18n.BlockTranslateNode):
    """Django's `{% blocktranslate %}`, its singular's and plural's message ids and variables
    made once (`render_token_list` at each render cost a loop over the tokens and, `trimmed`,
    a regular expression). The translation, the values and the formatting stay per render."""

    def __init__(self, node: django_i18n.BlockTranslateNode) -> None:
        super().__init__(
            node.extra_context,
            node.singular,
            node.plural,
            node.countervar,
            node.counter,
            node.message_context,
            node.trimmed,
            node.asvar,
            node.tag_name,
        )
        self.token_lists: dict[bool, tuple[str, list[str]]] = {}

    def render_token_list(self, tokens: list[Token]) -> tuple[str, list[str]]:
        singular = tokens is self.singular
        made = self.token_lists.get(singular)
        if made is None:
            made = self.token_lists[singular] = super().render_token_list(tokens)
        message, variables = made
        return message, list(variables)  # a copy: render() extends the singular's list


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser: Parser, token: Token) -> template.Node:
    """Django's `{% blocktranslate %}`, its message ids made once (BlockTranslateNode)."""
    return BlockTranslateNode(django_i18n.do_block_translate(parser, token))
