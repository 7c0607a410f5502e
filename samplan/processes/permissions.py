"""Who may see which process, actor and template: through the user's access to the municipality
(samplan.municipalities.permissions). Another municipality's process or actor is 404, like the
municipality itself. A process's phases, activities, results, actors and forces are looked up
within the process; a county's templates within the county organisation."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from samplan.municipalities.models import Organisation
from samplan.municipalities.permissions import Access

from .models import Actor, Process, ProcessTemplate


def get_process_for_user(access: Access, pk: int) -> Process:
    """Process `pk` of the municipality the user has `access` to; 404 for any other."""
    return get_object_or_404(
        Process.objects.select_related("municipality", "plan"),
        pk=pk,
        municipality=access.municipality,
    )


def get_actor_for_user(access: Access, pk: int) -> Actor:
    """Actor `pk` in the register of the municipality the user has `access` to; 404 otherwise."""
    return get_object_or_404(Actor, pk=pk, municipality=access.municipality)


def get_template_for_organisation(organisation: Organisation, pk: int) -> ProcessTemplate:
    """A template the county organisation (which the user is a member of) published."""
    return get_object_or_404(ProcessTemplate, pk=pk, organisation=organisation)
