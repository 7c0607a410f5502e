"""Reads for the statistics: which regions a fetch asks SSB for."""

from __future__ import annotations

from samplan.municipalities.models import Municipality

from .figures import NORWAY, similar_municipalities
from .tables import region_codes


def regions_for(municipality: Municipality) -> list[str]:
    """What a municipality's page compares with: itself, its county, Norway, similar ones."""
    similar = [m.number for m in similar_municipalities(municipality)]
    return region_codes([municipality.number, municipality.county_id, NORWAY, *similar])


def regions_all() -> list[str]:
    municipalities = Municipality.objects.values_list("number", "county_id")
    return region_codes([NORWAY, *(code for pair in municipalities for code in pair)])
