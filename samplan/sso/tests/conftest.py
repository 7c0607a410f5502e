"""A real OpenID Connect provider (tests/oidc_provider) in its own process, once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.oidc_provider.process import OidcTestProvider, running_provider


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[OidcTestProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture
def idp(oidc_provider: OidcTestProvider, settings: object) -> Iterator[OidcTestProvider]:
    """The provider, behaving, with no users; discovery and keys not cached; a short timeout."""
    oidc_provider.reset()
    cache.clear()
    settings.SAMPLAN_SSO_TIMEOUT = 1  # type: ignore[attr-defined]
    yield oidc_provider
    oidc_provider.reset()
