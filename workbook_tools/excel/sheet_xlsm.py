"""The .xlsm variant of a form declared cell by cell (forms.sheet_spec: the 部门整体 forms).

The same VBA project, buttons and code names as the project forms (excel.xlsm), placed by the sheet
form's own declarations instead of a FormSpec's plan: the cells the native check requires
(`SheetForm.required`), the status cell at the top of `status_col` with the buttons to its right, and
the cell the native check selects (`check_cell`). macros/WtNative.bas reads them through the four WT_
names; xlwings' 一键校验 validates the open book like `validate`, which knows these forms already.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from workbook_tools.excel.xlsm import (
    BUTTONS,
    ONLINE_BUTTON,
    native_build,
    set_code_names,
    xlwings_build,
)
from workbook_tools.forms.sheet_spec import SheetForm
from workbook_tools.vba import build_vba_project


def _ref(sheet: str, cell: str) -> str:
    row, col = xl_cell_to_rowcol(cell)
    return f"'{sheet}'!${xl_col_to_name(col)}${row + 1}"


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
        "WT_REQUIRED_CELLS": "=" + ",".join(_ref(sheet, c) for c in required_cells(form)),
        "WT_STATUS_CELL": "=" + _ref(sheet, status_cell(form)),
        "WT_CHECK_SHEET": "=" + _ref(sheet, "A1"),
        "WT_CHECK_CELL": "=" + _ref(sheet, form.check_cell),
        "WT_PROFILE": f'="{profile.name}"',
    }


def add_sheet_vba(wb: Any, ws: Any, form: SheetForm, vba: Any, profile: Any) -> None:
    """Attach `vba` (an excel.xlsm.VbaBuild) to the open workbook of a sheet form: conf sheet when xlwings is
    embedded, code names, WT_ names, the unlocked status cell, buttons and the VBA project."""
    if not (form.required and form.status_col and form.check_cell):
        raise ValueError(f"{form.id}: required, status_col and check_cell are needed for the .xlsm variant")
    if vba.embeds_xlwings:
        from workbook_tools.excel.xlsm import _conf_sheet  # the same inactive xlwings.conf sheet

        _conf_sheet(wb)
    code_names = set_code_names(wb, form.sheet)
    for name, formula in defined_names(form, profile).items():
        wb.define_name(name, formula)
    if vba.online is not None:  # read by WtOnlineSend.bas
        wb.define_name("WT_PORTAL_URL", f'="{vba.online.url}"')
        wb.define_name("WT_PORTAL_TOKEN", f'="{vba.online.token}"')
    # Unlocked, so the macros can write the status on the protected sheet.
    fmt = wb.add_format({"locked": False, "bold": True, "font_color": "#C00000", "valign": "vcenter"})
    ws.write_blank(status_cell(form), None, fmt)
    _buttons(ws, form, (ONLINE_BUTTON,) if vba.online is not None else ())
    blob = build_vba_project(list(vba.modules), document_modules=("ThisWorkbook", *code_names))
    wb.add_vba_project(io.BytesIO(blob), is_stream=True)


def _buttons(ws: Any, form: SheetForm, extra: tuple[tuple[str, str], ...] = ()) -> None:
    col = xl_col_to_name(xl_cell_to_rowcol(status_cell(form))[1] + 1)
    for i, (macro, caption) in enumerate((*BUTTONS, *extra)):
        ws.insert_button(
            f"{col}1",
            {
                "macro": macro,
                "caption": caption,
                "width": 96,
                "height": 26,
                "x_offset": 6,
                "y_offset": 4 + 32 * i,
            },
        )


def write_sheet_xlsm(form: SheetForm, path: str | Path, *, native: bool = False, **kwargs: Any) -> Path:
    """write_sheet_form with the VBA project attached (our macros only when `native`, else with xlwings)."""
    from workbook_tools.forms.sheet_writer import write_sheet_form

    return write_sheet_form(form, path, vba=native_build() if native else xlwings_build(), **kwargs)
