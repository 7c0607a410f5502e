"""Successive versions of one rolling plan ("Handlingsprogram 2019–2022", "… 2020–2023", …).

A plan revised every year is one plan with a history, not a new plan each year. Versions are
titles with the same stem (the title without its years and words such as "rullert") and the same
kind, with years in them; the newest adopted one is the current plan. Pure Python: the importer
groups the rows of a file with it, plan health the plans in the register.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .catalogue import normalise

_YEAR = r"(?:19|20)\d{2}"
_RANGE = re.compile(
    rf"(?<!\d)({_YEAR})\s*(?:[-–—/]|til)\s*((?:19|20)?\d{{2}})(?!\d)", flags=re.IGNORECASE
)
_SINGLE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
# "(erstatter Handlingsprogram 2019–2022)", ", erstattar …": the replaced plan's title.
_REPLACES = re.compile(
    r"[\s,;(–-]*\b(?:erstatter|erstattar|avløser|avløyser)\b[\s:]*(?P<title>[^)]*)\)?\s*$",
    flags=re.IGNORECASE,
)
_NOISE_WORDS = re.compile(
    r"\b(rullert|rullering|rulleres|revidert|revisjon|rev\.|oppdatert|versjon|utgave|utgåve|"
    r"vedtatt|vedteken|perioden|periode|for perioden|år|året)\b",
    flags=re.IGNORECASE,
)
_TRAILING = {"for", "i", "til", "og", "med", "frå", "fra"}
# Kinds a municipality has one of at a time, renewed as a whole: every dated plan of the kind is
# a version of the same plan, whatever its title ("Handlingsprogram 2019–2022" and "Økonomiplan
# 2026–2029" are both the handlingsdel). The arealdel and samfunnsdel are not among them: a
# partial revision ("delrevisjon") leaves the rest of the plan in force.
ONE_AT_A_TIME_KINDS = frozenset({"handlingsdel", "planstrategi"})


@dataclass(frozen=True)
class TitleVersion:
    """A title read as a version: its stem, the years it covers and the title it replaces."""

    stem: str
    start: int | None
    end: int | None
    replaces: str = ""


def _full_year(start: int, end_text: str) -> int:
    if len(end_text) == 2:  # "2019-22"
        end = start // 100 * 100 + int(end_text)
        return end if end >= start else end + 100
    return int(end_text)


@functools.lru_cache(maxsize=4096)  # a pure function of the title, asked once per plan per page
def title_version(title: str) -> TitleVersion:
    """The stem, years and replaced title of a plan title."""
    text = title.strip()
    replaces = ""
    match = _REPLACES.search(text)
    if match:
        replaces = match.group("title").strip(" .,;")
        text = text[: match.start()]
    start = end = None
    found = _RANGE.search(text)
    if found:
        start = int(found.group(1))
        end = _full_year(start, found.group(2))
        text = text[: found.start()] + " " + text[found.end() :]
    years = [int(year) for year in _SINGLE.findall(text)]
    if years and start is None:
        start, end = min(years), max(years)
    text = _SINGLE.sub(" ", text)
    text = _NOISE_WORDS.sub(" ", text)
    words = re.sub(r"[^\w\s-]", " ", normalise(text)).replace(" - ", " ").split()
    while words and (words[-1] in _TRAILING or words[-1] in {"-", "–"}):
        words.pop()
    return TitleVersion(" ".join(words), start, end, replaces)


@dataclass(frozen=True)
class Version:
    """One plan (or file row) as the grouping sees it. `key` identifies it to the caller."""

    key: int
    title: str
    kind: str
    in_progress: bool = False
    adopted: tuple[int, int, int] = (0, 0, 0)  # (year, month, day); zeros when unknown


def _order(version: Version, read: TitleVersion) -> tuple:
    return (read.end or read.start or 0, read.start or 0, version.adopted, version.key)


def version_chains(items: Iterable[Version]) -> list[list[Version]]:
    """Groups of two or more versions of one plan, oldest first.

    Only titles with a year are versions; titles that differ in more than years and noise words
    are different plans, except for the kinds in ONE_AT_A_TIME_KINDS. A version in progress
    comes after the adopted ones.
    """
    groups: dict[tuple[str, str], list[tuple[Version, TitleVersion]]] = defaultdict(list)
    for item in items:
        read = title_version(item.title)
        if read.start is None or not read.stem:
            continue
        stem = "" if item.kind in ONE_AT_A_TIME_KINDS else read.stem
        groups[(stem, item.kind)].append((item, read))
    chains = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda pair: (pair[0].in_progress, *_order(*pair)))
        chains.append([version for version, _read in members])
    chains.sort(key=lambda chain: chain[0].key)
    return chains


def superseded(items: Iterable[Version]) -> dict[int, Version]:
    """Each version that a newer adopted version replaces, by key → the version replacing it.

    The newest adopted version is current; versions in progress replace nothing yet.
    """
    result: dict[int, Version] = {}
    for chain in version_chains(items):
        adopted = [version for version in chain if not version.in_progress]
        for older, newer in zip(adopted, adopted[1:], strict=False):
            result[older.key] = newer
    return result
