"""Typed .xlsx returns as Grids without openpyxl: python-calamine for values and merges, one pass over
the sheet XML for what calamine does not say (percent formats, formula cells, error values).

openpyxl builds a full object model (styles, descriptors) and costs ~8 ms a file; this costs under 1 ms,
so a folder of hand-typed returns validates as fast as the collector needs. The result must equal
grids_from_openpyxl's cell for cell (tests/read/test_xlsx_fast.py); anything unusual raises, and the
caller then reads the file with openpyxl.
"""

from __future__ import annotations

import io
import re
import zipfile

from workbook_tools.read.grid import Grid, percent_text, shown_value
from workbook_tools.read.package import MAX_COLUMNS, MAX_ROWS, PackageProblem
from workbook_tools.read.sheets import _calamine_value, _is_helper_sheet
from workbook_tools.xlsx import cells as xml_cells
from workbook_tools.xlsx.parts import text_of

_CELL_RE = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_RE = re.compile(r'\b(r|s|t)="([^"]*)"')
_V_RE = re.compile(r"<v>([^<]*)</v>")
_STATE_RE = re.compile(r'<sheet\b[^>]*\bname="([^"]*)"[^>]*\bstate="(hidden|veryHidden)"')
MAX_DENSE_CELLS = 2_000_000  # calamine builds the used range densely; a form has a few thousand cells
_PERCENT_RE = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters are not the format's %


class NotPlain(Exception):
    """Markup this path leaves to openpyxl."""


def grids_from_xlsx(data: bytes) -> list[Grid]:
    """One Grid per visible worksheet, as grids_from_openpyxl gives them; raises NotPlain or library errors."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        workbook = text_of("xl/workbook.xml", zf.read("xl/workbook.xml"))
        sheets, _date1904 = xml_cells._workbook_sheets(workbook)
        targets = xml_cells._rel_targets(
            text_of("xl/_rels/workbook.xml.rels", zf.read("xl/_rels/workbook.xml.rels"))
        )
        hidden = dict(_STATE_RE.findall(workbook))
        percent = (
            _percent_styles(text_of("xl/styles.xml", zf.read("xl/styles.xml")))
            if "xl/styles.xml" in zf.NameToInfo
            else set()
        )
        marks = {}
        for name in sheets:
            part = xml_cells._sheet_part(sheets, targets, name)
            marks[name] = _marks(text_of(part, zf.read(part)), percent)
    grids = []
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                raise NotPlain("chart sheet")
            if _is_helper_sheet(meta.name, hidden.get(meta.name, "visible")):
                continue
            if meta.name not in marks:
                raise NotPlain(f"sheet {meta.name} not in workbook.xml")
            grids.append(_grid(meta.name, book.get_sheet_by_name(meta.name), marks[meta.name]))
    return grids


def _percent_styles(styles: str) -> set[int]:
    """Indices of cell styles whose number format shows a percentage."""
    return {
        idx
        for idx, fmt in enumerate(xml_cells.style_formats(styles))
        if fmt and "%" in _PERCENT_RE.sub("", fmt.split(";")[0])
    }


def _marks(xml: str, percent: set[int]) -> dict[tuple[int, int], str]:
    """(row, col) → "f" (formula), "%" (a percent-formatted cell) or "e:#DIV/0!" (an error value)."""
    out: dict[tuple[int, int], str] = {}
    top = bottom = left = right = 0
    for attrs_raw, inner in _CELL_RE.findall(xml):
        attrs = dict(_ATTR_RE.findall(attrs_raw))
        ref = attrs.get("r")
        if ref is None:
            raise NotPlain("a cell without its address")
        col, row = xml_cells.range_boundaries(ref)[:2]
        if row > MAX_ROWS or col > MAX_COLUMNS:
            raise PackageProblem(
                f"单元格 {ref} 超出 Excel 工作表的范围（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列即 XFD 列），"
                "文件不是 Excel 正常保存的，未读取"
            )
        top, bottom = (min(top, row) if top else row), max(bottom, row)
        left, right = (min(left, col) if left else col), max(right, col)
        if inner and "<f" in inner:
            out[(row, col)] = "f"
        elif attrs.get("t") == "e":
            m = _V_RE.search(inner or "")
            out[(row, col)] = "e:" + (m.group(1) if m else "")
        elif attrs.get("s") and int(attrs["s"]) in percent:
            out[(row, col)] = "%"
    if top and (bottom - top + 1) * (right - left + 1) > MAX_DENSE_CELLS:
        # Cells far apart: calamine would allocate every cell between them; openpyxl keeps them sparse.
        raise NotPlain("a used range too large to hold densely")
    return out


def _grid(name: str, sheet, marks: dict[tuple[int, int], str]) -> Grid:
    grid = Grid(name, "sheet")
    for r, row in enumerate(sheet.to_python(skip_empty_area=False), start=1):
        for c, value in enumerate(row, start=1):
            if value == "" or value is None or (r, c) in marks and marks[(r, c)] != "%":
                continue
            if marks.get((r, c)) == "%" and isinstance(value, int | float) and not isinstance(value, bool):
                grid.put(r, c, percent_text(float(value)))
            else:
                grid.put(r, c, _calamine_value(value) if not isinstance(value, str) else shown_value(value))
    # Formula cells may hold no cached result (files written by a library), so calamine may not list them.
    for (r, c), mark in marks.items():
        if mark == "f":
            grid.formulas.add((r, c))
        elif mark.startswith("e:"):
            grid.put(r, c, mark[2:])  # an error value stays the text the sheet shows, as openpyxl keeps it
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        grid.merge(r0 + 1, c0 + 1, r1 + 1, c1 + 1)  # calamine gives 0-based inclusive corners
    return grid
