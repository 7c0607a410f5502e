"""Geometry for the power–interest grid and the timeline, drawn as server-rendered SVG. The
templates only place what is computed here; the same data is always in a table or list beside
the drawing, which is the accessible equivalent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .models import Phase, ProcessActor, Strategy

GRID = 400
MARGIN = 40
CELL = (GRID - 2 * MARGIN) // 5
HIGH = 3  # influence and stance from 3 up count as high / for


def suggested_strategy(influence: int, stance: int) -> str:
    """The usual four strategies of the grid: involve the influential who are for, win over
    the influential who are against, inform those with little influence who are for, and
    watch those with little influence who are against."""
    if influence >= HIGH:
        return Strategy.INVOLVE if stance >= HIGH else Strategy.WIN_OVER
    return Strategy.INFORM if stance >= HIGH else Strategy.WATCH


@dataclass(frozen=True)
class Dot:
    number: int
    x: float
    y: float
    role: ProcessActor
    strategy: str  # the chosen one, or the suggestion


@dataclass(frozen=True)
class Grid:
    size: int
    margin: int
    inner: int  # the side of the plotting square
    far: int  # its right and bottom edge
    middle_x: int  # where "for" starts
    middle_y: int  # where "high influence" starts
    dots: tuple[Dot, ...]


def grid(roles: list[ProcessActor]) -> Grid:
    """One numbered dot per actor: stance left (against) to right (for), influence bottom (low)
    to top (high); actors in the same cell sit side by side."""
    seen: dict[tuple[int, int], int] = {}
    dots = []
    for number, role in enumerate(roles, start=1):
        cell = (role.stance, role.influence)
        index = seen.get(cell, 0)
        seen[cell] = index + 1
        x = MARGIN + (role.stance - 1) * CELL + 12 + (index % 3) * 20
        y = GRID - MARGIN - role.influence * CELL + 14 + (index // 3) * 20
        dots.append(
            Dot(
                number,
                round(x, 1),
                round(y, 1),
                role,
                role.strategy or suggested_strategy(role.influence, role.stance),
            )
        )
    return Grid(
        GRID,
        MARGIN,
        GRID - 2 * MARGIN,
        GRID - MARGIN,
        round(MARGIN + (HIGH - 1) * CELL),
        round(GRID - MARGIN - (HIGH - 1) * CELL),
        tuple(dots),
    )


TIMELINE_WIDTH = 760
LABEL_WIDTH = 180
ROW = 34


@dataclass(frozen=True)
class Bar:
    phase: Phase
    x: float
    y: float
    width: float
    # x of each dated activity, its title and whether it is done
    marks: tuple[tuple[float, str, bool], ...]


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    start: datetime.date
    end: datetime.date
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, datetime.date], ...]


def timeline(phases: list[Phase]) -> Timeline | None:
    """One row per dated phase, its activities as marks; None when nothing is dated."""
    dates = [d for phase in phases for d in (phase.starts_on, phase.ends_on) if d]
    dates += [a.starts_on for phase in phases for a in phase.activity_list if a.starts_on]
    if not dates:
        return None
    start, end = min(dates), max(dates)
    days = max((end - start).days, 1)
    span = TIMELINE_WIDTH - LABEL_WIDTH - 20

    def at(day: datetime.date) -> float:
        return round(LABEL_WIDTH + span * (day - start).days / days, 1)

    bars = []
    for row, phase in enumerate(phases):
        first = phase.starts_on or end
        last = phase.ends_on or phase.starts_on or end
        marks = tuple(
            (at(activity.starts_on), activity.title, activity.done_on is not None)
            for activity in phase.activity_list
            if activity.starts_on
        )
        y = 30 + row * ROW
        bars.append(Bar(phase, at(first), y, max(at(last) - at(first), 4), marks))
    months = []
    tick = datetime.date(start.year, start.month, 1)
    while tick <= end:
        if tick >= start:
            months.append((at(tick), tick))
        tick = datetime.date(tick.year + tick.month // 12, tick.month % 12 + 1, 1)
    step = max(1, len(months) // 8)
    return Timeline(
        TIMELINE_WIDTH,
        40 + len(phases) * ROW,
        LABEL_WIDTH,
        start,
        end,
        tuple(bars),
        tuple(months[::step]),
    )
