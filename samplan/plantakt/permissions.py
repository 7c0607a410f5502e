"""Who may see which calendar item: through the user's access to its municipality
(samplan.municipalities.permissions). The computed items are not objects (the engine makes them
from the municipality's data); the municipality's own items are, and another municipality's are
404, like the municipality itself."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from samplan.municipalities.permissions import Access

from .models import OwnItem


def get_own_item_for_user(access: Access, pk: int) -> OwnItem:
    """Own item `pk` of the municipality the user has `access` to; 404 for any other."""
    return get_object_or_404(OwnItem, pk=pk, municipality=access.municipality)
