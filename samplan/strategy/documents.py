"""The planning strategy as the document the council adopts (ODT and PDF/A)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree

from django.utils import translation
from django.utils.translation import gettext as _

from samplan.core import freeze
from samplan.core.models import FrozenVersion
from samplan.core.modules import PanelRead, panel_data, panel_read
from samplan.core.queries import PreparedRows
from samplan.documents.content import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
    document_from_data,
)
from samplan.documents.render import render
from samplan.municipalities.models import Municipality
from samplan.plans.cleanup import cleanup_table
from samplan.plans.documents import counts_paragraph, example_notice
from samplan.plans.models import Decision

from . import rules
from .models import Strategy, StrategyStatus
from .sections import section_for

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from samplan.plantakt.engine import Item


def _text_or_missing(text: str) -> list[Block]:
    """The section's paragraphs, or a note that it is not written yet (never a failure)."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    if not paragraphs:
        return [Paragraph(_("[Not written yet: this section is empty in Samplan.]"))]
    return [Paragraph(part) for part in paragraphs]


def _date(value: object) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"  # type: ignore[attr-defined]


def adopted_file(version: FrozenVersion, file_format: str, language: str) -> tuple[bytes, str]:
    """A file of an adopted (frozen) version, always the same bytes. The ODT is stored when the
    strategy is adopted; the PDF/A is made from the frozen content the first time it is asked
    for and stored then, with its checksum (nothing is stored when the server cannot make PDFs:
    `PdfUnavailable` is raised). A stored file whose bytes no longer match their checksum is
    made again from the frozen content, and the stored one is left as it is."""
    name = f"{language}.{file_format}"
    stored = freeze.stored_file(version, name)
    if stored is not None and stored.intact:
        return bytes(stored.data), stored.media_type
    data, media_type = render(
        document_from_data(version.content["documents"][language]), file_format
    )
    if stored is not None:  # not intact: served from the frozen content, never overwritten
        return data, media_type
    kept = freeze.store_file(version, freeze.FileToFreeze(name, media_type, data))
    return bytes(kept.data), kept.media_type


def strategy_file(strategy: Strategy, file_format: str, language: str) -> tuple[bytes, str]:
    """The strategy's document: the adopted version while it is adopted, else the current
    text (a draft, the proposal, or a revision being written)."""
    if strategy.is_frozen and strategy.version_in_force is not None:
        return adopted_file(strategy.version_in_force, file_format, language)
    return render(strategy_document(strategy, language), file_format)


def strategy_document(strategy: Strategy, language: str) -> Document:
    with translation.override(language):
        return _build(strategy, language)


def _subtitle(strategy: Strategy) -> str:
    if strategy.status == StrategyStatus.ADOPTED and strategy.adopted_on:
        return _("Adopted by the municipal council on %(date)s") % {
            "date": _date(strategy.adopted_on)
        }
    if strategy.status == StrategyStatus.PUBLIC:
        return _("Proposal on public display")
    return _("Draft")


def _build(strategy: Strategy, language: str) -> Document:
    municipality = strategy.municipality
    document = Document(
        title=_("Municipal planning strategy %(period)s") % {"period": strategy.period_label},
        subtitle=f"{municipality.name} – {_subtitle(strategy)}",
        language=language,
        municipality_name=municipality.name,
        example_notice=example_notice(municipality),
    )
    blocks = document.blocks

    def section(key: str, level: int = 1) -> None:
        entry = section_for(key)
        assert entry is not None
        blocks.append(Heading(str(entry.title), level))
        blocks.extend(_text_or_missing(getattr(strategy, key)))

    section("introduction")
    section("frameworks")
    section("trends")
    blocks.extend(_challenge_picture(strategy, document))
    blocks.append(Heading(_("Strategic choices")))
    for key in ("choices_community", "choices_land_use", "choices_environment", "choices_sectors"):
        section(key, level=2)
    blocks.extend(_planning_needs(strategy))
    blocks.extend(_master_plan(strategy))
    section("involvement")
    blocks.extend(_bodies(strategy))
    blocks.extend(_timeline(strategy))
    document.sources.append(
        _("The plan register and the assessment of planning needs in Samplan, %(date)s.")
        % {"date": _date(document.created)}
    )
    return document


def _svg_text(svg: str) -> tuple[str, str, float]:
    """The chart's title, its description (the text alternative) and its height/width ratio."""
    root = ElementTree.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    title = root.findtext(f"{namespace}title") or root.findtext("title") or ""
    desc = root.findtext(f"{namespace}desc") or root.findtext("desc") or title
    _x, _y, width, height = (float(number) for number in root.get("viewBox", "0 0 640 300").split())
    return title, desc, height / width


def picked_statements(municipality: Municipality, figures: object | None = None) -> list[str]:
    """The challenge-picture statements picked for the strategy, in the planner's wording where
    it was changed, with the numbers computed from the figures."""
    return panel_data(picked_statements_read(municipality, figures))  # type: ignore[return-value]


def picked_statements_read(municipality: Municipality, figures: object | None = None) -> PanelRead:
    """picked_statements as a read not yet made (to be read with a page's other reads), its
    SQL made once per process; the figures are read only when a statement is picked."""
    from samplan.stats import challenges
    from samplan.stats.figures import municipality_figures

    def statements(read: list[list]) -> list[str]:
        picked = dict(read[0])  # key: the planner's wording
        if not picked:
            return []
        computed_from = figures or municipality_figures(municipality)
        return [
            computed.render(picked[computed.key])
            for computed in challenges.compute(computed_from)  # type: ignore[arg-type]
            if computed.key in picked
        ]

    return panel_read(
        _PICKED(
            items=lambda _pk, _date, data: [(data["key"], data["text"])],
            municipality=municipality.number,
        ),
        panel=statements,
    )


def _picked(municipality: str) -> QuerySet:
    from samplan.stats.models import Statement

    return Statement.objects.filter(municipality_id=municipality, selected=True)


_PICKED = PreparedRows(_picked, params={"municipality": str}, fields=("key", "text"))


def _challenge_picture(strategy: Strategy, document: Document) -> list[Block]:
    """The statements the planner picked from the challenge picture, and the key charts, each
    with its source (Statistics Norway); the numbers are computed, never typed."""
    from samplan.stats.figures import municipality_figures
    from samplan.stats.presentation import age_charts, population_chart, projection_chart

    figures = municipality_figures(strategy.municipality)
    texts = picked_statements(strategy.municipality, figures)
    blocks: list[Block] = [Heading(_("The challenge picture"), 2)]
    if texts:
        blocks.append(BulletList(texts))
    else:
        blocks.append(
            Paragraph(_("[Missing: no statements from the challenge picture are picked yet.]"))
        )
    sources = [
        _("Statistics Norway (SSB), table %(table)s (%(reference)s).")
        % {"table": source.table_id, "reference": source.reference}
        for source in figures.sources.values()
    ]
    for chart in (population_chart(figures), age_charts(figures), projection_chart(figures)):
        if chart is None:
            continue
        title, desc, ratio = _svg_text(str(chart.svg))
        blocks.append(
            Figure(
                svg=str(chart.svg),
                alt=desc,
                caption=title,
                width_cm=16.0,
                height_cm=round(16.0 * ratio, 2),
            )
        )
    for source in dict.fromkeys(sources):
        document.sources.append(source)
    return blocks


def _planning_needs(strategy: Strategy) -> list[Block]:
    table = cleanup_table(strategy.municipality, strategy.period_start)
    suggestions = dict(Decision.choices)
    rows: list[list[object]] = []
    for row in table.rows:
        assert row.plan is not None
        decision = row.decision
        if decision is None:
            label = _("Not decided (suggested: %(suggestion)s)") % {
                "suggestion": suggestions.get(row.suggestion, row.suggestion)
            }
        else:
            label = decision.get_decision_display()
            if decision.merge_into_id:
                label += f" → {decision.merge_into.title}"
        rows.append(
            [
                row.plan.title,
                label,
                decision.responsible if decision else "",
                decision.target_year if decision else None,
            ]
        )
    for decision in table.new_plans:
        rows.append(
            [
                f"{decision.new_plan_title} ({_('new')})",
                decision.get_decision_display(),
                decision.responsible,
                decision.target_year,
            ]
        )
    blocks: list[Block] = [
        Heading(_("Assessment of planning needs")),
        counts_paragraph(table),
    ]
    if rows:
        blocks.append(
            Table(
                caption=_("Assessment of planning needs %(period)s")
                % {"period": table.period_label},
                header=[_("Plan"), _("Decision"), _("Responsible"), _("When")],
                rows=rows,
            )
        )
    else:
        blocks.append(Paragraph(_("[Missing: the plan register has no current plans.]")))
    return blocks


def _master_plan(strategy: Strategy) -> list[Block]:
    entry = section_for("master_plan_rationale")
    assert entry is not None
    blocks: list[Block] = [Heading(str(entry.title))]
    if strategy.master_plan_decision:
        decision = strategy.get_master_plan_decision_display()
        if strategy.master_plan_parts:
            decision = f"{decision}: {strategy.master_plan_parts}"
        blocks.append(Paragraph(_("Decision: %(decision)s.") % {"decision": decision}))
    else:
        blocks.append(
            Paragraph(
                _(
                    "[Missing: the council's position on the master plan (revise all, revise "
                    "part, or continue unchanged), which PBL § 10-1 requires.]"
                )
            )
        )
    if strategy.master_plan_rationale.strip():
        blocks.extend(_text_or_missing(strategy.master_plan_rationale))
    return blocks


def _bodies(strategy: Strategy) -> list[Block]:
    bodies = list(strategy.bodies.all())
    if not bodies:
        return [Paragraph(_("[Missing: no state or regional bodies or neighbours are listed.]"))]
    return [
        Table(
            caption=_("Views obtained (PBL § 10-1)"),
            header=[_("Body"), _("Asked"), _("Answered"), _("Their answer")],
            rows=[
                [body.name, _date(body.asked_on), _date(body.answered_on), body.answer]
                for body in bodies
            ],
        )
    ]


def _done_text(item: Item) -> str:
    """The decision date and whether it was in time (plantakt's lateness in days); the text does
    not depend on the day the document is made."""
    from samplan.plantakt import labels

    if not item.done_on:
        return ""
    shown = labels.status(item, item.done_on)
    return shown[0] if shown else ""


def _timeline(strategy: Strategy) -> list[Block]:
    """The strategy's own dates, then the deadlines plantakt computes for the planning strategy,
    the public-health overview and the master plan in this election period."""
    from samplan.plantakt import engine, labels
    from samplan.plantakt.selectors import period_for

    constitution = strategy.constitution_date
    rows: list[list[object]] = [
        [
            _("Council constituted"),
            _date(constitution)
            if strategy.constituted_on
            else _("by %(date)s (latest legal date)") % {"date": _date(constitution)},
            "KL § 7-1",
        ],
    ]
    if strategy.council_meeting:
        rows.append(
            [
                _("Proposal public at the latest"),
                _date(rules.latest_public_display(strategy.council_meeting)),
                "PBL § 10-1",
            ]
        )
    rows.append([_("Proposal made public"), _date(strategy.public_from), ""])
    rows.append([_("Council meeting that decides"), _date(strategy.council_meeting), ""])
    rows.append(
        [_("Adopted at the latest"), _date(rules.adoption_deadline(constitution)), "PBL § 10-1"]
    )
    if strategy.adopted_on:
        rows.append([_("Adopted"), _date(strategy.adopted_on), ""])
    blocks: list[Block] = [
        Heading(_("Timeline")),
        Table(
            caption=_("The strategy's dates and deadlines"),
            header=[_("What"), _("Date"), _("Legal basis")],
            rows=rows,
        ),
    ]
    try:
        period = period_for(strategy.municipality, strategy.period_start)
    except engine.PeriodError:
        return blocks
    modules = (engine.STRATEGY, engine.PUBLIC_HEALTH, engine.MASTER_PLAN)
    items = [item for item in period.items if item.module in modules]
    if items:
        blocks.append(
            Table(
                caption=_("The plan calendar for the election period (from Plantakt)"),
                header=[_("Date"), _("What"), _("Kind"), _("Legal basis"), _("Done")],
                rows=[
                    [
                        labels.date_text(item),
                        item.title,
                        labels.KIND_LABELS.get(item.kind, item.kind),
                        labels.basis_text(item),
                        _done_text(item),
                    ]
                    for item in items
                ],
            )
        )
    return blocks
