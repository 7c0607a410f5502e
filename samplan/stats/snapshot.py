"""The offline snapshot: SSB's population by age group, shipped in `data/` (see its README).

`befolkning_alder.csv` (municipalities) and `befolkning_alder_fylke_land.csv` (counties and
Norway) are loaded into `Series` rows by `samplan stats load` (run by `samplan demo`). Years and
municipalities that the snapshot leaves out on purpose stay missing: nothing is filled in.
"""

from __future__ import annotations

import csv
import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Fetch, Measure, Series, Source
from .services import population_sync
from .tables import AGE_GROUPS, POPULATION_TABLE

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITY_FILE = DATA_DIR / "befolkning_alder.csv"
REGION_FILE = DATA_DIR / "befolkning_alder_fylke_land.csv"
# The snapshot was taken from csdata's sysdata.rda at this commit date (see data/README.md).
SNAPSHOT_DATE = datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC)
SNAPSHOT_QUERY = {
    "files": [MUNICIPALITY_FILE.name, REGION_FILE.name],
    "origin": "niphr/csdata R/sysdata.rda 55a0dbccdf0738946ce9cdf30fa54ec164212b36",
    "ssb_query": (
        "07459 Region, Alder (all single ages), ContentsCode=Personer1, Tid; Kjonn eliminated"
    ),
}
SNAPSHOT_LABEL = "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år"
# Personer1 ("Personer") counts persons; the snapshot's values carry no SSB symbols (a missing
# year or municipality is left out of the files, see data/README.md).
SNAPSHOT_UNIT = "personer"


class SnapshotError(Exception):
    """A snapshot file is missing or invalid. Nothing was written."""


@dataclass(frozen=True)
class SnapshotResult:
    regions: int
    series: int
    years: tuple[int, int]


def _read(
    path: Path, region_of: Callable[[dict[str, str]], str]
) -> dict[tuple[str, str], dict[str, int]]:
    """The file's values, validated; parsed once per process for each version of the file (its
    size and modification time), since `samplan demo` and every example workspace load it."""
    try:
        status = path.stat()
    except OSError as error:
        raise SnapshotError(f"{path.name} could not be read: {error}") from error
    return _parse(path, status.st_mtime_ns, status.st_size, region_of)


@functools.lru_cache(maxsize=4)
def _parse(
    path: Path, _mtime_ns: int, _size: int, region_of: Callable[[dict[str, str]], str]
) -> dict[tuple[str, str], dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SnapshotError(f"{path.name} could not be read: {error}") from error
    reader = csv.DictReader(text.splitlines())
    values: dict[tuple[str, str], dict[str, int]] = {}
    for line, row in enumerate(reader, start=2):
        try:
            region = region_of(row)
            year = int(row["aar"])
            group = row["aldersgruppe"]
            count = int(row["folketall"])
        except (KeyError, TypeError, ValueError) as error:
            raise SnapshotError(f"{path.name} line {line}: {error!r}") from error
        if group not in AGE_GROUPS or count < 0 or not 1900 <= year <= 2100:
            raise SnapshotError(f"{path.name} line {line}: invalid row {row}")
        by_year = values.setdefault((region, group), {})
        if str(year) in by_year:
            raise SnapshotError(f"{path.name} line {line}: {region} {year} {group} twice")
        by_year[str(year)] = count
    if not values:
        raise SnapshotError(f"{path.name} has no rows")
    return values


def _municipality(row: dict[str, str]) -> str:
    code = row["kommunenummer"]
    if len(code) != 4 or not code.isdigit():
        raise ValueError(f"municipality number {code!r}")
    return code


def _region(row: dict[str, str]) -> str:
    level, code = row["nivaa"], row["kode"]
    if (level, code) == ("land", "0") or (level == "fylke" and len(code) == 2 and code.isdigit()):
        return code
    raise ValueError(f"region {level} {code}")


def snapshot_load() -> SnapshotResult:
    """Load (or reload) the shipped snapshot. Validated first; a bad file changes nothing."""
    values = _read(MUNICIPALITY_FILE, _municipality) | _read(REGION_FILE, _region)
    years = sorted({int(year) for by_year in values.values() for year in by_year})
    with transaction.atomic():
        old = Fetch.objects.filter(source=Source.SNAPSHOT, table_id=POPULATION_TABLE)
        Series.objects.filter(fetch__in=old, measure=Measure.POPULATION_AGE).delete()
        Series.objects.filter(
            measure=Measure.POPULATION_AGE, region__in={region for region, _group in values}
        ).delete()
        old.filter(series__isnull=True).delete()
        fetch = Fetch.objects.create(
            source=Source.SNAPSHOT,
            table_id=POPULATION_TABLE,
            query=SNAPSHOT_QUERY,
            fetched_at=SNAPSHOT_DATE,
            updated=SNAPSHOT_DATE.date().isoformat(),
            label=SNAPSHOT_LABEL,
        )
        Series.objects.bulk_create(
            [
                Series(
                    measure=Measure.POPULATION_AGE,
                    region=region,
                    category=group,
                    fetch=fetch,
                    values=by_year,
                    unit=SNAPSHOT_UNIT,
                )
                for (region, group), by_year in sorted(values.items())
            ],
            batch_size=500,
        )
        population_sync()
    return SnapshotResult(
        regions=len({region for region, _group in values}),
        series=len(values),
        years=(years[0], years[-1]),
    )
