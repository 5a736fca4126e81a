"""Summary table rows rendered straight to sheet XML, for a worksheet class XlsxWriter writes around them.

XlsxWriter's per-cell path (write_*, then rendering at close) costs about 5 µs a cell, and a 2,000-file
summary holds 300,000 cells written after the workers finish. Rows are rendered here in one pass, as
XlsxWriter's own constant_memory mode writes them (inline strings, numbers as %.16G), and the
consolidation renders 汇总, 指标明细 and 问题清单 rows while the workers are still computing
(summary_writer.LiveRendering).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from workbook_tools.core.numbers import NUM_ERROR

MONEY = {"年初预算", "调整后预算", "执行数", "资金权数", "收入合计", "支出合计"}
RATE = {"执行率", "偏差率"}
COUNT = {"单位数", "项目数", "错误数", "需说明数", "序号"}
NUMBER = "序号"  # the leading column of a printed table, as on official paper
TOTAL = "合计"
# The summary's cell formats in creation order; XlsxWriter numbers styles 1, 2, … in the order they
# are first asked for (0 is Excel's default), and summary_writer asks in this order as it creates them.
STYLE_ORDER = ("head", "text", "money", "rate", "score", "count", "title")
STYLE_INDEX = {name: i for i, name in enumerate(STYLE_ORDER, start=1)}


def kind_of(column: str) -> str:
    """The cell format of a summary column."""
    if column in MONEY:
        return "money"
    if column in RATE:
        return "rate"
    if column in COUNT:
        return "count"
    if column.endswith("得分") or column in ("总分", "权重", "汇总权重"):
        return "score"
    return "text"


@lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class RenderedRows:
    """Data rows of one table (row 2 on), rendered as they come, with the column widths they need.

    The rendered XML is kept as UTF-8 bytes, a block of rows at a time: as str (CJK text takes 2 bytes a
    character there) it would hold twice the parent's memory, 30 MB per 2,000 returns.
    """

    def __init__(self, columns: Sequence[str], numbered: bool = True) -> None:
        self.columns = list(columns)
        # A numbered table's sheet starts with a 序号 column the data does not carry: it is rendered
        # here, in front of each row, so the tables (and every caller's column positions) stay as they are.
        self.numbered = numbered
        shown = [NUMBER, *self.columns] if numbered else self.columns
        self.cells = [_cell_parts(xl_col_to_name(j), STYLE_INDEX[kind_of(c)]) for j, c in enumerate(shown)]
        self.widths = [display_width(c) for c in shown]
        self.count = 0
        self.totals = 0
        self._pending: list[str] = []
        self._blocks: list[bytes] = []

    def __len__(self) -> int:
        return self.count

    @property
    def rows_written(self) -> int:
        """Data rows and 合计 rows."""
        return self.count + self.totals

    @property
    def shown_columns(self) -> list[str]:
        """The sheet's columns: 序号 first when numbered."""
        return [NUMBER, *self.columns] if self.numbered else list(self.columns)

    def add(self, values: Sequence[object]) -> None:
        """Render one row of values in column order."""
        if self.totals:
            raise ValueError("合计行之后不能再添加数据行")
        self.count += 1
        shown = [self.count, *values] if self.numbered else values
        self._pending.append(_row(self.count + 1, shown, self.cells, self.widths))
        if len(self._pending) >= _ROWS_PER_BLOCK:
            self._flush()

    def add_total(self, values: Mapping[str, object]) -> None:
        """The 合计 row after the data rows: 合计 in the first column, `values` by column name."""
        self.totals += 1
        row = [values.get(c) for c in self.columns]
        shown = [TOTAL, *row] if self.numbered else [TOTAL, *row[1:]]
        self._pending.append(_row(self.count + self.totals + 1, shown, self.cells, self.widths))

    def add_dict(self, row: Mapping[str, object], **extra: object) -> None:
        """Render one row given as a dict (missing columns are blank), `extra` overriding it."""
        if extra:
            row = {**row, **extra}
        self.add(list(map(row.get, self.columns)))

    def extend(self, rows: Iterable[Sequence[object]]) -> RenderedRows:
        """Render many rows; returns self."""
        for values in rows:
            self.add(values)
        return self

    def chunks(self) -> Iterator[str]:
        """The rows' XML in order, a block of rows per chunk."""
        self._flush()
        for block in self._blocks:
            yield block.decode("utf-8")

    def text(self) -> str:
        """All rows' XML."""
        return "".join(self.chunks())

    def _flush(self) -> None:
        if self._pending:
            self._blocks.append("".join(self._pending).encode("utf-8"))
            self._pending.clear()


class _CellParts(NamedTuple):
    """The fixed text around one column's cells: `head` + row number + a tail by type."""

    head: str
    blank: str
    number: str
    text: str


def _cell_parts(letter: str, style: int) -> _CellParts:
    return _CellParts(f'<c r="{letter}', f'" s="{style}"/>', f'" s="{style}"><v>', f'" s="{style}"')


def _row(i: int, values: Sequence[object], cells: list[_CellParts], widths: list[int]) -> str:
    """One <row>, each cell typed as _write_cell typed it: blank, 是/否, number or text."""
    # About 300,000 cells go through here, so the exact built-in types take a short path; anything
    # else (bool, numpy scalars, subclasses) goes through _other_cell, which decides as isinstance does.
    r = str(i)
    parts = [f'<row r="{r}">']
    for j, value in enumerate(values):
        cell = cells[j]
        kind = type(value)
        if kind is str:
            parts.append(cell.head + r + cell.text + _string_body(value))
            width = display_width(value)
        elif value is None or (kind is float and value != value):
            parts.append(cell.head + r + cell.blank)
            continue
        elif kind is int or (kind is float and value - value == 0):  # writes_as_number, inline: hot
            parts.append(cell.head + r + cell.number + _number(value))
            width = 10
        else:
            xml, width = _other_cell(cell, r, value)
            parts.append(xml)
        if widths[j] < width:
            widths[j] = width
    parts.append("</row>")
    return "".join(parts)


def _number(value: float) -> str:
    number = float(value)
    if not number:  # 0.0 and -0.0 are one key to the memo but are written "0" and "-0"
        return f"{number:.16G}</v></c>"
    return _nonzero_number(number)


@lru_cache(maxsize=65536)
def _nonzero_number(number: float) -> str:
    # Memoised: amounts, weights and scores repeat across a file's rows and across files.
    return f"{number:.16G}</v></c>"


def _other_cell(cell: _CellParts, r: str, value: object) -> tuple[str, int]:
    if isinstance(value, float) and math.isnan(value):
        return cell.head + r + cell.blank, 0
    if writes_as_number(value):
        return cell.head + r + cell.number + _number(value), 10
    text = cell_text(value)
    return cell.head + r + cell.text + _string_body(text), display_width(text)


def writes_as_number(value: object) -> bool:
    """A value a summary cell holds as a number: a real, finite int or float (bool is 是/否)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isinf(value)


def cell_text(value: object) -> str:
    """What a summary cell shows for a value that is not written as a number: 是/否, #NUM! or text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float) and math.isinf(value):
        return NUM_ERROR  # an amount summed past the float range, as Excel shows it
    return str(value)


@lru_cache(maxsize=65536)
def _string_body(text: str) -> str:
    # As XlsxWriter writes an inline string: control characters as _xHHHH_, & < > escaped. Memoised:
    # a file's name, unit and indicator levels repeat on each of its rows.
    if not text.isprintable():
        text = XMLwriter._escape_control_characters(text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


# Rows are kept, and go to the sheet's file, a few hundred at a time: the text layer encodes and writes
# each call separately, and 14,000 calls of 1 kB cost a third more than 55 calls of 300 kB.
_ROWS_PER_BLOCK = 256


class TableSheet(Worksheet):
    """A worksheet whose header row XlsxWriter writes and whose data rows are pre-rendered XML."""

    data_rows: RenderedRows | None = None

    def _write_sheet_data(self) -> None:
        rows = self.data_rows
        if not rows:
            super()._write_sheet_data()
            return
        last = self.dim_rowmax
        self.dim_rowmax = 0  # XlsxWriter writes the header row; the rendered rows follow
        self._xml_start_tag("sheetData")
        self._write_rows()
        self.dim_rowmax = last
        for chunk in rows.chunks():
            self.fh.write(chunk)
        self._xml_end_tag("sheetData")
