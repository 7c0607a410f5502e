"""The printable summary of a year's self-assessment, as a samplan.documents Document (PDF/A
or ODT through samplan.documents.render). Counts and averages only: never who answered what."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from samplan.documents.content import BulletList, Document, Figure, Heading, Paragraph, Table
from samplan.municipalities.models import Municipality
from samplan.plans.documents import example_notice

from . import assessment
from .selectors import AssessmentView


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _change(value: float | None) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + _number(value)


def assessment_document(
    municipality: Municipality, view: AssessmentView, steps: list[dict], language: str, base: str
) -> Document:
    """The summary in `language` ("nb" or "nn"); `base` makes the module links absolute."""
    with translation.override(language):
        title = _("Plan culture self-assessment %(year)s") % {"year": view.year}
        document = Document(
            title=title,
            language=language,
            municipality_name=municipality.name,
            subtitle=municipality.name,
            example_notice=example_notice(municipality),
            table_of_contents=False,
        )
        document.blocks += _profile_blocks(view, title)
        document.blocks += _national_blocks(view)
        document.blocks += _note_blocks(view)
        document.blocks += _step_blocks(steps, base)
    return document


def _profile_blocks(view: AssessmentView, title: str) -> list:
    counts = ", ".join(
        f"{label}: {view.counts.get(group, 0)}" for group, label in assessment.GROUPS.items()
    )
    header = [_("Theme")]
    for label in assessment.GROUPS.values():
        header += [str(label), _("Change")]
    rows = [
        [str(row.theme.title)]
        + [
            cell
            for group in assessment.GROUPS
            for cell in (_number(row.averages[group]), _change(row.changes[group]))
        ]
        for row in view.rows
    ]
    return [
        Heading(_("Profile by theme"), 1),
        Paragraph(_("Answers: %(counts)s.") % {"counts": counts}),
        Paragraph(
            _(
                "Averages on a scale from 1 (completely disagree) to 5 (completely agree). A "
                "group is shown only when at least %(min)s answered, so that no one's answers "
                "can be made out."
            )
            % {"min": assessment.MIN_GROUP}
        ),
        Figure(svg=assessment.chart_svg(view.rows, title), alt=title, caption=title),
        Table(caption=title, header=header, rows=rows),
    ]


def _national_blocks(view: AssessmentView) -> list:
    if view.national is None:
        return [
            Heading(_("Compared with other municipalities"), 1),
            Paragraph(national_reason(view.national_municipalities)),
        ]
    rows = [
        [str(theme.title), _number(view.national.get(theme.key))] for theme in assessment.THEMES
    ]
    return [
        Heading(_("Compared with other municipalities"), 1),
        Table(
            caption=_("Average of %(count)s municipalities")
            % {"count": view.national_municipalities},
            header=[_("Theme"), _("All municipalities")],
            rows=rows,
        ),
    ]


def national_reason(answered: int) -> str:
    return _(
        "Figures across municipalities are shown only when at least %(min)s municipalities "
        "answered in the year, so that no single municipality can be made out. So far "
        "%(count)s have answered."
    ) % {"min": assessment.MIN_MUNICIPALITIES, "count": answered}


def _note_blocks(view: AssessmentView) -> list:
    blocks: list = []
    for theme in assessment.THEMES:
        texts = view.notes.get(theme.key)
        if texts:
            blocks += [Heading(str(theme.title), 2), BulletList(texts)]
    return [Heading(_("What the answers added"), 1), *blocks] if blocks else []


def _step_blocks(steps: list[dict], base: str) -> list:
    if not steps:
        return [
            Heading(_("Next steps"), 1),
            Paragraph(
                _("No theme averages below 3. Keep up the good work, and answer again next year.")
            ),
        ]
    blocks: list = [Heading(_("Next steps"), 1)]
    for step in steps:
        links = [f"{label}: {base.rstrip('/')}{url}" for label, url in step["links"]]
        blocks += [Heading(str(step["theme"].title), 2), Paragraph(str(step["theme"].advice))]
        if links:
            blocks.append(BulletList(links))
    return blocks
