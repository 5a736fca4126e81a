"""Worksheets as Grids: openpyxl for .xlsx/.xlsm, python-calamine for legacy BIFF (.xls, WPS .et)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from workbook_tools.read.grid import Grid, shown_value

_HIDDEN_STATES = frozenset({"hidden", "veryHidden"})


def _is_helper_sheet(name: str, state: str) -> bool:
    # Our templates keep dropdown lists and marks on hidden sheets named "_…"; they are not the form.
    return state in _HIDDEN_STATES and name.startswith("_")


def grids_from_openpyxl(workbook) -> list[Grid]:
    """One Grid per worksheet of a loaded openpyxl workbook (chart sheets and hidden "_…" sheets left out).

    Load the workbook with data_only=False: formula cells are then recognisable, and they are noted in
    `formulas` with no value (a formula is not typed data; its cached result is not the person's input).
    """
    return [
        _sheet_grid(ws)
        for ws in workbook.worksheets
        if isinstance(ws, Worksheet) and not _is_helper_sheet(ws.title, ws.sheet_state)
    ]


def _sheet_grid(ws: Worksheet) -> Grid:
    grid = Grid(ws.title, "sheet")
    # ws._cells holds only the cells the file stores; iter_rows() would create every cell of the used
    # rectangle, which a stray format at XFD1048576 makes enormous.
    for (row, col), cell in ws._cells.items():
        value = cell.value
        if value is None:
            continue
        if cell.data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
            grid.formulas.add((row, col))
            continue
        # Error values ("#DIV/0!", data type "e") are strings and stay as the text the sheet shows.
        grid.put(row, col, shown_value(value, cell.number_format))
    for rng in ws.merged_cells.ranges:
        grid.merge(rng.min_row, rng.min_col, rng.max_row, rng.max_col)
    return grid


def grids_from_calamine(source: str | Path | bytes) -> list[Grid]:
    """One Grid per worksheet of a legacy .xls/.et workbook read by python-calamine (values only).

    calamine gives cached values, never formulas (formula cells read as their last result, and
    `formulas` stays empty), and no number formats: a percentage is the stored fraction (0.92, not
    "92%"); dates are recognised from their format and come back as dates. Error values ("#DIV/0!")
    read as empty cells. Raises calamine's own errors (CalamineError, PasswordError …) for bad files.
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    opened = (
        CalamineWorkbook.from_filelike(io.BytesIO(source))
        if isinstance(source, bytes)
        else CalamineWorkbook.from_path(str(source))
    )
    with opened as book:
        grids = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            # The enums are not hashable, so no dict from them to openpyxl's state names.
            hidden = meta.visible in (SheetVisibleEnum.Hidden, SheetVisibleEnum.VeryHidden)
            if _is_helper_sheet(meta.name, "hidden" if hidden else "visible"):
                continue
            grids.append(_calamine_grid(meta.name, book.get_sheet_by_name(meta.name)))
        return grids


def _calamine_grid(name: str, sheet) -> Grid:
    grid = Grid(name, "sheet")
    # skip_empty_area=False: rows and columns count from A1, so positions need no offset.
    for r, row in enumerate(sheet.to_python(skip_empty_area=False), start=1):
        for c, value in enumerate(row, start=1):
            if value == "" or value is None:
                continue
            grid.put(r, c, _calamine_value(value))
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        grid.merge(r0 + 1, c0 + 1, r1 + 1, c1 + 1)  # calamine gives 0-based inclusive corners
    return grid


def _calamine_value(value: object) -> object:
    if isinstance(value, dt.timedelta):  # a duration format such as [h]:mm
        return str(value)
    return shown_value(value)
