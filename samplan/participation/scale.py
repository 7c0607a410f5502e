"""Synthetic participation for `samplan seed-scale`: every municipality gets an open
consultation with a few submissions; the first municipality by number gets 1,000 on one
consultation (the benchmark's public page and submission POST)."""

from __future__ import annotations

import datetime
import hashlib
import random

from django.utils import timezone

from samplan.municipalities.models import Municipality

from .models import (
    Consultation,
    Kind,
    Moderation,
    Question,
    QuestionKind,
    Status,
    Subject,
    Submission,
)

BENCH_SUBMISSIONS = 1000


def participation_scale_create(municipality: Municipality, rng: random.Random) -> int:
    consultation = Consultation.objects.create(
        municipality=municipality,
        title="Syntetisk innspillsrunde",
        kind=Kind.INPUT_ROUND,
        subject=Subject.OTHER,
        summary="Syntetisk sammendrag i klart språk.",
        opens_on=datetime.date(2024, 1, 1),
        closes_at=timezone.make_aware(datetime.datetime(2035, 12, 31, 23, 59)),
        status=Status.PUBLISHED,
    )
    Question.objects.create(
        consultation=consultation,
        order=1,
        kind=QuestionKind.CHOICE,
        text="Hva er viktigst?",
        options="Bolig\nHelse\nNæring\nKlima",
    )
    first = Municipality.objects.order_by("number").values_list("number", flat=True).first()
    count = BENCH_SUBMISSIONS if first == municipality.number else rng.randint(0, 10)
    Submission.objects.bulk_create(
        Submission(
            consultation=consultation,
            number=number,
            token_hash=hashlib.sha256(f"s-{consultation.pk}-{number}".encode()).hexdigest(),
            form_nonce=f"s-{number}",
            source="nett",
            text=f"Syntetisk innspill {number}.",
            anonymous=True,
            age_band=rng.choice(["13-18", "19-25", "26-66", "67+"]),
            consent=True,
            moderation=Moderation.PUBLISHED if rng.random() < 0.8 else Moderation.WAITING,
        )
        for number in range(1, count + 1)
    )
    return 2 + count
