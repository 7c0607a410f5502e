"""Synthetic calendar items for `samplan seed-scale` (the period itself is written by the
strategy's seed, which records the constitution date through plantakt)."""

from __future__ import annotations

import datetime
import random

from samplan.municipalities.models import Municipality

from .models import OwnItem

TITLES = [
    "Folkemøte om planstrategien",
    "Ungdomsrådet",
    "Eldrerådet",
    "Arbeidsmøte i formannskapet",
]


def plantakt_scale_create(municipality: Municipality, rng: random.Random) -> int:
    items = [
        OwnItem(
            municipality=municipality,
            election_year=2023,
            title=f"{title} (syntetisk)",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000)),
        )
        for title in rng.sample(TITLES, k=3)
    ]
    OwnItem.objects.bulk_create(items)
    return len(items) * 2
