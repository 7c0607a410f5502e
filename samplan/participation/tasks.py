"""Background work of participation (run by `samplan worker`).

The anonymisation is scheduled when a consultation's adoption date is saved: a task that runs
`anonymise_after_days` after it. The task checks again when it runs (the date may have moved;
the save that moved it scheduled a new task), so it never anonymises early.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from .models import Consultation
from .privacy import consultation_anonymise


def anonymise_due_on(consultation: Consultation) -> datetime.date | None:
    if consultation.adopted_on is None:
        return None
    return consultation.adopted_on + datetime.timedelta(days=consultation.anonymise_after_days)


def anonymise_schedule(consultation: Consultation) -> None:
    """Store the task that anonymises the consultation when it is due (in the caller's
    transaction)."""
    due = anonymise_due_on(consultation)
    if due is None or consultation.anonymised_at is not None:
        return
    run_after = timezone.make_aware(datetime.datetime.combine(due, datetime.time(3, 0)))
    anonymise_consultation.using(run_after=run_after).enqueue(consultation.pk)


@task()
def anonymise_consultation(consultation_id: int) -> int:
    """Anonymise the consultation's submissions if it is due; returns how many were changed."""
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or consultation.anonymised_at is not None:
        return 0
    due = anonymise_due_on(consultation)
    if due is None or timezone.localdate() < due:
        return 0
    return consultation_anonymise(consultation=consultation)
