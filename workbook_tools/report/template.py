"""The report's Word template: built by code at run time, or a user's own .docx whose styles are used.

Built at run time rather than committed as a binary: the template is a few style settings on
python-docx's default document, so code is its single source (no blob to regenerate and compare),
and `report --template` takes any .docx an office already uses.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from workbook_tools.errors import WorkbookToolsError
from workbook_tools.report.typography import (
    BODY_FONT,
    ERHAO,
    HEADING_FONT,
    SANHAO,
    SIHAO,
    add_page_number,
    set_fonts,
)

TITLE_STYLE, H1_STYLE, H2_STYLE, BODY_STYLE = "Title", "Heading 1", "Heading 2", "Normal"

# GB/T 9704 page: A4, margins top 3.7, bottom 3.5, left 2.8, right 2.6 cm.
_A4 = (Cm(21.0), Cm(29.7))
_MARGINS = {"top_margin": 3.7, "bottom_margin": 3.5, "left_margin": 2.8, "right_margin": 2.6}


class TemplateError(WorkbookToolsError):
    """A --template that is not a readable .docx."""


def built_in() -> docx.Document:
    """The bundled template: A4, 仿宋_GB2312 四号 body, 宋体 三号 / 仿宋 四号 headings, page numbers."""
    document = docx.Document()
    _page_setup(document)
    _defaults(document)
    styles = document.styles
    _style(styles[BODY_STYLE], BODY_FONT, SIHAO, bold=False, indent=True)
    _style(styles[TITLE_STYLE], HEADING_FONT, ERHAO, bold=True, center=True)
    _style(styles[H1_STYLE], HEADING_FONT, SANHAO, bold=True)
    _style(styles[H2_STYLE], BODY_FONT, SIHAO, bold=True)
    for name in ("Header", "Footer"):
        _style(styles[name], BODY_FONT, SIHAO, bold=False)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(footer)
    return document


def user_template(path: str | Path) -> docx.Document:
    """A user's .docx with its body emptied: its styles, page setup, header and footer are kept."""
    path = Path(path)
    if not path.is_file():
        raise TemplateError(f"找不到模板文件 {path}")
    from workbook_tools.report.document import ReportUnreadableError, open_docx

    try:
        document = open_docx(path)  # the same checks as a report read for check-report
    except ReportUnreadableError as exc:
        raise TemplateError(f"模板 {exc}") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a file that is not .docx
        raise TemplateError(
            f"模板 {path.name} 不是可读取的 Word 文档（.docx）：{type(exc).__name__}"
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    footer = document.sections[0].footer
    if not footer.is_linked_to_previous and not "".join(p.text for p in footer.paragraphs).strip():
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_number(paragraph)
    elif footer.is_linked_to_previous and not document.element.xpath("//w:instrText"):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_number(paragraph)
    return document


def _page_setup(document) -> None:
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = _A4
        for name, cm in _MARGINS.items():
            setattr(section, name, Cm(cm))
        section.footer_distance = Cm(2.0)


def _defaults(document) -> None:
    """Document defaults without theme fonts, so nothing falls back to the theme's Latin-only font."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr.find(qn("w:rPr")) if rpr is not None else None
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            fonts.set(qn("w:eastAsia"), BODY_FONT)
            fonts.set(qn("w:ascii"), "Times New Roman")
            fonts.set(qn("w:hAnsi"), "Times New Roman")


def _style(style, east_asia: str, size: float, *, bold: bool, center: bool = False, indent: bool = False):
    set_fonts(style.element, east_asia)
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = None
    rpr = style.element.rPr
    color = rpr.find(qn("w:color")) if rpr is not None else None
    if color is not None:
        rpr.remove(color)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(size + 12 if size >= SANHAO else 28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(12)
        fmt.first_line_indent = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters, as Chinese body text is set
    pbdr = style.element.pPr.find(qn("w:pBdr")) if style.element.pPr is not None else None
    if pbdr is not None:  # the default Title has a rule under it; official reports do not
        style.element.pPr.remove(pbdr)
