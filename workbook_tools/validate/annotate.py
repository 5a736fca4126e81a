"""Annotated copies: problem cells filled and commented, plus a 校验结果 sheet linking to each cell.

Our marks are recognisable: comments carry our author name, and the original fill of every cell we
coloured is kept in a very hidden sheet, so clear_marks() restores exactly what the filler had.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from workbook_tools.io.atomic import write_atomic
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.finding import Finding

AUTHOR = "workbook_tools 校验"
RESULT_SHEET = "校验结果"
MARKS_SHEET = "_wt_marks"
FILLS = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFD08A", Severity.INFO: "FFDDEBF7"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
HEADERS = ("序号", "严重程度", "代码", "工作表", "单元格", "字段", "问题说明", "应为", "实际")


def load(path: str | Path):
    """Open a workbook for editing, keeping its VBA project when it has one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dropped extensions (e.g. x14 validations) are not ours to fix
        return openpyxl.load_workbook(path, keep_vba=Path(path).suffix.lower() == ".xlsm")


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


def mark_workbook(wb, findings: list[Finding]) -> None:
    """Mark an open workbook: cell fills and comments, then the 校验结果 sheet (marks are replaced, not stacked)."""
    unmark_workbook(wb)
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet in wb.sheetnames and f.cell:
            by_cell.setdefault((f.sheet, _anchor(wb[f.sheet], f.cell)), []).append(f)
    originals = {}
    for (sheet, cell), items in by_cell.items():
        originals[f"{sheet}!{cell}"] = _mark_cell(wb[sheet][cell], items)
    _write_results(wb, findings)
    marks = wb.create_sheet(MARKS_SHEET)
    marks.sheet_state = "veryHidden"
    marks["A1"] = json.dumps(originals, ensure_ascii=False)


def unmark_workbook(wb) -> None:
    """Undo mark_workbook on an open workbook; cells and comments not made by us are left alone."""
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
                if c.comment is not None and c.comment.author == AUTHOR:
                    c.comment = None


def _anchor(ws, cell: str) -> str:
    """The top-left cell of the merged range holding `cell` (only it can carry a comment)."""
    for rng in ws.merged_cells.ranges:
        if cell in rng:
            return rng.start_cell.coordinate
    return cell


def _mark_cell(c, items: list[Finding]) -> dict:
    worst = min((f.severity for f in items), key=_RANK.__getitem__)
    original = _fill_to(c.fill)
    c.fill = PatternFill("solid", fgColor=FILLS[worst])
    text = "\n".join(f"【{SEVERITY_LABELS[f.severity]}】{f.message}（{f.code}）" for f in items)
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, min(60 + 40 * len(items), 400)
    c.comment = comment
    return original


def _fill_to(fill) -> dict:
    return {"patternType": fill.patternType, "fgColor": fill.fgColor.rgb if fill.fgColor.type == "rgb" else None,
            "theme": fill.fgColor.theme if fill.fgColor.type == "theme" else None, "tint": fill.fgColor.tint}


def _fill_from(data: dict) -> PatternFill:
    if not data.get("patternType"):
        return PatternFill(fill_type=None)
    if data.get("theme") is not None:
        from openpyxl.styles.colors import Color

        return PatternFill(data["patternType"], fgColor=Color(theme=data["theme"], tint=data.get("tint") or 0))
    return PatternFill(data["patternType"], fgColor=data.get("fgColor") or "FFFFFFFF")


def _write_results(wb, findings: list[Finding]) -> None:
    ws = wb.create_sheet(RESULT_SHEET)
    ws.append(HEADERS)
    for c in ws[1]:
        c.font = Font(bold=True)
    for n, f in enumerate(findings, start=1):
        anchor = _anchor(wb[f.sheet], f.cell) if f.sheet in wb.sheetnames and f.cell else ""
        ws.append([n, SEVERITY_LABELS[f.severity], f.code, f.sheet, anchor, f.field, f.message,
                   _text(f.expected), _text(f.actual)])
        if anchor:
            link = ws.cell(row=n + 1, column=5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{anchor}", display=anchor)
            link.font = Font(color="FF0563C1", underline="single")
        ws.cell(row=n + 1, column=2).fill = PatternFill("solid", fgColor=FILLS[f.severity])
    for col, width in zip("ABCDEFGHI", (6, 8, 30, 10, 8, 22, 70, 16, 16), strict=True):
        ws.column_dimensions[col].width = width
    ws.auto_filter.ref = f"A1:I{len(findings) + 1}"
    ws.freeze_panes = "A2"


def _text(value: object) -> object:
    return value if value is None or isinstance(value, int | float) else str(value)

