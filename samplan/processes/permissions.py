"""Who may see which process, actor and template: through the user's access to the municipality
(samplan.municipalities.permissions). Another municipality's process or actor is 404, like the
municipality itself. A process's phases, activities, results, actors and forces are looked up
within the process; a county's templates within the county organisation."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from samplan.core.prepared import PreparedQuery
from samplan.municipalities.models import Organisation
from samplan.municipalities.permissions import Access

from .models import Actor, Process, ProcessTemplate

# Every process page's first query, its SQL compiled once per process (core/prepared.py).
_process = PreparedQuery(
    lambda pk, municipality: Process.objects.select_related("municipality", "plan").filter(
        pk=pk, municipality_id=municipality
    ),
    pk=-1,
    municipality="prepared:knr",
)


def get_process_for_user(access: Access, pk: int) -> Process:
    """Process `pk` of the municipality the user has `access` to; 404 for any other."""
    found = _process(pk=pk, municipality=access.municipality.pk)
    if not found:
        raise Http404("No process matches the given query.")
    return found[0]


def get_actor_for_user(access: Access, pk: int) -> Actor:
    """Actor `pk` in the register of the municipality the user has `access` to; 404 otherwise."""
    return get_object_or_404(Actor, pk=pk, municipality=access.municipality)


def get_template_for_organisation(organisation: Organisation, pk: int) -> ProcessTemplate:
    """A template the county organisation (which the user is a member of) published."""
    return get_object_or_404(ProcessTemplate, pk=pk, organisation=organisation)
