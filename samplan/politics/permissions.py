"""Who may see which workshop or delegation: through the user's access to its municipality
(samplan.municipalities.permissions); another municipality's is 404. The phones reach a
workshop through its short key instead (views_live.py), never through an id."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from samplan.municipalities.permissions import Access

from .models import Workshop


def get_workshop_for_user(access: Access, pk: int) -> Workshop:
    """The workshop `pk` of the municipality the user has `access` to; 404 for any other."""
    return get_object_or_404(Workshop, municipality=access.municipality, pk=pk)
