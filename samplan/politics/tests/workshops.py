"""A workshop held from start to close, for the tests of the modules a workshop can be about
(goals, processes): its result is saved to the subject."""

from __future__ import annotations

from samplan.core.modules import workshop_subjects
from samplan.politics import services
from samplan.politics.models import OptionKind, Step, Workshop


def hold_workshop(personas, key: str, title: str) -> Workshop:
    """A workshop about the subject `key` (as the module registered it) where the reader ranks
    the subject's proposals in reverse order; closed, so its result is saved."""
    subject = next(s for s in workshop_subjects(personas.municipality) if s.key == key)
    workshop = services.workshop_create(
        municipality=personas.municipality,
        title=title,
        body="Kommunestyret",
        points=5,
        challenges=["Færre unge", "Boliger"],
        proposals=subject.proposals,
        subject=subject,
        user=personas.editor,
    )
    member = services.participant_join_user(workshop=workshop, user=personas.reader)
    services.workshop_step(workshop=workshop, step=Step.RANKING, user=personas.editor)
    proposals = workshop.options.filter(kind=OptionKind.PROPOSAL).order_by("-position")
    services.ranking_save(participant=member, order=[option.pk for option in proposals])
    return services.workshop_step(workshop=workshop, step=Step.CLOSED, user=personas.editor)
