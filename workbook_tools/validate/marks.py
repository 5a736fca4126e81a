"""The annotation plan: which cells get which fill and comment, and the rows of the 校验结果 sheet.

Computed once from findings, with no workbook library in sight; two appliers carry it out: openpyxl on
copies (`validate --annotate`, workbook_tools.validate.annotate) and xlwings on the open book (the 一键校验
button, workbook_tools.excel.live). So a copy and the live book are marked identically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from workbook_tools.validate.codes import SEVERITY_LABELS, Severity
from workbook_tools.validate.finding import Finding, formula_detail, shown_values

AUTHOR = "workbook_tools 校验"
RESULT_SHEET = "校验结果"
MARKS_SHEET = "_wt_marks"  # very hidden: the original fill of every cell we coloured
FILLS = {Severity.ERROR: "FFFFC7CE", Severity.EXPLAIN: "FFFFD08A", Severity.ADVICE: "FFDDEBF7"}
# Chinese first: where, how bad, what, the values as the form shows them; code, field path and the formula
# text (as text, never live) last, for whoever maintains the rules.
FINDING_HEADERS = ("工作表", "单元格", "严重程度", "问题", "应为", "实际", "代码", "字段", "公式原文")
HEADERS = ("序号", *FINDING_HEADERS)

# The first line of every comment we write: how clear_marks recognises ours when the host (Excel via
# COM) sets the comment author to the user's name and not to AUTHOR.
COMMENT_TAG = f"【{AUTHOR}】"
STATUS_CELL = "K1"  # on the 校验结果 sheet, right of the table: the one-line summary
WIDTHS = (6, 12, 8, 8, 70, 16, 16, 28, 24, 40)
COLUMNS = "ABCDEFGHIJ"[: len(HEADERS)]  # letters of the 校验结果 columns
LINK_COLUMN = 3  # 单元格 (1-based), the column holding the jump link
SEVERITY_COLUMN = 4  # 严重程度 (1-based), the column filled in the severity's colour
_RANK = {Severity.ERROR: 0, Severity.EXPLAIN: 1, Severity.ADVICE: 2}

# (sheet, cell) → the anchor cell (top-left of a merged range), or None when the sheet is missing.
Anchor = Callable[[str, str], "str | None"]


@dataclass(frozen=True)
class CellMark:
    """One marked cell: the fill of its worst finding and a comment listing all of them."""

    sheet: str
    cell: str
    fill: str  # ARGB, e.g. "FFFFC7CE"
    comment: str


@dataclass(frozen=True)
class ResultRow:
    """One line of the 校验结果 sheet (values in HEADERS order) and where its link jumps."""

    values: tuple[object, ...]
    fill: str  # of the 严重程度 cell
    link: str | None  # "'自评表'!C3", or None when the finding has no cell


@dataclass(frozen=True)
class AnnotationPlan:
    """Everything an applier writes."""

    marks: tuple[CellMark, ...]
    rows: tuple[ResultRow, ...]
    status: str

    @property
    def headers(self) -> tuple[str, ...]:
        """Column titles of the 校验结果 sheet."""
        return tuple(HEADERS)

    def table(self) -> list[list[object]]:
        """Header plus rows, as one block for a single bulk write."""
        return [list(HEADERS), *(list(r.values) for r in self.rows)]


def finding_columns(f: Finding, cell: str | None = None) -> tuple[str, ...]:
    """One finding in FINDING_HEADERS order, every value text for people (no formula can start one)."""
    expected, actual = shown_values(f)
    return (
        f.sheet,
        f.cell if cell is None else cell,
        SEVERITY_LABELS[f.severity],
        f.message,
        expected,
        actual,
        f.code,
        f.field,
        formula_detail(f),
    )


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """错误 first, then 需说明, then 提示; the order found kept within each."""
    return sorted(findings, key=lambda f: _RANK[f.severity])


def worst(findings: Iterable[Finding]) -> Severity:
    """The most severe of some findings."""
    return min((f.severity for f in findings), key=_RANK.__getitem__)


def comment_text(findings: list[Finding]) -> str:
    """The tag line, then one line per finding: 【错误】message（CODE）."""
    lines = [f"【{SEVERITY_LABELS[f.severity]}】{f.message}（{f.code}）" for f in findings]
    return "\n".join([COMMENT_TAG, *lines])


def is_our_comment(text: str | None, author: str | None = None) -> bool:
    """True for comments we wrote (by author where the host keeps it, else by the tag line)."""
    return author == AUTHOR or (text or "").startswith(COMMENT_TAG)


def status_line(findings: list[Finding]) -> str:
    """One line for the user: counts by severity, or a pass."""
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if not findings:
        return "校验通过：未发现问题。"
    parts = "，".join(f"{SEVERITY_LABELS[s]} {counts[s]} 项" for s in Severity)
    if counts[Severity.ERROR]:
        verdict = "校验未通过"
    elif counts[Severity.EXPLAIN]:
        verdict = "无错误，需填写说明"
    else:
        verdict = "校验通过（有提示）"
    return f"{verdict}：{parts}。点击“单元格”列可跳到问题所在。"


def plan_annotations(findings: Iterable[Finding], anchor: Anchor) -> AnnotationPlan:
    """Marks grouped by anchor cell (first-seen order) and one result row per finding."""
    findings = list(findings)
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    rows = []
    for f in findings:
        cell = anchor(f.sheet, f.cell) if f.sheet and f.cell else None
        if cell:
            by_cell.setdefault((f.sheet, cell), []).append(f)
    for n, f in enumerate(by_severity(findings), start=1):
        cell = anchor(f.sheet, f.cell) if f.sheet and f.cell else None
        values = (n, *finding_columns(f, cell or ""))
        rows.append(ResultRow(values, FILLS[f.severity], f"'{f.sheet}'!{cell}" if cell else None))
    marks = tuple(
        CellMark(sheet, cell, FILLS[worst(items)], comment_text(items))
        for (sheet, cell), items in by_cell.items()
    )
    return AnnotationPlan(marks, tuple(rows), status_line(findings))
