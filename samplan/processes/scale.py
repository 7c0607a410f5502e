"""A synthetic process plan for `samplan seed-scale` (the benchmark's 357 municipalities, one
process each), made from the development template."""

from __future__ import annotations

import datetime
import random

from samplan.municipalities.models import Municipality

from . import library


def process_scale_create(municipality: Municipality, rng: random.Random) -> int:
    template = library.shipped(municipality.default_language)[rng.randrange(3)]
    process = library.template_copy(
        municipality=municipality,
        template=template,
        name=f"{template.name} (syntetisk)",
        starts_on=datetime.date(2026, rng.randint(1, 12), 1),
        user=None,
    )
    return 1 + process.phases.count()
