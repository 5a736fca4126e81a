"""A table as a person sees it — a worksheet or a Word table — whatever file it came from.

Every container adapter (openpyxl, calamine, python-docx) turns what it reads into Grids; the
label-anchored recogniser only ever sees Grids, so one recogniser serves every file type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workbook_tools.xlsx.refs import column_letter

Pos = tuple[int, int]  # (row, column), both 1-based


MAX_GRID_CELLS = 5_000_000  # rows × columns of a used area; readers walk it densely


@dataclass
class Grid:
    """Cells by (row, col); a merged cell's value is held by every cell it covers.

    `anchors` maps each covered cell (not the top-left one) to the top-left cell of its merge, so a
    reader can tell "the same merged cell again" from "a new cell with the same text".
    """

    name: str  # sheet name, or "表格3" for the third table of a Word document
    kind: str = "sheet"  # sheet | table
    cells: dict[Pos, object] = field(default_factory=dict)
    anchors: dict[Pos, Pos] = field(default_factory=dict)
    formulas: set[Pos] = field(default_factory=set)  # cells that hold a formula, not a typed value
    max_row: int = 0
    max_col: int = 0

    def value(self, row: int, col: int) -> object:
        """The value shown at (row, col); None when empty."""
        return self.cells.get((row, col))

    def text(self, row: int, col: int) -> str:
        """The value as text ("" when empty)."""
        v = self.cells.get((row, col))
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    def anchor(self, row: int, col: int) -> Pos:
        """The top-left cell of the merge covering (row, col), or the cell itself."""
        return self.anchors.get((row, col), (row, col))

    def same_cell(self, a: Pos, b: Pos) -> bool:
        """True when both positions lie in one merged cell."""
        return self.anchor(*a) == self.anchor(*b)

    def address(self, row: int, col: int) -> str:
        """Where a person finds the cell: "C5" on a sheet, "第5行第3列" in a Word table."""
        row, col = self.anchor(row, col)
        if self.kind == "table":
            return f"第{row}行第{col}列"
        return f"{column_letter(col)}{row}"

    def too_large(self) -> str:
        """Why the grid's used area is too large to search (readers walk it densely); "" when fine."""
        if self.max_row * self.max_col <= MAX_GRID_CELLS:
            return ""
        where = "工作表" if self.kind == "sheet" else "表格"
        return (
            f"{where}“{self.name}”的已用区域过大（{self.max_row} 行 × {self.max_col} 列，"
            "可能有单元格被填在极远处），不像是自评表，未读取"
        )

    def put(self, row: int, col: int, value: object) -> None:
        """Set a cell (empty strings and None leave it empty) and grow the bounds."""
        if value is None or (isinstance(value, str) and value.strip() == ""):
            return
        self.cells[(row, col)] = value
        self.max_row = max(self.max_row, row)
        self.max_col = max(self.max_col, col)

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        """Spread the top-left value over a merged range and remember the anchor of each covered cell."""
        if (bottom - top + 1) * (right - left + 1) > MAX_GRID_CELLS:
            from workbook_tools.read.package import PackageProblem

            raise PackageProblem(
                f"工作表“{self.name}”中有一个合并单元格过大（{bottom - top + 1} 行 × {right - left + 1} 列），"
                "不像是自评表，未读取"
            )
        value = self.cells.get((top, left))
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) == (top, left):
                    continue
                self.anchors[(r, c)] = (top, left)
                if value is not None:
                    self.cells[(r, c)] = value
                else:
                    self.cells.pop((r, c), None)
        self.max_row = max(self.max_row, bottom if value is not None else self.max_row)
        self.max_col = max(self.max_col, right if value is not None else self.max_col)


def shown_value(value: object, number_format: str | None = None) -> object:
    """A stored cell value as the person typed it: 0.92 in a % cell is "92%", a date is "2021-12-31".

    Numbers stay numbers otherwise; text is stripped. Nothing here evaluates anything.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        if number_format and "%" in number_format.replace('"%"', "").replace("\\%", ""):
            return percent_text(float(value), number_format)
        return value
    if isinstance(value, str):
        text = value.strip()
        return text or None
    return value


def percent_text(value: float, number_format: str = "0%") -> str:
    """An Excel percentage as typed: 0.92 → "92%", 0.925 → "92.5%" (the full value, not the display rounding)."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    return f"{float(format(value * 100, '.12g')):.15g}%"
