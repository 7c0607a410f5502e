"""Every user-facing text is translated into Bokmål and Nynorsk.

The strings are extracted the way `makemessages` does (Django's templatize for templates, the
gettext functions in Python code), without needing GNU gettext, and compared with the catalogues.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2]
LOCALES = ("nb", "nn")
GETTEXT_FUNCTIONS = {
    "gettext": 1,
    "gettext_lazy": 1,
    "_": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
}


def _strings_in_code(code: str) -> set[str]:
    """The msgids of gettext calls in Python(-like) source, using the tokenizer."""
    found: set[str] = set()
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for index, token in enumerate(tokens[:-2]):
        if token.type != tokenize.NAME or token.string not in GETTEXT_FUNCTIONS:
            continue
        if tokens[index + 1].string != "(":
            continue
        # Adjacent string literals are concatenated, as in Python.
        position = index + 2
        if token.string.startswith("pgettext"):
            while tokens[position].type == tokenize.STRING:
                position += 1
            position += 1  # the comma after the context
        parts = []
        while tokens[position].type == tokenize.STRING:
            parts.append(ast.literal_eval(tokens[position].string))
            position += 1
        if parts:
            found.add("".join(parts))
    return found


def extracted_strings() -> set[str]:
    strings: set[str] = set()
    for path in PACKAGE.rglob("*"):
        if "tests" in path.parts or "migrations" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            strings |= _strings_in_code(path.read_text(encoding="utf-8"))
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            code = templatize(path.read_text(encoding="utf-8"), origin=path)
            # Template text becomes runs of X; indentation means nothing there.
            strings |= _strings_in_code("\n".join(line.lstrip() for line in code.splitlines()))
    return strings


@pytest.mark.parametrize("language", LOCALES)
def test_every_catalogue_entry_has_a_translation(language):
    catalogue = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [], f"{language}: untranslated strings: {untranslated}"
    assert fuzzy == [], f"{language}: fuzzy strings: {fuzzy}"


@pytest.mark.parametrize("language", LOCALES)
def test_every_user_facing_string_is_in_the_catalogue(language):
    catalogue = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    known = {entry.msgid for entry in catalogue}
    missing = sorted(extracted_strings() - known)
    assert missing == [], (
        f"{language}: strings not in the catalogue (run `make translations` and translate them): "
        f"{missing}"
    )


def test_extraction_finds_template_and_code_strings():
    strings = extracted_strings()
    assert "Skip to main content" in strings  # a template
    assert "The organisation must keep at least one administrator." in strings  # Python code
    assert "%(counter)s municipality" in strings  # a plural blocktranslate


@pytest.mark.parametrize(
    ("language", "expected"), [("nb", "Hopp til hovedinnhold"), ("nn", "Hopp til hovudinnhald")]
)
def test_compiled_catalogue_translates_the_skip_link(language, expected):
    from django.utils import translation

    with translation.override(language):
        assert translation.gettext("Skip to main content") == expected
