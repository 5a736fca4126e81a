"""The checks of check-report (pure): sums, rates, announced tables, figures stated twice, returns.

Precision first: a check speaks only when the text says unambiguously which numbers belong together
(a 其中 list under a total, one budget and one executed amount beside a rate, a fixed phrase), and
allows the rounding the written decimals imply.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from workbook_tools.report.document import ReportText, TableData
from workbook_tools.report.statements import (
    Amount,
    announcements,
    key_figures,
    list_items,
    rate_statements,
    single_amount,
    sum_statements,
    title_key,
)
from workbook_tools.validate.finding import Finding

BODY = "正文"
KEY_NAMES = {
    "rate": "预算执行率",
    "score": "自评得分",
    "initial": "年初预算",
    "adjusted": "调整后预算",
    "executed": "执行数",
}


# How a sentence names the whole project or department before "预算执行率" (nothing, or these words).
WHOLE_SUBJECTS = frozenset({"", "本项目", "项目", "本部门", "部门", "部门整体", "项目整体", "全年", "整体"})


@dataclass(frozen=True)
class Issue:
    """A finding and where it is: a paragraph index, or a table cell (table, row, column)."""

    finding: Finding
    paragraph: int | None = None
    table: tuple[int, int, int] | None = None
    quote: str = ""


def check_text(report: ReportText, returns: list | None = None) -> list[Issue]:
    """Every inconsistency the checks find in a report (returns: ReturnFacts given with --returns)."""
    issues = []
    issues += _sums(report)
    issues += _numbered_sums(report)
    issues += _prose_rates(report)
    issues += _table_rates(report)
    issues += _announced_tables(report)
    issues += _figure_conflicts(report)
    if returns:
        issues += _against_returns(report, returns)
    return sorted(issues, key=_place)


def _place(issue: Issue) -> tuple[int, int, int, int]:
    """Document order: paragraphs by index, tables after the text (their position is not kept)."""
    if issue.paragraph is not None:
        return (0, issue.paragraph, 0, 0)
    t, r, c = issue.table or (0, 0, 0)
    return (1, t, r, c)


def _at_paragraph(finding: Finding, index: int, quote: str) -> Issue:
    return Issue(finding.at(sheet=BODY, cell=f"第 {index + 1} 段", field=quote), paragraph=index, quote=quote)


def _wan(yuan: float) -> str:
    return f"{yuan / 10000:.2f}".rstrip("0").rstrip(".") + "万元"


def _tolerance(amounts: list[Amount]) -> float:
    """Rounding the written figures allow, in 元: half a unit of the finest decimal place, per figure."""
    decimals = max(2, *(a.decimals for a in amounts))
    return 0.5 * 10 ** (-decimals) * 10000 * len(amounts) + 1e-6


def _sums(report: ReportText) -> list[Issue]:
    issues = []
    for i, text in enumerate(report.paragraphs):
        for s in sum_statements(text):
            issues += _sum_issue(i, s.total, list(s.items), s.quote)
    return issues


def _sum_issue(index: int, total: Amount, items: list[Amount], quote: str) -> list[Issue]:
    # A shorter run of the first items that adds up means the list ended earlier than we read it
    # ("其中 A 60万元、B 40万元，已支出 90万元"): only a list no prefix of which matches is reported.
    running = 0.0
    for n, item in enumerate(items, start=1):
        running += item.yuan
        if n >= 2 and abs(running - total.yuan) <= _tolerance([total, *items[:n]]):
            return []
    listed = sum(a.yuan for a in items)
    finding = Finding.make(
        "REPORT_SUM_MISMATCH",
        expected=round(listed / 10000, 6),
        actual=round(total.yuan / 10000, 6),
        quote=_short(quote),
        total=total.shown,
        count=len(items),
        sum=_wan(listed),
        items=" + ".join(a.shown for a in items),
        diff=_wan(abs(listed - total.yuan)),
    )
    return [_at_paragraph(finding, index, quote)]


def _numbered_sums(report: ReportText) -> list[Issue]:
    """A paragraph stating one amount, then paragraphs "1.…a万元" "2.…b万元" … listing its parts."""
    issues = []
    paragraphs = report.paragraphs
    for i, text in enumerate(paragraphs[:-1]):
        total = single_amount(text)
        if total is None or list_items(text) is not None:
            continue
        items: list[Amount] = []
        j = i + 1
        while j < len(paragraphs):
            if not paragraphs[j].strip():
                j += 1
                continue
            item = list_items(paragraphs[j])
            if item is None or item[0] != len(items) + 1:
                break
            items.append(item[1])
            j += 1
        if len(items) >= 2:
            quote = re.sub(r"\s+", "", text.strip())
            issues += _sum_issue(i, total, items, quote)
    return issues


def _rate_ok(stated: float, decimals: int, computed: float) -> bool:
    return abs(stated - computed) <= 0.5 * 10 ** (-decimals) + 1e-9


def _prose_rates(report: ReportText) -> list[Issue]:
    issues = []
    for i, text in enumerate(report.paragraphs):
        for r in rate_statements(text):
            if r.budget is None or r.executed is None or r.budget.yuan <= 0:
                continue
            computed = r.executed.yuan / r.budget.yuan * 100
            if _rate_ok(r.percent, r.decimals, computed):
                continue
            finding = Finding.make(
                "REPORT_RATE_MISMATCH",
                expected=f"{computed:.2f}%",
                actual=f"{r.percent:g}%",
                where=f"“{_short(r.quote)}”",
                executed=r.executed.shown,
                budget=r.budget.shown,
            )
            issues.append(_at_paragraph(finding, i, r.quote))
    return issues


_PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")
_AMOUNT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:万元)?\s*$")


@dataclass(frozen=True)
class _RateColumns:
    budget: int
    executed: int
    rate: int


def rate_columns(table: TableData) -> tuple[int, _RateColumns] | None:
    """The header row and the budget / executed / rate columns of a funding table, if it is one."""
    for h, row in enumerate(table.rows[:3]):
        texts = [re.sub(r"\s+", "", c) for c in row]
        rate = _column(texts, ("执行率",))
        executed = _column(texts, ("执行数",), avoid="执行率")
        budget = _column(texts, ("调整后", "全年预算", "预算数"), avoid="执行")
        if rate is not None and executed is not None and budget is not None:
            return h, _RateColumns(budget, executed, rate)
    return None


def _column(texts: list[str], keys: tuple[str, ...], avoid: str = "") -> int | None:
    for key in keys:
        hits = [i for i, t in enumerate(texts) if key in t and not (avoid and avoid in t)]
        if hits:
            return hits[0]
    return None


def _table_rates(report: ReportText) -> list[Issue]:
    issues = []
    for table in report.tables:
        found = rate_columns(table)
        if found is None:
            continue
        header, cols = found
        for r, row in enumerate(table.rows[header + 1 :], start=header + 1):
            if max(cols.budget, cols.executed, cols.rate) >= len(row):
                continue
            budget, executed = _AMOUNT.match(row[cols.budget]), _AMOUNT.match(row[cols.executed])
            rate = _PERCENT.match(row[cols.rate])
            if not (budget and executed and rate) or float(budget[1]) <= 0:
                continue
            computed = float(executed[1]) / float(budget[1]) * 100
            decimals = len(rate[1].split(".")[1]) if "." in rate[1] else 0
            if _rate_ok(float(rate[1]), decimals, computed):
                continue
            label = row[0] or f"第 {r + 1} 行"
            finding = Finding.make(
                "REPORT_RATE_MISMATCH",
                expected=f"{computed:.2f}%",
                actual=row[cols.rate],
                where=f"表格“{_short(table.title, 30)}”中“{label}”一行",
                executed=row[cols.executed],
                budget=row[cols.budget],
            )
            quote = "｜".join(row)
            issues.append(
                Issue(
                    finding.at(sheet=f"表格 {table.index + 1}", cell=f"第 {r + 1} 行", field=quote),
                    table=(table.index, r, cols.rate),
                    quote=quote,
                )
            )
    return issues


def _announced_tables(report: ReportText) -> list[Issue]:
    """Announced counts per passage (a paragraph, or an 附件 list of numbered paragraphs) vs tables."""
    attached: dict[str, int] = defaultdict(int)
    for table in report.tables:
        attached[title_key(table.title)] += 1
    issues = []
    for start, passage in _passages(report.paragraphs):
        said: dict[str, list] = defaultdict(list)
        for a in announcements(passage):
            said[title_key(a.title)].append(a)
        for key, found in said.items():
            have = sum(n for title, n in attached.items() if title == key or title.endswith(key))
            announced = sum(a.count for a in found)
            if have == 0 or have == announced:
                continue
            finding = Finding.make(
                "REPORT_TABLE_COUNT_MISMATCH",
                expected=announced,
                actual=have,
                quote=_short(found[0].quote),
                title=found[0].title,
            )
            issues.append(_at_paragraph(finding, start, found[0].quote))
    return issues


_LIST_START = re.compile(r"^\s*(?:附件|附表)?\s*[:：]?\s*\d{1,2}\s*[.、．]")


def _passages(paragraphs: list[str]) -> list[tuple[int, str]]:
    """Paragraphs, with an attachment list ("附件：1.…", "2.…", …) joined into one passage."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(paragraphs):
        text = paragraphs[i]
        if text.strip().startswith(("附件", "附表")):
            j = i + 1
            while j < len(paragraphs) and _LIST_START.match(paragraphs[j]):
                text += paragraphs[j]
                j += 1
            out.append((i, text))
            i = j
            continue
        out.append((i, text))
        i += 1
    return out


def _figure_conflicts(report: ReportText) -> list[Issue]:
    """A fixed-phrase figure stated with two values, or unlike the one funding table's total row."""
    funding = [t for t in report.tables if rate_columns(t) is not None]
    if len(funding) > 1:
        return []  # several projects' tables: a rate in the text may be any of them
    first: dict[tuple[str, str], tuple[float, int, str, int]] = {}
    issues = []
    table_rate = _total_row_rate(funding[0]) if funding else None
    for i, text in enumerate(report.paragraphs):
        for fig in key_figures(text):
            if fig.key == "rate" and table_rate is not None:
                if fig.subject not in WHOLE_SUBJECTS:
                    continue  # a sub-row's rate, or one inside a list item: not the table's total row
                if not _rate_ok(fig.value, fig.decimals, table_rate[0]):
                    issues.append(_conflict(i, fig, f"{table_rate[0]:g}%", table_rate[1]))
                continue
            # Only the same phrase about the same subject ("本项目年初预算") is the same figure.
            seen = first.get((fig.key, fig.subject))
            if seen is None:
                first[(fig.key, fig.subject)] = (fig.value, fig.decimals, fig.quote, i)
            elif abs(seen[0] - fig.value) > 0.5 * 10 ** (-min(seen[1], fig.decimals)) + 1e-9:
                issues.append(
                    _conflict(i, fig, _shown(fig.key, seen[0]), f"第 {seen[3] + 1} 段“{_short(seen[2], 30)}”")
                )
    return issues


def _total_row_rate(table: TableData) -> tuple[float, str] | None:
    header, cols = rate_columns(table)
    for row in table.rows[header + 1 :]:
        if cols.rate < len(row):
            m = _PERCENT.match(row[cols.rate])
            if m:
                return float(m[1]), f"资金表“{_short(table.title, 30)}”中“{row[0]}”一行"
            return None
    return None


def _shown(key: str, value: float) -> str:
    return f"{value:g}%" if key == "rate" else f"{value:g}分" if key == "score" else f"{value:g}万元"


def _conflict(index: int, fig, expected: str, other: str) -> Issue:
    finding = Finding.make(
        "REPORT_FIGURE_CONFLICT",
        expected=expected,
        actual=_shown(fig.key, fig.value),
        quote=_short(fig.quote),
        key=KEY_NAMES[fig.key],
        other=other,
    )
    return _at_paragraph(finding, index, fig.quote)


def _against_returns(report: ReportText, returns: list) -> list[Issue]:
    """Fixed-phrase figures that equal no return's number (core recomputation) for that key."""
    values: dict[str, list[float]] = defaultdict(list)
    for facts in returns:
        for row in facts.se.funding:
            rate = facts.row_rate(row)
            if rate is not None:
                values["rate"].append(rate * 100)
        for key in ("initial", "adjusted", "executed"):
            amount = facts.amount(key)
            if amount is not None:
                values[key].append(amount)
        if facts.total is not None:
            values["score"].append(facts.total)
    files = "、".join(dict.fromkeys(f.file for f in returns))
    issues = []
    for i, text in enumerate(report.paragraphs):
        for fig in key_figures(text):
            known = values.get(fig.key)
            if not known or any(_rate_ok(fig.value, fig.decimals, v) for v in known):
                continue
            finding = Finding.make(
                "REPORT_RETURN_MISMATCH",
                expected="、".join(_shown(fig.key, round(v, 2)) for v in dict.fromkeys(known)),
                actual=_shown(fig.key, fig.value),
                quote=_short(fig.quote),
                key=KEY_NAMES[fig.key],
                files=files,
            )
            issues.append(_at_paragraph(finding, i, fig.quote))
    return issues


def _short(text: str, limit: int = 80) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
