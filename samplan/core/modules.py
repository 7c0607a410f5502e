"""The modules a municipality workspace has, for navigation and the dashboard.

Each app registers itself in its AppConfig.ready(): a label for the navigation, the URL name of
its start page (taking the municipality number `knr`), optionally a dashboard panel template and
a function that adds the module's example data to the example workspace.
The dashboard and the navigation show exactly the modules that are installed, in `order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str
    order: int
    dashboard_template: str | None = None
    # The panel's data: a selector called with the Municipality, returning what the panel
    # template shows as `panel` (the dashboard view calls it; templates run no queries).
    dashboard_panel: Callable[[Any], object] | None = None
    # The panel shows public reference data (facts, statistics), so it is shown also for a
    # municipality that has no workspace; other panels (findings, deadlines) would raise alarms
    # about a register nobody keeps.
    panel_without_workspace: bool = False
    # Fills the example workspace (`samplan demo`); called with the Municipality, idempotent;
    # writes in the municipality's language form (decorate it with in_municipality_language).
    example_data: Callable[[Any], object] | None = None
    # Fills a synthetic workspace (`samplan seed-scale`); called with the Municipality and a
    # random.Random seeded for it, so the same seed gives the same data. Returns rows written.
    scale_data: Callable[[Any, Any], int] | None = None


_REGISTRY: dict[str, Module] = {}


def register_module(module: Module) -> None:
    """Add a module (idempotent: registering the same key again replaces it)."""
    _REGISTRY[module.key] = module


def modules() -> list[Module]:
    """All registered modules, in navigation order."""
    return sorted(_REGISTRY.values(), key=lambda module: module.order)


def dashboard_panels(municipality: Any, *, has_workspace: bool) -> list[tuple[str, object]]:
    """The dashboard's panels in order, each as (template, data from its selector); without a
    workspace only the panels of public reference data."""
    return [
        (
            module.dashboard_template,
            module.dashboard_panel(municipality) if module.dashboard_panel else None,
        )
        for module in modules()
        if module.dashboard_template and (has_workspace or module.panel_without_workspace)
    ]
