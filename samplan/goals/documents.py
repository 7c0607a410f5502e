"""The yearly goal report: the chapter on goal achievement for the årsberetning (KL § 14-7), as
a samplan.documents Document (ODT and PDF/A), in the municipality's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from samplan.documents.content import Block, Document, Figure, Heading, Paragraph, Table
from samplan.documents.render import render
from samplan.municipalities.models import Municipality
from samplan.plans.documents import example_notice
from samplan.stats.charts import Line, line_chart

from . import selectors
from .models import ActionPlan, Goal, Status


def report_file(
    municipality: Municipality, year: int, file_format: str, language: str
) -> tuple[bytes, str]:
    """The report for `year` rendered as `file_format`; LookupError without a plan for it."""
    return render(report_document(municipality, year, language), file_format)


def report_document(municipality: Municipality, year: int, language: str) -> Document:
    plan = selectors.latest_plan(municipality, year)
    if plan is None:
        raise LookupError(year)
    with translation.override(language):
        return _build(municipality, plan, year, language)


def _kr(amount: int | None) -> str:
    if amount is None:
        return "–"
    return f"{amount:,}".replace(",", "\u00a0").replace("-", "−")


def _number(value: object) -> str:
    if value is None:
        return "–"
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value}" else f"{value}"
    return text.replace(".", ",")


def _build(municipality: Municipality, plan: ActionPlan, year: int, language: str) -> Document:
    document = Document(
        title=_("Goal achievement %(year)s") % {"year": year},
        subtitle=_("%(name)s – chapter of the annual report (KL § 14-7)")
        % {"name": municipality.name},
        language=language,
        municipality_name=municipality.name,
        example_notice=example_notice(municipality),
    )
    rows = selectors.follow_up(plan, year)
    by_goal: dict[int, list[dict]] = {}
    for row in rows:
        for goal in row["measure"].goals.all():
            by_goal.setdefault(goal.pk, []).append(row)
    document.blocks.extend(_summary(plan, year, rows))
    index = _plan_year_index(plan, year)
    goals = Goal.objects.filter(municipality=municipality).prefetch_related(
        "indicators__values", "strategies"
    )
    areas: dict[int, list[Goal]] = {}
    for goal in goals.select_related("focus_area").order_by("focus_area__order", "order", "title"):
        areas.setdefault(goal.focus_area_id, []).append(goal)
    for goals_of_area in areas.values():
        document.blocks.append(Heading(goals_of_area[0].focus_area.title, 1))
        for goal in goals_of_area:
            document.blocks.extend(_goal_blocks(goal, by_goal.get(goal.pk, []), index, year))
    document.sources.append(
        _("Goals, measures, follow-up and budget lines as recorded in Samplan.")
    )
    if any(ind.source == "ssb" for goal in goals for ind in goal.indicators.all()):
        document.sources.append(_("Statistics Norway (SSB), tables 07459 and 06913."))
    return document


def _plan_year_index(plan: ActionPlan, year: int) -> int | None:
    return year - plan.first_year if plan.first_year <= year <= plan.last_year else None


def _summary(plan: ActionPlan, year: int, rows: list[dict]) -> list[Block]:
    counts = selectors.status_counts(rows)
    return [
        Heading(_("Summary"), 1),
        Paragraph(
            _(
                "The report shows, goal by goal, the indicators against their targets and the "
                "measures of the %(plan)s with their status at the end of %(year)s."
            )
            % {"plan": str(plan), "year": year}
        ),
        Table(
            _("Measures by status, %(year)s") % {"year": year},
            [_("Status"), _("Measures")],
            [[label, count] for _value, label, count in counts]
            + [[_("Not reported"), sum(1 for row in rows if row["latest"] is None)]],
        ),
    ]


def _goal_blocks(goal: Goal, rows: list[dict], index: int | None, year: int) -> list[Block]:
    blocks: list[Block] = [Heading(goal.title, 2)]
    if goal.description:
        blocks.append(Paragraph(goal.description))
    indicators = [selectors.indicator_view(item) for item in goal.indicators.all()]
    if indicators:
        blocks.append(_indicator_table(goal, indicators))
        blocks.extend(_indicator_charts(indicators))
    if rows:
        blocks.append(_measure_table(goal, rows, index, year))
    else:
        blocks.append(Paragraph(_("No measures in the action part serve this goal.")))
    return blocks


def _indicator_table(goal: Goal, indicators: list[dict]) -> Table:
    verdict = {True: _("Target reached"), False: _("Not reached"), None: "–"}
    return Table(
        _("Indicators for “%(goal)s”") % {"goal": goal.title},
        [_("Indicator"), _("Baseline"), _("Latest"), _("Target"), _("Assessment")],
        [
            [
                item["indicator"].name,
                f"{_number(item['indicator'].baseline)} ({item['indicator'].baseline_year or '–'})",
                f"{_number(item['latest'].value)} ({item['latest'].year})"
                if item["latest"]
                else "–",
                f"{_number(item['indicator'].target)} ({item['indicator'].target_year or '–'})",
                verdict[item["reached"]],
            ]
            for item in indicators
        ],
    )


def _indicator_charts(indicators: list[dict]) -> list[Block]:
    blocks: list[Block] = []
    for item in indicators:
        if len(item["values"]) < 2:
            continue
        indicator = item["indicator"]
        values = {str(value.year): float(value.value) for value in item["values"]}
        lines = [Line(indicator.name, values)]
        if indicator.target is not None and indicator.target_year:
            target = {year: None for year in values}
            target[str(indicator.target_year)] = float(indicator.target)
            lines.append(Line(_("Target"), target))
        title = _("%(name)s by year") % {"name": indicator.name}
        svg = line_chart(title, _("The values by year, as in the table."), lines)
        blocks.append(Figure(svg=svg, alt=title, caption=title, height_cm=7.5))
    return blocks


def _measure_table(goal: Goal, rows: list[dict], index: int | None, year: int) -> Table:
    statuses = dict(Status.choices)
    table_rows = []
    for row in rows:
        latest = row["latest"]
        planned = row["measure"].costs[index] if index is not None else None
        table_rows.append(
            [
                row["measure"].title,
                str(statuses.get(latest.status, "")) if latest else _("Not reported"),
                latest.comment if latest else "",
                _kr(planned),
                _kr(latest.spent) if latest else "–",
            ]
        )
    return Table(
        _("Measures for “%(goal)s”, %(year)s") % {"goal": goal.title, "year": year},
        [_("Measure"), _("Status"), _("Comment"), _("Planned (kr)"), _("Spent (kr)")],
        table_rows,
    )
