"""The dashboard panels of the installed modules. (The navigation links to a municipality's
modules are in samplan.municipalities: `{% load module_nav %}`.)"""

from __future__ import annotations

from django import template

from samplan.core.modules import modules

register = template.Library()


@register.simple_tag
def dashboard_panels(has_workspace: bool = True) -> list[str]:
    """The dashboard panel templates of the installed modules, in order; without a workspace
    only the panels of public reference data."""
    return [
        module.dashboard_template
        for module in modules()
        if module.dashboard_template and (has_workspace or module.panel_without_workspace)
    ]
