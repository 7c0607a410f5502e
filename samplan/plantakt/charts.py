"""Geometry for the year wheel (årshjul) and the four-year timeline, drawn as server-rendered
SVG. The templates only place what is computed here; the same items are always listed in text
next to the drawing, which is the accessible equivalent."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from . import engine

WHEEL_SIZE = 420
WHEEL_CENTRE = WHEEL_SIZE / 2
MONTH_OUTER = 175
MONTH_INNER = 60
LABEL_RADIUS = 192
KIND_RADIUS = {engine.LOVKRAV: 150, engine.ANBEFALING: 122, engine.EGEN: 94}


@dataclass(frozen=True)
class Mark:
    number: int
    x: float
    y: float
    item: engine.Item


@dataclass(frozen=True)
class Spoke:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class MonthLabel:
    month: datetime.date
    x: float
    y: float


@dataclass(frozen=True)
class Wheel:
    year: int
    size: int
    centre: float
    radii: tuple[int, ...]
    spokes: tuple[Spoke, ...]
    months: tuple[MonthLabel, ...]
    marks: tuple[Mark, ...]


def _point(fraction: float, radius: float) -> tuple[float, float]:
    """A point on the circle: fraction 0 is 1 January at the top, clockwise."""
    angle = 2 * math.pi * fraction - math.pi / 2
    return (
        round(WHEEL_CENTRE + radius * math.cos(angle), 1),
        round(WHEEL_CENTRE + radius * math.sin(angle), 1),
    )


def _year_fraction(day: datetime.date) -> float:
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return ((day - start).days + 0.5) / length


def wheel(items: list[engine.Item], year: int) -> Wheel:
    """The year wheel of `year`: the items are numbered in date order (the list uses the same
    numbers)."""
    spokes = []
    labels = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        fraction = _year_fraction(first) - 0.5 / 365
        x1, y1 = _point(fraction, MONTH_INNER)
        x2, y2 = _point(fraction, MONTH_OUTER)
        spokes.append(Spoke(x1, y1, x2, y2))
        middle = _year_fraction(first + datetime.timedelta(days=14))
        lx, ly = _point(middle, LABEL_RADIUS)
        labels.append(MonthLabel(first, lx, ly))
    marks = []
    for number, item in enumerate(items, start=1):
        x, y = _point(_year_fraction(item.date), KIND_RADIUS[item.kind])
        marks.append(Mark(number, x, y, item))
    return Wheel(
        year=year,
        size=WHEEL_SIZE,
        centre=WHEEL_CENTRE,
        radii=(MONTH_OUTER, *KIND_RADIUS.values(), MONTH_INNER),
        spokes=tuple(spokes),
        months=tuple(labels),
        marks=tuple(marks),
    )


TIMELINE_WIDTH = 900
TIMELINE_LEFT = 170
LANE_HEIGHT = 34
TOP = 30


@dataclass(frozen=True)
class Lane:
    module: str
    y: float


@dataclass(frozen=True)
class Tick:
    year: int
    x: float


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: int
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    today_x: float | None


def timeline(period: engine.Period, today: datetime.date) -> Timeline:
    """The election period on one line per part of the cycle (module)."""
    items = list(period.items)
    start = min([period.election_date, *(item.date for item in items)])
    end = max([period.end, *(item.date for item in items)])
    span = max((end - start).days, 1)
    usable = TIMELINE_WIDTH - TIMELINE_LEFT - 20

    def x_of(day: datetime.date) -> float:
        return round(TIMELINE_LEFT + usable * (day - start).days / span, 1)

    present = {item.module for item in items}
    # The engine's parts of the cycle in their order, then those of other modules
    # (core.modules calendar_items, e.g. a learning network's gatherings).
    modules = [module for module in engine.MODULES if module in present] + sorted(
        present - set(engine.MODULES)
    )
    lanes = tuple(Lane(module, TOP + index * LANE_HEIGHT) for index, module in enumerate(modules))
    lane_y = {lane.module: lane.y for lane in lanes}
    ticks = tuple(
        Tick(year, x_of(datetime.date(year, 1, 1))) for year in range(start.year + 1, end.year + 1)
    )
    marks = tuple(
        Mark(number, x_of(item.date), lane_y[item.module], item)
        for number, item in enumerate(items, start=1)
    )
    return Timeline(
        width=TIMELINE_WIDTH,
        height=TOP + len(lanes) * LANE_HEIGHT,
        left=TIMELINE_LEFT,
        lanes=lanes,
        ticks=ticks,
        marks=marks,
        today_x=x_of(today) if start <= today <= end else None,
    )
