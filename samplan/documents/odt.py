"""A `Document` as OpenDocument Text (ODT 1.2), the editable public-sector standard format.

Headings carry outline levels so LibreOffice and Word navigate them and can refresh the table of
contents; the table of contents is written pre-filled (without page numbers, which only a word
processor can know). Charts are embedded as SVG with their text alternative as svg:title/desc.
"""

from __future__ import annotations

import io
import re

from django.utils import translation
from django.utils.translation import gettext as _
from odf import dc, meta
from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.style import (
    GraphicProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.svg import Desc, Title
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import (
    H,
    IndexBody,
    IndexTitle,
    List,
    ListItem,
    P,
    TableOfContent,
    TableOfContentSource,
)

from .content import BulletList, Document, Figure, Heading, Paragraph, Table, cell_text

# Characters XML 1.0 cannot hold.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _XML_ILLEGAL.sub("", cell_text(value))


class _Styles:
    """The named styles of a Samplan document (Designsystemet-like, readable in print)."""

    def __init__(self, document: OpenDocumentText, language: str) -> None:
        add = document.styles.addElement
        default = Style(name="Standard", family="paragraph")
        default.addElement(
            TextProperties(
                fontname="Liberation Sans",
                fontfamily="'Liberation Sans', Arial, sans-serif",
                fontsize="11pt",
                language=language,
                country="NO",
            )
        )
        default.addElement(ParagraphProperties(marginbottom="0.2cm", lineheight="130%"))
        add(default)
        self.body = Style(name="Text_20_body", displayname="Text body", family="paragraph")
        self.body.setAttribute("parentstylename", "Standard")
        add(self.body)
        self.title = self._paragraph(document, "Title", "22pt", bold=True)
        self.subtitle = self._paragraph(document, "Subtitle", "14pt")
        self.headings = {
            level: self._paragraph(
                document, f"Heading_20_{level}", size, bold=True, outline=level, keep=True
            )
            for level, size in ((1, "16pt"), (2, "13pt"), (3, "11.5pt"))
        }
        self.caption = self._paragraph(document, "Caption", "10pt", italic=True)
        self.notice = self._paragraph(document, "Samplan_20_notice", "11pt", bold=True)
        self.placeholder = Style(
            name="Samplan_20_coat_20_of_20_arms", displayname="Coat of arms", family="paragraph"
        )
        self.placeholder.setAttribute("parentstylename", "Standard")
        self.placeholder.addElement(
            ParagraphProperties(border="0.5pt dashed #68707c", padding="0.3cm", textalign="center")
        )
        add(self.placeholder)
        border = {"border": "0.5pt solid #a0a6ae", "padding": "0.1cm"}
        self.table = self._automatic(
            document, "SamplanTable", "table", TableProperties(width="17cm", align="margins")
        )
        self.column = self._automatic(
            document,
            "SamplanColumn",
            "table-column",
            TableColumnProperties(useoptimalcolumnwidth="true"),
        )
        self.cell = self._automatic(
            document, "SamplanCell", "table-cell", TableCellProperties(**border)
        )
        self.header_cell = self._automatic(
            document,
            "SamplanHeaderCell",
            "table-cell",
            TableCellProperties(**border, backgroundcolor="#e6eff8"),
        )
        self.header_text = self._automatic(
            document, "SamplanHeaderText", "paragraph", TextProperties(fontweight="bold")
        )
        self.frame = self._automatic(
            document,
            "SamplanFigure",
            "graphic",
            GraphicProperties(anchortype="as-char", wrap="none"),
        )

    @staticmethod
    def _automatic(document: OpenDocumentText, name: str, family: str, properties: object) -> Style:
        style = Style(name=name, family=family)
        style.addElement(properties)
        document.automaticstyles.addElement(style)
        return style

    @staticmethod
    def _paragraph(
        document: OpenDocumentText,
        name: str,
        size: str,
        *,
        bold: bool = False,
        italic: bool = False,
        outline: int | None = None,
        keep: bool = False,
    ) -> Style:
        style = Style(name=name, displayname=name.replace("_20_", " "), family="paragraph")
        style.setAttribute("parentstylename", "Standard")
        if outline:
            style.setAttribute("defaultoutlinelevel", str(outline))
        style.addElement(
            TextProperties(
                fontsize=size,
                fontweight="bold" if bold else "normal",
                fontstyle="italic" if italic else "normal",
            )
        )
        style.addElement(
            ParagraphProperties(
                margintop="0.4cm" if outline else "0cm",
                marginbottom="0.2cm",
                keepwithnext="always" if keep else "auto",
            )
        )
        document.styles.addElement(style)
        return style


def render(document: Document) -> bytes:
    """The document as ODT bytes."""
    with translation.override(document.language):
        return _render(document)


def _render(document: Document) -> bytes:
    odt = OpenDocumentText()
    styles = _Styles(odt, document.language)
    odt.meta.addElement(dc.Title(text=_text(document.title)))
    odt.meta.addElement(dc.Language(text=f"{document.language}-NO"))
    odt.meta.addElement(meta.Generator(text="Samplan"))
    text = odt.text

    text.addElement(P(stylename=styles.placeholder, text=_("Coat of arms")))
    text.addElement(P(stylename=styles.title, text=_text(document.title)))
    if document.subtitle:
        text.addElement(P(stylename=styles.subtitle, text=_text(document.subtitle)))
    text.addElement(
        P(
            stylename=styles.body,
            text=_("%(municipality)s · made with Samplan %(date)s")
            % {
                "municipality": document.municipality_name,
                "date": document.created.strftime("%d.%m.%Y"),
            },
        )
    )
    if document.example_notice:
        text.addElement(P(stylename=styles.notice, text=_text(document.example_notice)))
    if document.table_of_contents and document.headings():
        text.addElement(_table_of_contents(document, styles))

    figures = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            text.addElement(
                H(outlinelevel=level, stylename=styles.headings[level], text=_text(block.text))
            )
        elif isinstance(block, Paragraph):
            text.addElement(P(stylename=styles.body, text=_text(block.text)))
        elif isinstance(block, BulletList):
            items = List()
            for item in block.items:
                entry = ListItem()
                entry.addElement(P(stylename=styles.body, text=_text(item)))
                items.addElement(entry)
            text.addElement(items)
        elif isinstance(block, Table):
            text.addElement(P(stylename=styles.caption, text=_text(block.caption)))
            text.addElement(_table(block, styles))
        elif isinstance(block, Figure):
            figures += 1
            for element in _figure(odt, block, styles, figures):
                text.addElement(element)
    if document.sources:
        text.addElement(H(outlinelevel=1, stylename=styles.headings[1], text=_("Sources")))
        for source in document.sources:
            text.addElement(P(stylename=styles.body, text=_text(source)))
    buffer = io.BytesIO()
    odt.write(buffer)
    return buffer.getvalue()


def _table_of_contents(document: Document, styles: _Styles) -> TableOfContent:
    toc = TableOfContent(name=_("Contents"), protected="true")
    toc.addElement(TableOfContentSource(outlinelevel=2))
    body = IndexBody()
    title = IndexTitle(name=_("Contents"))
    title.addElement(P(stylename=styles.headings[1], text=_("Contents")))
    body.addElement(title)
    for heading in document.headings():
        indent = "    " * (heading.level - 1)
        body.addElement(P(stylename=styles.body, text=indent + _text(heading.text)))
    toc.addElement(body)
    return toc


def _table(block: Table, styles: _Styles) -> OdfTable:
    table = OdfTable(name=_text(block.caption)[:60] or "Tabell", stylename=styles.table)
    table.addElement(TableColumn(numbercolumnsrepeated=len(block.header), stylename=styles.column))
    header_rows = TableHeaderRows()
    header = TableRow()
    for value in block.header:
        cell = TableCell(stylename=styles.header_cell, valuetype="string")
        cell.addElement(P(stylename=styles.header_text, text=_text(value)))
        header.addElement(cell)
    header_rows.addElement(header)
    table.addElement(header_rows)
    for values in block.rows:
        row = TableRow()
        for index in range(len(block.header)):
            value = values[index] if index < len(values) else None
            cell = TableCell(stylename=styles.cell, valuetype="string")
            cell.addElement(P(stylename=styles.body, text=_text(value)))
            row.addElement(cell)
        table.addElement(row)
    return table


def _figure(odt: OpenDocumentText, block: Figure, styles: _Styles, number: int) -> list[P]:
    """The chart in its own paragraph, then its caption."""
    href = odt.addPicture(f"Pictures/figur{number}.svg", "image/svg+xml", block.svg.encode("utf-8"))
    frame = Frame(
        stylename=styles.frame,
        width=f"{block.width_cm}cm",
        height=f"{block.height_cm}cm",
        anchortype="as-char",
        name=f"Figur {number}",
    )
    frame.addElement(Image(href=href))
    frame.addElement(Title(text=_text(block.alt)))
    frame.addElement(Desc(text=_text(block.alt)))
    figure = P(stylename=styles.body)
    figure.addElement(frame)
    return [figure, P(stylename=styles.caption, text=_text(block.caption))]
