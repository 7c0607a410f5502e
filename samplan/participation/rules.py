"""The legal minimum periods of a consultation and the checks of an uploaded file (pure)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

# The legal minimum in days by what is on consultation, with its legal basis. A formal
# consultation or public display must run at least this long; an open input round has none.
MINIMUM_DAYS = {
    # PBL § 11-13 (with § 4-1): the deadline for comments on a planning programme.
    "planprogram": (42, "PBL § 11-13"),
    # PBL § 11-14: the deadline for comments on a master plan (or sub-plan) proposal.
    "kommuneplan": (42, "PBL § 11-14"),
    # PBL § 10-1 second paragraph: the proposal is public at least 30 days before the council.
    "planstrategi": (30, "PBL § 10-1"),
}
LEGAL_KINDS = {"horing", "offentlig_ettersyn"}


def minimum_period(kind: str, subject: str) -> tuple[int, str] | None:
    """(days, legal basis) a consultation must at least run, or None without a legal minimum."""
    if kind not in LEGAL_KINDS:
        return None
    return MINIMUM_DAYS.get(subject)


def period_error(kind: str, subject: str, opens: datetime.date, closes: datetime.date) -> str:
    """A Norwegian message when the period is shorter than the law says, else ''."""
    if closes <= opens:
        return _("The consultation must close after it opens.")
    minimum = minimum_period(kind, subject)
    if minimum is None:
        return ""
    days, basis = minimum
    if (closes - opens).days >= days:
        return ""
    earliest = opens + datetime.timedelta(days=days)
    return _(
        "The deadline must be at least %(days)s days after the consultation opens "
        "(%(basis)s): %(date)s at the earliest."
    ) % {"days": days, "basis": basis, "date": earliest.strftime("%d.%m.%Y")}


@dataclass(frozen=True)
class FileKind:
    media_type: str
    extensions: tuple[str, ...]


# What a contributor may attach, recognised by the first bytes of the file (never its name).
FILE_KINDS = (
    (b"%PDF-", FileKind("application/pdf", (".pdf",))),
    (b"\x89PNG\r\n\x1a\n", FileKind("image/png", (".png",))),
    (b"\xff\xd8\xff", FileKind("image/jpeg", (".jpg", ".jpeg"))),
    (b"GIF87a", FileKind("image/gif", (".gif",))),
    (b"GIF89a", FileKind("image/gif", (".gif",))),
)


def sniff(head: bytes) -> FileKind | None:
    """The kind of a file from its first bytes (WebP: RIFF….WEBP), or None."""
    for magic, kind in FILE_KINDS:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind("image/webp", (".webp",))
    return None


def file_error(name: str, head: bytes, size: int, max_bytes: int) -> tuple[str, str]:
    """(error message or '', media type) for an uploaded file."""
    if size > max_bytes:
        return (
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes // 1_000_000},
            "",
        )
    kind = sniff(head)
    if kind is None:
        return (_("%(name)s is not a PDF or an image (PNG, JPEG, GIF, WebP).") % {"name": name}, "")
    if not name.lower().endswith(kind.extensions):
        return (
            _("%(name)s is not what its name says: its content is %(kind)s.")
            % {"name": name, "kind": kind.media_type},
            "",
        )
    return "", kind.media_type
