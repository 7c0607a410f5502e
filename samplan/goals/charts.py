"""The money charts (SVG via samplan.stats.charts, each shown with its table)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samplan.stats.charts import bar_chart

from .selectors import MoneyPicture


def money_charts(picture: MoneyPicture) -> dict[str, str]:
    years = [str(year) for year in picture.plan.years]
    per_goal = bar_chart(
        _("What the measures cost per goal"),
        _("Bars per year for each goal; the same numbers are in the table below."),
        [money.goal.title[:24] for money in picture.goals],
        [
            (year, [money.costs[index] / 1000 for money in picture.goals])
            for index, year in enumerate(years)
        ],
        unit=" k",
        height=340,
    )
    coverage = bar_chart(
        _("Budget lines linked to measures and not"),
        _("Per year: the sum of the budget lines that carry measures and of those that do not."),
        years,
        [
            (_("Linked to a measure"), [amount / 1000 for amount in picture.linked_totals]),
            (_("No measure"), [amount / 1000 for amount in picture.unlinked_totals]),
        ],
        unit=" k",
    )
    return {"per_goal": per_goal, "coverage": coverage}
