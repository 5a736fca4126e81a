"""The tables of a Word document (.docx) as Grids, merged cells resolved, read from the XML directly.

Not through python-docx's Document: it rejects .docm, parses every part (a damaged header would stop
us), and its paragraph text drops tracked insertions and content controls, which offices use a lot.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from workbook_tools.read.grid import Grid

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # Word's "Strict Open XML" save option
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # inflated document.xml; real forms are well under 10 MB
_MAX_SPAN = 1000  # Word allows 63 columns; a larger gridSpan is damage, not layout

# No DTDs, no entities, no network: Word never writes a DOCTYPE, so a document that has one is refused
# before parsing (DocumentRefused), and this parser would not expand or fetch one anyway.
_PARSER = etree.XMLParser(
    resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_comments=True
)


class DocumentRefused(ValueError):
    """A document.xml that declares a DTD or entities (never written by Word or WPS)."""


def grids_from_docx(source: str | Path | bytes) -> list[Grid]:
    """One Grid per top-level table, named "表格1", "表格2" … in document order.

    Cell text is the cell's paragraphs joined by "\\n"; numbers stay text. Tables nested inside a cell
    are not read (their text is not part of the outer cell either). Raises KeyError (no
    word/document.xml), zipfile.BadZipFile, DocumentRefused or lxml's XMLSyntaxError.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = _part(package, "word/document.xml")
        if info.file_size > MAX_DOCUMENT_BYTES:
            raise DocumentRefused(f"document.xml is {info.file_size} bytes")
        xml = package.read(info)  # zipfile stops at the declared size and checks the CRC
    refuse_dtd(xml)
    root = etree.fromstring(xml, _PARSER)
    ns = {"w": W_STRICT if root.tag.startswith("{" + W_STRICT) else W_MAIN}
    # Tables inside content controls count; tables in text boxes (drawn twice: DrawingML and its VML
    # fallback) and tables nested in cells do not.
    tables = root.xpath("w:body//w:tbl[not(ancestor::w:tbl) and not(ancestor::w:txbxContent)]", namespaces=ns)
    return [_table_grid(tbl, f"表格{n}", ns) for n, tbl in enumerate(tables, start=1)]


def _part(package: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """A part by name; OPC part names are case-insensitive, so "Word/Document.xml" is the same part."""
    info = package.NameToInfo.get(name)
    if info is None:
        info = next((i for i in package.infolist() if i.filename.lower() == name), None)
    if info is None:
        raise KeyError(f"no {name} in the package")
    return info


def refuse_dtd(xml: bytes) -> None:
    """Raise DocumentRefused when an XML part declares a DTD or entities (any of the encodings Word uses)."""
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if marker.encode(encoding) in xml:
                raise DocumentRefused(f"document.xml declares {marker[2:]}")


def _table_grid(tbl, name: str, ns: dict[str, str]) -> Grid:
    grid = Grid(name, "table")
    w = f"{{{ns['w']}}}"
    merges: list[list[int]] = []  # [top, left, bottom, right]
    open_v: dict[int, list[int]] = {}  # left column → the vertical merge still open there
    rows = tbl.xpath("w:tr | w:sdt/w:sdtContent/w:tr | w:customXml/w:tr", namespaces=ns)
    width = 0
    for r, tr in enumerate(rows, start=1):
        col = 1 + _int_val(tr.find(f"{w}trPr/{w}gridBefore"), 0)
        still_open: dict[int, list[int]] = {}
        for tc in tr.xpath("w:tc | w:sdt/w:sdtContent/w:tc | w:customXml/w:tc", namespaces=ns):
            span = min(max(_int_val(tc.find(f"{w}tcPr/{w}gridSpan"), 1), 1), _MAX_SPAN)
            v_merge = tc.find(f"{w}tcPr/{w}vMerge")
            continues = v_merge is not None and v_merge.get(f"{w}val", "continue") == "continue"
            above = open_v.get(col)
            if continues and above is not None and above[3] == col + span - 1:
                above[2] = r  # Word shows only the top cell's text; a continuing cell's own text is hidden
                still_open[col] = above
            else:
                grid.put(r, col, _cell_text(tc, w))
                region = [r, col, r, col + span - 1]
                merges.append(region)
                if v_merge is not None:  # restart (or a "continue" with nothing above: a new merge)
                    still_open[col] = region
            col += span
        open_v = still_open  # a vertical merge ends at the first row that does not continue it
        width = max(width, col - 1 + _int_val(tr.find(f"{w}trPr/{w}gridAfter"), 0))
    for top, left, bottom, right in merges:
        if (bottom, right) != (top, left):
            grid.merge(top, left, bottom, right)
    grid.max_row, grid.max_col = len(rows), width  # the table's shape, empty edge cells included
    return grid


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    value = next((v for k, v in element.attrib.items() if k.endswith("}val")), None)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _cell_text(tc, w: str) -> str:
    paragraphs = tc.xpath("w:p | w:sdt/w:sdtContent/w:p | w:customXml/w:p", namespaces={"w": w[1:-1]})
    return "\n".join(_paragraph_text(p, w) for p in paragraphs).strip()


# Pruned subtrees: deleted/moved-away text (shown struck through or not at all), text boxes, the
# fallback copy of alternate content, field instructions and nested tables.
_SKIP = ("del", "moveFrom", "txbxContent", "instrText", "delText", "tbl", "pPr", "rPr")


def _paragraph_text(p, w: str) -> str:
    out: list[str] = []
    skip = {w + s for s in _SKIP} | {f"{{{MC}}}Fallback"}
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in skip:
            continue
        if tag == w + "t":
            out.append(el.text or "")
        elif tag in (w + "tab", w + "ptab"):
            out.append("\t")
        elif tag in (w + "br", w + "cr"):
            out.append("\n")
        elif tag == w + "noBreakHyphen":
            out.append("-")
        else:
            stack.extend(reversed(el))
    return "".join(out)
