"""Render a SheetForm to .xlsx with XlsxWriter: the declared cells, their formulas, checks and print setup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile, load_profile
from workbook_tools.forms.sheet_model import to_cells
from workbook_tools.forms.sheet_spec import ENTRY_STYLES, SheetForm, evaluate
from workbook_tools.io.atomic import atomic_path
from workbook_tools.xlsx.identity import (
    EMBEDDED,
    META_SHEET,
    PREFIX,
    PROFILE_SETTINGS,
    PROFILE_SHA256,
    PROFILE_SOURCE,
    Identity,
)
from workbook_tools.xlsx.styles import ERROR_FILL, EXPLAIN_FILL, RATE, format_props

FIXED_CREATED = dt.datetime(2026, 1, 1, 0, 0, 0)
GUIDE_SHEET = "填表说明"

# Styles these forms add to xlsx.styles: a % input and the 是否实现 flag shown in words.
_EXTRA_STYLES = {
    "in_rate": ("in_amount", {"num_format": RATE, "align": "center"}),
    "calc_met": ("calc_plain", {"num_format": '[=1]"实现";[=0]"未实现";General'}),
}
_FILLS = {"error": ERROR_FILL, "explain": EXPLAIN_FILL}
_VALIDATION = {
    "number": ("decimal", "请输入数字（万元），不要带单位"),
    "score": ("decimal", "请输入数字（分）"),
    "rate": ("decimal", "请输入百分比，如 40%"),
    "int": ("integer", "请输入整数"),
}


class _Formats:
    def __init__(self, wb) -> None:
        self._wb, self._cache = wb, {}

    def dxf(self, color: str):
        """A fill-only format for conditional formatting, one per colour."""
        if color not in self._cache:
            self._cache[color] = self._wb.add_format({"bg_color": color})
        return self._cache[color]

    def __call__(self, style: str, locked: bool | None = None):
        key = (style, locked)
        if key not in self._cache:
            base, extra = _EXTRA_STYLES.get(style, (style, {}))
            props = {**format_props(base, locked), **extra}
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]


def write_sheet_form(
    form: SheetForm,
    path,
    *,
    profile: Profile | None = None,
    data: SelfEvaluation | None = None,
    stamp: Identity | None = None,
    cache_values: bool = True,
    lock_prefilled: bool = False,
    vba=None,
) -> Path:
    """Write the form (optionally filled with `data`) to `path` atomically; returns the path.

    cache_values stores the twin's results as cached formula values; pass False for an engine oracle.
    lock_prefilled locks the typed cells `data` fills (what distribute pre-fills from the roster).
    vba (an excel.xlsm.VbaBuild) makes the .xlsm variant (excel.sheet_xlsm): write to an .xlsm path.
    """
    profile = profile or load_profile(
        (data.profile if data and data.profile else None) or form.default_profile
    )
    if stamp is None:
        unit = data.unit if data is not None else None
        stamp = Identity(
            form.id, form.version, profile.name, unit.code if unit else "", unit.name if unit else ""
        )
    from workbook_tools.xlsx.writer import carried_settings  # a profile file's settings travel with the form

    carried = carried_settings(profile)
    with atomic_path(path) as tmp:
        _render(form, tmp, data, stamp, cache_values, carried, lock_prefilled, (vba, profile))
    return Path(path)


def _render(
    form: SheetForm,
    tmp: Path,
    data,
    stamp: Identity,
    cache_values: bool,
    carried,
    lock=False,
    vba=(None, None),
) -> None:
    wb = xlsxwriter.Workbook(
        str(tmp),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
            "default_row_height": 17,
        },
    )
    wb.set_properties(
        {
            "title": form.title,
            "subject": f"{form.id} {form.version}",
            "author": "workbook_tools",
            "company": "",
            "created": FIXED_CREATED,
        }
    )
    for key, value in stamp.items():
        wb.set_custom_property(PREFIX + key, value or "", "text")
    if carried is not None:  # as the project forms do (xlsx.writer): a marker and the digest here
        wb.set_custom_property(PREFIX + PROFILE_SOURCE, EMBEDDED, "text")
        wb.set_custom_property(PREFIX + PROFILE_SHA256, carried[1], "text")
    fmt = _Formats(wb)
    ws = wb.add_worksheet(form.sheet)
    guide = wb.add_worksheet(GUIDE_SHEET)
    meta = wb.add_worksheet(META_SHEET)
    inputs = to_cells(form, data) if data is not None else {}
    values = evaluate(form, inputs) if cache_values else {}
    for col, width in form.widths.items():
        ws.set_column(f"{col}:{col}", width)
    for row, height in form.heights.items():
        ws.set_row(row - 1, height)
    for t in form.texts:
        _put(ws, t.range, t.text, fmt(t.style))
    written: set[str] = set()
    for e in form.entries:
        if e.cell in written:
            continue  # a merged label shared by several rows' paths is one cell
        written.add(e.cell)
        if e.typed:
            locked = True if lock and e.cell in inputs else None  # pre-filled by the collector: kept
            _put(ws, e.range, inputs.get(e.cell), fmt(ENTRY_STYLES[e.kind], locked))
            _validate(ws, e)
        else:
            _put(ws, e.range, e.fixed, fmt("label"))
    for c in form.computed:
        cached = values.get(c.cell, "") if cache_values else 0
        f = fmt(c.style, locked=True)
        if c.range:
            ws.merge_range(c.range, "", f)
        ws.write_formula(c.cell, "=" + c.formula, f, cached)
        if c.severity:  # the 提示 cell takes the validator's annotation fill of its class while it speaks
            fill = wb.add_format({"bg_color": _FILLS[c.severity]})
            ws.conditional_format(
                c.cell, {"type": "formula", "criteria": f"=LEN({c.cell})>0", "format": fill}
            )
    ws.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )
    _print_setup(form, ws)
    _guide(guide, fmt, form)
    meta.hide()
    rows = list(stamp.items())
    if carried is not None:  # the settings themselves in a cell, which survives Excel/WPS saving
        rows += [(PROFILE_SETTINGS, carried[0]), (PROFILE_SHA256, carried[1])]
    for r, (key, value) in enumerate(rows):
        meta.write_string(r, 0, key)
        meta.write_string(r, 1, value or "")
    build, profile = vba
    if build is not None:  # while the workbook is open: XlsxWriter cannot add VBA to a finished file
        from workbook_tools.excel.sheet_xlsm import add_sheet_vba

        add_sheet_vba(wb, ws, form, build, profile)
    ws.activate()
    wb.close()


def _put(ws, rng: str, value: object, f) -> None:
    if ":" in rng:
        ws.merge_range(rng, "", f)
    cell = rng.split(":")[0]
    if value is None or value == "":
        ws.write_blank(cell, None, f)
    elif isinstance(value, bool):
        ws.write_string(cell, str(value), f)
    elif isinstance(value, int | float):
        ws.write_number(cell, value, f)
    else:
        ws.write_string(cell, str(value), f)


def _validate(ws, e) -> None:
    """Numbers only, not below 0 (rates between 0 and 1000 %); a score up to its row's 指标分值."""
    if e.kind not in _VALIDATION:
        return
    kind, message = _VALIDATION[e.kind]
    if e.limit:
        limits = {"criteria": "between", "minimum": 0, "maximum": "=" + e.limit}
        message = "自评得分应在 0 至指标分值之间"
    elif e.kind == "rate":
        limits = {"criteria": "between", "minimum": 0, "maximum": 10}
    else:
        limits = {"criteria": ">=", "value": 0}
    options = {"validate": kind, **limits, "error_title": "输入有误", "error_message": message}
    if e.prompt:
        options["input_message"] = e.prompt[:255]
    row, col = xl_cell_to_rowcol(e.cell)
    ws.data_validation(row, col, row, col, options)


def _print_setup(form: SheetForm, ws) -> None:
    ws.set_paper(9)  # A4
    if form.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.print_area(form.print_area)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if form.repeat_rows:
        first, last = form.repeat_rows.split(":")
        ws.repeat_rows(int(first) - 1, int(last) - 1)


def _guide(ws, fmt, form: SheetForm) -> None:
    ws.set_column("A:A", 92)
    ws.write_string(0, 0, f"{form.title}：填表说明", fmt("guide_head"))
    for i, line in enumerate(form.notes, start=1):
        ws.write_string(i, 0, f"{i}. {line}", fmt("guide"))
