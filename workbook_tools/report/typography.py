"""Chinese typography for the report: fonts with the East Asian attribute, sizes, A4, page numbers.

Word picks the font of Chinese characters from rFonts/@w:eastAsia only; a run that names only the
Latin font shows its Chinese text in whatever the reader's default is. So every run we write carries
w:eastAsia, and the styles of the built-in template carry it too (theme font attributes removed,
because a theme attribute beside an explicit name wins over it).
"""

from __future__ import annotations

import re

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "宋体"
LATIN_FONT = "Times New Roman"

# Chinese size names in points: 二号 22, 三号 16, 四号 14, 五号 10.5.
ERHAO, SANHAO, SIHAO, WUHAO = 22.0, 16.0, 14.0, 10.5

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Characters XML 1.0 cannot hold: a control character from a workbook must not break the document.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without characters XML cannot hold (replaced by "?"); &, < and quotes are escaped by lxml."""
    return _XML_INVALID.sub("?", text)


def set_fonts(rpr_parent, east_asia: str, latin: str | None = LATIN_FONT) -> None:
    """Give an element with rPr (a run, a style) explicit fonts: w:eastAsia always, Latin when given."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    if latin:
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def style_east_asia(style, default: str = BODY_FONT) -> str:
    """The East Asian font a paragraph style names, following basedOn; `default` when none does."""
    seen = 0
    while style is not None and seen < 20:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
        seen += 1
    return default


def format_run(
    run: Run,
    east_asia: str,
    *,
    size: float | None = None,
    bold: bool | None = None,
    todo: bool = False,
    latin: str | None = LATIN_FONT,
) -> Run:
    """Fonts (East Asian attribute included), size, bold and the 待补充 highlight of one run."""
    set_fonts(run._r, east_asia, latin)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if todo:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def add_page_number(paragraph, east_asia: str = BODY_FONT) -> None:
    """ "— PAGE —" as a field Word, WPS and LibreOffice all update."""
    format_run(paragraph.add_run("— "), east_asia, size=SIHAO)
    _field_char(paragraph, "begin", east_asia)
    instr = format_run(paragraph.add_run(), east_asia, size=SIHAO)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    instr._r.append(code)
    _field_char(paragraph, "separate", east_asia)
    format_run(paragraph.add_run("1"), east_asia, size=SIHAO)
    _field_char(paragraph, "end", east_asia)
    format_run(paragraph.add_run(" —"), east_asia, size=SIHAO)


def _field_char(paragraph, kind: str, east_asia: str) -> None:
    run = format_run(paragraph.add_run(), east_asia, size=SIHAO)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)
