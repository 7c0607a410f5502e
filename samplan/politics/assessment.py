"""The plan-culture self-assessment: its themes and statements, and the pure arithmetic of a
profile (averages per theme and group, the change from last year, the chart). No database.

The themes follow the research behind Samplan (Distriktskommune 3.0, Nordlandsforskning
R-6/23: plan awareness, a local plan culture and clearer roles are the key); docs/sources.md
part 2 names it. Each statement is rated 1 (completely disagree) to 5 (completely agree)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ADMINISTRATION = "administrasjon"
POLITICS = "politikk"
GROUPS: dict[str, Promise] = {
    ADMINISTRATION: _("Administration"),
    POLITICS: _("Elected members"),
}
# A group's answers are shown only when at least this many answered (fewer could be read back
# to the people who answered).
MIN_GROUP = 3
# Aggregates across municipalities only when at least this many answered that year.
MIN_MUNICIPALITIES = 5
# A theme averaging below this is weak: the summary suggests next steps for it.
WEAK_BELOW = 3.0


@dataclass(frozen=True)
class Theme:
    key: str
    title: Promise
    # The registered modules (core.modules keys) that help with a weak theme, in order.
    helpers: tuple[str, ...]
    advice: Promise


@dataclass(frozen=True)
class Statement:
    key: str
    theme: str
    text: Promise


THEMES: tuple[Theme, ...] = (
    Theme(
        "styring",
        _("Plans as steering tools"),
        ("plans", "strategy", "goals"),
        _(
            "Tidy up the plans: fewer plans that are followed up, and a planning strategy that "
            "decides what to plan for in the period. Link the goals to the budget."
        ),
    ),
    Theme(
        "roller",
        _("Roles between politics and administration"),
        ("politics",),
        _(
            "Go through who decides what and the delegation rules with the elected members, "
            "and hold a political workshop early in the plan work."
        ),
    ),
    Theme(
        "kapasitet",
        _("Capacity and competence"),
        ("plantakt", "politics"),
        _(
            "Start early in the election period with a realistic plan calendar, give new "
            "elected members training in planning, and look at cooperation on a plan office."
        ),
    ),
    Theme(
        "medvirkning",
        _("Participation"),
        ("participation",),
        _(
            "Plan participation that fits the municipality's size, include children and young "
            "people, and tell the residents what their input led to."
        ),
    ),
    Theme(
        "kunnskap",
        _("Knowledge and statistics"),
        ("stats",),
        _(
            "Keep the challenge picture up to date with the statistics, and use it when "
            "priorities are set and when goals are followed up."
        ),
    ),
    Theme(
        "samarbeid",
        _("Cooperation with county, state and neighbours"),
        ("guidance",),
        _(
            "Seek early dialogue with the county municipality and the county governor, use "
            "their guidance, and join a network of municipalities with similar challenges."
        ),
    ),
)

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "styring_1",
        "styring",
        _("Our plans are used when the council and its committees make decisions."),
    ),
    Statement(
        "styring_2",
        "styring",
        _("The budget and the financial plan follow up the goals of the community part."),
    ),
    Statement(
        "styring_3", "styring", _("We know which plans we have and which of them are in force.")
    ),
    Statement(
        "styring_4", "styring", _("We have few enough plans that we manage to follow them up.")
    ),
    Statement(
        "styring_5",
        "styring",
        _("The planning strategy is used actively to decide what to plan for in the period."),
    ),
    Statement(
        "roller_1",
        "roller",
        _(
            "Elected members set the direction in the plans; the administration fills them "
            "with professional content."
        ),
    ),
    Statement(
        "roller_2",
        "roller",
        _("Elected members take part early in plan work, not only when the plan is adopted."),
    ),
    Statement("roller_3", "roller", _("The delegation rules make it clear who decides what.")),
    Statement(
        "roller_4", "roller", _("Elected members know their role as the planning authority.")
    ),
    Statement(
        "roller_5",
        "roller",
        _(
            "There are arenas where elected members and the administration discuss planning "
            "together."
        ),
    ),
    Statement(
        "kapasitet_1",
        "kapasitet",
        _("We have enough people and time to make the plans the law requires."),
    ),
    Statement(
        "kapasitet_2",
        "kapasitet",
        _("The administration has the competence land-use planning needs."),
    ),
    Statement(
        "kapasitet_3",
        "kapasitet",
        _("New elected members get training in planning early in the period."),
    ),
    Statement(
        "kapasitet_4", "kapasitet", _("We start the planning work early in a new election period.")
    ),
    Statement(
        "medvirkning_1",
        "medvirkning",
        _("Residents are involved in a way that suits our municipality."),
    ),
    Statement(
        "medvirkning_2", "medvirkning", _("Children and young people are heard in the planning.")
    ),
    Statement("medvirkning_3", "medvirkning", _("We tell the residents what their input led to.")),
    Statement(
        "medvirkning_4",
        "medvirkning",
        _("We have the capacity to carry out the participation we plan."),
    ),
    Statement(
        "kunnskap_1",
        "kunnskap",
        _("We have an up-to-date picture of the municipality's challenges."),
    ),
    Statement(
        "kunnskap_2", "kunnskap", _("Statistics and facts are used when priorities are set.")
    ),
    Statement(
        "kunnskap_3", "kunnskap", _("We follow up whether the goals of the plans are reached.")
    ),
    Statement(
        "samarbeid_1",
        "samarbeid",
        _(
            "We have early dialogue with the county municipality and the county governor in "
            "plan work."
        ),
    ),
    Statement(
        "samarbeid_2",
        "samarbeid",
        _("We use the guidance the county municipality and the state offer."),
    ),
    Statement(
        "samarbeid_3",
        "samarbeid",
        _("We cooperate with neighbouring municipalities on planning where it pays off."),
    ),
    Statement(
        "samarbeid_4",
        "samarbeid",
        _("We take part in networks where we learn from municipalities with similar challenges."),
    ),
)
STATEMENT_THEME = {statement.key: statement.theme for statement in STATEMENTS}
THEME_KEYS = tuple(theme.key for theme in THEMES)


def statements_of(theme: str) -> list[Statement]:
    return [statement for statement in STATEMENTS if statement.theme == theme]


@dataclass(frozen=True)
class ThemeRow:
    """One theme of a profile: each group's average (None: too few answered) and the change
    from the year before."""

    theme: Theme
    averages: dict[str, float | None]
    changes: dict[str, float | None]

    @property
    def weak(self) -> bool:
        known = [value for value in self.averages.values() if value is not None]
        return bool(known) and min(known) < WEAK_BELOW


def averages(
    sums: Mapping[tuple[str, str], tuple[int, int]], counts: Mapping[str, int]
) -> dict[tuple[str, str], float | None]:
    """(group, theme) → the mean rating, or None for a group with fewer than MIN_GROUP answers.
    `sums` maps (group, theme) to (sum of ratings, number of ratings)."""
    result: dict[tuple[str, str], float | None] = {}
    for group in GROUPS:
        for theme in THEME_KEYS:
            total, number = sums.get((group, theme), (0, 0))
            shown = counts.get(group, 0) >= MIN_GROUP and number
            result[(group, theme)] = round(total / number, 1) if shown else None
    return result


def profile(
    this_year: Mapping[tuple[str, str], float | None],
    last_year: Mapping[tuple[str, str], float | None],
) -> list[ThemeRow]:
    rows = []
    for theme in THEMES:
        now = {group: this_year.get((group, theme.key)) for group in GROUPS}
        before = {group: last_year.get((group, theme.key)) for group in GROUPS}
        change = {
            group: round(now[group] - before[group], 1)
            if now[group] is not None and before[group] is not None
            else None
            for group in GROUPS
        }
        rows.append(ThemeRow(theme, now, change))
    return rows


def aggregate(per_municipality: Mapping[str, Mapping[str, float]]) -> dict[str, float] | None:
    """The mean over municipalities of each municipality's theme averages, or None when fewer
    than MIN_MUNICIPALITIES answered (no single municipality can then be made out)."""
    if len(per_municipality) < MIN_MUNICIPALITIES:
        return None
    result = {}
    for theme in THEME_KEYS:
        values = [themes[theme] for themes in per_municipality.values() if theme in themes]
        if len(values) >= MIN_MUNICIPALITIES:
            result[theme] = round(sum(values) / len(values), 1)
    return result


# Fill colours as attributes (the PDF has no stylesheet): dark blue and dark orange, both with
# a contrast above 4.5:1 against white.
COLOURS = {ADMINISTRATION: "#1f4e8c", POLITICS: "#a3460f"}


def chart_svg(rows: Iterable[ThemeRow], title: str) -> str:
    """The profile as a horizontal bar chart: a pair of bars per theme (administration,
    elected members) on the scale 1–5; a group too few answered for has no bar."""
    rows = list(rows)
    label_w, bar_w, row_h = 330, 300, 44
    height = row_h * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_w + bar_w + 50} {height}" '
        f'role="img" aria-labelledby="profile-title" class="sp-profile" font-size="13">'
        f'<title id="profile-title">{escape(title)}</title>'
    ]
    for index, row in enumerate(rows):
        parts.extend(_theme_bars(row, index * row_h + 4, label_w, bar_w))
    for tick in range(1, 6):
        x = label_w + round(bar_w * tick / 5)
        parts.append(f'<text x="{x}" y="{height - 10}" text-anchor="middle">{tick}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _theme_bars(row: ThemeRow, y: int, label_w: int, bar_w: int) -> list[str]:
    parts = [f'<text x="0" y="{y + 16}">{escape(str(row.theme.title))}</text>']
    for offset, group in enumerate(GROUPS):
        value = row.averages[group]
        if value is None:
            continue
        width = round(bar_w * value / 5)
        top = y + offset * 18
        parts.append(
            f'<rect x="{label_w}" y="{top}" width="{width}" height="14" '
            f'fill="{COLOURS[group]}"></rect>'
            f'<text x="{label_w + width + 4}" y="{top + 12}">{value:.1f}</text>'
        )
    return parts
