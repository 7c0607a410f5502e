"""The plan register and the planning-needs table as documents of their own (ODT and PDF/A)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from samplan.documents.content import Document, Heading, Paragraph, Table
from samplan.municipalities.models import Municipality

from .cleanup import CleanupTable, cleanup_table, planning_needs_rows
from .models import Plan


def example_notice(municipality: Municipality) -> str:
    workspace = getattr(municipality, "workspace", None)
    if workspace is not None and workspace.is_example:
        return _(
            "Example data. Everything in this document is made up for demonstration. It is not "
            "%(name)s's real plans or decisions."
        ) % {"name": municipality.name}
    return ""


def counts_paragraph(table: CleanupTable) -> Paragraph:
    """How many plans and pages there are before and after the clean-up decisions."""
    return Paragraph(
        _(
            "Plans now: %(before)s (%(pages_before)s pages). After the decisions: "
            "%(after)s (%(pages_after)s pages). Plans without a decision: %(undecided)s."
        )
        % {
            "before": table.plans_before,
            "pages_before": table.pages_before,
            "after": table.plans_after,
            "pages_after": table.pages_after,
            "undecided": table.undecided,
        }
    )


def register_document(municipality: Municipality, language: str) -> Document:
    """Every plan in the register, grouped by status, with the facts the council asks about."""
    with translation.override(language):
        plans = list(Plan.objects.for_municipality(municipality).order_by("plan_type", "title"))
        document = Document(
            title=_("Plan register for %(name)s") % {"name": municipality.name},
            subtitle=_("%(count)s plans, %(pages)s pages")
            % {"count": len(plans), "pages": sum(plan.pages or 0 for plan in plans)},
            language=language,
            municipality_name=municipality.name,
            example_notice=example_notice(municipality),
            table_of_contents=False,
        )
        header = [
            _("Plan"),
            _("Plan type"),
            _("Adopted"),
            _("Next revision"),
            _("Responsible"),
            _("Pages"),
        ]
        for status, label in Plan._meta.get_field("status").choices:
            group = [plan for plan in plans if plan.status == status]
            if not group:
                continue
            document.blocks.append(Heading(f"{label} ({len(group)})"))
            rows = [
                [
                    plan.title,
                    plan.get_plan_type_display(),
                    plan.adopted_date or plan.adopted_year,
                    plan.next_revision,
                    plan.responsible_unit or plan.responsible_person,
                    plan.pages,
                ]
                for plan in group
            ]
            document.blocks.append(Table(caption=str(label), header=header, rows=rows))
        if not plans:
            document.blocks.append(Paragraph(_("The register has no plans yet.")))
        return document


def planning_needs_document(
    municipality: Municipality, period_start: int, language: str
) -> Document:
    """The assessment of planning needs ("vurdering av planbehov") of an election period."""
    with translation.override(language):
        table = cleanup_table(municipality, period_start)
        header, rows = planning_needs_rows(table)
        period = table.period_label
        document = Document(
            title=_("Assessment of planning needs %(period)s") % {"period": period},
            subtitle=municipality.name,
            language=language,
            municipality_name=municipality.name,
            example_notice=example_notice(municipality),
            table_of_contents=False,
        )
        document.blocks.extend(
            [
                Paragraph(
                    _(
                        "For each plan: keep it, revise it, merge it into another plan or repeal "
                        "it, and the new plans that are needed. Where no decision is taken yet, "
                        "the suggested decision from the plan-health assessment is shown."
                    )
                ),
                counts_paragraph(table),
                Table(
                    caption=_("Assessment of planning needs %(period)s") % {"period": period},
                    header=header,
                    rows=rows,
                ),
            ]
        )
        return document
