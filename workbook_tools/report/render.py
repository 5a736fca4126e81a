"""Blocks → a Word document: styled paragraphs, bordered tables, every run with its East Asian font."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from workbook_tools.report.blocks import Block, Heading, Paragraph, Table
from workbook_tools.report.template import BODY_STYLE, H1_STYLE, H2_STYLE, TITLE_STYLE
from workbook_tools.report.typography import HEADING_FONT, WUHAO, format_run, style_east_asia, xml_safe

_HEADING_STYLES = {0: TITLE_STYLE, 1: H1_STYLE, 2: H2_STYLE}


def render(document, blocks: list[Block]) -> None:
    """Append every block to the document's body."""
    for block in blocks:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _paragraph(document, block)
        else:
            _table(document, block)


def _style(document, name: str):
    """The named style when the document has it (a user's template may not), else Normal."""
    try:
        return document.styles[name]
    except KeyError:
        return document.styles[BODY_STYLE]


def _heading(document, block: Heading) -> None:
    style = _style(document, _HEADING_STYLES.get(block.level, H2_STYLE))
    paragraph = document.add_paragraph(style=style)
    format_run(paragraph.add_run(xml_safe(block.text)), style_east_asia(style))


def _paragraph(document, block: Paragraph) -> None:
    style = _style(document, BODY_STYLE)
    paragraph = document.add_paragraph(style=style)
    if block.plain or block.align_right:
        paragraph.paragraph_format.first_line_indent = Pt(0)
    if block.align_right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    east_asia = style_east_asia(style)
    for piece in block.pieces:
        format_run(paragraph.add_run(xml_safe(piece.text)), east_asia, todo=piece.todo)


def _table(document, block: Table) -> None:
    caption = document.add_paragraph(style=_style(document, BODY_STYLE))
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)
    format_run(caption.add_run(xml_safe(block.caption)), HEADING_FONT, size=WUHAO + 1, bold=True)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.widths:  # grid widths too: LibreOffice and WPS lay out by the grid, Word by the cells
        table.autofit = False
        for column, width in zip(table.columns, block.widths, strict=True):
            column.width = Cm(width)
    _borders(table)
    _repeat_header(table.rows[0])
    # row.cells once per row: table.cell(r, c) walks the whole table each call (quadratic in rows).
    for r, (row, values) in enumerate(zip(table.rows, (block.header, *block.rows), strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            if r == 0 or c > 2 or (c > 0 and len(values) <= 6):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            format_run(paragraph.add_run(xml_safe(value)), HEADING_FONT, size=WUHAO, bold=r == 0)
            if block.widths:
                cell.width = Cm(block.widths[c])


def _borders(table) -> None:
    """Single lines around and between all cells (not left to a "Table Grid" style a template may lack)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    """The header row repeats on every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
