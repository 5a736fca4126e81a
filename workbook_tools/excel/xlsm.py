"""The .xlsm variant of a template: VBA project built from macros/*.bas, buttons, code names, WT_ names.

XlsxWriter cannot add a VBA project to a finished file, so the writer calls `VbaBuild.attach` while the
workbook is open (write_template(..., vba=...)). Two builds exist: `xlwings_build()` for users (our
macros + the standalone xlwings module + pre-generated UDF wrappers) and `native_build()` (our macros
only), which LibreOffice can compile and run in the tests. No xlwings import happens at module level.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbook_tools.errors import WorkbookToolsError
from workbook_tools.excel.udf_help import help_module, this_workbook_module
from workbook_tools.forms.plan import plan_of
from workbook_tools.vba import VbaModule, build_vba_project, load_modules

MACROS_DIR = Path(__file__).resolve().parents[2] / "macros"
# The portal's 在线校验 (issue 16): transport (WinHTTP) and marks, kept apart so LibreOffice tests the marks.
ONLINE_DIR = Path(__file__).resolve().parents[1] / "portal" / "vba"
ONLINE_BUTTON = ("WtOnlineCheck", "在线校验")
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.\-:\[\]]+(/[A-Za-z0-9._~/\-]*)?")
_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_\-]{16,128}")
CONF_SHEET = "_xlwings.conf"  # inactive until renamed to "xlwings.conf" (xlwings' own convention)
BUTTONS = (("WtCheck", "一键校验"), ("WtClearMarks", "清除标记"), ("WtRecalculate", "重新计算"))
MAIN_CODE_NAME = "WtForm"
CODE_NAMES = {"填表说明": "WtGuide", "_lists": "WtLists", "_meta": "WtMeta", CONF_SHEET: "WtConf"}
_CONF_ROWS = (
    ("Interpreter_Win", "python"),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", "workbook_tools.excel.udfs"),
    ("Debug UDFs", False),
    # RunPython then runs in the COM server that serves the UDFs: a warm click starts no new Python.
    ("Use UDF Server", True),
    ("Show Console", False),
)
_CONF_HELP = (
    "说明：把本表改名为 xlwings.conf（去掉开头的下划线）即生效，设置须从 A1 开始。",
    "Interpreter_Win 填 python.exe 的完整路径，例如 C:\\Users\\你的用户名\\AppData\\Local\\Programs\\Python\\"
    "Python311\\python.exe；留 python 表示使用 PATH 中的 Python。",
    "Rename this sheet to xlwings.conf to activate it; settings start in A1.",
)


@dataclass(frozen=True)
class OnlineCheck:
    """Where the 在线校验 button posts: the portal's address and the unit's private token."""

    url: str
    token: str

    def __post_init__(self) -> None:
        # Both become constants of defined names: only characters that cannot end the string are allowed.
        if not _SAFE_URL.fullmatch(self.url):
            raise WorkbookToolsError(
                f"门户地址“{self.url}”不是 http:// 或 https:// 开头的简单网址，无法写入模板"
            )
        if not _SAFE_TOKEN.fullmatch(self.token):
            raise WorkbookToolsError("单位令牌的格式不对，无法写入模板")


@dataclass(frozen=True)
class VbaBuild:
    """What goes into the .xlsm besides the template: modules, whether xlwings is embedded, and the
    portal the 在线校验 button posts to (None: no such button)."""

    modules: tuple[VbaModule, ...]
    embeds_xlwings: bool
    online: OnlineCheck | None = None

    def with_online(self, url: str, token: str) -> VbaBuild:
        """This build plus the 在线校验 button posting to the portal at `url` with the unit's `token`."""
        return replace(
            self, modules=(*self.modules, *online_modules()), online=OnlineCheck(url.rstrip("/"), token)
        )

    def attach(self, wb: Any, spec: Any, profile: Any, main_ws: Any) -> None:
        """Add conf sheet, code names, WT_ names, status cell, buttons and the VBA project to an open workbook."""
        self.attach_to(wb, main_ws, spec.sheet, defined_names(spec, profile), status_cell(spec))

    def attach_to(self, wb: Any, main_ws: Any, sheet: str, names: dict[str, str], status: str) -> None:
        """attach for any form: `names` are the WT_ names macros/WtNative.bas reads, `status` the cell the
        buttons write their status to (unlocked here), with the buttons just right of it."""
        if self.embeds_xlwings:
            _conf_sheet(wb)
        code_names = set_code_names(wb, sheet)
        for name, formula in names.items():
            wb.define_name(name, formula)
        if self.online is not None:  # read by WtOnlineSend.bas
            wb.define_name("WT_PORTAL_URL", f'="{self.online.url}"')
            wb.define_name("WT_PORTAL_TOKEN", f'="{self.online.token}"')
        _status_cell(wb, main_ws, status)
        _buttons(main_ws, status, (ONLINE_BUTTON,) if self.online is not None else ())
        blob = _project(self.modules, ("ThisWorkbook", *code_names))
        wb.add_vba_project(io.BytesIO(blob), is_stream=True)


@functools.lru_cache(maxsize=8)
def _project(modules: tuple[VbaModule, ...], document_modules: tuple[str, ...]) -> bytes:
    # Deterministic, so one build serves a whole distribution batch (0.2 s each with xlwings.bas).
    return build_vba_project(modules, document_modules=document_modules)


def macro_modules(directory: Path = MACROS_DIR) -> list[VbaModule]:
    """Our button and fallback macros (macros/*.bas), as the project stores them."""
    if not directory.is_dir():
        raise WorkbookToolsError(f"找不到宏源文件目录 {directory}（macros/*.bas）")
    return load_modules(directory)


@functools.lru_cache(maxsize=1)
def online_modules() -> tuple[VbaModule, ...]:
    """The 在线校验 modules (WtOnlineSend: WinHTTP transport; WtOnlineMarks: marks from the answer)."""
    return tuple(load_modules(ONLINE_DIR))


def native_build() -> VbaBuild:
    """Our macros only: buttons fall back to the pure-VBA checks (this is what LibreOffice can run)."""
    return VbaBuild(tuple(macro_modules()), embeds_xlwings=False)


@functools.lru_cache(maxsize=1)
def xlwings_build() -> VbaBuild:
    """Our macros, the standalone xlwings module, its Dictionary class, UDF wrappers and UDF help."""
    from workbook_tools.vba.udf_wrappers import WRAPPER_MODULE, generate_udf_wrappers

    xlwings_dir = _xlwings_dir()
    modules = [
        *macro_modules(),
        VbaModule.from_file(xlwings_dir / "xlwings.bas"),
        VbaModule.from_file(xlwings_dir / "addin" / "Dictionary.cls"),
        VbaModule(WRAPPER_MODULE, generate_udf_wrappers()),
        help_module(),
        this_workbook_module(),
    ]
    return VbaBuild(tuple(modules), embeds_xlwings=True)


def _xlwings_dir() -> Path:
    spec = importlib.util.find_spec("xlwings")  # located, not imported: no xlwings at module level
    if spec is None or not spec.submodule_search_locations:
        raise WorkbookToolsError('生成 .xlsm 需要 xlwings：请先 pip install "workbook-tools[excel]"')
    return Path(spec.submodule_search_locations[0])


def write_xlsm_template(spec: Any, path: str | Path, *, native: bool = False, **kwargs: Any) -> Path:
    """write_template with the VBA project attached; kwargs go to write_template unchanged."""
    from workbook_tools.xlsx.writer import write_template

    return write_template(spec, path, vba=native_build() if native else xlwings_build(), **kwargs)


def set_code_names(wb: Any, main_sheet: str) -> list[str]:
    """Give the workbook and every sheet an ASCII code name; returns the sheets' names in order."""
    wb.set_vba_name("ThisWorkbook")
    names = []
    for i, ws in enumerate(wb.worksheets(), start=1):
        code = MAIN_CODE_NAME if ws.name == main_sheet else CODE_NAMES.get(ws.name, f"WtSheet{i}")
        ws.set_vba_name(code)
        names.append(code)
    return names


def sheet_ref(sheet: str, cell: str) -> str:
    """'sheet'!$A$1 for a defined name."""
    col = cell.rstrip("0123456789")
    return f"'{sheet}'!${col}${cell[len(col) :]}"


def required_cells(spec: Any) -> list[str]:
    """Cells the native check insists on: required header fields and the typed funding total."""
    return list(plan_of(spec).required_cells)


def status_cell(spec: Any) -> str:
    """Where the buttons write their one-line status: top of the 提示 column (never printed)."""
    return plan_of(spec).status_cell


def defined_names(spec: Any, profile: Any) -> dict[str, str]:
    """The four names macros/WtNative.bas reads, plus WT_PROFILE for the UDFs' profile argument."""
    sheet = spec.sheet
    return {
        "WT_REQUIRED_CELLS": "=" + ",".join(sheet_ref(sheet, c) for c in required_cells(spec)),
        "WT_STATUS_CELL": "=" + sheet_ref(sheet, status_cell(spec)),
        "WT_CHECK_SHEET": "=" + sheet_ref(sheet, "A1"),
        "WT_CHECK_CELL": "=" + sheet_ref(sheet, plan_of(spec).warn_cell(spec.funding.header_row)),
        "WT_PROFILE": f'="{profile.name}"',
    }


def _status_cell(wb: Any, ws: Any, cell: str) -> None:
    # Unlocked, so the macros can write the status on the protected sheet.
    fmt = wb.add_format({"locked": False, "bold": True, "font_color": "#C00000", "valign": "vcenter"})
    ws.write_blank(cell, None, fmt)


def _buttons(ws: Any, status: str, extra: tuple[tuple[str, str], ...] = ()) -> None:
    from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

    row, col = xl_cell_to_rowcol(status)
    anchor = f"{xl_col_to_name(col + 1)}{row + 1}"  # just right of the status cell
    for i, (macro, caption) in enumerate((*BUTTONS, *extra)):
        ws.insert_button(
            anchor,
            {
                "macro": macro,
                "caption": caption,
                "width": 96,
                "height": 26,
                "x_offset": 6,
                "y_offset": 4 + 32 * i,
            },
        )


def _conf_sheet(wb: Any) -> None:
    ws = wb.add_worksheet(CONF_SHEET)
    for r, (key, value) in enumerate(_CONF_ROWS):
        ws.write_string(r, 0, key)
        if isinstance(value, bool):
            ws.write_boolean(r, 1, value)
        elif value:
            ws.write_string(r, 1, value)
    for r, text in enumerate(_CONF_HELP, start=len(_CONF_ROWS) + 3):
        ws.write_string(r, 0, text)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 40)
    ws.hide()
