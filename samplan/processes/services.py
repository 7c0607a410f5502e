"""Writes for process plans. Each is validated before saving, recorded in the audit history
with the acting user, and a save of something two planners may edit at once names the version
it started from: if someone else saved in between, the save is refused and nothing is
overwritten."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.core.versioning import Versioned, check_and_bump

from .models import (
    Activity,
    Actor,
    Force,
    IntermediateResult,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
    ProcessTemplate,
    QuestionKey,
)

M = TypeVar("M", bound=models.Model)


def _save(obj: M, *, user: Any, expected_version: int | None = None) -> M:
    """Validate and save; for a versioned row that exists, check and move its version first
    (the row is locked until the transaction ends, so two saves cannot both pass)."""
    obj.full_clean()
    if isinstance(obj, Versioned):
        check_and_bump(obj, expected_version)
    obj.save()
    return obj


@service
def process_create(*, process: Process, user: Any) -> Process:
    """A new process with its six key questions, not started."""
    if process.pk is not None:
        raise ValueError("process_create is for new processes")
    _save(process, user=user)
    KeyQuestion.objects.bulk_create(
        [KeyQuestion(process=process, key=key) for key in QuestionKey.values]
    )
    return process


@service
def process_save(*, process: Process, user: Any, expected_version: int | None) -> Process:
    """Save the process's facts or its desired result. Phases need a desired result, so it
    cannot be emptied while the process has phases."""
    if not process.desired_result.strip() and process.phases.exists():
        raise ValidationError(
            {
                "desired_result": _(
                    "The process has phases, so it needs its desired result: the phases are "
                    "chosen to reach it."
                )
            }
        )
    return _save(process, user=user, expected_version=expected_version)


@service
def question_save(*, question: KeyQuestion, user: Any, expected_version: int | None) -> KeyQuestion:
    return _save(question, user=user, expected_version=expected_version)


@service
def result_save(*, result: IntermediateResult, user: Any) -> IntermediateResult:
    return _save(result, user=user)


@service
def phase_save(*, phase: Phase, user: Any, expected_version: int | None = None) -> Phase:
    """Save a phase; a process gets phases only once its desired result is written."""
    if not phase.process.desired_result.strip():
        raise ValidationError(
            _("Write the desired result first: the phases and activities are chosen to reach it.")
        )
    return _save(phase, user=user, expected_version=expected_version)


@service
def activity_save(
    *,
    activity: Activity,
    user: Any,
    participants: list[ProcessActor] | None = None,
    expected_version: int | None = None,
) -> Activity:
    """Save an activity and, when given, who takes part (actors of the same process only)."""
    _save(activity, user=user, expected_version=expected_version)
    if participants is not None:
        if any(role.process_id != activity.phase.process_id for role in participants):
            raise ValidationError(_("Participants must be actors of this process."))
        activity.participants.set(participants)
    return activity


@service
def actor_save(*, actor: Actor, user: Any, expected_version: int | None = None) -> Actor:
    if (
        Actor.objects.filter(municipality=actor.municipality_id, name__iexact=actor.name.strip())
        .exclude(pk=actor.pk)
        .exists()
    ):
        raise ValidationError({"name": _("The register already has an actor with this name.")})
    return _save(actor, user=user, expected_version=expected_version)


def _processes_using(actor: Actor) -> list[str]:
    """The names of the processes an actor takes part in."""
    return list(
        Process.objects.filter(actor_roles__actor=actor)
        .order_by("name")
        .values_list("name", flat=True)
    )


@service
def actor_delete(*, actor: Actor, user: Any) -> None:
    """Remove an actor from the register; refused while a process uses it (its analysis would
    lose the actor), with the processes named, so the planner can remove it there first."""
    using = _processes_using(actor)
    if using:
        raise ValidationError(
            _("“%(name)s” is not removed: it takes part in %(processes)s. Remove it there first.")
            % {"name": actor.name, "processes": ", ".join(f"“{name}”" for name in using)}
        )
    actor.delete()


@service
def role_save(
    *, role: ProcessActor, user: Any, expected_version: int | None = None
) -> ProcessActor:
    if role.actor.municipality_id != role.process.municipality_id:
        raise ValidationError(_("The actor must be in this municipality's register."))
    if (
        ProcessActor.objects.filter(process=role.process_id, actor=role.actor_id)
        .exclude(pk=role.pk)
        .exists()
    ):
        raise ValidationError({"actor": _("The actor is already in this process.")})
    return _save(role, user=user, expected_version=expected_version)


@service
def force_save(*, force: Force, user: Any) -> Force:
    return _save(force, user=user)


@service
def item_delete(*, item: models.Model, user: Any) -> None:
    """Remove a result, phase, activity, actor role or force (kept in the history). A phase
    takes its activities with it."""
    item.delete()


@service
def template_publish(*, template: ProcessTemplate, user: Any) -> ProcessTemplate:
    """Publish a county's template, or a new version of it (copies made earlier then show what
    changed)."""
    if template.pk is not None:
        template.version = (
            ProcessTemplate.objects.filter(pk=template.pk).values_list("version", flat=True).get()
            + 1
        )
    return _save(template, user=user)
