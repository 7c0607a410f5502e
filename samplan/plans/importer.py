"""Validate a plan register table row by row, before anything is written.

Real registers mix "Ja", "ja", "x" and empty cells, know only the year a plan was adopted, and
use abbreviations such as KP, KD, TP, F, HP and R for plan types. Every problem becomes a
`RowError` (row number, column, message in the user's language); the caller writes nothing unless
the whole file is valid. What the importer had to interpret (a kind read from the title that the
type code contradicts, "vedtatt" read as status gjeldende, text after a date, an older version of
a rolling plan) becomes a warning on the row, shown in the preview before anything is saved.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samplan.core.dates import FIRST_YEAR, LAST_YEAR, parse_date

from . import catalogue, versions
from .tabular import RawRow

TRUE_WORDS = {"ja", "j", "x", "yes", "y", "1", "true", "sann"}
FALSE_WORDS = {"nei", "n", "no", "0", "false", "", "-"}
STATUS_WORDS = {
    catalogue.normalise(word): key
    for key, name_nb, name_nn in catalogue.STATUSES
    for word in (key, name_nb, name_nn, key.replace("_", " "))
} | {"utgått": "utgaatt", "utgatt": "utgaatt", "oppheva": "opphevet", "revisjon": "under_revisjon"}
# Words real registers use for a status, read as the nearest status with a warning.
STATUS_SYNONYMS = {
    "vedtatt": "gjeldende",
    "vedteken": "gjeldende",
    "vedtatt plan": "gjeldende",
    "gyldig": "gjeldende",
    "gjelder": "gjeldende",
    "aktiv": "gjeldende",
    "i kraft": "gjeldende",
    "ok": "gjeldende",
    "under arbeid": "i_arbeid",
    "under utarbeiding": "i_arbeid",
    "under utarbeidelse": "i_arbeid",
    "pågår": "i_arbeid",
    "oppstart": "i_arbeid",
    "planlagt": "i_arbeid",
    "høring": "i_arbeid",
    "på høring": "i_arbeid",
    "høyring": "i_arbeid",
    "ny": "i_arbeid",
    "rullering": "under_revisjon",
    "under rullering": "under_revisjon",
    "rulleres": "under_revisjon",
    "revideres": "under_revisjon",
    "til revisjon": "under_revisjon",
    "erstattet": "utgaatt",
    "erstatta": "utgaatt",
    "utløpt": "utgaatt",
    "historisk": "utgaatt",
    "avsluttet": "utgaatt",
    "avslutta": "utgaatt",
    "ikke gjeldende": "utgaatt",
    "opphevd": "opphevet",
    "oppheves": "opphevet",
}
# Land-use plans below the master plan belong in the statutory planregister, not here.
ZONING_WORDS = ("reguleringsplan", "detaljregulering", "områderegulering", "bebyggelsesplan")
# A date (or a year) at the start of a cell, and what follows it: "29.03.2013, K-sak 18/12".
_LEADING_DATE = re.compile(
    r"^\s*(?:(?:vedtatt|vedteke|vedteken)\s+(?:i\s+|den\s+)?)?"
    r"(?P<date>\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{4})(?P<rest>.*)$",
    flags=re.IGNORECASE | re.DOTALL,
)


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
    note: str = ""
    replaces_title: str = ""
    # The kind the type code gave (None when empty or unknown), for the preview.
    code_kind: str | None = None
    warnings: list[RowError] = field(default_factory=list)

    def version(self) -> versions.Version:
        adopted = self.adopted_date
        return versions.Version(
            key=self.row,
            title=self.title,
            kind=self.plan_type,
            in_progress=self.status == "i_arbeid",
            adopted=(adopted.year, adopted.month, adopted.day)
            if adopted
            else (self.adopted_year or 0, 0, 0),
        )


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


def split_date_note(text: str) -> tuple[int | None, datetime.date | None, str]:
    """A date cell that may carry more: '29.03.2013, K-sak 18/12' → (2013, the date,
    'K-sak 18/12'). Raises ValueError when the cell does not start with a date or a year."""
    text = text.strip()
    match = _LEADING_DATE.match(text)
    if not match:
        year, date = parse_date_or_year(text)
        return year, date, ""
    year, date = parse_date_or_year(match.group("date"))
    rest = match.group("rest").strip(" \t\r\n,;:-–—()")
    return year, date, rest


def _language() -> str:
    return get_language() or "nb"


def _type_name(key: str) -> str:
    plan_type = catalogue.PLAN_TYPE_BY_KEY[key]
    return plan_type.name_nn if _language().startswith("nn") else plan_type.name_nb


def allowed_types() -> str:
    """The plan types with their codes and full names, for messages: "PS (Kommunal
    planstrategi), KP (Kommuneplanens samfunnsdel), …"."""
    parts = []
    for plan_type in catalogue.PLAN_TYPES:
        codes = [alias.upper() for alias in plan_type.aliases if len(alias) <= 4]
        name = _type_name(plan_type.key)
        parts.append(f"{'/'.join(codes)} ({name})" if codes else name)
    return ", ".join(parts)


def allowed_statuses() -> str:
    """The statuses by their names in the active language: "gjeldende, i arbeid, …"."""
    nynorsk = _language().startswith("nn")
    return ", ".join(
        (name_nn if nynorsk else name_nb).lower() for _key, name_nb, name_nn in catalogue.STATUSES
    )


def _status_name(key: str) -> str:
    nynorsk = _language().startswith("nn")
    for status, name_nb, name_nn in catalogue.STATUSES:
        if status == key:
            return (name_nn if nynorsk else name_nb).lower()
    return key


@dataclass(frozen=True)
class _Kind:
    kind: str | None
    code_kind: str | None
    warning: str = ""
    error: str = ""


def resolve_kind(type_text: str, title: str, chosen: str | None = None) -> _Kind:
    """The plan type of a row from its type code and its title (the title wins where it is
    clear), or the kind the planner chose in the preview."""
    inferred = _infer_kind(type_text, title)
    if chosen and chosen != inferred.kind and not inferred.error:
        return _Kind(chosen, inferred.code_kind)
    return inferred


def _infer_kind(type_text: str, title: str) -> _Kind:
    code_kind = catalogue.plan_type_from_text(type_text)
    words = catalogue.normalise(f"{type_text} {title}")
    if any(word in words for word in ZONING_WORDS):
        return _Kind(None, None, error=_zoning_message())
    title_kind, clear = catalogue.kind_from_title(title)
    if code_kind is None:
        return _unknown_code(type_text, title_kind, clear, code_kind)
    if code_kind == "kommunedelplan" and not clear:
        title_kind, clear = catalogue.subplan_kind(title), True
    if clear and title_kind != code_kind:
        return _Kind(
            title_kind,
            code_kind,
            warning=_(
                "The type “%(code)s” means %(code_name)s, but the title says %(title_name)s; it "
                "is saved as %(title_name)s. Choose another kind in the preview if that is wrong."
            )
            % {
                "code": type_text.strip(),
                "code_name": _type_name(code_kind),
                "title_name": _type_name(title_kind or code_kind),
            },
        )
    if not clear and code_kind in ("samfunnsdel", "arealdel") and "kommuneplan" in words:
        return _Kind(
            code_kind,
            code_kind,
            warning=_(
                "The title does not say which part of the kommuneplan this is; it is saved as "
                "%(name)s after the type. Choose another kind in the preview if that is wrong."
            )
            % {"name": _type_name(code_kind)},
        )
    return _Kind(code_kind, code_kind)


def _zoning_message() -> str:
    return _(
        "Zoning plans (reguleringsplaner) belong in the municipality's register of land-use "
        "plans (plan- og bygningsloven § 2-2), not in this one. Take the row out."
    )


def _unknown_code(type_text: str, title_kind: str | None, clear: bool, code: None) -> _Kind:
    if not type_text.strip():
        if title_kind:
            return _Kind(
                title_kind,
                code,
                warning=_("The plan type is missing; read as %(name)s from the title.")
                % {"name": _type_name(title_kind)},
            )
        return _Kind(
            None,
            code,
            error=_("The plan type is missing. Valid: %(types)s.") % {"types": allowed_types()},
        )
    if title_kind and clear:
        return _Kind(
            title_kind,
            code,
            warning=_("Unknown plan type “%(value)s”; read as %(name)s from the title.")
            % {"value": type_text.strip(), "name": _type_name(title_kind)},
        )
    return _Kind(
        None,
        code,
        error=_("Unknown plan type “%(value)s”. Valid: %(types)s.")
        % {"value": type_text.strip(), "types": allowed_types()},
    )


def resolve_status(text: str) -> tuple[str | None, str, str]:
    """(status, warning, error) for a status cell: a status name, or a common word for one."""
    word = catalogue.normalise(text).rstrip(".")
    if not word:
        return "gjeldende", "", ""
    if word in STATUS_WORDS:
        return STATUS_WORDS[word], "", ""
    if word in STATUS_SYNONYMS:
        status = STATUS_SYNONYMS[word]
        return (
            status,
            _("The status “%(value)s” is read as “%(status)s”.")
            % {"value": text.strip(), "status": _status_name(status)},
            "",
        )
    return (
        None,
        "",
        _("Unknown status “%(value)s”. Valid: %(statuses)s.")
        % {"value": text.strip(), "statuses": allowed_statuses()},
    )


def _int(text: str, low: int, high: int) -> int | None:
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    value = int(text)
    if not low <= value <= high:
        raise ValueError
    return value


def validate_rows(
    rows: list[RawRow],
    *,
    today: datetime.date | None = None,
    kinds: dict[int, str] | None = None,
) -> tuple[list[PlanRow], list[RowError]]:
    """Validate every row; return the good rows and every error found.

    `kinds` are the plan types the planner chose in the preview, by row number. Each good row
    carries its warnings; older versions of a rolling plan are marked as replaced by the newer.
    """
    today = today or datetime.date.today()
    kinds = kinds or {}
    valid: list[PlanRow] = []
    errors: list[RowError] = []
    seen = _Seen()
    for raw in rows:
        check = _RowCheck(raw, today)
        row = check.run(kinds.get(raw.number), seen)
        if check.errors:
            errors.extend(check.errors)
        else:
            valid.append(row)
    # Parent and replaced plans must exist in the file or the register (checked by the service).
    if not errors:
        apply_versions(valid)
    return valid, errors


@dataclass
class _Seen:
    """Ids and title–type pairs of the rows read so far, with their row numbers."""

    ids: dict[str, int] = field(default_factory=dict)
    keys: dict[tuple[str, str], int] = field(default_factory=dict)


_URL_VALIDATOR = URLValidator(schemes=["http", "https"])
_TEXT_LIMITS = (
    ("vedtatt_av", 100),
    ("ansvarlig_enhet", 200),
    ("ansvarlig_person", 200),
    ("overordnet_plan", 300),
    ("erstatter", 300),
)


class _RowCheck:
    """The checks of one row: its errors, its warnings, and the row they allow."""

    def __init__(self, raw: RawRow, today: datetime.date) -> None:
        self.raw = raw
        self.today = today
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def cell(self, column: str) -> str:
        return self.raw.cells.get(column) or ""

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.raw.number, column, message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(RowError(self.raw.number, column, message))

    def run(self, chosen_kind: str | None, seen: _Seen) -> PlanRow:
        title = self._title()
        kind = resolve_kind(self.cell("plantype"), title, chosen_kind)
        if kind.error:
            self.error("plantype", kind.error)
        elif kind.warning:
            self.warn("plantype", kind.warning)
        status, status_warning, status_error = resolve_status(self.cell("status"))
        if status_error:
            self.error("status", status_error)
        elif status_warning:
            self.warn("status", status_warning)
        adopted_year, adopted_date, note = self._adopted()
        interval = self._number(
            "revisjonsintervall_aar",
            1,
            30,
            _("The revision interval must be a number of years from 1 to 30."),
        )
        next_revision = self._next_revision(adopted_year)
        pages = self._number("sider", 0, 100_000, _("The number of pages must be a whole number."))
        link = self._link()
        sdgs = self._sdgs()
        financial_text = catalogue.normalise(self.cell("i_okonomiplan"))
        if financial_text not in TRUE_WORDS | FALSE_WORDS:
            self.error("i_okonomiplan", _("Write ja or nei (or x for yes)."))
        external_id = self._ids(title, kind.kind, seen)
        self._lengths(note)
        return PlanRow(
            row=self.raw.number,
            external_id=external_id,
            title=title,
            plan_type=kind.kind or "",
            status=status or "gjeldende",
            adopted_year=adopted_year,
            adopted_date=adopted_date,
            adopted_by=self.cell("vedtatt_av").strip(),
            revision_interval_years=interval,
            next_revision_override=next_revision,
            responsible_unit=self.cell("ansvarlig_enhet").strip(),
            responsible_person=self.cell("ansvarlig_person").strip(),
            pages=pages,
            link=link,
            themes=[t.strip() for t in re.split(r"[;,]", self.cell("tema")) if t.strip()],
            sdgs=sdgs,
            parent_title=self.cell("overordnet_plan").strip(),
            in_financial_plan=financial_text in TRUE_WORDS,
            note=note,
            replaces_title=self.cell("erstatter").strip(),
            code_kind=kind.code_kind,
            warnings=self.warnings,
        )

    def _title(self) -> str:
        title = self.cell("tittel").strip()
        if not title:
            self.error("tittel", _("The title is missing."))
        elif len(title) > 300:
            self.error("tittel", _("The title is longer than 300 characters."))
        return title

    def _adopted(self) -> tuple[int | None, datetime.date | None, str]:
        """The adoption year and date, and the note with any text after the date."""
        note = self.cell("merknad").strip()
        try:
            year, date, rest = split_date_note(self.cell("vedtatt"))
        except ValueError:
            self.error(
                "vedtatt",
                _("“%(value)s” is not a date (dd.mm.yyyy) or a year.")
                % {"value": self.cell("vedtatt")},
            )
            return None, None, note
        if rest:
            note = note if rest in note else f"{note}\n{rest}".strip()
            self.warn(
                "vedtatt",
                _("The date is read as %(date)s; “%(rest)s” is kept in the note.")
                % {"date": date.strftime("%d.%m.%Y") if date else year, "rest": rest},
            )
        if year and (year > self.today.year or (date and date > self.today)):
            self.error("vedtatt", _("A plan cannot be adopted in the future."))
        return year, date, note

    def _number(self, column: str, low: int, high: int, message: str) -> int | None:
        try:
            return _int(self.cell(column), low, high)
        except ValueError:
            self.error(column, message)
            return None

    def _next_revision(self, adopted_year: int | None) -> datetime.date | None:
        try:
            year, date = parse_date_or_year(self.cell("neste_revisjon"))
        except ValueError:
            self.error(
                "neste_revisjon",
                _("“%(value)s” is not a date (dd.mm.yyyy) or a year.")
                % {"value": self.cell("neste_revisjon")},
            )
            return None
        next_revision = (date or datetime.date(year, 1, 1)) if year else None
        if next_revision and adopted_year and next_revision.year < adopted_year:
            self.error("neste_revisjon", _("The next revision cannot be before adoption."))
        return next_revision

    def _link(self) -> str:
        link = self.cell("lenke").strip()
        if link:
            try:
                _URL_VALIDATOR(link)
            except ValidationError:
                self.error("lenke", _("The link must be a web address starting with https://."))
        return link

    def _sdgs(self) -> list[int]:
        sdgs: list[int] = []
        for part in re.split(r"[;,\s]+", self.cell("baerekraftsmaal")):
            if not part:
                continue
            if not re.fullmatch(r"[0-9]+", part) or not 1 <= int(part) <= 17:
                self.error(
                    "baerekraftsmaal",
                    _(
                        "Sustainable development goals are numbers from 1 to "
                        "17, separated by semicolons."
                    ),
                )
                break
            if int(part) not in sdgs:
                sdgs.append(int(part))
        return sdgs

    def _ids(self, title: str, plan_type: str | None, seen: _Seen) -> str:
        """The row's own id; a repeated id, or title and type without an id, is an error."""
        number = self.raw.number
        external_id = self.cell("id").strip()
        if len(external_id) > 50:
            self.error("id", _("The id is longer than 50 characters."))
        elif external_id:
            if external_id in seen.ids:
                self.error(
                    "id",
                    _("The id %(id)s is also used in row %(row)s.")
                    % {"id": external_id, "row": seen.ids[external_id]},
                )
            seen.ids.setdefault(external_id, number)
        if title and plan_type and not external_id:
            key = (catalogue.normalise(title), plan_type)
            if key in seen.keys:
                self.error(
                    "tittel",
                    _("The same title and plan type are also in row %(row)s.")
                    % {"row": seen.keys[key]},
                )
            seen.keys.setdefault(key, number)
        return external_id

    def _lengths(self, note: str) -> None:
        if len(note) > 2000:
            self.error(
                "merknad", _("The note is longer than %(limit)s characters.") % {"limit": 2000}
            )
        for column, limit in _TEXT_LIMITS:
            if len(self.cell(column)) > limit:
                self.error(
                    column, _("The text is longer than %(limit)s characters.") % {"limit": limit}
                )


def apply_versions(rows: list[PlanRow]) -> None:
    """Mark older versions of a rolling plan, and plans another row says it replaces
    ("erstatter"), as expired and link each to the row replacing it."""
    by_number = {row.row: row for row in rows}
    for row in rows:
        read = versions.title_version(row.title)
        if read.replaces and not row.replaces_title:
            row.replaces_title = read.replaces
    for older_number, newer in versions.superseded(row.version() for row in rows).items():
        older, newer_row = by_number[older_number], by_number[newer.key]
        if not newer_row.replaces_title:
            newer_row.replaces_title = older.title
        _expire(older, newer_row)
    by_title = {catalogue.normalise(row.title): row for row in rows}
    for row in rows:
        replaced = by_title.get(catalogue.normalise(row.replaces_title))
        if replaced is not None and replaced is not row:
            _expire(replaced, row)


def _expire(older: PlanRow, newer: PlanRow) -> None:
    if older.status not in catalogue.CURRENT_STATUSES or newer.status == "i_arbeid":
        return
    older.status = "utgaatt"
    older.warnings.append(
        RowError(
            older.row,
            "status",
            _(
                "An older version of “%(newer)s” (row %(row)s): saved as its history with the "
                "status expired; only the newer one is assessed."
            )
            % {"newer": newer.title, "row": newer.row},
        )
    )
