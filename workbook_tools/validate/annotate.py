"""Annotated copies: the annotation plan (validate/marks.py) applied with openpyxl.

Our marks are recognisable: comments start with our tag line and carry our author name, and the original
fill of every cell we coloured is kept in a very hidden sheet, so clear_marks() restores exactly what the
filler had. The 一键校验 button applies the same plan to the open book through xlwings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.colors import Color
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.worksheet.hyperlink import Hyperlink

from workbook_tools.io.atomic import write_atomic
from workbook_tools.io.safe_text import plain_text
from workbook_tools.validate.finding import Finding
from workbook_tools.validate.marks import (
    AUTHOR,
    COLUMNS,
    LINK_COLUMN,
    MARKS_SHEET,
    RESULT_SHEET,
    SEVERITY_COLUMN,
    WIDTHS,
    AnnotationPlan,
    CellMark,
    is_our_comment,
    plan_annotations,
)
from workbook_tools.xlsx.books import open_book


def load(path: str | Path):
    """Open a workbook for editing, keeping its VBA project when it has one."""
    return open_book(path, keep_vba=Path(path).suffix.lower() == ".xlsm")


def annotate_workbook(src: str | Path, findings: Iterable[Finding], dest: str | Path) -> Path:
    """Write a marked copy of `src` to `dest` (atomically); `src` itself is only read."""
    wb = load(src)
    mark_workbook(wb, list(findings))
    return write_atomic(dest, lambda tmp: wb.save(tmp))


def clear_marks(path: str | Path, dest: str | Path | None = None) -> Path:
    """Remove our fills, comments and sheets from a workbook (in place unless `dest` is given)."""
    wb = load(path)
    unmark_workbook(wb)
    return write_atomic(dest or path, lambda tmp: wb.save(tmp))


def openpyxl_anchor(wb):
    """The plan's anchor on an openpyxl workbook: merged cells resolve to their top-left cell."""

    def anchor(sheet: str, cell: str) -> str | None:
        if sheet not in wb.sheetnames:
            return None
        try:
            coordinate_from_string(cell)
        except CellCoordinatesException:
            return None  # placed on a whole sheet ("Sheet1（第3行起）"), not a cell: a result row only
        for rng in wb[sheet].merged_cells.ranges:
            if cell in rng:
                return rng.start_cell.coordinate
        return cell

    return anchor


def mark_workbook(wb, findings: list[Finding]) -> None:
    """Mark an open workbook: cell fills and comments, then the 校验结果 sheet (marks are replaced, not stacked)."""
    unmark_workbook(wb)
    plan = plan_annotations(findings, openpyxl_anchor(wb))
    originals = {f"{m.sheet}!{m.cell}": _mark_cell(wb[m.sheet][m.cell], m) for m in plan.marks}
    _write_results(wb, plan)
    marks = wb.create_sheet(MARKS_SHEET)
    marks.sheet_state = "veryHidden"
    marks["A1"] = json.dumps(originals, ensure_ascii=False)


def unmark_workbook(wb) -> None:
    """Undo mark_workbook (or the button's marks) on an open workbook; the filler's own cells stay."""
    originals = {}
    if MARKS_SHEET in wb.sheetnames:
        originals = json.loads(wb[MARKS_SHEET]["A1"].value or "{}")
        del wb[MARKS_SHEET]
    if RESULT_SHEET in wb.sheetnames:
        del wb[RESULT_SHEET]
    for key, fill in originals.items():
        sheet, cell = key.rsplit("!", 1)
        if sheet in wb.sheetnames:
            wb[sheet][cell].fill = _fill_from(fill)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None and is_our_comment(c.comment.text, c.comment.author):
                    c.comment = None


def _mark_cell(c, mark: CellMark) -> dict:
    original = _fill_to(c.fill)
    c.fill = PatternFill("solid", fgColor=mark.fill)
    comment = Comment(plain_text(mark.comment), AUTHOR)
    comment.width, comment.height = 320, min(40 + 40 * mark.comment.count("\n"), 400)
    c.comment = comment
    return original


def _fill_to(fill) -> dict:
    return {
        "patternType": fill.patternType,
        "fgColor": fill.fgColor.rgb if fill.fgColor.type == "rgb" else None,
        "theme": fill.fgColor.theme if fill.fgColor.type == "theme" else None,
        "tint": fill.fgColor.tint,
    }


def _fill_from(data: dict) -> PatternFill:
    if not data.get("patternType"):
        return PatternFill(fill_type=None)
    if data.get("theme") is not None:
        return PatternFill(
            data["patternType"], fgColor=Color(theme=data["theme"], tint=data.get("tint") or 0)
        )
    return PatternFill(data["patternType"], fgColor=data.get("fgColor") or "FFFFFFFF")


def _write_results(wb, plan: AnnotationPlan) -> None:
    ws = wb.create_sheet(RESULT_SHEET)
    for values in plan.table():
        ws.append([plain_text(v) if isinstance(v, str) else v for v in values])
        for c in ws[ws.max_row]:
            if isinstance(c.value, str):
                c.data_type = "s"  # text from the input stays text: openpyxl makes "=…" a formula
    for c in ws[1]:
        c.font = Font(bold=True)
    for i, row in enumerate(plan.rows, start=2):
        if row.link:
            link = ws.cell(row=i, column=LINK_COLUMN)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=row.link, display=link.value)
            link.font = Font(color="FF0563C1", underline="single")
        ws.cell(row=i, column=SEVERITY_COLUMN).fill = PatternFill("solid", fgColor=row.fill)
    for col, width in zip(COLUMNS, WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    ws.auto_filter.ref = f"A1:{COLUMNS[-1]}{len(plan.rows) + 1}"
    ws.freeze_panes = "A2"
