"""Report writers: text (中文, grouped by file), json, xlsx (one row per finding) and one-page html."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from urllib.parse import quote

from workbook_tools.io.atomic import write_atomic, write_text_atomic
from workbook_tools.io.safe_text import json_text, plain_text
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.marks import SEVERITY_LABELS
from workbook_tools.validate.report import BatchReport

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
        for f in r.findings:
            where = f"{f.sheet}!{f.cell}" if f.cell else "—"
            lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {where} {f.code}：{f.message}")
    lines.append(summary_line(batch))
    return plain_text("\n".join(lines) + "\n")


def to_json(batch: BatchReport) -> str:
    """The batch as JSON (DESIGN.md finding shape inside each report)."""
    return json_text(json.dumps(batch.to_dict(), ensure_ascii=False, indent=2)) + "\n"


def write_xlsx(batch: BatchReport, path: str | Path, links: dict[str, Path] | None = None) -> Path:
    """One row per finding with an autofilter; cells link into annotated copies when `links` maps file → copy."""
    links = links or {}

    def render(tmp: Path) -> None:
        import xlsxwriter  # loaded only for an xlsx report, not at every start

        wb = xlsxwriter.Workbook(
            str(tmp), {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}
        )
        ws = wb.add_worksheet("校验结果")
        bold, link = wb.add_format({"bold": True}), wb.add_format({"font_color": "blue", "underline": 1})
        heads = ("文件", "严重程度", "代码", "工作表", "单元格", "字段", "问题说明", "应为", "实际")
        ws.write_row(0, 0, heads, bold)
        row = 0
        for r in batch.reports:
            copy = links.get(r.file)
            for f in r.findings:
                row += 1
                values = (
                    f.file,
                    SEVERITY_LABELS[f.severity],
                    f.code,
                    f.sheet,
                    "",
                    f.field,
                    f.message,
                    _cell(f.expected),
                    _cell(f.actual),
                )
                for col, value in enumerate(values):
                    _write_value(ws, row, col, value)  # typed: text from an input never becomes a formula
                if f.cell and copy is not None:
                    ws.write_url(row, 4, _file_link(copy, f.sheet, f.cell), link, f.cell)
                else:
                    ws.write_string(row, 4, f.cell)
        ws.autofilter(0, 0, max(row, 1), len(heads) - 1)
        ws.freeze_panes(1, 0)
        for col, width in enumerate((28, 8, 28, 10, 8, 22, 70, 16, 16)):
            ws.set_column(col, col, width)
        wb.close()

    return write_atomic(path, render)


def _cell(value: object) -> object:
    return "" if value is None else value if isinstance(value, int | float) else str(value)


def _write_value(ws, row: int, col: int, value: object) -> None:
    """A number as a number, anything else as a string cell (XlsxWriter's write() would make "=…" a formula)."""
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value)
    elif value != "":
        ws.write_string(row, col, str(value))


# What a file URL must not carry raw: "%" first (so nothing is escaped twice), "#" (it would start the
# location inside the file), then what XlsxWriter escapes, which it skips once it sees any "%xx".
_URL_ESCAPES = (("%", "%25"), ("#", "%23"), ('"', "%22"), (" ", "%20"), ("<", "%3c"), (">", "%3e"))
_URL_ESCAPES += (("[", "%5b"), ("]", "%5d"), ("^", "%5e"), ("`", "%60"), ("{", "%7b"), ("}", "%7d"))
_URL_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _file_link(copy: Path, sheet: str, cell: str) -> str:
    """external:<path>#'<sheet>'!<cell> with the path escaped and quotes in the sheet name doubled."""
    target = copy.as_posix()
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


def to_html(batch: BatchReport) -> str:
    """One self-contained page: counts, then one table per file; no external assets.

    Every text from the inputs goes through esc: HTML-escaped (quotes too), control characters replaced.
    """

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
        parts.append(f"<h2>{esc(r.file)} {state}</h2>")
        if not r.findings:
            parts.append("<p>未发现问题。</p>")
            continue
        parts.append("<table><tr><th>严重程度</th><th>单元格</th><th>代码</th><th>问题说明</th></tr>")
        for f in r.findings:
            where = f"{f.sheet}!{f.cell}" if f.cell else "—"
            parts.append(
                f'<tr class="{f.severity.value}"><td>{SEVERITY_LABELS[f.severity]}</td>'
                f"<td>{esc(where)}</td><td>{esc(f.code)}</td><td>{esc(f.message)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_report(
    batch: BatchReport, fmt: str, path: str | Path, links: dict[str, Path] | None = None
) -> Path:
    """Write the report in one of FORMATS, atomically."""
    if fmt == "xlsx":
        return write_xlsx(batch, path, links)
    render = {"text": to_text, "json": to_json, "html": to_html}[fmt]
    return write_text_atomic(path, render(batch))
