"""Server-rendered SVG charts: data in, SVG text out (no Django, no state), also for documents.

Each chart is an `<svg role="img">` with `<title>` and `<desc>` (the text alternative) and uses
only presentation attributes (no inline styles, so it works under a strict CSP and in print).
`data_table()` gives the same numbers as an HTML table for screen readers and print.
Missing values are gaps: a line is broken, a bar is left out and marked "–"; nothing is drawn in.
In the table a missing value with SSB's reason is a `Symbol` (".." …), explained under the table.
Colours are from the Designsystemet palette and have at least 4.5:1 contrast on white; series are
also told apart by dash pattern and marker shape, not by colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from hashlib import sha1
from html import escape

# Designsystemet: accent (blue), neutral (dark), brand "danger" red; all ≥ 4.5:1 on white.
COLOURS = ("#0062ba", "#1e2b3c", "#b3261e", "#1a6e2e")
DASHES = ("", "6 3", "2 3", "10 4 2 4")
TEXT = "#1e2b3c"
GRID = "#c7cdd4"
FONT = "system-ui, sans-serif"


@dataclass(frozen=True)
class Symbol:
    """A missing value shown as SSB's symbol, with what the symbol means."""

    text: str
    meaning: str


@dataclass(frozen=True)
class Line:
    label: str
    values: dict[str, float | None]  # x label → value; None = gap


def _fmt(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text.replace("-", "−")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _ticks(low: float, high: float) -> list[float]:
    """Gridlines at a round step (1, 2, 2.5 or 5 times a power of ten), about five of them."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / 5
    exponent = 10 ** math.floor(math.log10(raw))
    step = next(m * exponent for m in (1, 2, 2.5, 5, 10) if m * exponent >= raw)
    first = math.ceil(low / step) * step
    ticks, value = [], first
    while value <= high + step / 1000:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_decimals(ticks: list[float]) -> int:
    return 0 if all(float(t).is_integer() for t in ticks) else 1


def _gridlines(
    low: float, high: float, py: Callable[[float], float], left: float, width: float, unit: str = ""
) -> str:
    """Horizontal gridlines with their values at the left."""
    ticks = _ticks(low, high)
    decimals = _tick_decimals(ticks)
    return "".join(
        f'<line x1="{left}" y1="{py(t):.1f}" x2="{left + width}" y2="{py(t):.1f}" stroke="{GRID}"/>'
        f'<text x="{left - 6}" y="{py(t) + 4:.1f}" text-anchor="end">'
        f"{_fmt(t, decimals)}{escape(unit)}</text>"
        for t in ticks
    )


def _open(width: int, height: int, title: str, desc: str, prefix: str) -> tuple[str, str]:
    # Derived from the content, so the same data always gives the same SVG.
    uid = f"{prefix}-{sha1(f'{title}|{desc}'.encode()).hexdigest()[:10]}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d" class="sp-chart" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
    )
    return head, uid


def _legend(labels: Sequence[str], x: float, y: float, markers: bool = True) -> str:
    parts = []
    for i, label in enumerate(labels):
        ly = y + i * 16
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if markers:
            parts.append(
                f'<line x1="{x}" y1="{ly - 4}" x2="{x + 22}" y2="{ly - 4}" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
        else:
            parts.append(
                f'<rect x="{x}" y="{ly - 10}" width="14" height="10" fill="{colour}"{_pattern(i)}/>'
            )
        parts.append(f'<text x="{x + 28}" y="{ly}">{escape(label)}</text>')
    return "".join(parts)


def _pattern(index: int) -> str:
    return ' stroke="#ffffff" stroke-width="1"' if index else ""


def line_chart(
    title: str,
    desc: str,
    lines: Sequence[Line],
    *,
    y_label: str = "",
    width: int = 640,
    height: int = 300,
    start_at_zero: bool = False,
) -> str:
    """A line chart over shared x labels (e.g. years); a None value breaks the line."""
    head, _uid = _open(width, height, title, desc, "line")
    xs = list(dict.fromkeys(x for line in lines for x in line.values))
    present = [v for line in lines for v in line.values.values() if v is not None]
    left, right, top = 64, 16, 28
    bottom = 40 + 16 * len(lines)
    plot_w, plot_h = width - left - right, height - top - bottom
    if not xs or not present:
        return head + f'<text x="{left}" y="{top + 20}">–</text></svg>'
    high = _nice_max(max(present))
    low = 0.0 if start_at_zero or min(present) <= 0 else _floor_nice(min(present), high)
    span = (high - low) or 1.0
    # Years (or other numbers) are spaced by their value, so 2026, 2030, 2040 are not equidistant.
    numeric = all(str(x).lstrip("-").isdigit() for x in xs)
    positions = [int(x) for x in xs] if numeric else list(range(len(xs)))
    first, last = min(positions), max(positions)

    def px(i: int) -> float:
        if last == first:
            return left + plot_w / 2
        return left + plot_w * (positions[i] - first) / (last - first)

    def py(v: float) -> float:
        return top + plot_h - (v - low) / span * plot_h

    parts = [head, _gridlines(low, high, py, left, plot_w)]
    step = max(1, math.ceil(len(xs) / 8))
    for i, x in enumerate(xs):
        if i % step == 0 or i == len(xs) - 1:
            parts.append(
                f'<text x="{px(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{escape(str(x))}</text>"
            )
    if y_label:
        parts.append(f'<text x="4" y="14" font-size="11">{escape(y_label)}</text>')
    for n, line in enumerate(lines):
        colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path, pen_down = [], False
        for i, x in enumerate(xs):
            value = line.values.get(x)
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{px(i):.1f} {py(value):.1f}")
            pen_down = True
            parts.append(f'<circle cx="{px(i):.1f}" cy="{py(value):.1f}" r="2.5" fill="{colour}"/>')
        if path:
            parts.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f"{dash_attr}/>"
            )
    parts.append(_legend([line.label for line in lines], left, top + plot_h + 36))
    parts.append("</svg>")
    return "".join(parts)


def _floor_nice(low: float, high: float) -> float:
    step = _nice_max(high) / 10
    return max(0.0, math.floor(low * 0.95 / step) * step)


def bar_chart(
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    unit: str = "",
    decimals: int = 0,
    width: int = 640,
    height: int = 300,
) -> str:
    """Grouped vertical bars, one group per category; a None value is a gap marked "–"."""
    head, _uid = _open(width, height, title, desc, "bar")
    present = [v for _label, values in series for v in values if v is not None]
    left, right, top = 64, 16, 16
    bottom = 40 + 16 * len(series)
    plot_w, plot_h = width - left - right, height - top - bottom
    if not categories or not present:
        return head + f'<text x="{left}" y="{top + 20}">–</text></svg>'
    high = _nice_max(max(max(present), 0))
    low = min(0.0, -_nice_max(-min(present))) if min(present) < 0 else 0.0
    span = high - low

    def py(v: float) -> float:
        return top + plot_h - (v - low) / span * plot_h

    parts = [head, _gridlines(low, high, py, left, plot_w, unit)]
    group_w = plot_w / len(categories)
    bar_w = group_w * 0.8 / max(1, len(series))
    for c, category in enumerate(categories):
        gx = left + c * group_w + group_w * 0.1
        for s, (_label, values) in enumerate(series):
            value = values[c] if c < len(values) else None
            x = gx + s * bar_w
            if value is None:
                mid = x + bar_w / 2
                parts.append(
                    f'<text x="{mid:.1f}" y="{py(0) - 4:.1f}" text-anchor="middle">–</text>'
                )
                continue
            y0, y1 = sorted((py(0), py(value)))
            parts.append(
                f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar_w * 0.92:.1f}" '
                f'height="{max(y1 - y0, 0.5):.1f}" fill="{COLOURS[s % len(COLOURS)]}"{_pattern(s)}>'
                f"<title>{escape(category)}, {escape(_label)}: {_fmt(value, decimals)}"
                f"{escape(unit)}</title></rect>"
            )
        parts.append(
            f'<text x="{left + c * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{py(0):.1f}" x2="{left + plot_w}" y2="{py(0):.1f}" '
        f'stroke="{TEXT}"/>'
    )
    parts.append(_legend([label for label, _v in series], left, top + plot_h + 36, markers=False))
    parts.append("</svg>")
    return "".join(parts)


def pyramid(
    title: str,
    desc: str,
    groups: Sequence[str],
    left_series: tuple[str, Sequence[float | None]],
    right_series: tuple[str, Sequence[float | None]],
    *,
    width: int = 640,
    height: int = 300,
) -> str:
    """A population pyramid: age groups from the bottom up, one series to each side."""
    head, _uid = _open(width, height, title, desc, "pyramid")
    values = [v for v in (*left_series[1], *right_series[1]) if v is not None]
    top, bottom, label_w = 24, 48, 56
    centre = width / 2
    half = (width - label_w) / 2 - 16
    if not groups or not values:
        return head + f'<text x="16" y="{top + 20}">–</text></svg>'
    high = _nice_max(max(values))
    row_h = (height - top - bottom) / len(groups)
    parts = [head]
    parts.append(
        f'<text x="{centre - label_w / 2 - 4}" y="14" text-anchor="end" font-weight="bold">'
        f"{escape(left_series[0])}</text>"
        f'<text x="{centre + label_w / 2 + 4}" y="14" font-weight="bold">'
        f"{escape(right_series[0])}</text>"
    )
    for i, group in enumerate(groups):
        y = top + (len(groups) - 1 - i) * row_h
        parts.append(
            f'<text x="{centre}" y="{y + row_h / 2 + 4:.1f}" text-anchor="middle">'
            f"{escape(group)}</text>"
        )
        for side, (label, series_values) in ((-1, left_series), (1, right_series)):
            value = series_values[i] if i < len(series_values) else None
            edge = centre + side * label_w / 2
            if value is None:
                parts.append(
                    f'<text x="{edge + side * 12:.1f}" y="{y + row_h / 2 + 4:.1f}" '
                    f'text-anchor="middle">–</text>'
                )
                continue
            length = value / high * half
            x = edge if side > 0 else edge - length
            colour = COLOURS[0] if side > 0 else COLOURS[1]
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2:.1f}" width="{max(length, 0.5):.1f}" '
                f'height="{row_h - 4:.1f}" fill="{colour}"><title>{escape(group)}, '
                f"{escape(label)}: {_fmt(value)}</title></rect>"
            )
            tx = x + length + 4 if side > 0 else x - 4
            anchor = "start" if side > 0 else "end"
            parts.append(
                f'<text x="{tx:.1f}" y="{y + row_h / 2 + 4:.1f}" text-anchor="{anchor}">'
                f"{_fmt(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def data_table(
    caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]], *, css_class: str = ""
) -> str:
    """The chart's numbers as an HTML table (first column = row header). None → "–"; a `Symbol`
    → the symbol, explained in the table's foot."""
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in headers)
    body = []
    symbols: dict[str, str] = {}
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if isinstance(cell, Symbol):
                symbols.setdefault(cell.text, cell.meaning)
                cells.append(
                    f'<td class="sp-num"><abbr title="{escape(cell.meaning)}">'
                    f"{escape(cell.text)}</abbr></td>"
                )
                continue
            if cell is None:
                text = "–"
            elif isinstance(cell, float):
                text = _fmt(cell, 1)
            elif isinstance(cell, int):
                text = _fmt(cell)
            else:
                text = str(cell)
            if i == 0:
                cells.append(f'<th scope="row">{escape(text)}</th>')
            else:
                cells.append(f'<td class="sp-num">{escape(text)}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    class_attr = f' class="ds-table {css_class}"' if css_class else ' class="ds-table"'
    foot = ""
    if symbols:
        notes = "<br>".join(
            f"{escape(text)} = {escape(meaning)}" for text, meaning in symbols.items()
        )
        foot = f'<tfoot><tr><td colspan="{len(headers)}">{notes}</td></tr></tfoot>'
    return (
        f'<table{class_attr} data-size="sm"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table>"
    )
