"""One case file (saksmappe) as Noark 5 v5.0 `arkivstruktur.xml`, and its validation against
Arkivverket's schema (shipped in `data/`: arkivstruktur.xsd and metadatakatalog.xsd, see
docs/sources.md).

Pure: dataclasses in, XML bytes out; no models, no database. The structure is
arkiv → arkivdel → mappe (saksmappe) → registrering (journalpost) → dokumentbeskrivelse →
dokumentobjekt, with the values of the Noark 5 metadata catalogue's code lists (arkivstatus,
saksstatus, journalposttype, journalstatus, variantformat, sjekksumAlgoritme …).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

# lxml is imported by the functions that build or read a package's XML, not with the module: the
# archive's views import it in every server worker, for the few requests of an archive download.

NAMESPACE = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = Path(__file__).resolve().parent / "data" / "arkivstruktur.xsd"
SCHEMA_LOCATION = f"{NAMESPACE} arkivstruktur.xsd"
# The seed of every systemID: the same case exported twice gets the same identifiers.
SYSTEM_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://samplan.no/noark5")

# Code values of the Noark 5 metadata catalogue (vedlegg 1) used here.
CLOSED_ARCHIVE = "Avsluttet"  # M051 arkivstatus
CLOSED_PERIOD = "Avsluttet periode"  # M052 arkivdelstatus
CLOSED_CASE = "Avsluttet"  # M052 saksstatus
JOURNALED = "Journalført"  # M053 journalstatus
OUTGOING = "Utgående dokument"  # M082 journalposttype
INTERNAL = "Organinternt dokument uten oppfølging"
COMPLETED_DOCUMENT = "Dokumentet er ferdigstilt"  # M054 dokumentstatus
MAIN_DOCUMENT = "Hoveddokument"  # M217 tilknyttetRegistreringSom
ATTACHMENT = "Vedlegg"
ARCHIVE_FORMAT = "Arkivformat"  # M700 variantformat
ELECTRONIC = "Elektronisk arkiv"  # M300 dokumentmedium
CHECKSUM_ALGORITHM = "SHA-256"  # M706 sjekksumAlgoritme
# M701 format: the PRONOM identifier of PDF/A-2a, what samplan.documents.pdf writes.
PDF_A_2A = "fmt/476"
PDF_A_2A_DETAILS = "PDF/A-2a"


class InvalidPackage(ValueError):
    """The metadata does not validate against the Noark 5 schema (the messages say where)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ArchiveFile:
    """One document of a registration: its file in the package and its description."""

    path: str  # inside the package, e.g. "dokumenter/03-planstrategi.pdf"
    data: bytes
    title: str
    document_type: str
    main: bool = True

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Registration:
    """A journalpost: a document of the case (the consultation, the assessment, the decision)."""

    title: str
    kind: str  # journalposttype
    dated: datetime.date
    files: list[ArchiveFile]
    description: str = ""


@dataclass(frozen=True)
class CaseFile:
    """A saksmappe and what the arkiv and arkivdel around it need to say."""

    key: str  # stable and unique per case, e.g. "5033/planstrategi/2023"
    title: str
    year: int  # saksaar
    sequence: int  # sakssekvensnummer
    opened_on: datetime.date
    closed_on: datetime.date
    creator_id: str  # arkivskaperID
    creator_name: str  # arkivskaperNavn
    unit: str  # administrativEnhet
    responsible: str  # saksansvarlig
    made_by: str  # opprettetAv: the user who made the package
    made_at: datetime.datetime
    registrations: list[Registration] = field(default_factory=list)
    description: str = ""

    def system_id(self, *parts: object) -> str:
        return str(uuid.uuid5(SYSTEM_ID_NAMESPACE, "/".join([self.key, *map(str, parts)])))


def _add(parent: etree._Element, name: str, value: object | None = None) -> etree._Element:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    if value is not None:
        element.text = value if isinstance(value, str) else _text(value)
    return element


def _text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _start_of(day: datetime.date, made_at: datetime.datetime) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=made_at.tzinfo)


def _created_closed(parent: etree._Element, case: CaseFile, opened: object, closed: object) -> None:
    _add(parent, "opprettetDato", opened)
    _add(parent, "opprettetAv", case.made_by)
    _add(parent, "avsluttetDato", closed)
    _add(parent, "avsluttetAv", case.made_by)


def arkivstruktur(case: CaseFile) -> bytes:
    """The case as arkivstruktur.xml (UTF-8), not yet validated (see `validate`)."""
    from lxml import etree

    root = etree.Element(f"{{{NAMESPACE}}}arkiv", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    opened = _start_of(case.opened_on, case.made_at)
    _add(root, "systemID", case.system_id("arkiv"))
    _add(root, "tittel", case.creator_name)
    _add(root, "arkivstatus", CLOSED_ARCHIVE)
    _add(root, "dokumentmedium", ELECTRONIC)
    _created_closed(root, case, opened, case.made_at)
    creator = _add(root, "arkivskaper")
    _add(creator, "arkivskaperID", case.creator_id)
    _add(creator, "arkivskaperNavn", case.creator_name)
    part = _add(root, "arkivdel")
    _add(part, "systemID", case.system_id("arkivdel"))
    _add(part, "tittel", case.title)
    _add(part, "arkivdelstatus", CLOSED_PERIOD)
    _add(part, "dokumentmedium", ELECTRONIC)
    _created_closed(part, case, opened, case.made_at)
    _add(part, "arkivperiodeStartDato", case.opened_on)
    _add(part, "arkivperiodeSluttDato", case.closed_on)
    _case_file(part, case, opened)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _case_file(part: etree._Element, case: CaseFile, opened: datetime.datetime) -> None:
    folder = _add(part, "mappe")
    folder.set(f"{{{XSI}}}type", "saksmappe")
    _add(folder, "systemID", case.system_id("saksmappe"))
    _add(folder, "mappeID", f"{case.year}/{case.sequence}")
    _add(folder, "tittel", case.title)
    if case.description:
        _add(folder, "beskrivelse", case.description)
    _add(folder, "dokumentmedium", ELECTRONIC)
    _created_closed(folder, case, opened, _start_of(case.closed_on, case.made_at))
    for number, registration in enumerate(case.registrations, start=1):
        _journal_entry(folder, case, number, registration)
    _add(folder, "saksaar", case.year)
    _add(folder, "sakssekvensnummer", case.sequence)
    _add(folder, "saksdato", case.opened_on)
    _add(folder, "administrativEnhet", case.unit)
    _add(folder, "saksansvarlig", case.responsible)
    _add(folder, "saksstatus", CLOSED_CASE)


def _journal_entry(
    folder: etree._Element, case: CaseFile, number: int, entry: Registration
) -> None:
    element = _add(folder, "registrering")
    element.set(f"{{{XSI}}}type", "journalpost")
    _add(element, "systemID", case.system_id("journalpost", number))
    _add(element, "opprettetDato", _start_of(entry.dated, case.made_at))
    _add(element, "opprettetAv", case.made_by)
    _add(element, "arkivertDato", case.made_at)
    _add(element, "arkivertAv", case.made_by)
    for index, archive_file in enumerate(entry.files, start=1):
        _document(element, case, (number, index), archive_file)
    _add(element, "tittel", entry.title)
    if entry.description:
        _add(element, "beskrivelse", entry.description)
    _add(element, "dokumentmedium", ELECTRONIC)
    _add(element, "journalaar", entry.dated.year)
    _add(element, "journalsekvensnummer", number)
    _add(element, "journalpostnummer", number)
    _add(element, "journalposttype", entry.kind)
    _add(element, "journalstatus", JOURNALED)
    _add(element, "journaldato", entry.dated)
    _add(element, "dokumentetsDato", entry.dated)
    _add(element, "antallVedlegg", sum(not item.main for item in entry.files))


def _document(
    entry: etree._Element, case: CaseFile, position: tuple[int, int], archive_file: ArchiveFile
) -> None:
    dated = case.made_at
    description = _add(entry, "dokumentbeskrivelse")
    _add(description, "systemID", case.system_id("dokumentbeskrivelse", *position))
    _add(description, "dokumenttype", archive_file.document_type)
    _add(description, "dokumentstatus", COMPLETED_DOCUMENT)
    _add(description, "tittel", archive_file.title)
    _add(description, "opprettetDato", dated)
    _add(description, "opprettetAv", case.made_by)
    _add(description, "dokumentmedium", ELECTRONIC)
    _add(
        description, "tilknyttetRegistreringSom", MAIN_DOCUMENT if archive_file.main else ATTACHMENT
    )
    _add(description, "dokumentnummer", position[1])
    _add(description, "tilknyttetDato", dated)
    _add(description, "tilknyttetAv", case.made_by)
    document_object = _add(description, "dokumentobjekt")
    _add(document_object, "systemID", case.system_id("dokumentobjekt", *position))
    _add(document_object, "versjonsnummer", 1)
    _add(document_object, "variantformat", ARCHIVE_FORMAT)
    _add(document_object, "format", PDF_A_2A)
    _add(document_object, "formatDetaljer", PDF_A_2A_DETAILS)
    _add(document_object, "opprettetDato", dated)
    _add(document_object, "opprettetAv", case.made_by)
    _add(document_object, "referanseDokumentfil", archive_file.path)
    _add(document_object, "sjekksum", archive_file.checksum)
    _add(document_object, "sjekksumAlgoritme", CHECKSUM_ALGORITHM)
    _add(document_object, "filstoerrelse", len(archive_file.data))


@cache
def schema() -> etree.XMLSchema:
    """Arkivverket's arkivstruktur.xsd (it imports metadatakatalog.xsd from the same folder)."""
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def problems(xml: bytes) -> list[str]:
    """What the schema refuses in `xml`, as "line N: message" (empty when it is valid)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return [str(error)]
    checker = schema()
    if checker.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in checker.error_log]


def validate(xml: bytes) -> bytes:
    """`xml` if it validates against the Noark 5 schema; InvalidPackage otherwise."""
    found = problems(xml)
    if found:
        raise InvalidPackage(found)
    return xml
