"""Render a FormSpec to .xlsx with XlsxWriter: layout, formulas, validation, warnings, protection, print."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_range_abs

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import Profile, is_bundled_settings, load_profile, profile_to_toml
from workbook_tools.errors import WorkbookToolsError
from workbook_tools.forms import lists
from workbook_tools.forms.cells import blank, to_cells
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.guide import guide_lines
from workbook_tools.forms.plan import HELPER_ROLES, INDICATOR_INPUTS, plan_of
from workbook_tools.forms.registry import is_sheet_form
from workbook_tools.forms.spec import FormSpec, points_text
from workbook_tools.forms.twin import compute, group_weight, indicator_total
from workbook_tools.io.atomic import atomic_path
from workbook_tools.xlsx import validation
from workbook_tools.xlsx.identity import (
    EMBEDDED,
    META_SHEET,
    PREFIX,
    PROFILE_SETTINGS,
    PROFILE_SHA256,
    PROFILE_SOURCE,
    Identity,
    settings_digest,
)
from workbook_tools.xlsx.styles import Formats, row_height

FIXED_CREATED = dt.datetime(2026, 1, 1, 0, 0, 0)
INDICATOR_HEIGHT = 30.0  # points: every filled indicator line
SPARE_INDICATOR_ROWS = 2  # blank indicator lines left visible under the used ones of a filled form
GUIDE_WIDTH = 92  # 填表说明 column width: fits a portrait A4 page between its margins
TITLE_HEIGHT = 36.0  # points: the 18pt bold title clear of the year line below it
LISTS_SHEET = "_lists"
GUIDE_SHEET = "填表说明"
MAX_CELL_CHARS = 32767  # what one Excel cell holds


def write_template(
    spec: FormSpec,
    path,
    *,
    profile: Profile | None = None,
    data: SelfEvaluation | None = None,
    stamp: Identity | None = None,
    lock_prefilled: bool = False,
    cache_values: bool = True,
    vba=None,
) -> Path:
    """Write the form (optionally filled with `data`) to `path` atomically; returns the path.

    cache_values stores the twin's results as cached formula values, so readers that do not
    recalculate (previewers, calamine) still show the right numbers; pass False for an engine oracle.
    vba (a workbook_tools.excel.xlsm.VbaBuild) adds the VBA project and buttons: write to an .xlsm path.
    """
    if is_sheet_form(spec):  # the department forms declared cell by cell have their own renderer
        from workbook_tools.forms.sheet_writer import write_sheet_form

        return write_sheet_form(
            spec,
            path,
            profile=profile,
            data=data,
            stamp=stamp,
            cache_values=cache_values,
            lock_prefilled=lock_prefilled,
            vba=vba,
        )
    profile = profile or load_profile(
        (data.profile if data and data.profile else None) or spec.default_profile
    )
    stamp = stamp or _default_stamp(spec, profile, data)
    with atomic_path(path) as tmp:
        _render(spec, tmp, profile, data, stamp, lock_prefilled, cache_values, vba)
    return Path(path)


def _default_stamp(spec: FormSpec, profile: Profile, data: SelfEvaluation | None) -> Identity:
    if data is None:
        return Identity(spec.id, spec.version, profile.name)
    return Identity(spec.id, spec.version, profile.name, data.unit.code, data.unit.name, data.project.name)


def _render(spec, tmp: Path, profile, data, stamp, lock_prefilled, cache_values, vba=None) -> None:
    wb = xlsxwriter.Workbook(
        str(tmp),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            # Column widths count digits of the Normal font. Arial 10 has Calibri 11's 7-pixel digit
            # (same widths in Excel/WPS) and a metric twin on Linux (Liberation Sans): LibreOffice then
            # lays the sheet out, and scales the printed page, as Excel does.
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
            "default_row_height": 17,
        },
    )
    wb.set_properties(
        {
            "title": spec.title,
            "subject": f"{spec.id} {spec.version}",
            "author": "workbook_tools",
            "company": "",
            "created": FIXED_CREATED,
        }
    )
    for key, value in stamp.items():
        wb.set_custom_property(PREFIX + key, value or "", "text")
    carried = carried_settings(profile)
    if carried is not None:  # custom properties hold 255 characters: only a marker and the digest there
        wb.set_custom_property(PREFIX + PROFILE_SOURCE, EMBEDDED, "text")
        wb.set_custom_property(PREFIX + PROFILE_SHA256, carried[1], "text")
    fmt = Formats(wb)
    ws = wb.add_worksheet(spec.sheet)
    guide = wb.add_worksheet(GUIDE_SHEET)
    lists_ws = wb.add_worksheet(LISTS_SHEET)
    meta = wb.add_worksheet(META_SHEET)
    _define_names(wb, profile, spec)
    _write_lists(lists_ws, wb, profile)
    inputs = to_cells(spec, data) if data is not None else {}
    computed = compute(spec, inputs, profile)
    points = (profile.execution_weight, indicator_total(profile))
    sheet = Sheet(spec, ws, fmt, inputs, computed if cache_values else None, lock_prefilled, points)
    sheet.render()
    validation.apply(spec, ws, profile)
    validation.conditional(spec, ws, fmt)
    _protect(ws, profile)
    _print_setup(spec, ws)
    _write_guide(guide, fmt, spec, profile, hidden_rows=bool(sheet.hidden))
    _write_meta(meta, stamp, carried)
    if vba is not None:  # while the workbook is open: XlsxWriter cannot add VBA to a finished file
        vba.attach(wb, spec, profile, ws)
    ws.activate()
    wb.close()


def _define_names(wb, profile: Profile, spec: FormSpec) -> None:
    names: dict[str, object] = {
        "WT_TOTAL": profile.total,
        "WT_EXEC_WEIGHT": profile.execution_weight,
        "WT_EXEC_CAP": profile.execution_rate_cap,
        "WT_EXEC_THRESHOLD": profile.execution_reason_threshold,
        "WT_DEV_THRESHOLD": profile.deviation_threshold,
        "WT_DEV_PENALTY": profile.deviation_penalty,
        "WT_TOTAL_CAPS": 1 if profile.total_caps else 0,
        "WT_REVERSE_LINEAR": 1 if profile.reverse_mode == "linear" else 0,
        "WT_INDICATOR_TOTAL": indicator_total(profile),
        "WT_TPL_VERSION": spec.version,
    }
    if spec.summary is not None:
        for g in spec.summary.groups:
            names[g.weight_name] = group_weight(profile, g.label)
    for name, value in names.items():
        wb.define_name(name, f'="{value}"' if isinstance(value, str) else f"={value:.15g}")


def _write_lists(ws, wb, profile: Profile) -> None:
    ws.very_hidden()
    for col, named in enumerate(lists.named_lists(profile)):
        ws.write_string(0, col, named.name)
        for r, value in enumerate(named.values, start=1):
            if isinstance(value, str):
                ws.write_string(r, col, value)
            else:
                ws.write_number(r, col, value)
        # A plain absolute range (never the malformed Sheet!$A$1:Sheet!$A$8 form, XlsxWriter #966).
        ref = xl_range_abs(1, col, len(named.values), col)
        wb.define_name(named.name, f"={LISTS_SHEET}!{ref}")


def _write_meta(ws, stamp: Identity, carried: tuple[str, str] | None = None) -> None:
    ws.hide()
    rows = list(stamp.items())
    if carried is not None:  # a cell survives Excel/WPS saving; a custom property holds 255 characters
        rows += [(PROFILE_SETTINGS, carried[0]), (PROFILE_SHA256, carried[1])]
    for r, (key, value) in enumerate(rows):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value or "")


def carried_settings(profile: Profile) -> tuple[str, str] | None:
    """(TOML text, its SHA-256) a template carries when its rules are not exactly a bundled profile."""
    if is_bundled_settings(profile):
        return None  # named by the stamp alone: templates from bundled profiles stay as they were
    text = profile_to_toml(profile)
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(f"规则配置“{profile.name}”过长（{len(text)} 个字符），无法写入模板")
    return text, settings_digest(text)


def _protect(ws, profile: Profile) -> None:
    ws.protect(
        profile.protection_password or "",
        {
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )


def _print_setup(spec: FormSpec, ws) -> None:
    """A4, one page wide, as many pages tall as the rows need; the indicator header on every page.

    The print area is the official form (A..last printed column) down to its last row; unused
    indicator lines of a filled form are hidden (Sheet), so they take no paper.
    """
    ws.set_paper(9)
    if spec.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    first, last = spec.print_cols.split(":")
    ws.print_area(f"{first}1:{last}{spec.last_row}")
    header = spec.indicators.header_row - 1  # repeat_rows counts from 0
    ws.repeat_rows(header, header)
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(f"&C{spec.title}　第 &P 页，共 &N 页")


def _write_guide(ws, fmt, spec: FormSpec, profile: Profile, hidden_rows: bool = False) -> None:
    """The 填表说明 sheet: wrapped lines on one portrait A4 page."""
    ws.set_column(0, 0, GUIDE_WIDTH)
    lines = guide_lines(spec, profile)
    if hidden_rows:
        lines.append(
            (
                "guide",
                "本表已预填指标，未用的指标行已隐藏，打印更紧凑；需要增加指标时，"
                "选中上下两行后右键“取消隐藏”即可。",
            )
        )
    for r, (style, text) in enumerate(lines):
        ws.write_string(r, 0, text, fmt(style))
        ws.set_row(r, row_height([(text, GUIDE_WIDTH)], minimum=18, line=15))
    ws.set_paper(9)
    ws.set_portrait()
    ws.print_area(0, 0, max(len(lines) - 1, 0), 0)
    ws.fit_to_pages(1, 1)  # one sheet of paper: the guide is about a page long
    ws.set_margins(left=0.6, right=0.6, top=0.5, bottom=0.5)
    ws.set_footer("&C填表说明　第 &P 页")
    ws.protect("", {"select_locked_cells": True})


class Sheet:
    """Writes one main sheet: labels, inputs, formulas; addresses come from the spec only."""

    def __init__(
        self,
        spec: FormSpec,
        ws,
        fmt,
        inputs: dict,
        computed: dict | None,
        lock_prefilled: bool,
        points: tuple[float, float] = (0.0, 0.0),
    ):
        self.spec, self.ws, self.fmt = spec, ws, fmt
        self.inputs, self.computed, self.lock = inputs, computed, lock_prefilled
        self.points = points  # (execution weight, indicator points) shown in labels that carry them
        self.plan = plan_of(spec)
        self.formulas = formula_cells(spec)
        self.heights: dict[int, list[tuple[str, float]]] = {}
        self.titles: set[int] = set()
        self.floors: dict[int, float] = {}  # row → least height, whatever its texts need
        self.hidden: set[int] = set()  # unused indicator rows of a filled form (not printed)

    def render(self) -> None:
        """Write the whole sheet."""
        self._columns()
        for t in self.spec.texts:
            self.text(t.range, t.text, t.style)
        self._fields()
        self._funding()
        self._indicators()
        self._summary()
        self._warn_headers()
        if ":" in self.spec.subtitle:
            self.ws.merge_range(self.spec.subtitle, "", self.fmt("subtitle"))
        self._formulas()
        self._heights()

    def _columns(self) -> None:
        for col, width in self.spec.widths.items():
            hidden = col in {self.spec.indicators.columns.get(k) for k in HELPER_ROLES}
            self.ws.set_column(f"{col}:{col}", width, None, {"hidden": hidden})

    def width(self, rng: str) -> float:
        """Total width of the columns of a range."""
        a, b = (rng.split(":") + [rng])[:2]
        c1, c2 = xl_cell_to_rowcol(a)[1], xl_cell_to_rowcol(b)[1]
        return sum(self.spec.widths.get(xl_col_to_name(c), 8.43) for c in range(c1, c2 + 1))

    def text(self, rng: str, text: str, style: str = "label") -> None:
        """A fixed label, merged when the range spans several cells; {exec}/{indicators} become points."""
        text = points_text(text, *self.points)
        if ":" in rng:
            self.ws.merge_range(rng, "", self.fmt(style))
        self.ws.write_string(rng.split(":")[0], text, self.fmt(style))
        if style == "title":
            self.titles.add(_row(rng))
        else:
            self.heights.setdefault(_row(rng), []).append((text, self.width(rng)))

    def value(self, rng: str, style: str) -> None:
        """An input cell (merged if a range), holding the pre-filled value if any."""
        addr = rng.split(":")[0]
        value = self.inputs.get(addr)
        locked = True if (self.lock and not blank(value)) else None
        f = self.fmt(style, locked)
        if ":" in rng:
            self.ws.merge_range(rng, "", f)
        if blank(value):
            self.ws.write_blank(addr, None, f)
        elif isinstance(value, str):
            self.ws.write_string(addr, value, f)
            self.heights.setdefault(_row(addr), []).append((value, self.width(rng)))
        elif isinstance(value, float) and not math.isfinite(value):
            raise WorkbookToolsError(f"{addr} 的值 {value} 不是有效的数字，无法写入")
        else:
            self.ws.write_number(addr, value, f)

    def _fields(self) -> None:
        for f in self.spec.fields:
            self.text(f.label_range, f.shown or f.label, "label")
            style = {"int": "in_int", "number": "in_amount"}.get(f.kind, "in_text")
            self.value(f.value_range, style)

    def _funding(self) -> None:
        fb = self.spec.funding
        self.text(fb.title_range, fb.title, "header")
        self.text(_span(fb.label_cols, fb.header_row), "", "header")
        for role, header in fb.headers.items():
            self.text(_span(fb.columns[role], fb.header_row), header, "header")
        for i, label in enumerate(fb.labels):
            r = fb.first_row + i
            self.text(_span(fb.label_cols, r), label, "label")
            if i in self.plan.typed_funding_lines:
                for role in fb.inputs:
                    self.value(self.plan.funding(role, i), "in_amount")
            if "reason" in fb.columns:
                self.value(_span(fb.columns["reason"], r), "in_text")
            if i > 0:
                for role in ("weight", "score"):
                    if role in fb.columns:
                        self.text(fb.cell(role, i), "/", "label")

    def _indicators(self) -> None:
        ib = self.spec.indicators
        cols = ib.columns
        for role, header in ib.headers.items():
            style = "helper" if role in ("code", "low", "high", "numeric") else "header"
            self.text(f"{cols[role]}{ib.header_row}", header, style)
        styles = {
            "nature": "in_center",
            "unit": "in_center",
            "target": "in_center",
            "actual": "in_center",
            "weight": "in_center",
            "manual": "in_score",
        }
        used = self._used_indicators()
        for i, line in enumerate(self.plan.indicator_lines):
            for role in INDICATOR_INPUTS:
                if role in line:
                    self.value(line[role], styles.get(role, "in_text"))
            if i < used:
                self.floors[ib.first_row + i] = INDICATOR_HEIGHT
            elif used and i >= used + SPARE_INDICATOR_ROWS:
                self.hidden.add(ib.first_row + i)
        # A blank template keeps all its lines at the default height (compact; Excel grows a line
        # as it is typed in). A filled one shows its lines and a couple of spare ones, the rest hidden.

    def _used_indicators(self) -> int:
        """Indicator lines up to the last one holding any input (0 for a blank form)."""
        lines = self.plan.indicator_lines
        used = [
            i
            for i, line in enumerate(lines)
            if any(not blank(self.inputs.get(line[r])) for r in INDICATOR_INPUTS if r in line)
        ]
        return max(used) + 1 if used else 0

    def _summary(self) -> None:
        sb = self.spec.summary
        if sb is None:
            return
        self.text(_span(sb.label_cols, sb.header_row), sb.headers["label"], "header")
        for key, cols in sb.columns.items():
            self.text(_span(cols, sb.header_row), sb.headers[key], "header")
        labels = [g.label + "小计" for g in sb.groups] + ["绩效指标合计", "总分"]
        for r, label in zip([*sb.group_rows, sb.all_row, sb.total_row], labels, strict=True):
            self.text(_span(sb.label_cols, r), label, "header" if label == "总分" else "label")
            for key, cols in sb.columns.items():
                if ":" in cols:
                    self.ws.merge_range(
                        _span(cols, r), "", self.fmt("calc_score" if key != "note" else "label")
                    )

    def _warn_headers(self) -> None:
        col = self.spec.warn_col
        for r in {self.spec.funding.header_row, self.spec.indicators.header_row}:
            self.ws.write_string(self.plan.warn_cell(r), "提示（不打印）", self.fmt("helper"))
        self.ws.set_column(f"{col}:{col}", self.spec.widths.get(col, 30), self.fmt("warn"))

    def _formulas(self) -> None:
        styles = self.plan.computed_styles
        for addr, formula in self.formulas.items():
            style = styles.get(addr, "calc_plain")
            cached = self.computed.get(addr, "") if self.computed is not None else ""
            if cached is None:
                cached = ""
            self.ws.write_formula(addr, formula, self.fmt(style), cached)

    def _heights(self) -> None:
        """Row heights (set_row counts from 0, sheet rows from 1): the spec's, at least what texts need."""
        rows = set(self.heights) | set(self.spec.heights) | set(self.floors) | self.titles
        for r in sorted(self.hidden - rows):
            self.ws.set_row(r - 1, None, None, {"hidden": True})
        for r in sorted(rows):
            items = self.heights.get(r)
            h = max(
                self.spec.heights.get(r, 0.0),
                row_height(items) if items else 0.0,
                self.floors.get(r, 0.0),
                TITLE_HEIGHT if r in self.titles and r not in self.spec.heights else 0.0,
            )
            self.ws.set_row(r - 1, h, None, {"hidden": r in self.hidden})


def _row(rng: str) -> int:
    return xl_cell_to_rowcol(rng.split(":")[0])[0] + 1


def _span(cols: str, row: int) -> str:
    """A single row range over a column span ("J:K", 6 → "J6:K6")."""
    parts = cols.split(":")
    return f"{parts[0]}{row}:{parts[1]}{row}" if len(parts) == 2 else f"{parts[0]}{row}"
