"""Report writers: text (中文, grouped by file), json, xlsx (one row per finding) and one-page html."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from workbook_tools.io.atomic import write_atomic, write_text_atomic
from workbook_tools.io.safe_text import json_text, plain_text
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.marks import (
    FILLS,
    FINDING_HEADERS,
    SEVERITY_LABELS,
    by_severity,
    finding_columns,
)
from workbook_tools.validate.report import BatchReport, Report

FORMATS = ("text", "json", "xlsx", "html")


def summary_line(batch: BatchReport) -> str:
    """One line of counts."""
    c = batch.counts()
    bad = sum(1 for r in batch.reports if not r.valid)
    return (
        f"共校验 {len(batch.reports)} 个文件，{bad} 个有错误；错误 {c['error']} 条，需说明 {c['explain']} 条，"
        f"提示 {c['advice']} 条。"
    )


def to_text(batch: BatchReport) -> str:
    """Findings grouped by file, in Chinese; control characters from the inputs (ESC, BEL, …) are replaced."""
    lines = []
    for r in batch.reports:
        c = r.counts()
        status = "通过" if r.valid else "未通过"
        lines.append(
            f"{r.file}（{r.form or '未识别'}）：{status}，错误 {c['error']}，需说明 {c['explain']}，提示 {c['advice']}"
        )
        for f in by_severity(r.findings):
            where = f"{f.sheet}!{f.cell}" if f.cell else "—"
            lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {where} {f.message}（{f.code}）")
    lines.append(summary_line(batch))
    return plain_text("\n".join(lines) + "\n")


def to_json(batch: BatchReport) -> str:
    """The batch as JSON (DESIGN.md finding shape inside each report)."""
    return json_text(json.dumps(batch.to_dict(), ensure_ascii=False, indent=2)) + "\n"


# report.xlsx: the file and its unit, then the columns of the 校验结果 sheet (Chinese first, codes last).
REPORT_HEADERS = ("序号", "文件", "单位", *FINDING_HEADERS)
_REPORT_WIDTHS = {"工作表": 12, "单元格": 8, "严重程度": 8, "问题": 70, "应为": 16, "实际": 16}
_REPORT_WIDTHS |= {"代码": 28, "字段": 24, "公式原文": 40}
_LINK_COL = REPORT_HEADERS.index("单元格")
_SEVERITY_COL = REPORT_HEADERS.index("严重程度")


def unit_of(report: Report) -> str:
    """The unit a return is from, as its stamp names it ("" when unstamped)."""
    identity = report.identity or {}
    return str(identity.get("unit_name") or "")


def relative_link(copy: Path, report_path: str | Path) -> str:
    """The copy's path as seen from the report's folder ("标注副本/x_校验.xlsx"), so the folder can move.

    Only where no relative path exists (another drive on Windows) is the absolute path kept.
    """
    base = Path(report_path).resolve().parent
    try:
        return Path(os.path.relpath(Path(copy).resolve(), base)).as_posix()
    except ValueError:
        return Path(copy).resolve().as_posix()


def _width(texts: list[str], least: int, most: int) -> int:
    """A column width that shows the longest text (CJK characters count double), within bounds."""
    longest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in t) for t in texts), default=0)
    return max(least, min(most, longest + 2))


def write_xlsx(batch: BatchReport, path: str | Path, links: dict[str, Path] | None = None) -> Path:
    """One row per finding with an autofilter; cells link into annotated copies when `links` maps file → copy.

    Every cell is written as a string (or left empty): no text from a finding, a file name or a formula
    the template expects can become a live formula here. Links are relative to the report's folder.
    """
    links = links or {}
    targets = {file: relative_link(copy, path) for file, copy in links.items()}

    def render(tmp: Path) -> None:
        import xlsxwriter  # loaded only for an xlsx report, not at every start

        wb = xlsxwriter.Workbook(
            str(tmp), {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}
        )
        ws = wb.add_worksheet("校验结果")
        bold, link = wb.add_format({"bold": True}), wb.add_format({"font_color": "blue", "underline": 1})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        shades = {s: wb.add_format({"bg_color": "#" + FILLS[s][2:]}) for s in FILLS}
        for col, head in enumerate(REPORT_HEADERS):
            ws.write_string(0, col, head, bold)
        row = 0
        files, units = [], []
        for r in batch.reports:
            target = targets.get(r.file)
            unit = unit_of(r)
            for f in by_severity(r.findings):
                row += 1
                ws.write_number(row, 0, row)
                values = ("", f.file or r.file, unit, *finding_columns(f))
                files.append(values[0])
                units.append(unit)
                for col, value in enumerate(values):
                    if value:  # a string cell: text from an input never becomes a formula
                        ws.write_string(row, col, plain_text(value))
                ws.write_string(row, _SEVERITY_COL, SEVERITY_LABELS[f.severity], shades[f.severity])
                if f.cell and target is not None:
                    ws.write_url(
                        row, _LINK_COL, _file_link(target, f.sheet, f.cell), link, plain_text(f.cell)
                    )
        ws.autofilter(0, 0, max(row, 1), len(REPORT_HEADERS) - 1)
        # 合计 below the filtered rows: how many findings of each class, as summary_line says it.
        ws.write_string(row + 1, 0, "合计", bold)
        ws.write_string(row + 1, REPORT_HEADERS.index("问题"), summary_line(batch), bold)
        ws.freeze_panes(1, 0)
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, _width(files, 16, 60), wrap)
        ws.set_column(2, 2, _width(units, 10, 30), wrap)
        for col, head in enumerate(REPORT_HEADERS[3:], start=3):
            ws.set_column(col, col, _REPORT_WIDTHS[head], wrap if head == "问题" else None)
        # For paper: landscape A4, one page wide, the header row on every page, the codes (detail
        # columns after 实际) left off the print so the message column stays readable.
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.print_area(0, 0, row + 1, REPORT_HEADERS.index("实际"))
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer("&C校验结果　第 &P 页，共 &N 页")
        wb.close()

    return write_atomic(path, render)


# What a file URL must not carry raw: "%" first (so nothing is escaped twice), "#" (it would start the
# location inside the file), then what XlsxWriter escapes, which it skips once it sees any "%xx".
_URL_ESCAPES = (("%", "%25"), ("#", "%23"), ('"', "%22"), (" ", "%20"), ("<", "%3c"), (">", "%3e"))
_URL_ESCAPES += (("[", "%5b"), ("]", "%5d"), ("^", "%5e"), ("`", "%60"), ("{", "%7b"), ("}", "%7d"))
_URL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _file_link(copy: str | Path, sheet: str, cell: str) -> str:
    """external:<path>#'<sheet>'!<cell> with the path escaped and quotes in the sheet name doubled."""
    target = Path(copy).as_posix()
    for raw, escaped in _URL_ESCAPES:
        target = target.replace(raw, escaped)
    # Control characters (a file name may hold ESC) cannot stand in the relationship XML at all.
    target = _URL_CONTROL.sub(lambda m: quote(m[0], safe=""), target)
    sheet_name = sheet.replace("'", "''")
    return f"external:{target}#'{sheet_name}'!{cell}"


_CSS = """body{font-family:"Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:0.5em 0 1.5em;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f0f0f0}.error{background:#ffc7ce}.explain{background:#ffd08a}
.advice{background:#ddebf7}.ok{color:#2a7a2a}.bad{color:#b00020}"""


def to_html(batch: BatchReport, links: dict[str, str] | None = None) -> str:
    """One self-contained page: counts, then one table per file; no external assets.

    `links` maps a file to its annotated copy as a path relative to the page (write_report makes it so).
    Every text from the inputs goes through esc: HTML-escaped (quotes too), control characters replaced.
    """
    links = links or {}

    def esc(text: object) -> str:
        return html.escape(plain_text(text))

    c = batch.counts()
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>校验报告</title>',
        f"<style>{_CSS}</style></head><body><h1>校验报告</h1><p>{esc(summary_line(batch))}</p>",
        "<table><tr><th>严重程度</th><th>条数</th></tr>",
    ]
    parts += [
        f'<tr class="{s.value}"><td>{SEVERITY_LABELS[s]}</td><td>{c[s.value]}</td></tr>' for s in Severity
    ]
    parts.append("</table>")
    for r in batch.reports:
        state = '<span class="ok">通过</span>' if r.valid else '<span class="bad">未通过</span>'
        unit = unit_of(r)
        parts.append(f"<h2>{esc(r.file)}{'（' + esc(unit) + '）' if unit else ''} {state}</h2>")
        if r.file in links:
            href = html.escape(quote(links[r.file], safe="/"))
            parts.append(f'<p><a href="{href}">打开标注副本</a></p>')
        if not r.findings:
            parts.append("<p>未发现问题。</p>")
            continue
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in FINDING_HEADERS) + "</tr>")
        for f in by_severity(r.findings):
            cells = "".join(f"<td>{esc(v)}</td>" for v in finding_columns(f))
            parts.append(f'<tr class="{f.severity.value}">{cells}</tr>')
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_report(
    batch: BatchReport, fmt: str, path: str | Path, links: dict[str, Path] | None = None
) -> Path:
    """Write the report in one of FORMATS, atomically."""
    if fmt == "xlsx":
        return write_xlsx(batch, path, links)
    if fmt == "html":
        pages = {file: relative_link(copy, path) for file, copy in (links or {}).items()}
        return write_text_atomic(path, to_html(batch, pages))
    render = {"text": to_text, "json": to_json}[fmt]
    return write_text_atomic(path, render(batch))
