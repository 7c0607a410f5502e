"""Derive samplan/municipalities/data/nabokommuner.csv from a TopoJSON of the municipalities.

Two municipalities are neighbours when their polygons share an arc (a stretch of land border) in
the topology. Used with `Kommuner-M.topojson` of robhop/fylker-og-kommuner (Kartverket's 2024
administrative units, clipped at the coastline); see docs/sources.md, section 3.8.

    python scripts/neighbours_from_topojson.py Kommuner-M.topojson > nabokommuner.csv
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict


def neighbours(topology: dict) -> set[tuple[str, str]]:
    owners: dict[int, set[str]] = defaultdict(set)

    def walk(arcs: object, number: str) -> None:
        if isinstance(arcs, int):
            owners[arcs if arcs >= 0 else ~arcs].add(number)
        else:
            for part in arcs:  # type: ignore[attr-defined]
                walk(part, number)

    for geometry in topology["objects"]["Kommuner"]["geometries"]:
        walk(geometry["arcs"], geometry["properties"]["kommunenummer"])
    return {(a, b) for numbers in owners.values() for a in numbers for b in numbers if a < b}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as file:
        pairs = sorted(neighbours(json.load(file)))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["kommunenummer", "nabo"])
    writer.writerows(pairs)


if __name__ == "__main__":
    main()
