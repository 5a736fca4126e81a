"""The .xlsm variant of a form declared cell by cell (forms.sheet_spec: the 部门整体 forms).

The same VBA project, buttons and code names as the project forms (excel.xlsm), placed by the sheet
form's own declarations instead of a FormSpec's plan: the cells the native check requires
(`SheetForm.required`), the status cell at the top of `status_col` with the buttons to its right, and
the cell the native check selects (`check_cell`). macros/WtNative.bas reads them through the four WT_
names; xlwings' 一键校验 validates the open book like `validate`, which knows these forms already.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook_tools.excel.xlsm import native_build, sheet_ref, xlwings_build
from workbook_tools.forms.sheet_spec import SheetForm


def required_cells(form: SheetForm) -> list[str]:
    """The value cells of the form's required paths, in declaration order."""
    return [form.entry(path).cell for path in form.required]


def status_cell(form: SheetForm) -> str:
    """Where the buttons write their one-line status: row 1 of the form's status column."""
    return f"{form.status_col}1"


def defined_names(form: SheetForm, profile: Any) -> dict[str, str]:
    """The four names macros/WtNative.bas reads, plus WT_PROFILE for the UDFs' profile argument."""
    sheet = form.sheet
    return {
        "WT_REQUIRED_CELLS": "=" + ",".join(sheet_ref(sheet, c) for c in required_cells(form)),
        "WT_STATUS_CELL": "=" + sheet_ref(sheet, status_cell(form)),
        "WT_CHECK_SHEET": "=" + sheet_ref(sheet, "A1"),
        "WT_CHECK_CELL": "=" + sheet_ref(sheet, form.check_cell),
        "WT_PROFILE": f'="{profile.name}"',
    }


def add_sheet_vba(wb: Any, ws: Any, form: SheetForm, vba: Any, profile: Any) -> None:
    """Attach `vba` (an excel.xlsm.VbaBuild) to the open workbook of a sheet form: conf sheet when xlwings is
    embedded, code names, WT_ names, the unlocked status cell, buttons and the VBA project."""
    if not (form.required and form.status_col and form.check_cell):
        raise ValueError(f"{form.id}: required, status_col and check_cell are needed for the .xlsm variant")
    vba.attach_to(wb, ws, form.sheet, defined_names(form, profile), status_cell(form))


def write_sheet_xlsm(form: SheetForm, path: str | Path, *, native: bool = False, **kwargs: Any) -> Path:
    """write_sheet_form with the VBA project attached (our macros only when `native`, else with xlwings)."""
    from workbook_tools.forms.sheet_writer import write_sheet_form

    return write_sheet_form(form, path, vba=native_build() if native else xlwings_build(), **kwargs)
