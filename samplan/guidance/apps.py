from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "samplan.guidance"
    label = "guidance"
    verbose_name = _("Guidance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from samplan.core.modules import (
            Module,
            StatusColumn,
            register_forum_points,
            register_module,
        )
        from samplan.municipalities.models import Membership

        register_module(
            Module(
                key="guidance",
                label=_("Guidance"),
                url_name="guidance:municipality",
                order=60,
                dashboard_template="guidance/panels/guidance.html",
                dashboard_panel=_panel,
                example_data=_example_data,
                calendar_items=_calendar_items,
                status_columns=(
                    StatusColumn("guidance", _("Last guidance contact"), _status_cells),
                ),
            )
        )
        # The plan forum's agenda: the open threads, until they are resolved.
        register_forum_points("guidance", _forum_points)
        # An adviser who leaves: their open threads stay, handed to their organisation.
        post_delete.connect(_membership_removed, sender=Membership, dispatch_uid="guidance-left")
        # A change by an intercommunal office's planner is recorded as the office's.
        from simple_history.signals import pre_create_historical_record

        from .history import record_office

        pre_create_historical_record.connect(record_office, dispatch_uid="guidance-office")


def _panel(municipality: object) -> object:
    from .selectors import guidance_panel

    return guidance_panel(municipality)  # type: ignore[arg-type]


def _status_cells(municipalities: list, today: object) -> dict:
    from .selectors import contact_cells

    return contact_cells(municipalities, today)  # type: ignore[arg-type]


def _example_data(municipality: object) -> object:
    from .example import example_guidance_create

    return example_guidance_create(municipality)  # type: ignore[arg-type]


def _membership_removed(sender: type, instance: object, **kwargs: object) -> None:
    from .services import threads_release

    threads_release(membership=instance)  # type: ignore[arg-type]


def _calendar_items(municipality: object, election_year: int) -> list:
    from .selectors import gathering_calendar_query

    return gathering_calendar_query(municipality, election_year)  # type: ignore[arg-type]


def _forum_points(municipality: object, since: object) -> list[str]:
    from .selectors import forum_points

    return forum_points(municipality, since)  # type: ignore[arg-type]
