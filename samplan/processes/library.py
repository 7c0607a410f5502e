"""The template library ("hyllevare"): the templates Samplan ships (data files in data/, in
Bokmål and Nynorsk) and those county municipalities publish; copying one into a process, and what
a template has changed since a process was copied from it.

A template's language part has this shape (the same for a county's `ProcessTemplate.content`):
name, description, desired_result, desired_result_measure, results [{title, measure}],
questions {key: prompt}, phases [{title, goal, weeks, activities [{title, kind, week, method,
knowledge, group, county_guidance}]}], actors [{name, kind, internal, group, involvement,
influence, stance, why}].
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samplan.municipalities.models import Municipality, OrganisationKind

from . import services
from .models import (
    Activity,
    ActivityKind,
    ActorKind,
    Group,
    IntermediateResult,
    Involvement,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
    ProcessKind,
    ProcessTemplate,
    QuestionKey,
)
from .models import Actor as RegisterActor

SHELF = Path(__file__).parent / "data"
SHIPPED_PREFIX = "samplan:"
COUNTY_PREFIX = "fylke:"


@dataclass(frozen=True)
class Template:
    """A template in one language, ready to show or copy."""

    key: str
    version: int
    kind: str
    publisher: str
    content: dict[str, Any]
    is_example: bool = False  # a county's template made as example data

    @property
    def name(self) -> str:
        return str(self.content.get("name", ""))

    @property
    def description(self) -> str:
        return str(self.content.get("description", ""))

    @property
    def slug(self) -> str:
        return self.key.replace(":", "-")


@cache
def _shelf() -> dict[str, dict[str, Any]]:
    return {
        data["key"]: data
        for data in (json.loads(path.read_text("utf-8")) for path in sorted(SHELF.glob("*.json")))
    }


def shipped(language: str) -> list[Template]:
    """The templates Samplan ships, in Bokmål or Nynorsk."""
    return [
        Template(SHIPPED_PREFIX + key, data["version"], data["kind"], "Samplan", data[language])
        for key, data in _shelf().items()
    ]


def _from_row(row: ProcessTemplate) -> Template:
    return as_template(row, row.organisation.name)


def county_templates(municipality: Municipality) -> list[Template]:
    """Templates published by the county municipalities of the municipality's county or that
    follow it (one query)."""
    follows = Q(organisation__county=municipality.county_id) | Q(
        organisation__municipalities=municipality
    )
    rows = (
        ProcessTemplate.objects.filter(
            follows, organisation__kind=OrganisationKind.COUNTY_MUNICIPALITY, published=True
        )
        .select_related("organisation")
        .distinct()
    )
    return [_from_row(row) for row in rows]


def available(municipality: Municipality, language: str) -> list[Template]:
    return shipped(language) + county_templates(municipality)


def template_for(municipality: Municipality, key: str, language: str) -> Template | None:
    """A template the municipality may use, by key (None: unknown or not for it)."""
    if key.startswith(SHIPPED_PREFIX):
        return next((t for t in shipped(language) if t.key == key), None)
    return next((t for t in county_templates(municipality) if t.key == key), None)


def template_by_slug(municipality: Municipality, slug: str, language: str) -> Template | None:
    return next((t for t in available(municipality, language) if t.slug == slug), None)


# Copying ------------------------------------------------------------------------------------


def _choice(value: Any, choices: type, default: str = "") -> str:
    return value if value in choices.values else default


def _phase_rows(process: Process, phases: list[dict[str, Any]]) -> list[tuple[Phase, list]]:
    start = process.starts_on
    rows = []
    for order, data in enumerate(phases, start=1):
        weeks = int(data.get("weeks") or 0)
        end = start + datetime.timedelta(weeks=weeks, days=-1) if start and weeks else None
        phase = Phase(
            process=process,
            order=order,
            title=str(data.get("title", ""))[:200],
            goal=str(data.get("goal", "")),
            starts_on=start,
            ends_on=end,
        )
        activities = [
            Activity(
                title=str(item.get("title", ""))[:200],
                kind=_choice(item.get("kind"), ActivityKind, ActivityKind.OTHER),
                starts_on=(
                    start + datetime.timedelta(weeks=int(item["week"]))
                    if start and item.get("week") is not None
                    else None
                ),
                method=str(item.get("method", "")),
                knowledge=str(item.get("knowledge", "")),
                group=_choice(item.get("group"), Group),
                county_guidance=bool(item.get("county_guidance")),
            )
            for item in data.get("activities", [])
        ]
        rows.append((phase, activities))
        start = end + datetime.timedelta(days=1) if end else start
    return rows


def _copy_actors(process: Process, actors: list[dict[str, Any]], user: Any) -> None:
    """The template's typical actors come into the municipality's register (an actor of the
    same name already there is reused) and into the process."""
    existing = {
        actor.name.lower(): actor
        for actor in RegisterActor.objects.filter(municipality=process.municipality)
    }
    for data in actors:
        name = str(data.get("name", ""))[:200]
        actor = existing.get(name.lower())
        if actor is None:
            actor = services.actor_save(
                actor=RegisterActor(
                    municipality=process.municipality,
                    name=name,
                    kind=_choice(data.get("kind"), ActorKind, ActorKind.ORGANISATION),
                    internal=bool(data.get("internal")),
                    group=_choice(data.get("group"), Group),
                ),
                user=user,
            )
            existing[name.lower()] = actor
        services.role_save(
            role=ProcessActor(
                process=process,
                actor=actor,
                involvement=_choice(data.get("involvement"), Involvement, Involvement.SHOULD),
                influence=int(data.get("influence") or 3),
                stance=int(data.get("stance") or 3),
                why=str(data.get("why", "")),
            ),
            user=user,
        )


@transaction.atomic
def template_copy(
    *,
    municipality: Municipality,
    template: Template,
    name: str,
    starts_on: datetime.date | None,
    user: Any,
    is_example: bool = False,
) -> Process:
    """A new process from a template: its desired result, intermediate results, key-question
    prompts, phases with activities (dated from `starts_on`), and typical actors. The process
    remembers the template, its version and its content as copied."""
    content = template.content
    process = Process(
        municipality=municipality,
        name=name,
        kind=_choice(template.kind, ProcessKind, ProcessKind.DEVELOPMENT),
        starts_on=starts_on,
        desired_result=str(content.get("desired_result", "")),
        desired_result_measure=str(content.get("desired_result_measure", "")),
        source_template=template.key,
        source_name=template.name,
        source_version=template.version,
        source_snapshot=content,
        sami_relevant=bool(municipality.sami_name),
        is_example=is_example,
    )
    services.process_create(process=process, user=user)
    _copy_content(process, content, user)
    return process


def _copy_content(process: Process, content: dict[str, Any], user: Any) -> None:
    prompts = content.get("questions", {})
    questions = list(KeyQuestion.objects.filter(process=process))
    for question in questions:
        question.text = str(prompts.get(question.key, ""))
    KeyQuestion.objects.bulk_update(questions, ["text"])
    for data in content.get("results", []):
        services.result_save(
            result=IntermediateResult(
                process=process,
                title=str(data.get("title", ""))[:300],
                measure=str(data.get("measure", "")),
            ),
            user=user,
        )
    rows = _phase_rows(process, content.get("phases", []))
    if rows and not process.desired_result.strip():
        raise ValidationError(_("The template has phases but no desired result."))
    for phase, activities in rows:
        services.phase_save(phase=phase, user=user)
        for activity in activities:
            activity.phase = phase
            services.activity_save(activity=activity, user=user)
    if rows:
        last_end = rows[-1][0].ends_on
        if last_end:
            Process.objects.filter(pk=process.pk).update(ends_on=last_end)
            process.ends_on = last_end
    _copy_actors(process, content.get("actors", []), user)


# What changed since the copy -----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    what: str  # "added", "removed", "changed"
    part: str  # what kind of thing, translated
    text: str


def _titles(items: list[dict[str, Any]], field: str = "title") -> dict[str, dict[str, Any]]:
    return {str(item.get(field, "")): item for item in items}


def _diff_named(
    part: str, before: dict[str, Any], after: dict[str, Any], compare: tuple[str, ...]
) -> list[Change]:
    changes = [Change("added", part, name) for name in after if name not in before]
    changes += [Change("removed", part, name) for name in before if name not in after]
    changes += [
        Change("changed", part, name)
        for name in after
        if name in before and any(_differ(before[name].get(f), after[name].get(f)) for f in compare)
    ]
    return changes


def _differ(before: Any, after: Any) -> bool:
    """Two values of a field differ; an empty text, False and a missing value are the same
    (the editor leaves empty values out; older templates stored them)."""

    def blank(value: Any) -> bool:
        return value is None or value is False or value == ""

    return before != after and not (blank(before) and blank(after))


def template_changes(copied: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    """What the template says now that it did not say when the process was copied from it."""
    changes: list[Change] = []
    for field, label in (
        ("desired_result", _("Desired result")),
        ("desired_result_measure", _("How we will know")),
    ):
        if copied.get(field, "") != current.get(field, ""):
            changes.append(Change("changed", label, str(current.get(field, ""))))
    before_prompts, after_prompts = copied.get("questions", {}), current.get("questions", {})
    for key, label in QuestionKey.choices:
        if before_prompts.get(key, "") != after_prompts.get(key, ""):
            changes.append(Change("changed", str(label), str(after_prompts.get(key, ""))))
    changes += _diff_named(
        _("Intermediate result"),
        _titles(copied.get("results", [])),
        _titles(current.get("results", [])),
        ("measure",),
    )
    before_phases = _titles(copied.get("phases", []))
    after_phases = _titles(current.get("phases", []))
    changes += _diff_named(_("Phase"), before_phases, after_phases, ("goal", "weeks"))
    for name, phase in after_phases.items():
        changes += _diff_named(
            _("Activity in “%(phase)s”") % {"phase": name},
            _titles(before_phases.get(name, {}).get("activities", [])),
            _titles(phase.get("activities", [])),
            ("kind", "method", "knowledge", "week", "group"),
        )
    changes += _diff_named(
        _("Actor"),
        _titles(copied.get("actors", []), "name"),
        _titles(current.get("actors", []), "name"),
        ("involvement", "why", "group"),
    )
    return changes


# A county's template, written through the editor (template_forms.py) ---------------------------


def county_head(template: ProcessTemplate) -> dict[str, Any]:
    """The editor's head values of a county template (empty for a new one)."""
    if template.pk is None:
        return {}
    return {
        "name": template.name,
        "kind": template.kind,
        "language": template.language,
        "description": template.description,
    }


def shipped_start(slug: str, language: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A shipped template's head and content, to start a county's own from (None: unknown)."""
    if language not in ("nb", "nn"):
        return None
    found = next((t for t in shipped(language) if t.slug == slug), None)
    if found is None:
        return None
    head = {
        "name": found.name,
        "kind": found.kind,
        "language": language,
        "description": found.description,
    }
    return head, found.content


def fill_template(template: ProcessTemplate, head: dict[str, Any], content: dict[str, Any]) -> None:
    """Put the editor's valid values into a county template."""
    template.name = head["name"]
    template.kind = head["kind"]
    template.language = head["language"]
    template.description = head["description"]
    template.content = content


def as_template(template: ProcessTemplate, publisher: str) -> Template:
    """A county template (saved or not) as a municipality sees it in the library."""
    return Template(
        f"{COUNTY_PREFIX}{template.pk}",
        template.version,
        template.kind,
        publisher,
        {**template.content, "name": template.name, "description": template.description},
        template.is_example,
    )


@dataclass(frozen=True)
class Shown:
    """A template's content with its codes as words, for the template page and the preview."""

    template: Template
    questions: list[tuple[str, str]]
    phases: list[dict[str, Any]]
    actors: list[dict[str, Any]]


def _label(choices: type, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else ""


def shown(template: Template) -> Shown:
    """What the template page shows: the prompts by question, the kinds, groups and
    involvement in words."""
    content = template.content
    prompts = content.get("questions", {})
    phases = [
        {
            **phase,
            "activities": [
                {
                    **item,
                    "kind_label": _label(ActivityKind, item.get("kind")),
                    "group_label": _label(Group, item.get("group")),
                }
                for item in phase.get("activities", [])
            ],
        }
        for phase in content.get("phases", [])
    ]
    actors = [
        {
            **actor,
            "kind_label": _label(ActorKind, actor.get("kind")),
            "involvement_label": _label(Involvement, actor.get("involvement")),
        }
        for actor in content.get("actors", [])
    ]
    questions = [
        (str(label), prompts[key]) for key, label in QuestionKey.choices if prompts.get(key)
    ]
    return Shown(template, questions, phases, actors)
