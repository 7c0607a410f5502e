"""Validate a plan register table row by row, before anything is written.

Real registers mix "Ja", "ja", "x" and empty cells, know only the year a plan was adopted, and
use abbreviations such as KP, KD, TP, F, HP and R for plan types. Every problem becomes a
`RowError` (row number, column, message in the user's language); the caller writes nothing unless
the whole file is valid.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from samplan.core.dates import FIRST_YEAR, LAST_YEAR, parse_date

from . import catalogue
from .tabular import RawRow

TRUE_WORDS = {"ja", "j", "x", "yes", "y", "1", "true", "sann"}
FALSE_WORDS = {"nei", "n", "no", "0", "false", "", "-"}
STATUS_WORDS = {
    catalogue.normalise(word): key
    for key, name_nb, name_nn in catalogue.STATUSES
    for word in (key, name_nb, name_nn, key.replace("_", " "))
} | {"utgått": "utgaatt", "utgatt": "utgaatt", "oppheva": "opphevet", "revisjon": "under_revisjon"}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class PlanRow:
    """A validated row, ready for `services.plans_import`."""

    row: int
    external_id: str
    title: str
    plan_type: str
    status: str
    adopted_year: int | None
    adopted_date: datetime.date | None
    adopted_by: str
    revision_interval_years: int | None
    next_revision_override: datetime.date | None
    responsible_unit: str
    responsible_person: str
    pages: int | None
    link: str
    themes: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    parent_title: str = ""
    in_financial_plan: bool = False


def parse_date_or_year(text: str) -> tuple[int | None, datetime.date | None]:
    """'2019', '12.06.2019' or '2019-06-12' → (year, date or None). Raises ValueError."""
    text = text.strip()
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError
        return year, None
    value = parse_date(text)
    return value.year, value


def _int(text: str, low: int, high: int) -> int | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    value = int(text)
    if not low <= value <= high:
        raise ValueError
    return value


def validate_rows(
    rows: list[RawRow], *, today: datetime.date | None = None
) -> tuple[list[PlanRow], list[RowError]]:
    """Validate every row; return the good rows and every error found."""
    today = today or datetime.date.today()
    valid: list[PlanRow] = []
    errors: list[RowError] = []
    seen_ids: dict[str, int] = {}
    seen_keys: dict[tuple[str, str], int] = {}
    url_validator = URLValidator(schemes=["http", "https"])

    for raw in rows:
        cell = raw.cells.get
        row_errors: list[RowError] = []

        def error(
            column: str,
            message: str,
            *,
            _row: int = raw.number,
            _errors: list[RowError] = row_errors,
        ) -> None:
            _errors.append(RowError(_row, column, message))

        title = (cell("tittel") or "").strip()
        if not title:
            error("tittel", _("The title is missing."))
        elif len(title) > 300:
            error("tittel", _("The title is longer than 300 characters."))

        type_text = cell("plantype") or ""
        plan_type = catalogue.plan_type_from_text(type_text)
        if plan_type is None:
            error(
                "plantype",
                _(
                    "Unknown plan type “%(value)s”. Use e.g. KP, KD, TP, F, HP, R or a name from "
                    "the template."
                )
                % {"value": type_text},
            )

        status_text = catalogue.normalise(cell("status") or "")
        status = STATUS_WORDS.get(status_text) if status_text else "gjeldende"
        if status is None:
            error("status", _("Unknown status “%(value)s”.") % {"value": cell("status")})

        adopted_year = adopted_date = None
        try:
            adopted_year, adopted_date = parse_date_or_year(cell("vedtatt") or "")
        except ValueError:
            error(
                "vedtatt",
                _("“%(value)s” is not a date (dd.mm.yyyy) or a year.") % {"value": cell("vedtatt")},
            )
        if adopted_year and (adopted_year > today.year or (adopted_date and adopted_date > today)):
            error("vedtatt", _("A plan cannot be adopted in the future."))

        interval = None
        try:
            interval = _int(cell("revisjonsintervall_aar") or "", 1, 30)
        except ValueError:
            error(
                "revisjonsintervall_aar",
                _("The revision interval must be a number of years from 1 to 30."),
            )

        next_revision = None
        try:
            next_year, next_date = parse_date_or_year(cell("neste_revisjon") or "")
            if next_year:
                next_revision = next_date or datetime.date(next_year, 1, 1)
        except ValueError:
            error(
                "neste_revisjon",
                _("“%(value)s” is not a date (dd.mm.yyyy) or a year.")
                % {"value": cell("neste_revisjon")},
            )
        if next_revision and adopted_year and next_revision.year < adopted_year:
            error("neste_revisjon", _("The next revision cannot be before adoption."))

        pages = None
        try:
            pages = _int(cell("sider") or "", 0, 100_000)
        except ValueError:
            error("sider", _("The number of pages must be a whole number."))

        link = (cell("lenke") or "").strip()
        if link:
            try:
                url_validator(link)
            except ValidationError:
                error("lenke", _("The link must be a web address starting with https://."))

        themes = [theme.strip() for theme in re.split(r"[;,]", cell("tema") or "") if theme.strip()]
        sdgs: list[int] = []
        for part in re.split(r"[;,\s]+", cell("baerekraftsmaal") or ""):
            if not part:
                continue
            if not re.fullmatch(r"[0-9]+", part) or not 1 <= int(part) <= 17:
                error(
                    "baerekraftsmaal",
                    _(
                        "Sustainable development goals are numbers from 1 to "
                        "17, separated by semicolons."
                    ),
                )
                break
            if int(part) not in sdgs:
                sdgs.append(int(part))

        financial_text = catalogue.normalise(cell("i_okonomiplan") or "")
        in_financial_plan = financial_text in TRUE_WORDS
        if financial_text not in TRUE_WORDS | FALSE_WORDS:
            error("i_okonomiplan", _("Write ja or nei (or x for yes)."))

        external_id = (cell("id") or "").strip()
        if len(external_id) > 50:
            error("id", _("The id is longer than 50 characters."))
        elif external_id:
            if external_id in seen_ids:
                error(
                    "id",
                    _("The id %(id)s is also used in row %(row)s.")
                    % {"id": external_id, "row": seen_ids[external_id]},
                )
            seen_ids.setdefault(external_id, raw.number)
        if title and plan_type and not external_id:
            key = (catalogue.normalise(title), plan_type)
            if key in seen_keys:
                error(
                    "tittel",
                    _("The same title and plan type are also in row %(row)s.")
                    % {"row": seen_keys[key]},
                )
            seen_keys.setdefault(key, raw.number)

        for column, limit in (
            ("vedtatt_av", 100),
            ("ansvarlig_enhet", 200),
            ("ansvarlig_person", 200),
            ("overordnet_plan", 300),
        ):
            if len(cell(column) or "") > limit:
                error(column, _("The text is longer than %(limit)s characters.") % {"limit": limit})

        if row_errors:
            errors.extend(row_errors)
            continue
        valid.append(
            PlanRow(
                row=raw.number,
                external_id=external_id,
                title=title,
                plan_type=plan_type or "",
                status=status or "gjeldende",
                adopted_year=adopted_year,
                adopted_date=adopted_date,
                adopted_by=(cell("vedtatt_av") or "").strip(),
                revision_interval_years=interval,
                next_revision_override=next_revision,
                responsible_unit=(cell("ansvarlig_enhet") or "").strip(),
                responsible_person=(cell("ansvarlig_person") or "").strip(),
                pages=pages,
                link=link,
                themes=themes,
                sdgs=sdgs,
                parent_title=(cell("overordnet_plan") or "").strip(),
                in_financial_plan=in_financial_plan,
            )
        )

    # Parent plans must exist in the file (or already in the register; checked by the service).
    return valid, errors
