"""The spine of a typed form: its indicator table (一级 / 二级 / 三级 / target / actual), found by its header.

Every header row of an indicator table is one form; the table runs down to the first line that is not
an indicator (总分 / 合计 / 备注 / 说明 / 注：…, a title, a header field, or three empty rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook_tools.forms.printed import (
    CLOSING_LABELS,
    FIELD_LABELS,
    FUNDING_HEADERS,
    FUNDING_TITLES,
    GOAL_LABELS,
    INDICATOR_BLOCK_TITLES,
    INDICATOR_HEADERS,
    STOP_LABELS,
    TOTAL_LABELS,
)
from workbook_tools.read.rows import Rows, Seg, is_title

ALL_LABELS = frozenset().union(
    *FIELD_LABELS.values(),
    *GOAL_LABELS.values(),
    *CLOSING_LABELS.values(),
    *FUNDING_HEADERS.values(),
    *INDICATOR_HEADERS.values(),
    FUNDING_TITLES,
    INDICATOR_BLOCK_TITLES,
    TOTAL_LABELS,
)
FIELD_KEYS = {k: path for path, ks in FIELD_LABELS.items() for k in ks}
GOAL_KEYS = {k: path for path, ks in GOAL_LABELS.items() for k in ks}
CLOSING_KEYS = {k: path for path, ks in CLOSING_LABELS.items() for k in ks}
_LEVEL1 = INDICATOR_HEADERS["level1"]
_BLANK_RUN_ENDS_TABLE = 3  # empty rows inside an indicator table happen; three in a row end it


@dataclass
class IndicatorTable:
    """One indicator table: its header row, role → column, and the sheet rows of its lines."""

    header_row: int
    columns: dict[str, int]
    lines: list[int] = field(default_factory=list)  # sheet rows of the indicator lines
    end: int = 0  # last row that belongs to the table (lines or blank rows inside it)
    stop_row: int | None = None  # the row that ended it (总分, 说明, …) when one did


def indicator_header(rows: Rows, r: int) -> dict[str, int] | None:
    """Role → column when row r is an indicator table's header (一级 < 二级 < 三级, a target, an actual)."""
    segs = rows.row(r)
    if not any(s.key in _LEVEL1 for s in segs):
        return None  # most rows: no 一级指标 header, nothing more to look at
    found: dict[str, int] = {}
    for s in segs:
        for role, ks in INDICATOR_HEADERS.items():
            if s.key in ks and role not in found:
                found[role] = s.c0
                break
    need = ("level1", "level2", "name", "target", "actual")
    if not all(role in found for role in need):
        return None
    if not found["level1"] < found["level2"] < found["name"]:
        return None
    return found


def _ends_table(rows: Rows, r: int, columns: dict[str, int]) -> bool:
    first = min(columns.values())
    for s in rows.row(r):
        if not s.top:
            continue
        if s.key in STOP_LABELS or s.key in FIELD_KEYS or is_title(s) or _is_note(s):
            return True
        if s.c0 >= first and indicator_header(rows, r):
            return True
    return False


def _is_note(s: Seg) -> bool:
    """A note line under the table: 注：1.…, 备注：…"""
    text = s.text.lstrip()
    return text[:2] in ("注：", "注:") or text.startswith("备注")


def _line_empty(rows: Rows, r: int, columns: dict[str, int]) -> bool:
    grid = rows.grid
    for role, c in columns.items():
        if role in ("level1", "level2"):
            continue
        if grid.value(r, c) is not None:
            return False
    return True


def read_table(rows: Rows, header_row: int, columns: dict[str, int]) -> IndicatorTable:
    """The indicator lines under a header, down to the first line that is not an indicator."""
    table = IndicatorTable(header_row, columns, end=header_row)
    blanks = 0
    r = header_row + 1
    while r <= rows.max_row:
        if _ends_table(rows, r, columns):
            table.stop_row = r
            break
        if _line_empty(rows, r, columns):
            blanks += 1
            if blanks >= _BLANK_RUN_ENDS_TABLE:
                break
        else:
            blanks = 0
            table.lines.append(r)
            table.end = r
        r += 1
    return table
