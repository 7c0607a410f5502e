"""Optimistic locking: a row two planners may save at once carries a version number.

A form shows the version it was made from; the service that saves it calls
`check_and_bump(obj, expected)` in its transaction. That locks the row (SELECT … FOR UPDATE, so
two saves cannot both pass the check), refuses the save with `StaleEdit` when someone else saved
since the form was made, and otherwise moves the version, so that every other open form of the
row is stale from now on. Nothing is written when the save is refused: the service raises before
its own save, and its transaction is rolled back.

`Versioned` is the abstract model with the field; a model with a `version` field of its own
(another default, e.g. 0 for "not saved yet") works with `check_and_bump` too. `VersionedForm`
is the model form that carries the version in a hidden field; `refused_input` lists what a
planner wrote in a refused form, to show beside the form made afresh from what was saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.audit import display_value


class Versioned(models.Model):
    """A row two planners may save at once: a save names the version it started from."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)

    class Meta:
        abstract = True


class VersionedForm(forms.ModelForm):
    """A model form with the version of the object the planner started from (hidden)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # 0 for an object not saved yet: a form posted for one that someone else has saved
        # meanwhile (a plan's first clean-up decision) is then refused as stale.
        self.fields["expected_version"].initial = self.instance.version if self.instance.pk else 0

    @property
    def expected(self) -> int | None:
        """The version the form was made from; None for a new object (nothing to compare)."""
        return self.cleaned_data.get("expected_version") if self.instance.pk else None


def refused_input(form: forms.Form) -> list[tuple[str, str]]:
    """What the planner changed in a refused form, as label and readable value (choices by
    their label, yes/no, dates in the language's format), to copy from after a conflict."""
    shown = []
    for name in form.changed_data:
        if name == "expected_version" or name not in form.cleaned_data:
            continue
        value, field = form.cleaned_data[name], form.fields[name]
        if value in ("", None, [], ()) or isinstance(field, forms.FileField):
            continue
        labels = {str(key): label for key, label in getattr(field, "choices", ()) if key != ""}
        if isinstance(value, (list, tuple)):
            text = ", ".join(str(labels.get(str(item), item)) for item in value)
        elif not isinstance(field, forms.ModelChoiceField) and str(value) in labels:
            text = str(labels[str(value)])
        else:
            text = display_value(value)
        shown.append((str(field.label), text))
    return shown


def conflict_context(form: forms.Form, error: ValidationError) -> dict[str, object]:
    """What a page shows after a save refused as stale (`includes/conflict.html`): the message,
    and what the planner wrote in the refused `form` (refused_input)."""
    return {"conflict": " ".join(error.messages), "refused": refused_input(form)}


def stale_message() -> str:
    return _(
        "Someone else saved this while you were working on it. Your changes were not saved; "
        "the page now shows what they saved. Make your changes again if they are still needed."
    )


class StaleEdit(ValidationError):
    """A save from a form made before someone else's save (code "stale"); nothing was written."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or stale_message(), code="stale")


def check_and_bump(obj: Any, expected: int | None, *, message: str | None = None) -> None:
    """Lock `obj`'s row and move its version, in the caller's transaction.

    `expected` is the version the caller's form was made from (None: the caller read no version,
    e.g. a save Samplan makes itself; the version still moves). A new object (no primary key) is
    left as it is: it starts at the field's default. Raises `StaleEdit` (with `message`, else the
    general text) when the stored version is another than `expected`, and a ValidationError
    when the row was deleted in the meantime.
    """
    if obj.pk is None:
        return
    current = (
        type(obj)
        ._default_manager.select_for_update()
        .filter(pk=obj.pk)
        .order_by()  # a model's ordering may join a nullable relation: FOR UPDATE refuses that
        .values_list("version", flat=True)
        .first()
    )
    if current is None:
        raise ValidationError(_("This was removed by someone else in the meantime."), code="gone")
    if expected is not None and current != expected:
        raise StaleEdit(message)
    obj.version = current + 1
