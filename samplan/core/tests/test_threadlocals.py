"""Django's active language, script prefix and URLconf in thread-locals (core/threadlocals.py)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from inspect import iscoroutinefunction

import pytest
from asgiref.local import Local
from django.conf import settings
from django.urls import URLPattern, URLResolver, base, get_resolver, get_script_prefix
from django.utils import translation
from django.utils.translation import trans_real

from samplan.core.threadlocals import use_thread_locals


@pytest.fixture
def thread_locals() -> Iterator[None]:
    use_thread_locals()  # again: a test that changed a language setting got Django's Local back
    yield
    translation.deactivate()


def in_another_thread(function: object) -> object:
    result = []
    thread = threading.Thread(target=lambda: result.append(function()))  # type: ignore[operator]
    thread.start()
    thread.join()
    return result[0]


def test_the_state_is_a_thread_local_and_stays_in_its_thread(thread_locals: None) -> None:
    for local in (trans_real._active, base._prefixes, base._urlconfs):
        assert type(local) is threading.local
    translation.activate("nn")
    base.set_script_prefix("/samplan/")
    try:
        assert in_another_thread(translation.get_language) == settings.LANGUAGE_CODE
        assert in_another_thread(get_script_prefix) == "/"

        def other() -> tuple[str | None, str]:
            translation.activate("en")
            base.set_script_prefix("/other/")
            return translation.get_language(), get_script_prefix()

        assert in_another_thread(other) == ("en", "/other/")
        assert (translation.get_language(), get_script_prefix()) == ("nn", "/samplan/")
    finally:
        base.set_script_prefix("/")


def test_the_values_set_before_the_swap_are_kept(thread_locals: None) -> None:
    trans_real._active = Local()
    translation.activate("nn")
    use_thread_locals()
    assert type(trans_real._active) is threading.local
    assert translation.get_language() == "nn"
    assert translation.gettext("Plans") == trans_real.translation("nn").gettext("Plans")


def test_a_request_is_served_in_its_language(client: object, thread_locals: None) -> None:
    client.cookies["samplan_sprak"] = "nn"  # type: ignore[attr-defined]
    response = client.get("/")  # type: ignore[attr-defined]
    assert response["Content-Language"] == "nn"
    assert '<html lang="nn"' in response.content.decode()
    # The request's language is not left active in the thread after it.
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_refused_in_an_event_loop() -> None:
    async def swap() -> None:
        use_thread_locals()

    with pytest.raises(RuntimeError, match="thread-locals"):
        asyncio.run(swap())


def views(patterns: list) -> Iterator[object]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_no_view_is_async() -> None:
    """Async code would not see the language and URL state the thread-locals hold."""
    found = [view for view in views(get_resolver().url_patterns) if iscoroutinefunction(view)]
    assert found == []
    assert len(list(views(get_resolver().url_patterns))) > 100
