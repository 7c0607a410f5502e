"""Model validation for the services, without the reads it need not make.

Django's `Model.full_clean()` asks the database, for every foreign key that is set, whether the
row it points to exists (`ForeignKey.validate`: one query each), and evaluates the condition of
every check constraint and conditional unique constraint in a query (in a service's transaction
with a savepoint around it: three statements). A service that saves a row whose related rows it
read in this request (the plan and its municipality of a clean-up decision) asks for rows it
holds, and a plan without an external id asks whether its external id is unique among the plans
that have one.

`full_clean` here validates as Django's does, in the same steps and with the same errors, except
that
- a foreign key whose related instance the row holds, read from the same database, with no
  `limit_choices_to`, is not looked up again;
- a condition made of equality and `isnull` tests of the row's own fields, none of them NULL, is
  evaluated on the row in Python: a check constraint whose condition holds is met, a unique
  constraint whose condition does not hold does not apply. Any other condition, and any that
  fails, is left to Django's query (which gives the error).
The database's constraints still refuse a row that breaks them (a related row deleted meanwhile).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, router
from django.db.models import CheckConstraint, Q, UniqueConstraint


def held_relations(instance: models.Model) -> set[str]:
    """The foreign keys of `instance` whose related row it holds as read from the database."""
    held = set()
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or not field.is_cached(instance):
            continue
        related = field.get_cached_value(instance)
        if (
            related is not None
            and not related._state.adding
            and related._state.db == instance._state.db
            and getattr(related, field.target_field.attname) == getattr(instance, field.attname)
            and not field.get_limit_choices_to()
        ):
            held.add(field.name)
    return held


def full_clean(instance: models.Model) -> None:
    """`instance.full_clean()`, without reading again the related rows it holds."""
    held = held_relations(instance)
    errors: dict = {}
    steps: tuple[Callable[[], None], ...] = (
        lambda: instance.clean_fields(exclude=held),
        instance.clean,
    )
    for step in steps:
        try:
            step()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    # As Django's: unique and constraint checks only for the fields that passed validation.
    for check in (instance.validate_unique, functools.partial(validate_constraints, instance)):
        failed = {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            check(exclude=failed)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def validate_constraints(instance: models.Model, exclude: set[str]) -> None:
    """`instance.validate_constraints(exclude)`, with the conditions `holds` can tell settled
    on the row (the loop and the errors are Django's)."""
    using = router.db_for_write(instance.__class__, instance=instance)
    errors: dict = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            if _settled(constraint, instance):
                continue
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as error:
                if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _settled(constraint: object, instance: models.Model) -> bool:
    """The constraint is met whatever the other rows hold: a check whose condition holds on the
    row, a conditional unique constraint whose condition does not."""
    if isinstance(constraint, CheckConstraint):
        return holds(constraint.condition, instance) is True
    if isinstance(constraint, UniqueConstraint) and constraint.condition is not None:
        return holds(constraint.condition, instance) is False
    return False


def holds(condition: Q, instance: models.Model) -> bool | None:
    """Whether `condition` holds on `instance`'s own fields, as the database would say; None
    when it cannot be told here (other lookups, expressions, related fields, a NULL value)."""
    if condition.connector not in (Q.AND, Q.OR):
        return None
    results = []
    for child in condition.children:
        result = holds(child, instance) if isinstance(child, Q) else _test(child, instance)
        if result is None:
            return None
        results.append(result)
    value = all(results) if condition.connector == Q.AND else any(results)
    return not value if condition.negated else value


def _test(child: object, instance: models.Model) -> bool | None:
    """One `field=value`, `field__exact=value` or `field__isnull=bool` of a condition."""
    if not isinstance(child, tuple) or len(child) != 2:
        return None
    path, expected = child
    name, _separator, lookup = path.partition("__")
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not getattr(field, "concrete", False) or field.many_to_many or field.generated:
        return None
    value = getattr(instance, field.attname)
    if lookup == "isnull" and isinstance(expected, bool):
        return (value is None) == expected
    if lookup not in ("", "exact") or field.is_relation:
        return None
    if value is None or expected is None or hasattr(expected, "resolve_expression"):
        return None
    try:
        return field.to_python(value) == field.to_python(expected)
    except ValidationError:
        return None
