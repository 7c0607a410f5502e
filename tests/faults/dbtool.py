"""Run in a process of its own, on the database the environment names (as the server does).

python -m tests.faults.dbtool prepare   an editor in Tydal's workspace
python -m tests.faults.dbtool inspect   the plans, their history and any broken rows, as JSON
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def plan_fields() -> list[str]:
    """The plan columns the register's form writes (the uploaded document aside)."""
    from samplan.plans.forms import PlanForm
    from samplan.plans.models import Plan

    names = [name for name in PlanForm.Meta.fields if name != "document"]
    return [Plan._meta.get_field(name).attname for name in [*names, "themes", "sdgs"]]


def prepare() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from samplan.municipalities.models import Membership, Municipality, Role
    from samplan.municipalities.services import workspace_get_or_create

    from .harness import EDITOR_EMAIL, EDITOR_PASSWORD, KNR

    workspace = workspace_get_or_create(municipality=Municipality.objects.get(number=KNR))
    user = get_user_model().objects.create_user(email=EDITOR_EMAIL, password=EDITOR_PASSWORD)
    Membership.objects.create(user=user, organisation=workspace, role=Role.EDITOR)
    return {"workspace": workspace.pk, "user": user.pk}


def orphans() -> dict[str, int]:
    """Rows whose foreign key points at no row, for every relation of every model (history
    tables included, whose keys have no database constraint)."""
    from django.apps import apps

    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one):
                continue
            target = field.target_field
            existing = target.model._default_manager.values(target.attname)
            count = (
                model._default_manager.exclude(**{f"{field.attname}__isnull": True})
                .exclude(**{f"{field.attname}__in": existing})
                .count()
            )
            if count:
                found[f"{model._meta.db_table}.{field.attname}"] = count
    return found


def inspect() -> dict[str, Any]:
    from django.db import connection

    from samplan.plans.models import Plan

    fields = plan_fields()
    plans = list(Plan.objects.order_by("pk").values("id", "municipality_id", *fields))
    history = list(
        Plan.history.order_by("history_id").values(
            "id", "history_type", "history_user__email", *fields
        )
    )
    report: dict[str, Any] = {
        "vendor": connection.vendor,
        "plans": plans,
        "history": history,
        "orphans": orphans(),
    }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            report["sqlite_integrity"] = [row[0] for row in cursor.fetchall()]
            cursor.execute("PRAGMA foreign_key_check")
            report["sqlite_foreign_key_check"] = [list(row) for row in cursor.fetchall()]
    return report


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samplan.settings")
    import django

    django.setup()
    command = {"prepare": prepare, "inspect": inspect}[sys.argv[1]]
    print(json.dumps(command(), default=str))


if __name__ == "__main__":
    main()
