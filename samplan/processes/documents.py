"""The process plan as a document (samplan.documents): the full plan (ODT and PDF/A) in the
house style of the strategy document, and the one-page worksheet ("table cloth") on A3
landscape for a workshop. Built from what the selectors loaded; written in `language`."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from samplan.documents.content import (
    Block,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Table,
    cell_text,
)

from .charts import suggested_strategy
from .models import Activity, Phase, Process, Strategy

SOURCES = (
    "Plan- og bygningsloven (LOV-2008-06-27-71) § 5-1 Medvirkning og § 3-3.",
    "Distriktssenteret: Veiledningspiloten (2020–2022), sentrale spørsmål i prosessplanleggingen.",
)


def _example_notice(process: Process) -> str:
    if not process.is_example:
        return ""
    return _(
        "Example data. Everything in this document is made up for demonstration. It is not "
        "this municipality's real plans or decisions."
    )


def _dates(first: Any, last: Any) -> str:
    if not first and not last:
        return "–"
    start = first.strftime("%d.%m.%Y") if first else "…"
    end = last.strftime("%d.%m.%Y") if last else "…"
    return f"{start}–{end}"


def _result_blocks(process: Process, results: list) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("Desired result")),
        Paragraph(process.desired_result or _("Not written yet.")),
    ]
    if process.desired_result_measure:
        blocks.append(Paragraph(_("How we will know:") + " " + process.desired_result_measure))
    if results:
        blocks.append(
            Table(
                _("Intermediate results"),
                [_("Result"), _("How we will know"), _("By")],
                [[r.title, r.measure, r.due_on] for r in results],
            )
        )
    facts = [
        [_("Kind"), process.get_kind_display()],
        [_("Plan in the register"), process.plan.title if process.plan else "–"],
        [_("Long-term community goal"), process.community_goal or "–"],
        [_("Owner"), process.owner or "–"],
        [_("Process team"), process.team or "–"],
        [_("Dates"), _dates(process.starts_on, process.ends_on)],
    ]
    blocks += [Heading(_("About the process"), 2), Table(_("About the process"), ["", ""], facts)]
    return blocks


def _question_blocks(questions: list[dict[str, Any]]) -> list[Block]:
    blocks: list[Block] = [Heading(_("The six key questions"))]
    for item in questions:
        answer = item["answer"]
        status = answer.get_status_display() if answer else _("Not started")
        blocks += [
            Heading(str(item["question"].title), 2),
            Paragraph(f"{_('Status')}: {status}"),
            Paragraph(answer.text if answer and answer.text else str(item["question"].asks)),
        ]
    return blocks


def _done_state(activity: Activity) -> str:
    """As the process page says it: done on its date, or a past activity not marked done
    (`not_marked`, set by selectors.phases_and_roles); empty otherwise."""
    if activity.done_on:
        return _("done %(date)s") % {"date": activity.done_on.strftime("%d.%m.%Y")}
    return _("not marked as done") if getattr(activity, "not_marked", False) else ""


def _activity_dates(activity: Activity) -> str:
    """The activity's date (or dates), then its done state."""
    first, last = activity.starts_on, activity.ends_on
    dates = _dates(first, last) if last and last != first else cell_text(first)
    state = _done_state(activity)
    return f"{dates} ({state})" if dates and state else dates or state


def _phase_blocks(phases: list[Phase]) -> list[Block]:
    blocks: list[Block] = [Heading(_("Phases and activities"))]
    if not phases:
        blocks.append(Paragraph(_("No phases yet.")))
    for phase in phases:
        blocks.append(Heading(f"{phase.order}. {phase.title}", 2))
        blocks.append(Paragraph(f"{_('Dates')}: {_dates(phase.starts_on, phase.ends_on)}"))
        if phase.goal:
            blocks.append(Paragraph(f"{_('Goal:')} {phase.goal}"))
        activities = phase.activity_list
        if not activities:
            blocks.append(Paragraph(_("Missing: the phase has no activities yet.")))
            continue
        blocks.append(
            Table(
                _("Activities in %(phase)s") % {"phase": phase.title},
                [
                    _("Activity"),
                    _("Kind"),
                    _("Date"),
                    _("Responsible"),
                    _("Participants"),
                    _("Knowledge it needs"),
                ],
                [
                    [
                        a.title + (f" ({a.place})" if a.place else ""),
                        a.get_kind_display(),
                        _activity_dates(a),
                        a.responsible,
                        ", ".join(role.actor.name for role in a.participant_list),
                        a.knowledge,
                    ]
                    for a in activities
                ],
            )
        )
    return blocks


def _strategy_label(role: Any) -> str:
    key = role.strategy or suggested_strategy(role.influence, role.stance)
    return str(Strategy(key).label)


def _actor_blocks(process: Process, roles: list, forces: list) -> list[Block]:
    blocks: list[Block] = [Heading(_("Actor analysis"))]
    if roles:
        blocks.append(
            Table(
                _("The actors of the process"),
                [_("Actor"), _("Part"), _("Influence"), _("Stance"), _("What we do"), _("Why")],
                [
                    [
                        role.actor.name + (" (" + _("Champion") + ")" if role.champion else ""),
                        role.get_involvement_display(),
                        f"{role.influence}/5",
                        f"{role.stance}/5",
                        _strategy_label(role),
                        role.why,
                    ]
                    for role in roles
                ],
            )
        )
    else:
        blocks.append(Paragraph(_("No actors in the process yet.")))
    blocks.append(Heading(_("Forces for and against"), 2))
    blocks.append(
        Table(
            _("Forces for and against, with the response chosen"),
            [_("Direction"), _("Force"), _("What we do about it")],
            [[f.get_direction_display(), f.description, f.response] for f in forces],
        )
        if forces
        else Paragraph(_("No forces listed yet."))
    )
    blocks.append(Heading(_("Participation plan"), 2))
    if process.participation_plan:
        blocks.append(Paragraph(process.participation_plan))
    if roles:
        blocks.append(
            Table(
                _("Each actor, how and in which activities they take part"),
                [_("Actor"), _("How they take part"), _("Activities")],
                [
                    [
                        role.actor.name,
                        role.participation,
                        "; ".join(a.title for a in role.activity_list),
                    ]
                    for role in roles
                ],
            )
        )
    return blocks


def process_document(page: dict[str, Any], language: str) -> Document:
    """The process plan: desired result, key questions, phases, activities, actors and the
    participation plan, with the plan's checks (`page` is selectors.process_page)."""
    process: Process = page["process"]
    with translation.override(language):
        blocks = _result_blocks(process, page["results"])
        blocks += _question_blocks(page["questions"])
        blocks += _phase_blocks(page["phases"])
        blocks += _actor_blocks(process, page["roles"], page["forces"])
        if page["warnings"]:
            blocks += [
                Heading(_("Check the plan")),
                BulletList([warning.message for warning in page["warnings"]]),
            ]
        return Document(
            title=process.name,
            subtitle=_("Process plan"),
            language=language,
            municipality_name=process.municipality.name,
            blocks=blocks,
            sources=list(SOURCES),
            example_notice=_example_notice(process),
        )


def _worksheet_activity(activity: Activity) -> str:
    state = _done_state(activity)
    return f"{activity.title} ({state})" if state else activity.title


def worksheet_document(page: dict[str, Any], language: str) -> Document:
    """The one-page worksheet: the desired result, then the phases side by side with their
    goal, activities and knowledge needs, on A3 landscape. A phase without activities says so."""
    process: Process = page["process"]
    phases: list[Phase] = page["phases"]
    with translation.override(language):
        missing = _("Missing: no activities yet")
        rows = [
            [_("Goal")] + [phase.goal for phase in phases],
            [_("Dates")] + [_dates(phase.starts_on, phase.ends_on) for phase in phases],
            [_("Activities")]
            + [
                "; ".join(_worksheet_activity(a) for a in phase.activity_list) or missing
                for phase in phases
            ],
            [_("Knowledge it needs")]
            + [
                "; ".join(a.knowledge for a in phase.activity_list if a.knowledge)
                for phase in phases
            ],
        ]
        blocks: list[Block] = [Heading(_("Desired result")), Paragraph(process.desired_result)]
        if page["results"]:
            blocks.append(BulletList([result.title for result in page["results"]]))
        blocks.append(
            Table(
                _("The phases"),
                [""] + [f"{phase.order}. {phase.title}" for phase in phases],
                rows,
            )
            if phases
            else Paragraph(_("No phases yet."))
        )
        return Document(
            title=process.name,
            subtitle=_("Worksheet for the workshop"),
            language=language,
            municipality_name=process.municipality.name,
            blocks=blocks,
            example_notice=_example_notice(process),
            table_of_contents=False,
            page_size="A3 landscape",
        )
