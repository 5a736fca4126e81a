"""Write a Summary as an .xlsx with XlsxWriter: formatted tables, frozen headers, filters, native charts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from workbook_tools.collect.consolidate import (
    PRINTED_UNTIL,
    Summary,
    SummaryRows,
    grade_distribution,
    rate_distribution,
    table_total,
)
from workbook_tools.collect.records import FileRecord
from workbook_tools.collect.table_xml import (
    STYLE_ORDER,
    RenderedRows,
    TableSheet,
    cell_text,
    display_width,
    kind_of,
    writes_as_number,
)
from workbook_tools.core.profile import Profile
from workbook_tools.io.atomic import atomic_path

# Sheets in the order a reader looks at them; the key is the Summary attribute.
SHEETS = (
    ("汇总", "projects"),
    ("部门汇总", "departments"),
    ("部门指标汇总", "department_indicators"),
    ("指标明细", "indicators"),
    ("问题清单", "findings"),
    ("部门整体", "whole"),  # written only when the batch has 部门整体 returns (see OPTIONAL_SHEETS)
)
OPTIONAL_SHEETS = {"whole"}
CHART_SHEET = "图表"
NOTE_SHEET = "说明"
CHART_TOP_N = 20  # more than 2 × this many projects: the 总分 chart shows the top and bottom N
CHART_PAGE_ROWS = 46  # rows of the 图表 sheet per printed page (15 pt rows, landscape A4 at CHART_SCALE)
CHART_SCALE = 52  # % (LibreOffice draws default columns wider than XlsxWriter's 64 px: keep a margin)
CHART_LAST_COL = 23  # X: the right edge of the printed charts
CHART_DATA_COL = 6  # G: the 总分 chart's own table when it shows top/bottom N
TOTALS = {"projects": "个项目", "departments": "个部门", "whole": "个单位"}  # tables that end in a 合计 row


def print_landscape(ws, title: str, header_row: int | None = 0) -> None:
    """Landscape A4, one page wide, the header row repeated on every page, the sheet named in the footer."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row, header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(f"&C{title}　第 &P 页，共 &N 页")


def write_summary(
    summary: Summary,
    path: str | Path,
    profile: Profile,
    notes: list[tuple[str, Any]] | None = None,
    rendered: Mapping[str, RenderedRows] | None = None,
) -> Path:
    """Write the summary workbook atomically and return its path.

    `rendered` holds rows of a table (by Summary attribute) already rendered while records arrived;
    they are used when they cover exactly the table's rows and columns, else the table is rendered here.
    """
    rendered = rendered or {}
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False})
        fmt = _formats(wb)
        _write_notes(wb, fmt, profile, summary, notes or [])
        for name, attr in SHEETS:
            if attr in OPTIONAL_SHEETS and not len(getattr(summary, attr)):
                continue
            ws = wb.add_worksheet(name, worksheet_class=TableSheet)
            shown = _write_table(ws, getattr(summary, attr), fmt, rendered.get(attr), TOTALS.get(attr))
            print_landscape(ws, name)
            if attr == "projects" and PRINTED_UNTIL in shown:  # the tracing columns stay on screen
                ws.print_area(0, 0, len(summary.projects) + 1, shown.index(PRINTED_UNTIL))
        _write_charts(wb, fmt, summary, profile)
        wb.close()
    return Path(path)


class LiveRendering:
    """汇总, 指标明细 and 问题清单 rows gathered and rendered record by record, while workers compute.

    `rendered` maps a table (Summary attribute) to its rows rendered so far. 汇总 has a column per
    一级指标 the returns use, so a record may bring a column the rows rendered before it lack: the
    table is then rendered again from its first row, and its rendering always has the table's columns.
    """

    def __init__(self, groups: Mapping[str, str] | None = None) -> None:
        self.rows = SummaryRows(groups)
        self.rendered = {table: RenderedRows(c.columns) for table, c in self.rows.columns.items()}

    def add(self, rec: FileRecord) -> None:
        """Gather one record's rows and render them."""
        before = {table: len(rows) for table, rows in self.rows.rows.items()}
        self.rows.add(rec)
        for table, rows in self.rows.rows.items():
            columns = self.rows.columns[table].columns
            if self.rendered[table].columns != columns:
                self.rendered[table] = RenderedRows(columns)  # a new column: redo the rows so far
                before[table] = 0
            rendering = self.rendered[table]
            for row in rows[before[table] :]:
                rendering.add_dict(row)


def _formats(wb: xlsxwriter.Workbook) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    styles = {
        "head": {
            **base,
            "bold": True,
            "bg_color": "#DDEBF7",
            "border": 1,
            "text_wrap": True,
            "align": "center",
        },
        "text": base,
        "money": {**base, "num_format": "#,##0.00"},
        "rate": {**base, "num_format": "0.00%"},
        "score": {**base, "num_format": "0.00"},
        "count": {**base, "num_format": "0"},
        "title": {**base, "bold": True, "font_size": 14},
    }
    formats = {}
    for i, name in enumerate(STYLE_ORDER, start=1):
        formats[name] = wb.add_format(styles[name])
        # Fix the style index now (XlsxWriter assigns it on first use, at close) so rows rendered
        # ahead of the workbook can name it; table_xml.STYLE_INDEX relies on this order.
        if formats[name]._get_xf_index() != i:
            raise AssertionError(f"style {name} got index {formats[name].xf_index}, expected {i}")
    return formats


def _write_table(
    ws: TableSheet,
    df: pd.DataFrame,
    fmt: dict[str, Any],
    rows: RenderedRows | None = None,
    total: str | None = None,
) -> list[str]:
    """A header row with 序号 first, typed cells, a 合计 row when `total` names what is counted, widths
    from content, frozen header and an autofilter over the data rows (the 合计 row stays out of it)."""
    columns = list(df.columns)
    if rows is None or rows.columns != columns or len(rows) != len(df) or rows.totals:
        rows = RenderedRows(columns).extend(df.itertuples(index=False))
    shown = rows.shown_columns
    for j, name in enumerate(shown):
        ws.write_string(0, j, name, fmt["head"])
    if total is not None and len(df):
        rows.add_total(table_total(df, total))
    ws.data_rows = rows
    if len(df) and columns:
        ws._check_dimensions(rows.rows_written, len(shown) - 1)  # the <dimension> covers the rendered rows
    for j, w in enumerate(rows.widths):
        # Headers wrap, so a number column needs only its numbers' width: the printed page stays legible.
        most = 40 if kind_of(shown[j]) == "text" else 11
        ws.set_column(j, j, min(max(w + 2, 6), most))
    ws.set_row(0, 30)
    freeze_col = shown.index("项目") + 1 if "项目" in shown else 2
    ws.freeze_panes(1, freeze_col)
    if columns:
        ws.autofilter(0, 0, max(len(df), 1), len(shown) - 1)
    return shown


def _write_cell(ws, i: int, j: int, value: object, cell_fmt) -> int:
    """Write one value by type; returns its display width."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(i, j, None, cell_fmt)
        return 0
    if writes_as_number(value):
        ws.write_number(i, j, float(value), cell_fmt)
        return 10
    text = cell_text(value)
    ws.write_string(i, j, text, cell_fmt)
    return display_width(text)


def _write_notes(wb, fmt, profile: Profile, summary: Summary, notes: list[tuple[str, Any]]) -> None:
    ws = wb.add_worksheet(NOTE_SHEET)
    ws.write_string(0, 0, "预算绩效自评汇总", fmt["title"])
    lines: list[tuple[str, Any]] = [
        ("生成时间", dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("规则配置", f"{profile.name}（{profile.title}）"),
        ("纳入汇总的报表数", len(summary.projects)),
        *(
            [("部门整体报表数", f"{len(summary.whole)} 个（见“部门整体”工作表，不计入项目汇总）")]
            if len(summary.whole)
            else []
        ),
        ("问题数", len(summary.findings)),
        *notes,
        ("计算口径", "所有执行率、得分、总分均按报表中的原始填报数据重新计算，不采用表内缓存值。"),
        (
            "部门汇总",
            "绝对值指标（数量、金额、人次）求和；相对值指标（比率、满意度）按资金额加权平均；"
            "定性和时效指标按得分率资金加权平均；先汇总完成数，再计算得分。",
        ),
        ("资金权数", "调整后预算" if profile.consolidation_weight == "budget" else "执行数"),
        (
            "等级",
            "；".join(f"{k} ≥ {v:g}" for k, v in sorted(profile.grade_bands.items(), key=lambda kv: -kv[1])),
        ),
    ]
    wrapped = wb.add_format({"font_name": "宋体", "font_size": 10, "valign": "vcenter", "text_wrap": True})
    for i, (key, value) in enumerate(lines, start=2):
        ws.write_string(i, 0, key, fmt["head"])
        _write_cell(ws, i, 1, value, wrapped)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 90)
    print_landscape(ws, NOTE_SHEET, header_row=None)


def _write_charts(wb, fmt, summary: Summary, profile: Profile) -> None:
    """Band tables on the 图表 sheet and native charts that reference live cell ranges.

    Printed landscape, one chart per page: the band tables and the 总分 chart on page 1, each
    band chart on a page of its own (manual page breaks; charts sized to fit a page at 100 %).
    """
    ws = wb.add_worksheet(CHART_SHEET)
    rates = rate_distribution(summary.projects)
    grades = grade_distribution(summary.projects, profile)
    _write_small_table(ws, 0, 0, rates, fmt)
    _write_small_table(ws, 0, 3, grades, fmt)
    ws.set_column(0, 0, 14)
    ws.set_column(3, 3, 8)
    ws.set_column(5, 5, 2)
    for r in range(3 * CHART_PAGE_ROWS):
        ws.set_row(r, 15)
    score = _score_chart(wb, ws, summary.projects, fmt)
    # G..X (18 × 64 px) holds the 1050 px wide 总分 chart beside the band tables, A..X a 1300 px band
    # chart; each is 840 px (42 rows of 20 px) tall, on a page of CHART_PAGE_ROWS rows.
    size = {"x_offset": 4, "y_offset": 4, "object_position": 3}
    ws.insert_chart(1, 6, score, {**size, "x_scale": 1050 / 480, "y_scale": 840 / 288})
    bands = (
        _band_chart(wb, "执行率分布", "执行率区间", len(rates), 0),
        _band_chart(wb, "等级分布", "等级", len(grades), 3),
    )
    for page, chart in enumerate(bands, start=1):
        ws.insert_chart(
            page * CHART_PAGE_ROWS + 1, 0, chart, {**size, "x_scale": 1300 / 480, "y_scale": 840 / 288}
        )
    ws.set_h_pagebreaks([CHART_PAGE_ROWS * page for page in range(1, len(bands) + 1)])
    ws.print_area(0, 0, (len(bands) + 1) * CHART_PAGE_ROWS - 1, CHART_LAST_COL)
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_print_scale(CHART_SCALE)  # no fit-to-page: Excel would then ignore the manual page breaks
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(f"&C{CHART_SHEET}　第 &P 页，共 &N 页")


def _write_small_table(ws, row: int, col: int, df: pd.DataFrame, fmt) -> None:
    for j, name in enumerate(df.columns):
        ws.write_string(row, col + j, name, fmt["head"])
    for i, values in enumerate(df.itertuples(index=False), start=row + 1):
        ws.write_string(i, col, str(values[0]), fmt["text"])
        ws.write_number(i, col + 1, int(values[1]), fmt["count"])


def _score_chart(wb, ws, projects: pd.DataFrame, fmt):
    """Column chart of 总分 by unit, referencing the 汇总 sheet.

    With more than 2 × CHART_TOP_N projects it shows the top and bottom CHART_TOP_N by 总分 from a
    table of its own on the 图表 sheet (column G on, below the charts' pages), and says so in its title.
    """
    chart = wb.add_chart({"type": "column"})
    last = max(len(projects), 1)
    cols = list(projects.columns)
    title = "各单位自评总分"
    if len(projects) > 2 * CHART_TOP_N:
        ranked = projects.sort_values("总分", ascending=False, kind="stable")
        shown = pd.concat([ranked.head(CHART_TOP_N), ranked.tail(CHART_TOP_N)])
        top = 3 * CHART_PAGE_ROWS + 1  # below the printed pages
        col = CHART_DATA_COL
        ws.write_string(top, col, "单位名称", fmt["head"])
        ws.write_string(top, col + 1, "总分", fmt["head"])
        for i, (name, total) in enumerate(zip(shown["单位名称"], shown["总分"], strict=True), start=1):
            ws.write_string(top + i, col, cell_text(name), fmt["text"])
            if writes_as_number(total):
                ws.write_number(top + i, col + 1, float(total), fmt["score"])
        categories = [CHART_SHEET, top + 1, col, top + len(shown), col]
        values = [CHART_SHEET, top + 1, col + 1, top + len(shown), col + 1]
        title += f"（共 {len(projects)} 个项目，显示最高 {CHART_TOP_N} 个和最低 {CHART_TOP_N} 个）"
    else:
        # +1: the sheet's 序号 column comes before the table's own columns.
        categories = ["汇总", 1, cols.index("单位名称") + 1, last, cols.index("单位名称") + 1]
        values = ["汇总", 1, cols.index("总分") + 1, last, cols.index("总分") + 1]
    chart.add_series(
        {
            "name": "总分",
            "categories": categories,
            "values": values,
            "data_labels": {
                "value": True,
                "num_format": "0.0",
                "font": {"size": 7 if len(projects) > 20 else 9},
            },
            "fill": {"color": "#4472C4"},
        }
    )
    chart.set_title({"name": title})
    chart.set_y_axis({"min": 0, "max": 100, "major_gridlines": {"visible": True}})
    chart.set_x_axis({"num_font": {"rotation": -45}})
    chart.set_legend({"none": True})
    return chart


def _band_chart(wb, title: str, label: str, n: int, col: int):
    """Column chart of project counts per band, referencing the band table on the 图表 sheet."""
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "项目数",
            "categories": [CHART_SHEET, 1, col, n, col],
            "values": [CHART_SHEET, 1, col + 1, n, col + 1],
            "data_labels": {"value": True},
            "gap": 50,
        }
    )
    chart.set_title({"name": title})
    chart.set_x_axis({"name": label})
    chart.set_y_axis({"name": "项目数", "min": 0})
    chart.set_legend({"none": True})
    return chart
