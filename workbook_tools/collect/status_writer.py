"""Write a CollectResult as the status workbook (回收情况 + 文件清单) with XlsxWriter."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xlsxwriter

from workbook_tools.collect.collect import (
    CORRUPT,
    DUPLICATE,
    EXPLAIN,
    FAILED,
    MISSING,
    PASSED,
    STATUSES,
    UNKNOWN,
    CollectResult,
    Received,
    beijing,
)
from workbook_tools.collect.summary_writer import display_width, print_landscape
from workbook_tools.io.atomic import atomic_path

# The board in the order a collector reads (and prints: up to 说明, see PRINTED_UNTIL), then details.
UNIT_COLUMNS = [
    "序号",
    "单位编码",
    "单位名称",
    "状态",
    "错误数",
    "需说明数",
    "问题",
    "采用的文件",
    "标注副本",
    "未采用的文件",
    "说明",
    "上级单位",
    "项目名称",
    "版本数",
    "保存时间（北京时间）",
    "批次",
]
PRINTED_UNTIL = "说明"
SHOWN_MESSAGES = 3  # the 问题 column names this many messages, then "等 N 项"
# Each shown at most this long on the board (the full text with its arithmetic is in the report and the
# annotated copy the row links to), so one unit's row stays a few lines and the board fits one page.
MESSAGE_CHARS = 60
FILE_COLUMNS = [
    "序号",
    "位置",
    "标识单位编码",
    "标识单位名称",
    "批次",
    "表单",
    "模板版本",
    "保存时间（北京时间）",
    "是否采用",
    "校验结果",
    "错误数",
    "需说明数",
    "SHA-256",
    "说明",
]
LINE_HEIGHT = 13.5  # points per line of 10 pt 宋体
# A row grows to this many lines at most: three findings that carry their arithmetic (a 部门整体 form's
# 计分标准) take ~10, and a taller row would push the board's other units off the page.
MAX_ROW_LINES = 6
WRAP_WIDTH = 36  # longer texts (file locations, notes) wrap in a column this wide, for paper
_COLOURS = {
    PASSED: "#C6EFCE",
    FAILED: "#FFC7CE",
    CORRUPT: "#F4B183",
    EXPLAIN: "#FFE0B2",
    DUPLICATE: "#FFEB9C",
    MISSING: "#D9D9D9",
    UNKNOWN: "#E4DFEC",
}


def write_status(
    result: CollectResult,
    path: str | Path,
    folder: str | Path = "",
    annotated: Mapping[str, str | Path] | None = None,
) -> Path:
    """Write the status workbook atomically and return its path.

    The adopted file of each unit (and its annotated copy, `annotated`: location → path, when one was
    written) is linked relative to the workbook's folder, so the links survive moving the whole folder."""
    links = _Links(Path(path).parent, Path(folder) if str(folder) else None, annotated or {})
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False})
        fmt = _formats(wb)
        _units_sheet(wb.add_worksheet("回收情况"), result, fmt, str(folder), links)
        files = wb.add_worksheet("文件清单")
        _table(files, 0, FILE_COLUMNS, file_rows(result), fmt)
        print_landscape(files, "文件清单")
        wb.close()
    return Path(path)


def _formats(wb) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
    fmt = {
        "title": wb.add_format({**base, "bold": True, "font_size": 14}),
        "head": wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"}),
        "text": wb.add_format(base),
        "wrap": wb.add_format({**base, "text_wrap": True}),
        "count": wb.add_format({**base, "num_format": "0", "bold": True}),
        "link": wb.add_format({**base, "font_color": "#0563C1", "underline": 1}),
        "link_wrap": wb.add_format({**base, "font_color": "#0563C1", "underline": 1, "text_wrap": True}),
    }
    for status, colour in _COLOURS.items():
        fmt[status] = wb.add_format({"bg_color": colour})
    return fmt


def _units_sheet(ws, result: CollectResult, fmt, folder: str, links: _Links) -> None:
    ws.write_string(0, 0, "预算绩效自评表回收情况", fmt["title"])
    ws.write_string(
        1,
        0,
        f"名单：{result.roster.path.name}（{len(result.roster)} 个单位）　扫描目录：{folder}　"
        f"生成时间：{dt.datetime.now():%Y-%m-%d %H:%M}",
        fmt["text"],
    )
    counts = result.counts()
    ws.write_string(3, 0, "状态", fmt["head"])
    ws.write_string(3, 1, "数量", fmt["head"])
    for i, status in enumerate(STATUSES, start=4):
        ws.write_string(i, 0, status, fmt.get(status, fmt["text"]))
        ws.write_number(i, 1, counts[status], fmt["count"])
    ws.write_string(4 + len(STATUSES), 0, "扫描到的文件", fmt["text"])
    ws.write_number(4 + len(STATUSES), 1, len(result.files), fmt["count"])
    top = 6 + len(STATUSES)
    rows = unit_rows(result)
    _table(ws, top, UNIT_COLUMNS, rows, fmt)
    _total_row(ws, top + len(rows) + 1, rows, fmt)
    _write_links(ws, top, result, fmt, links)
    print_landscape(ws, "回收情况", header_row=top)
    ws.print_area(0, 0, top + len(rows) + 1, UNIT_COLUMNS.index(PRINTED_UNTIL))
    status_col = UNIT_COLUMNS.index("状态")
    for status, _colour in _COLOURS.items():
        ws.conditional_format(
            top + 1,
            status_col,
            top + max(len(rows), 1),
            status_col,
            {"type": "cell", "criteria": "==", "value": f'"{status}"', "format": fmt[status]},
        )


def _total_row(ws, at: int, rows: list[list[Any]], fmt) -> None:
    """合计 under the unit rows (outside the autofilter): units, versions, 错误数 and 需说明数 summed."""
    ws.write_string(at, 0, "合计", fmt["count"])
    units = sum(1 for r in rows if r[UNIT_COLUMNS.index("状态")] != UNKNOWN)
    ws.write_string(at, UNIT_COLUMNS.index("单位名称"), f"共 {units} 个单位", fmt["count"])
    for name in ("版本数", "错误数", "需说明数"):
        j = UNIT_COLUMNS.index(name)
        ws.write_number(at, j, sum(r[j] or 0 for r in rows), fmt["count"])


def unit_rows(result: CollectResult) -> list[list[Any]]:
    """One row per roster unit, then one per unrecognised file, numbered in 序号."""
    rows = []
    for u in result.units:
        c = u.chosen
        rows.append(
            [
                len(rows) + 1,
                u.row.code,
                u.row.name,
                u.status,
                c.errors if c else None,
                c.warnings if c else None,
                messages(c) if c else _damaged_problem(u.damaged) or u.note,
                c.source.location if c else "",
                "",  # the annotated copy's link, written by _write_links
                _not_adopted(u),
                u.note,
                u.row.parent,
                u.row.project,
                len(u.versions) + len(u.damaged) + len(u.blanks),
                _when(c),
                _batch(c),
            ]
        )
    for rec in result.unknown:
        ident = rec.identity
        rows.append(
            [
                len(rows) + 1,
                rec.unit_code,
                str(getattr(ident, "unit_name", "") or "") if ident else "",
                UNKNOWN,
                None,
                None,
                rec.problem,
                "",
                "",
                f"未采用：{rec.source.location}",
                rec.problem,
                "",
                "",
                1,
                _when(rec),
                _batch(rec),
            ]
        )
    return rows


def messages(rec: Received, shown: int = SHOWN_MESSAGES) -> str:
    """The problems of a return in Chinese, 错误 first, then 需说明: the first `shown`, then "等 N 项"."""
    found = [f for f in rec.findings or [] if f.get("severity") in ("error", "explain")]
    found.sort(key=lambda f: f.get("severity") != "error")  # stable: the validator's order within each
    texts = [
        f"{'错误' if f['severity'] == 'error' else '需说明'}{' ' + f['cell'] if f.get('cell') else ''}："
        f"{_short(str(f.get('message') or ''))}"
        for f in found
    ]
    if len(texts) > shown:
        return "；".join(texts[:shown]) + f" 等 {len(texts)} 项"
    return "；".join(texts)


def _short(text: str) -> str:
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def _damaged_problem(damaged: list[Received]) -> str:
    return "；".join(r.problem for r in damaged[:SHOWN_MESSAGES])


def _not_adopted(u) -> str:
    extra = (len(u.versions) - 1 if u.versions else 0) + len(u.damaged) + len(u.blanks)
    if not extra:
        return ""
    return f"另有 {extra} 个版本未采用，见文件清单"


def why_not_adopted(result: CollectResult) -> dict[int, str]:
    """id(file) → why a unit's file was not adopted, in Chinese (for 文件清单)."""
    why: dict[int, str] = {}
    for u in result.units:
        chosen = u.chosen
        for rec in u.versions[1:]:
            if rec.blank:
                why[id(rec)] = "未采用：空白模板（未填写任何内容）"
            elif rec.marked and chosen is not None and not chosen.marked:
                why[id(rec)] = "未采用：本工具生成的标注副本，已采用其原件"
            else:
                why[id(rec)] = f"未采用：较旧的版本，已采用“{chosen.source.location}”"
        for rec in u.damaged:
            why[id(rec)] = f"未采用：{rec.problem}（按{rec.attributed}判断属于{u.row.name}）"
        for rec in u.blanks:
            why[id(rec)] = "未采用：空白模板（未填写任何内容），本单位视为未收到"
    return why


def file_rows(result: CollectResult) -> list[list[Any]]:
    """One row per file found, adopted or not."""
    adopted = {id(r) for r in result.accepted()}
    why = why_not_adopted(result)
    rows = []
    for rec in result.files:
        ident = rec.identity
        get = lambda k, i=ident: str(getattr(i, k, "") or "") if i else ""  # noqa: E731
        rows.append(
            [
                len(rows) + 1,
                rec.source.location,
                rec.unit_code,
                get("unit_name"),
                get("batch_id"),
                get("form"),
                get("template_version"),
                _when(rec),
                "是" if id(rec) in adopted else "否",
                "" if rec.problem else rec.check,
                rec.errors,
                rec.warnings,
                rec.sha256,
                why.get(id(rec), rec.problem),
            ]
        )
    return rows


class _Links:
    """Relative links from the status workbook's folder to the returns (a zip member: to its zip)."""

    def __init__(self, home: Path, root: Path | None, annotated: Mapping[str, str | Path]) -> None:
        self.home, self.root, self.annotated = home, root, annotated

    def adopted(self, rec: Received) -> str:
        if self.root is None:
            return ""
        outer = rec.source.location.split("!")[0]
        target = self.root / outer if self.root.is_dir() else self.root
        return self._relative(target)

    def copy(self, rec: Received) -> tuple[str, str]:
        """(link, shown name) of the annotated copy of a return, or ('', '')."""
        path = self.annotated.get(rec.source.location)
        return (self._relative(Path(path)), Path(path).name) if path else ("", "")

    def _relative(self, target: Path) -> str:
        try:
            rel = os.path.relpath(target.resolve(), self.home.resolve())
        except ValueError:  # another drive (Windows): no relative path exists
            return ""
        return "external:" + rel.replace(os.sep, "/")


def _write_links(ws, top: int, result: CollectResult, fmt, links: _Links) -> None:
    adopted_col, copy_col = UNIT_COLUMNS.index("采用的文件"), UNIT_COLUMNS.index("标注副本")
    for i, u in enumerate(result.units, start=top + 1):
        c = u.chosen
        if c is None:
            continue
        _link(ws, i, adopted_col, links.adopted(c), c.source.location, fmt)
        url, name = links.copy(c)
        _link(ws, i, copy_col, url, name, fmt)


def _link(ws, row: int, col: int, url: str, text: str, fmt) -> None:
    if not url or not text:
        return
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return  # a file name with control characters cannot be a link target in the package's XML
    wraps = display_width(text) + 2 > WRAP_WIDTH
    # xlsxwriter refuses (returns < 0) a link too long for Excel; the text stays as it was written.
    ws.write_url(row, col, url, fmt["link_wrap" if wraps else "link"], string=text, tip="打开文件")


def _when(rec: Received | None) -> str:
    if rec is None or rec.saved is None:
        return ""
    return f"{beijing(rec.saved):%Y-%m-%d %H:%M:%S}"


def _batch(rec: Received | None) -> str:
    return str(getattr(rec.identity, "batch_id", "") or "") if rec and rec.identity else ""


def _table(ws, top: int, columns: list[str], rows: list[list[Any]], fmt) -> None:
    widths = [display_width(c) for c in columns]
    for j, name in enumerate(columns):
        ws.write_string(top, j, name, fmt["head"])
    for i, row in enumerate(rows, start=top + 1):
        lines = 1
        for j, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, int | float):
                ws.write_number(i, j, value, fmt["text"])
            else:
                text = str(value)
                wraps = display_width(text) + 2 > WRAP_WIDTH
                ws.write_string(i, j, text, fmt["wrap" if wraps else "text"])
                widths[j] = max(widths[j], display_width(text))
                lines = max(lines, -(-(display_width(text) + 2) // WRAP_WIDTH))
        if lines > 1:  # neither Excel nor LibreOffice grows a row for wrapped text written by XlsxWriter
            ws.set_row(i, min(lines, MAX_ROW_LINES) * LINE_HEIGHT)
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(w + 2, WRAP_WIDTH))
    ws.freeze_panes(top + 1, 3)  # 序号, 单位编码 and 单位名称 (or 位置) stay in view
    ws.autofilter(top, 0, top + max(len(rows), 1), len(columns) - 1)
