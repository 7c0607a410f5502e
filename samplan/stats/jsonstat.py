"""Parse SSB's JSON-stat 2.0 answers into tidy rows.

`value` is one flat array in row-major order, the last dimension varying fastest. A value that is
missing is `null` in `value` and has an SSB symbol in `status` (for example "." = cannot exist,
".." = not available, "..." = not yet published, ":" = confidential). Missing values stay missing:
they become rows with `value=None` and their symbol, never zero. The symbols and what they mean
are in `symbols.py`.

The unit of each statistic ("personer", "prosent", "indeks" …) is in the metric dimension
(`role.metric`, at SSB `ContentsCode`): `category.unit.<code>` with SSB's `base` (or JSON-stat's
`label`) and `decimals`. It is kept in `Dataset.units`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from django.utils.translation import gettext as _

# SSB's symbols for values that are not there (SSB "Symboler i tabeller").
MISSING_SYMBOLS = {".", "..", "...", ":", "-"}


class JsonStatError(ValueError):
    """The answer is not a JSON-stat 2.0 dataset Samplan can read. The message is for people."""


@dataclass(frozen=True)
class Row:
    """One cell: its category code in each dimension, the value (None if missing), the symbol."""

    codes: dict[str, str]
    value: float | None
    status: str = ""


@dataclass(frozen=True)
class Unit:
    """The unit of one statistic, as the answer names it (in the language asked for)."""

    base: str
    decimals: int | None = None


@dataclass(frozen=True)
class Dataset:
    label: str
    source: str
    updated: str
    dimension_ids: tuple[str, ...]
    labels: dict[str, dict[str, str]]
    rows: list[Row]
    table_id: str = ""
    units: dict[str, Unit] = field(default_factory=dict)  # metric category code → unit


def _categories(dimension: dict[str, Any], size: int, name: str) -> list[str]:
    category = dimension.get("category")
    if not isinstance(category, dict):
        raise JsonStatError(_("Dimension %(name)s has no categories.") % {"name": name})
    index = category.get("index")
    if index is None:
        labels = category.get("label") or {}
        codes = list(labels)
    elif isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        codes = [""] * len(index)
        for code, position in index.items():
            if not isinstance(position, int) or not 0 <= position < len(index):
                raise JsonStatError(
                    _("Dimension %(name)s has an invalid category index.") % {"name": name}
                )
            codes[position] = str(code)
    else:
        raise JsonStatError(_("Dimension %(name)s has an invalid category index.") % {"name": name})
    if len(codes) != size or "" in codes:
        raise JsonStatError(
            _("Dimension %(name)s has %(found)s categories, but the size says %(size)s.")
            % {"name": name, "found": len(codes), "size": size}
        )
    return codes


def _values(data: dict[str, Any], total: int) -> list[Any]:
    value = data.get("value")
    if isinstance(value, dict):  # the sparse form: {"position": value}
        dense: list[Any] = [None] * total
        for position, item in value.items():
            dense[int(position)] = item
        return dense
    if not isinstance(value, list):
        raise JsonStatError(_("The answer has no values."))
    if len(value) != total:
        raise JsonStatError(
            _("The answer has %(found)s values, but its dimensions give %(total)s.")
            % {"found": len(value), "total": total}
        )
    return value


def _statuses(data: dict[str, Any], total: int) -> list[str]:
    status = data.get("status")
    if status is None:
        return [""] * total
    if isinstance(status, str):
        return [status] * total
    if isinstance(status, list):
        return [str(item or "") for item in status] + [""] * (total - len(status))
    if isinstance(status, dict):
        result = [""] * total
        for position, symbol in status.items():
            if str(position).isdigit() and int(position) < total:
                result[int(position)] = str(symbol or "")
        return result
    raise JsonStatError(_("The answer has an invalid status field."))


def _units(data: dict[str, Any]) -> dict[str, Unit]:
    """The units of the metric dimension's categories; {} when the answer names none."""
    role = data.get("role")
    metrics = role.get("metric") if isinstance(role, dict) else None
    names = metrics if isinstance(metrics, list) and metrics else ["ContentsCode"]
    units: dict[str, Unit] = {}
    for name in names:
        dimension = data["dimension"].get(name)
        category = dimension.get("category") if isinstance(dimension, dict) else None
        raw = category.get("unit") if isinstance(category, dict) else None
        if not isinstance(raw, dict):
            continue
        for code, unit in raw.items():
            if not isinstance(unit, dict):
                continue
            base = unit.get("base") or unit.get("label") or ""
            decimals = unit.get("decimals")
            units[str(code)] = Unit(
                str(base), decimals if isinstance(decimals, int) and decimals >= 0 else None
            )
    return units


def _number(raw: Any, position: int) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise JsonStatError(_("Value number %(n)s is not a number.") % {"n": position + 1})
    if isinstance(raw, float) and not math.isfinite(raw):
        return None
    return raw


def parse(data: dict[str, Any] | str | bytes) -> Dataset:
    """A JSON-stat 2.0 dataset (dict or JSON text) as tidy rows. Raises JsonStatError."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            raise JsonStatError(_("The answer is not valid JSON.")) from error
    if not isinstance(data, dict) or data.get("class", "dataset") != "dataset":
        raise JsonStatError(_("The answer is not a JSON-stat dataset."))
    ids = data.get("id")
    sizes = data.get("size")
    dimensions = data.get("dimension")
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or not isinstance(dimensions, dict)
        or len(ids) != len(sizes)
        or not all(isinstance(size, int) and size >= 0 for size in sizes)
    ):
        raise JsonStatError(_("The answer lacks the dimensions of a JSON-stat dataset."))
    codes_by_dimension: list[list[str]] = []
    labels: dict[str, dict[str, str]] = {}
    for name, size in zip(ids, sizes, strict=True):
        dimension = dimensions.get(name)
        if not isinstance(dimension, dict):
            raise JsonStatError(_("Dimension %(name)s is missing.") % {"name": name})
        codes = _categories(dimension, size, name)
        codes_by_dimension.append(codes)
        raw_labels = dimension["category"].get("label") or {}
        labels[name] = {code: str(raw_labels.get(code, code)) for code in codes}
    total = math.prod(sizes)
    values = _values(data, total)
    statuses = _statuses(data, total)
    rows = []
    for position, combination in enumerate(product(*codes_by_dimension)):
        value = _number(values[position], position)
        rows.append(Row(dict(zip(ids, combination, strict=True)), value, statuses[position]))
    extension = data.get("extension") or {}
    px = extension.get("px") if isinstance(extension, dict) else None
    return Dataset(
        label=str(data.get("label", "")),
        source=str(data.get("source", "")),
        updated=str(data.get("updated", "")),
        dimension_ids=tuple(ids),
        labels=labels,
        rows=rows,
        table_id=str(px.get("tableid", "")) if isinstance(px, dict) else "",
        units=_units(data),
    )
