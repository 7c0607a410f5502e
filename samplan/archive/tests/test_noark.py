"""arkivstruktur.xml against Arkivverket's Noark 5 v5.0 schema: what Samplan writes validates,
and the validator refuses metadata that is wrong (no database; no PDF)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from lxml import etree

from samplan.archive import noark

NS = {"n": noark.NAMESPACE}


def case(**changes: object) -> noark.CaseFile:
    files = [
        noark.ArchiveFile(
            path="dokumenter/01-a.pdf", data=b"%PDF-1.7 a", title="A", document_type="Plan"
        ),
        noark.ArchiveFile(
            path="dokumenter/01-b.pdf",
            data=b"%PDF-1.7 bb",
            title="B",
            document_type="Plan",
            main=False,
        ),
    ]
    values = {
        "key": "5033/test/1",
        "title": "Kommunal planstrategi 2023–2027",
        "year": 2023,
        "sequence": 7,
        "opened_on": datetime.date(2023, 10, 19),
        "closed_on": datetime.date(2024, 1, 18),
        "creator_id": "5033",
        "creator_name": "Tydal kommune",
        "unit": "Tydal kommune",
        "responsible": "Rita Redaktør",
        "made_by": "Rita Redaktør",
        "made_at": datetime.datetime(2024, 2, 1, 12, 0, tzinfo=datetime.UTC),
        "registrations": [
            noark.Registration(
                title="Vedtak", kind=noark.INTERNAL, dated=datetime.date(2024, 1, 18), files=files
            )
        ],
    }
    return noark.CaseFile(**{**values, **changes})  # type: ignore[arg-type]


def tree(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def test_the_case_file_validates_against_the_noark5_schema():
    xml = noark.arkivstruktur(case())

    assert noark.problems(xml) == []
    assert noark.validate(xml) == xml


def test_the_case_file_holds_the_noark5_structure_and_checksums():
    root = tree(noark.arkivstruktur(case()))

    folder = root.find("n:arkivdel/n:mappe", NS)
    assert folder.get(f"{{{noark.XSI}}}type") == "saksmappe"
    assert folder.findtext("n:saksaar", namespaces=NS) == "2023"
    assert folder.findtext("n:sakssekvensnummer", namespaces=NS) == "7"
    assert folder.findtext("n:mappeID", namespaces=NS) == "2023/7"
    entry = folder.find("n:registrering", NS)
    assert entry.get(f"{{{noark.XSI}}}type") == "journalpost"
    assert entry.findtext("n:journalposttype", namespaces=NS) == noark.INTERNAL
    assert entry.findtext("n:antallVedlegg", namespaces=NS) == "1"
    objects = entry.findall("n:dokumentbeskrivelse/n:dokumentobjekt", NS)
    assert [o.findtext("n:sjekksum", namespaces=NS) for o in objects] == [
        hashlib.sha256(b"%PDF-1.7 a").hexdigest(),
        hashlib.sha256(b"%PDF-1.7 bb").hexdigest(),
    ]
    assert [o.findtext("n:filstoerrelse", namespaces=NS) for o in objects] == ["10", "11"]
    assert {o.findtext("n:sjekksumAlgoritme", namespaces=NS) for o in objects} == {"SHA-256"}
    assert {o.findtext("n:format", namespaces=NS) for o in objects} == {"fmt/476"}
    roles = entry.findall("n:dokumentbeskrivelse/n:tilknyttetRegistreringSom", NS)
    assert [role.text for role in roles] == ["Hoveddokument", "Vedlegg"]


def test_the_same_case_gets_the_same_system_ids_and_different_cases_different_ones():
    ids = tree(noark.arkivstruktur(case())).xpath("//n:systemID/text()", namespaces=NS)
    again = tree(noark.arkivstruktur(case())).xpath("//n:systemID/text()", namespaces=NS)
    other = tree(noark.arkivstruktur(case(key="5033/test/2"))).xpath(
        "//n:systemID/text()", namespaces=NS
    )

    assert ids == again
    assert len(set(ids)) == len(ids)
    assert not set(ids) & set(other)


def _remove(name: str) -> object:
    def change(root: etree._Element) -> None:
        element = root.find(f".//n:{name}", NS)
        element.getparent().remove(element)

    return change


def _set(name: str, text: str) -> object:
    def change(root: etree._Element) -> None:
        root.find(f".//n:{name}", NS).text = text

    return change


def _unknown(root: etree._Element) -> None:
    etree.SubElement(
        root.find(".//n:dokumentobjekt", NS), f"{{{noark.NAMESPACE}}}farge"
    ).text = "blå"


def _swap(root: etree._Element) -> None:
    folder = root.find(".//n:mappe", NS)
    year = folder.find("n:saksaar", NS)
    folder.remove(year)
    folder.append(year)


BROKEN = {
    "no checksum": _remove("sjekksum"),
    "no checksum algorithm": _remove("sjekksumAlgoritme"),
    "no case year": _remove("saksaar"),
    "no journal post type": _remove("journalposttype"),
    "size not a number": _set("filstoerrelse", "stor"),
    "negative size": _set("filstoerrelse", "-1"),
    "system id not a UUID": _set("systemID", "1234"),
    "empty title": _set("tittel", ""),
    "a date that is no date": _set("journaldato", "18.01.2024"),
    "an unknown element": _unknown,
    "elements out of order": _swap,
}


@pytest.mark.parametrize("name", BROKEN)
def test_the_validator_refuses_broken_metadata(name):
    root = tree(noark.arkivstruktur(case()))
    BROKEN[name](root)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    found = noark.problems(xml)

    assert found, name
    assert all(problem.startswith("line ") for problem in found)
    with pytest.raises(noark.InvalidPackage):
        noark.validate(xml)


def test_malformed_xml_is_refused():
    assert noark.problems(b"<arkiv>") != []


def test_the_shipped_schemas_are_arkivverkets_noark5_v5():
    schema = etree.parse(str(noark.SCHEMA)).getroot()

    assert schema.get("targetNamespace") == noark.NAMESPACE
    assert schema.get("version") == "5.0"
    assert (noark.SCHEMA.parent / "metadatakatalog.xsd").exists()
