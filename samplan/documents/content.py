"""The content of a document, independent of its file format.

A `Document` is a title, a language and a list of blocks (headings, paragraphs, lists, tables,
figures). `odt.render` and `pdf.render` turn the same document into an editable ODT and an
archival PDF/A, so the two always say the same; `render.render` picks one by format. This
module is a leaf: it imports neither renderer.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1–3; the table of contents lists levels 1 and 2


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: Sequence[str]


@dataclass(frozen=True)
class Table:
    caption: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Figure:
    """A chart: SVG markup, a text alternative and a caption (with its source)."""

    svg: str
    alt: str
    caption: str
    width_cm: float = 16.0
    height_cm: float = 8.0


Block = Heading | Paragraph | BulletList | Table | Figure


@dataclass
class Document:
    title: str
    language: str  # "nb" or "nn"
    municipality_name: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # Shown on the title page when the content is example data, not the municipality's own.
    example_notice: str = ""
    table_of_contents: bool = True
    created: datetime.date = field(default_factory=datetime.date.today)
    # The PDF's paper: "A4" (portrait; wide tables get landscape pages), or e.g. "A3 landscape"
    # for a one-page worksheet. The ODT is always A4.
    page_size: str = "A4"

    def headings(self, max_level: int = 2) -> list[Heading]:
        return [
            block
            for block in self.blocks
            if isinstance(block, Heading) and block.level <= max_level
        ]


def cell_text(value: object) -> str:
    """How a table cell is written in every format: empty for None, dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


_BLOCK_KINDS: dict[str, type] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "list": BulletList,
    "table": Table,
    "figure": Figure,
}


def _block_data(block: Block) -> dict[str, object]:
    kind = next(name for name, cls in _BLOCK_KINDS.items() if isinstance(block, cls))
    if isinstance(block, Table):
        return {
            "kind": kind,
            "caption": block.caption,
            "header": [str(cell) for cell in block.header],
            "rows": [[cell_text(cell) for cell in row] for row in block.rows],
        }
    if isinstance(block, BulletList):
        return {"kind": kind, "items": [str(item) for item in block.items]}
    return {"kind": kind, **{name: value for name, value in vars(block).items()}}


def document_data(document: Document) -> dict[str, object]:
    """The document as JSON-ready data (table cells as the text every format writes), so a
    frozen version can be shown and rendered again exactly as it was."""
    return {
        "title": document.title,
        "language": document.language,
        "municipality_name": document.municipality_name,
        "subtitle": document.subtitle,
        "blocks": [_block_data(block) for block in document.blocks],
        "sources": list(document.sources),
        "example_notice": document.example_notice,
        "table_of_contents": document.table_of_contents,
        "created": document.created.isoformat(),
        "page_size": document.page_size,
    }


def document_from_data(data: dict) -> Document:
    """The `Document` that `document_data` wrote."""
    blocks: list[Block] = []
    for item in data["blocks"]:
        fields = {name: value for name, value in item.items() if name != "kind"}
        blocks.append(_BLOCK_KINDS[item["kind"]](**fields))
    return Document(
        title=data["title"],
        language=data["language"],
        municipality_name=data["municipality_name"],
        subtitle=data.get("subtitle", ""),
        blocks=blocks,
        sources=list(data.get("sources", [])),
        example_notice=data.get("example_notice", ""),
        table_of_contents=data.get("table_of_contents", True),
        created=datetime.date.fromisoformat(data["created"]),
        page_size=data.get("page_size", "A4"),
    )
