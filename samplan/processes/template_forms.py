"""The editor of a county's own template: the same parts as a shipped one (library.py) in
server-rendered forms. The head (name, kind, language, description, desired result and the six
key questions' prompts) is one form; the intermediate results, the phases, each phase's
activities and the typical actors are formsets. A row whose title is empty is left out, so a
blank row does no harm; "add a row" is a submit button that re-renders the page with one more
empty row (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .forms import INFLUENCE, STANCE
from .library import shipped
from .models import ActivityKind, ActorKind, Group, Involvement, ProcessKind, QuestionKey

SHORT = forms.Textarea(attrs={"rows": 2})
WEEKS = {"min_value": 0, "max_value": 520, "required": False}
LIMITS = {"result": 30, "phase": 30, "activity": 40, "actor": 60}
GROUPS = [("", _("None")), *Group.choices]


class TemplateHeadForm(forms.Form):
    """What the template says about the process as a whole, and the key questions' prompts."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of process"), choices=ProcessKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=[("nb", "Bokmål"), ("nn", "Nynorsk")])
    description = forms.CharField(
        label=_("Description"), max_length=20000, widget=SHORT, required=False
    )
    desired_result = forms.CharField(
        label=_("Desired result (example)"), max_length=20000, widget=SHORT
    )
    desired_result_measure = forms.CharField(
        label=_("How we will know"), max_length=20000, widget=SHORT, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in QuestionKey.choices:
            self.fields[f"question_{key}"] = forms.CharField(
                label=label, max_length=20000, widget=SHORT, required=False
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"question_{key}"] for key in QuestionKey.values]

    def head_fields(self) -> list[forms.BoundField]:
        return [field for field in self if not field.name.startswith("question_")]


class RowForm(forms.Form):
    """One row of a list. `key` is its title field: a row without one is left out, unless
    something else was written in it."""

    key = "title"
    place: Any = _("Row %(n)s")
    remove_label: Any = _("Remove this row")
    legend = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.blank = not data.get(self.key, "").strip()
        written = [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField)
            and name != self.key
            and not isinstance(field.widget, forms.Select)
            and str(data.get(name) or "").strip()
        ]
        if self.blank and written:
            self.add_error(self.key, _("Write a title, or empty the row to leave it out."))
        return data


class ResultRow(RowForm):
    place = _("Intermediate result %(n)s")
    remove_label = _("Remove this intermediate result")
    title = forms.CharField(label=_("Intermediate result"), max_length=300, required=False)
    measure = forms.CharField(
        label=_("How we will know"), max_length=20000, widget=SHORT, required=False
    )


class PhaseRow(RowForm):
    place = _("Phase %(n)s")
    remove_label = _("Remove this phase and its activities")
    title = forms.CharField(label=_("Title of the phase"), max_length=200, required=False)
    goal = forms.CharField(label=_("Goal"), max_length=20000, widget=SHORT, required=False)
    weeks = forms.IntegerField(
        label=_("Duration in weeks"),
        help_text=_("A copy dates the phases one after another from its start date."),
        **WEEKS,
    )


class ActivityRow(RowForm):
    place = _("Activity %(n)s of phase %(phase)s")
    remove_label = _("Remove this activity")
    title = forms.CharField(label=_("Activity"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, initial="annet")
    week = forms.IntegerField(label=_("Week of the phase it starts in (0 = first)"), **WEEKS)
    method = forms.CharField(label=_("Method"), max_length=20000, widget=SHORT, required=False)
    knowledge = forms.CharField(
        label=_("Knowledge needed"), max_length=20000, widget=SHORT, required=False
    )
    group = forms.ChoiceField(label=_("For the group"), choices=GROUPS, required=False)
    county_guidance = forms.BooleanField(label=_("The county can help"), required=False)


class ActorRow(RowForm):
    key = "name"
    place = _("Actor %(n)s")
    remove_label = _("Remove this actor")
    name = forms.CharField(label=_("Actor"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActorKind.choices, initial="organisasjon")
    involvement = forms.ChoiceField(
        label=_("Involvement"), choices=Involvement.choices, initial="bor"
    )
    internal = forms.BooleanField(label=_("Part of the municipality"), required=False)
    influence = forms.TypedChoiceField(
        label=_("Influence"), choices=INFLUENCE, coerce=int, initial=3
    )
    stance = forms.TypedChoiceField(label=_("Stance"), choices=STANCE, coerce=int, initial=3)
    group = forms.ChoiceField(label=_("For the group"), choices=GROUPS, required=False)
    why = forms.CharField(label=_("Why"), max_length=20000, widget=SHORT, required=False)


class RowFormSet(forms.BaseFormSet):
    """Rows with a "Remove" box that says what it removes, each with its legend ("Phase 2"; an
    activity's names its phase: `phase`)."""

    phase: int | None = None

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = form.remove_label
        if index is not None:
            form.legend = form.place % {"n": index + 1, "phase": self.phase}


def _formset(form: type[RowForm], limit: int) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=0,
        can_delete=True,
        max_num=limit,
        validate_max=True,
        absolute_max=limit,
    )


RESULTS = _formset(ResultRow, LIMITS["result"])
PHASES = _formset(PhaseRow, LIMITS["phase"])
ACTIVITIES = _formset(ActivityRow, LIMITS["activity"])
ACTORS = _formset(ActorRow, LIMITS["actor"])

HEAD_FIELDS = ("desired_result", "desired_result_measure")
RESULT_FIELDS = ("title", "measure")
PHASE_FIELDS = ("title", "goal", "weeks")
ACTIVITY_FIELDS = ("title", "kind", "week", "method", "knowledge", "group", "county_guidance")
ACTOR_FIELDS = ("name", "kind", "involvement", "internal", "influence", "stance", "group", "why")


def _pick(row: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The row's fields that say something (empty text, False and None left out)."""
    return {name: row[name] for name in fields if not _empty(row.get(name))}


def _empty(value: Any) -> bool:
    return value is None or value is False or value in ("", [], {})


def _removed(formset: forms.BaseFormSet, form: forms.Form) -> bool:
    """The row's "Remove" box is ticked."""
    return formset.is_bound and bool(form.is_bound and form["DELETE"].value())


def _kept(formset: forms.BaseFormSet) -> Iterator[forms.Form]:
    """The rows of a valid formset that are neither removed nor blank, in order."""
    for form in formset.forms:
        if _removed(formset, form):
            continue
        if form.cleaned_data and not getattr(form, "blank", True):
            yield form


class TemplateEditor:
    """The head form and the lists of a county template, bound to a POST or filled from a
    template's content."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        head: dict[str, Any] | None = None,
        content: dict[str, Any] | None = None,
    ) -> None:
        content = content or {}
        bound = data is not None
        self.head = TemplateHeadForm(data, initial=None if bound else _head_initial(head, content))
        self.results = RESULTS(data, prefix="result", initial=None if bound else content["results"])
        self.phases = PHASES(data, prefix="phase", initial=None if bound else content["phases"])
        self.activities = [
            _activities(data, index, None if bound else content["phases"][index])
            for index in range(len(self.phases.forms))
        ]
        self.actors = ACTORS(data, prefix="actor", initial=None if bound else content["actors"])

    @classmethod
    def empty(cls) -> TemplateEditor:
        """A new template from scratch: one empty phase with one empty activity, one actor."""
        return cls(
            content={
                "results": [],
                "phases": [{"activities": [{}]}],
                "actors": [{}],
            }
        )

    @classmethod
    def from_template(cls, head: dict[str, Any], content: dict[str, Any]) -> TemplateEditor:
        """The editor filled with a template's content (a county's, or a shipped one's)."""
        phases = [
            {**_pick(phase, PHASE_FIELDS), "activities": phase.get("activities", [])}
            for phase in content.get("phases", [])
        ]
        return cls(
            head=head,
            content={
                **content,
                "results": content.get("results", []),
                "phases": phases,
                "actors": content.get("actors", []),
            },
        )

    def sections(self) -> list[tuple[forms.Form, forms.BaseFormSet]]:
        """Each phase form with its activities' formset."""
        return list(zip(self.phases.forms, self.activities, strict=True))

    def is_valid(self) -> bool:
        """Every form valid (the activities of a removed phase aside), and the rules across
        rows kept."""
        valid = [self.head.is_valid(), self.results.is_valid(), self.phases.is_valid()]
        valid.append(self.actors.is_valid())
        valid += [
            activities.is_valid()
            for phase, activities in self.sections()
            if not _removed(self.phases, phase)
        ]
        across = self._check_lists()  # also when a row is wrong, to show every error at once
        return all(valid) and across

    def _check_lists(self) -> bool:
        """The rules across rows: a phase at least, unique titles, activities within their
        phase and under a phase with a title."""
        kept_phases = list(_kept(self.phases))
        if not kept_phases:
            self.phases._non_form_errors.append(_("Write at least one phase."))
        _unique(self.phases, "title", _("Two phases have the same title."))
        _unique(self.results, "title", _("Two intermediate results have the same title."))
        _unique(self.actors, "name", _("Two actors have the same name."), fold=True)
        for phase, activities in self.sections():
            _unique(activities, "title", _("Two activities of the phase have the same title."))
            _check_phase_activities(self.phases, phase, activities)
        formsets = [self.phases, self.results, self.actors]
        formsets += [
            activities for phase, activities in self.sections() if not _removed(self.phases, phase)
        ]
        return not any(formset.non_form_errors() for formset in formsets) and not any(
            form.errors
            for formset in formsets
            for form in formset.forms
            if not _removed(formset, form)
        )

    def content(self) -> dict[str, Any]:
        """The template's content from the valid forms, in the shape of a shipped template's."""
        head = self.head.cleaned_data
        questions = {
            key: head[f"question_{key}"].strip()
            for key in QuestionKey.values
            if head[f"question_{key}"].strip()
        }
        kept = {id(form) for form in _kept(self.phases)}
        phases = []
        for phase, activities in self.sections():
            if id(phase) in kept:
                phases.append(
                    {
                        **_pick(phase.cleaned_data, PHASE_FIELDS),
                        "activities": [
                            _pick(form.cleaned_data, ACTIVITY_FIELDS) for form in _kept(activities)
                        ],
                    }
                )
        return {
            **_pick(head, HEAD_FIELDS),
            "results": [_pick(form.cleaned_data, RESULT_FIELDS) for form in _kept(self.results)],
            "questions": questions,
            "phases": phases,
            "actors": [_pick(form.cleaned_data, ACTOR_FIELDS) for form in _kept(self.actors)],
        }

    def errors(self) -> list[tuple[str, str, str]]:
        """Every error of the editor as (where, message, the field's id) for the summary."""
        found = [(str(f.label), str(e), f.auto_id) for f in self.head for e in f.errors]
        found += [("", str(e), "") for e in self.head.non_field_errors()]
        lists = [self.results, self.phases]
        lists += [a for phase, a in self.sections() if not _removed(self.phases, phase)]
        for formset in [*lists, self.actors]:
            found += [("", str(e), "") for e in formset.non_form_errors()]
            found += [
                (f"{form.legend}, {str(f.label).lower()}", str(e), f.auto_id)
                for form in formset.forms
                if not _removed(formset, form)
                for f in form
                for e in f.errors
            ]
        return found

    def with_row(self, target: str) -> TemplateEditor:
        """The same editor, unbound, with what was written kept and one empty row added to
        `target` ("result", "phase", "actor" or "activity-<n>" for the n-th phase); an
        unknown target adds nothing."""
        head = {name: self.head[name].value() for name in self.head.fields}
        results = _values(self.results)
        phases = [
            {**_values_of(phase), "activities": _values(activities)}
            for phase, activities in self.sections()
        ]
        actors = _values(self.actors)
        lists = {"result": results, "phase": phases, "actor": actors}
        if target in lists and len(lists[target]) < LIMITS[target]:
            lists[target].append({"activities": [{}]} if target == "phase" else {})
        elif target.startswith("activity-") and target[9:].isdigit():
            index = int(target[9:])
            if index < len(phases) and len(phases[index]["activities"]) < LIMITS["activity"]:
                phases[index]["activities"].append({})
        editor = TemplateEditor(
            head=head, content={"results": results, "phases": phases, "actors": actors}
        )
        editor._focus(target)
        return editor

    def _focus(self, target: str) -> None:
        """Put the focus (and the page) on the title of the row just added."""
        lists = {"result": self.results, "phase": self.phases, "actor": self.actors}
        if target.startswith("activity-") and target[9:].isdigit():
            index = int(target[9:])
            lists[target] = self.activities[index] if index < len(self.activities) else None
        formset = lists.get(target)
        if formset is not None and formset.forms:
            form = formset.forms[-1]
            form.fields[form.key].widget.attrs["autofocus"] = True


def _activities(data: QueryDict | None, index: int, phase: dict[str, Any] | None) -> Any:
    """The activities' formset of the phase at `index`, bound or filled from the phase."""
    formset = ACTIVITIES(
        data,
        prefix=f"phase-{index}-activity",
        initial=None if phase is None else phase.get("activities", []),
    )
    formset.phase = index + 1
    return formset


def _head_initial(head: dict[str, Any] | None, content: dict[str, Any]) -> dict[str, Any]:
    initial = dict(head or {})
    for name in HEAD_FIELDS:
        initial.setdefault(name, content.get(name, ""))
    for key, prompt in content.get("questions", {}).items():
        initial.setdefault(f"question_{key}", prompt)
    return initial


def _values_of(form: forms.Form) -> dict[str, Any]:
    """What the form's fields hold, read without validating (for re-showing it)."""
    return {name: form[name].value() for name in form.fields}


def _values(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [_values_of(form) for form in formset.forms]


def _unique(formset: forms.BaseFormSet, field: str, message: Any, fold: bool = False) -> None:
    seen: set[str] = set()
    for form in _kept(formset):
        value = str(form.cleaned_data.get(field) or "").strip()
        value = value.casefold() if fold else value
        if value in seen:
            form.add_error(field, message)
        seen.add(value)


def _check_phase_activities(
    phases: forms.BaseFormSet, phase: forms.Form, activities: forms.BaseFormSet
) -> None:
    """Activities need a phase with a title, and start within the phase's weeks."""
    kept = list(_kept(activities))
    if not kept or _removed(phases, phase):
        return
    if getattr(phase, "blank", False):
        phase.add_error("title", _("Give the phase a title: it has activities."))
        return
    weeks = phase.cleaned_data.get("weeks")
    for form in kept:
        week = form.cleaned_data.get("week")
        if weeks and week is not None and week >= weeks:
            form.add_error(
                "week",
                _("The phase lasts %(weeks)s weeks: the activity must start in week 0 to %(last)s.")
                % {"weeks": weeks, "last": weeks - 1},
            )


class StartForm(forms.Form):
    """Start a county template from one Samplan ships, in Bokmål or Nynorsk (a GET form)."""

    fra = forms.ChoiceField(label=_("Samplan's template"))
    sprak = forms.ChoiceField(
        label=_("Language"), choices=[("nb", "Bokmål"), ("nn", "Nynorsk")], initial="nb"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = "nn" if get_language() == "nn" else "nb"
        self.fields["fra"].choices = [(t.slug, t.name) for t in shipped(language)]
