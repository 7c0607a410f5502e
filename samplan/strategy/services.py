"""Writes for the planning strategy. Every write is validated first and recorded in the history."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samplan.core import freeze
from samplan.core.audit import service
from samplan.core.periods import is_election_year
from samplan.core.prepared import PreparedQuery
from samplan.core.versioning import StaleEdit, check_and_bump
from samplan.municipalities.models import Municipality

from .models import (
    STATUS_ORDER,
    BodyKind,
    ConsultationBody,
    MasterPlanDecision,
    Priority,
    PriorityVote,
    Strategy,
    StrategyStatus,
)
from .sections import section_for, text_digest
from .selectors import county_governor_name

MAX_MARKS = 5


@service
def strategy_get_or_create(
    *, municipality: Municipality, period_start: int, user: object | None = None
) -> Strategy:
    """The strategy of an election period; a new one starts with the county municipality and the
    county governor on the list of bodies to consult."""
    if not is_election_year(period_start):
        raise ValidationError(
            _("%(year)s does not start an election period (2019, 2023, 2027, …).")
            % {"year": period_start}
        )
    strategy, created = Strategy.objects.get_or_create(
        municipality=municipality, period_start=period_start
    )
    if created:
        county = municipality.county
        bodies = [
            ConsultationBody(
                strategy=strategy, name=county_governor_name(county), kind=BodyKind.COUNTY_GOVERNOR
            )
        ]
        if county.number != "03":  # Oslo is its own county municipality
            bodies.append(
                ConsultationBody(
                    strategy=strategy,
                    name=f"{county.name} fylkeskommune",
                    kind=BodyKind.COUNTY_MUNICIPALITY,
                )
            )
        ConsultationBody.objects.bulk_create(bodies)
    return strategy


def _check_status(strategy: Strategy) -> None:
    errors: dict[str, str] = {}
    if strategy.status in (StrategyStatus.PUBLIC, StrategyStatus.ADOPTED):
        if not strategy.public_from:
            errors["public_from"] = _("Enter the date the proposal was made public.")
        if not strategy.council_meeting and strategy.status == StrategyStatus.PUBLIC:
            errors["council_meeting"] = _("Enter the date of the council meeting that decides.")
    if strategy.status == StrategyStatus.ADOPTED:
        if not strategy.adopted_on:
            errors["adopted_on"] = _("Enter the date the council adopted the strategy.")
        if not strategy.master_plan_decision:
            errors["master_plan_decision"] = _(
                "The council must take a position on the master plan (PBL § 10-1 third "
                "paragraph): revise all, revise part, or continue it unchanged."
            )
    if errors:
        raise ValidationError(errors)


_UNCHANGED = object()


@service
def strategy_save(
    *,
    strategy: Strategy,
    constituted_on: datetime.date | None | object = _UNCHANGED,
    user: object | None = None,
    expected_version: int | None = None,
    expected_period_version: int | None = None,
) -> Strategy:
    """Save the strategy's dates, status or texts (validated first), and keep plantakt in step:
    the constitution date and whether the master plan is revised belong to the election period,
    and the dates the proposal was made public and the strategy adopted complete plantakt's
    legal items (which moves the deadlines that depend on them). All or nothing.

    An adopted strategy is frozen: every write is refused (start a revision to change it).
    Adopting freezes the adopted version with its documents. Going back a status is
    `strategy_step_back`, which asks for a reason. With `expected_version` (the version the
    planner's status form was made from) the save is refused with `StaleEdit` when someone else
    saved the status and dates since; nothing is written then. `expected_period_version`: the
    version of plantakt's period facts the form showed the constitution date from (0: none
    stored); a constitution date saved since on plantakt's period page refuses the save too."""
    strategy.refuse_if_frozen()
    check_and_bump(strategy, expected_version)
    return _write(strategy, constituted_on, user, expected_period_version)


def _write(
    strategy: Strategy,
    constituted_on: datetime.date | None | object,
    user: object,
    expected_period_version: int | None = None,
) -> Strategy:
    """strategy_save's checks and writes, the version settled (moved by strategy_save, kept as
    stored by section_save)."""
    before = Strategy.objects.filter(pk=strategy.pk).values_list("status", flat=True).first()
    if before and STATUS_ORDER.index(strategy.status) < STATUS_ORDER.index(before):
        raise ValidationError(
            {
                "status": _(
                    "To go back a status, use “Go back a status”: it asks for the reason, "
                    "which is kept in the history."
                )
            }
        )
    strategy.full_clean()
    _check_status(strategy)
    strategy.save()
    _sync_plantakt(strategy, constituted_on, expected_period_version)
    if strategy.status == StrategyStatus.ADOPTED:
        _freeze_adopted(strategy, user)
    return strategy


@service
def section_save(
    *, strategy: Strategy, key: str, text: str, read_digest: str | None, user: object | None
) -> Strategy:
    """Save one guided section's text (the rest as `strategy_save`). Refused with `StaleEdit`
    when someone else saved this section since the planner's form was made: `read_digest` is
    the digest of the text the form was made from (None: no check). The strategy's row is
    locked first, so of two saves at once the second sees the first."""
    if section_for(key) is None:
        raise ValueError(f"no guided section {key!r}")
    strategy.refuse_if_frozen()
    stored = (
        Strategy.objects.select_for_update()
        .filter(pk=strategy.pk)
        .order_by()
        .values_list(key, flat=True)
        .first()
    )
    if read_digest and stored is not None and text_digest(stored) != read_digest:
        raise StaleEdit()
    # The rest as stored now (the row is locked): a status or another section saved since this
    # page read the strategy is kept, and the status's version is not moved (a status form
    # made before stays valid).
    strategy.refresh_from_db()
    setattr(strategy, key, text)
    return _write(strategy, _UNCHANGED, user)


def _freeze_adopted(strategy: Strategy, user: object | None) -> None:
    """Keep the adopted version as it is now: its texts and dates, and the document in Bokmål
    and Nynorsk as content and as ODT. The frozen content is the record: the PDF/A is not made
    here (it is the costly part of an adoption) but from the frozen content the first time it
    is asked for, and kept from then on with its checksum (documents.adopted_file)."""
    from samplan.documents.content import document_data
    from samplan.documents.render import render as render_document

    from .documents import strategy_document

    documents: dict[str, object] = {}
    files: list[freeze.FileToFreeze] = []
    for language in ("nb", "nn"):
        document = strategy_document(strategy, language)
        documents[language] = document_data(document)
        data, media_type = render_document(document, "odt")
        files.append(freeze.FileToFreeze(f"{language}.odt", media_type, data))
    assert strategy.adopted_on is not None  # _check_status asked for it
    version = freeze.freeze(
        subject=strategy,
        decided_on=strategy.adopted_on,
        label=f"{strategy.municipality.name} – planstrategi {strategy.period_label}",
        content={"strategy": _frozen_fields(strategy), "documents": documents},
        files=files,
        user=user,
    )
    strategy.version_in_force = version
    strategy.save(update_fields=["version_in_force", "updated_at"])


def _frozen_fields(strategy: Strategy) -> dict[str, object]:
    from .sections import SECTIONS

    fields: dict[str, object] = {
        section.key: getattr(strategy, section.key) for section in SECTIONS
    }
    for name in ("public_from", "council_meeting", "adopted_on"):
        value = getattr(strategy, name)
        fields[name] = value.isoformat() if value else None
    fields.update(
        period_start=strategy.period_start,
        revision=strategy.revision,
        master_plan_decision=strategy.master_plan_decision,
        master_plan_parts=strategy.master_plan_parts,
    )
    return fields


def _reason_or_error(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason; it is kept in the history.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    return reason


@service
def strategy_step_back(*, strategy: Strategy, reason: str, user: object | None = None) -> Strategy:
    """Go back one status (adopted → on public display → draft), with the reason kept in the
    history. Undoing an adoption (recorded by mistake, or the decision was annulled) keeps the
    frozen version as a record but takes it out of force: the version adopted before it, if
    any, is in force again, and plantakt's adoption item is open again."""
    reason = _reason_or_error(reason)
    locked = Strategy.objects.select_for_update().get(pk=strategy.pk)
    step = STATUS_ORDER.index(locked.status)
    if step == 0:
        raise ValidationError(_("A draft has no earlier status."))
    undo_adoption = locked.status == StrategyStatus.ADOPTED
    locked.status = STATUS_ORDER[step - 1]
    if undo_adoption:
        current = locked.version_in_force
        earlier = [
            version
            for version in freeze.versions(locked)
            if current is not None and version.number < current.number
        ]
        locked.version_in_force = earlier[-1] if earlier else None
        locked.adopted_on = None
    locked._change_reason = reason  # type: ignore[attr-defined]
    locked.version += 1  # an open status form is stale now
    locked.save()
    if undo_adoption and locked.revision == 0:
        from samplan.plantakt import services as plantakt

        plantakt.item_reopen(
            municipality=locked.municipality,
            election_year=locked.period_start,
            item_key="planning_strategy.adopted",
        )
    return locked


@service
def strategy_start_revision(
    *, strategy: Strategy, reason: str, user: object | None = None
) -> Strategy:
    """Start a revision ("endring av planstrategien") of an adopted strategy: a new draft with
    its own dates and workflow, starting from the adopted texts. The adopted version stays
    frozen and in force (public page, downloads) until the revision is adopted."""
    reason = _reason_or_error(reason)
    locked = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if locked.status != StrategyStatus.ADOPTED:
        raise ValidationError(_("Only an adopted planning strategy can be revised."))
    locked.revision += 1
    locked.status = StrategyStatus.DRAFT
    locked.public_from = locked.council_meeting = locked.adopted_on = None
    locked._change_reason = _("Revision %(number)s started: %(reason)s") % {  # type: ignore[attr-defined]
        "number": locked.revision,
        "reason": reason,
    }
    locked.version += 1  # an open status form is stale now
    locked.save()
    return locked


def _sync_plantakt(
    strategy: Strategy,
    constituted_on: datetime.date | None | object,
    expected_period_version: int | None = None,
) -> None:
    from samplan.plantakt import services as plantakt
    from samplan.plantakt.selectors import stored_period

    municipality, year = strategy.municipality, strategy.period_start
    stored = stored_period(municipality, year)
    if constituted_on is _UNCHANGED:
        constituted_on = stored.constituted_on if stored else None
    revise = strategy.master_plan_decision in (
        MasterPlanDecision.REVISE_ALL,
        MasterPlanDecision.REVISE_PART,
    )
    if (
        stored is None
        or stored.constituted_on != constituted_on
        or (strategy.master_plan_decision and stored.revise_master_plan != revise)
    ):
        plantakt.period_save(
            municipality=municipality,
            election_year=year,
            constituted_on=constituted_on,  # type: ignore[arg-type]
            revise_master_plan=revise
            if strategy.master_plan_decision
            else bool(stored and stored.revise_master_plan),
            expected_version=expected_period_version,
        )
    # what plantakt now holds, as Strategy.objects would bring it (the property makes no query)
    strategy.__dict__.pop("constituted_on", None)
    strategy.stored_constituted_on = constituted_on
    if strategy.revision:
        return  # plantakt's items record the first adoption; a revision does not move them
    today = datetime.date.today()
    done = {
        "planning_strategy.draft_public": strategy.public_from,
        "planning_strategy.adopted": (
            strategy.adopted_on if strategy.status == StrategyStatus.ADOPTED else None
        ),
    }
    for item_key, decided_on in done.items():
        if decided_on is None or (item_key.endswith("draft_public") and decided_on > today):
            continue  # a planned publication is not done yet
        try:
            plantakt.item_complete(
                municipality=municipality,
                election_year=year,
                item_key=item_key,
                decided_on=decided_on,
                today=today,
            )
        except ValidationError as error:
            field = "public_from" if item_key.endswith("draft_public") else "adopted_on"
            raise ValidationError({field: error.messages}) from None


@service
def body_save(
    *, body: ConsultationBody, user: object | None = None, expected_version: int | None = None
) -> ConsultationBody:
    """Add or change a consulted body (validated first). With `expected_version` (the version the
    planner's form was made from) the save is refused with `StaleEdit` when someone else saved
    the body since; nothing is written then."""
    body.strategy.refuse_if_frozen()
    if body.kind == BodyKind.NEIGHBOUR and body.neighbour_id and not body.name:
        body.name = body.neighbour.name
    if body.neighbour_id and body.neighbour_id == body.strategy.municipality_id:
        raise ValidationError({"neighbour": _("A municipality is not its own neighbour.")})
    if body.answered_on and body.asked_on and body.answered_on < body.asked_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the question.")})
    body.full_clean()
    check_and_bump(body, expected_version)
    body.save()
    return body


@service
def priority_save(*, priority: Priority, user: object | None = None) -> Priority:
    priority.strategy.refuse_if_frozen()
    priority.full_clean()
    priority.save()
    return priority


@service
def mark_toggle(*, priority: Priority, user: object) -> bool:
    """Mark or unmark a priority for the user; at most five marks per strategy. True if marked."""
    priority.strategy.refuse_if_frozen()
    existing = PriorityVote.objects.filter(priority=priority, user=user).first()
    if existing is not None:
        existing.delete()
        return False
    marks = (
        PriorityVote.objects.select_for_update()
        .filter(priority__strategy=priority.strategy, user=user)
        .count()
    )
    if marks >= MAX_MARKS:
        raise ValidationError(
            _("You have marked five priorities. Remove one before you mark another.")
        )
    PriorityVote.objects.create(priority=priority, user=user)
    return True


@service
def item_delete(*, item: ConsultationBody | Priority, user: object | None = None) -> None:
    """Remove a body or a candidate priority (kept in the history)."""
    item.strategy.refuse_if_frozen()
    item.delete()


# A period's strategy as the clean-up's guard reads it (its status and adoption date): the base
# manager (the default one adds the constitution date, a subquery), the SQL compiled once per
# process (the clean-up page asks at every request with caching off; compiling was 0.5 ms).
_period_strategy = PreparedQuery(
    lambda number, period: Strategy._base_manager.filter(
        municipality_id=number, period_start=period
    ).order_by("pk")[:1],
    number="-1",
    period=32_767,  # a sample no period has (the field is a positive small integer)
)


def period_guard(*, municipality: Municipality, period_start: int) -> None:
    """Refuse changes to the clean-up decisions of a period whose strategy is adopted: the
    assessment of planning needs is part of what the council adopted."""
    found = _period_strategy(number=municipality.pk, period=period_start)
    strategy = found[0] if found else None
    if strategy is not None and strategy.is_frozen:
        raise freeze.Frozen(
            _(
                "The assessment of planning needs %(period)s is part of the planning strategy "
                "the council adopted on %(date)s and can no longer be changed. To change it, "
                "start a revision of the planning strategy."
            )
            % {
                "period": strategy.period_label,
                "date": strategy.adopted_on.strftime("%d.%m.%Y") if strategy.adopted_on else "–",
            },
            code="frozen",
        )
