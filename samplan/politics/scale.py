"""A synthetic running workshop for `samplan seed-scale` (the benchmark's 357 municipalities):
at the points step, with 30 participants who have given their points, so that the projector
view and the vote POST are measured with a full room."""

from __future__ import annotations

import random

from samplan.municipalities.models import Municipality

from . import codes
from .models import DotVote, Option, OptionKind, Participant, Step, Workshop

PARTICIPANTS = 30


def politics_scale_create(municipality: Municipality, rng: random.Random) -> int:
    workshop = Workshop.objects.create(
        municipality=municipality,
        title="Syntetisk verksted",
        body="Kommunestyret",
        key="".join(rng.choice(codes.ALPHABET) for _ in range(codes.KEY_LENGTH)),
        step=Step.DOTS,
    )
    options = Option.objects.bulk_create(
        Option(workshop=workshop, kind=kind, title=f"Syntetisk {kind} {n}", position=n)
        for kind in (OptionKind.CHALLENGE, OptionKind.PROPOSAL)
        for n in range(5)
    )
    challenges = [option for option in options if option.kind == OptionKind.CHALLENGE]
    people = Participant.objects.bulk_create(
        Participant(workshop=workshop, token=f"syntetisk-{workshop.key}-{n}")
        for n in range(PARTICIPANTS)
    )
    DotVote.objects.bulk_create(
        DotVote(participant=person, option=option, points=rng.randint(1, 2))
        for person in people
        for option in rng.sample(challenges, 2)
    )
    return 1 + len(options) + len(people) * 3
