"""Helpers shared by the rule modules: effective levels, placeholders, reasons, taxonomy (RULES §D)."""

from __future__ import annotations

import re

from workbook_tools.core.parse import normalize_text, parse_value
from workbook_tools.core.reasons import stated_reason
from workbook_tools.core.taxonomy import DEPT_LEVEL1, LEVEL1_ALIASES, level2_allowed
from workbook_tools.core.value import Direction, Flag, UnitClass
from workbook_tools.validate.rules.base import Context, Row

QUANTITATIVE = frozenset({Direction.GE, Direction.LE, Direction.EQ, Direction.INTERVAL, Direction.APPROX})

_POINTS_RE = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_NO_REASON = frozenset({"", "无", "无。", "/", "-", "—", "——", "……", "...", "暂无", "不适用"})


def group_name(label: str) -> tuple[str, float | None]:
    """Canonical 一级 name without its points suffix, and the points it states."""
    text = normalize_text(str(label or ""))
    m = _POINTS_RE.search(text)
    points = float(m.group(1)) if m else None
    name = _POINTS_RE.sub("", text).strip()
    if name and not name.endswith("指标") and name not in DEPT_LEVEL1:
        name += "指标"
    return LEVEL1_ALIASES.get(name, name), points


def level2_name(label: str) -> str:
    """Canonical 二级 name ("社会效益" → "社会效益指标")."""
    name = _POINTS_RE.sub("", normalize_text(str(label or ""))).strip()
    if name == "满意度":
        return "服务对象满意度指标"
    return name + "指标" if name and not name.endswith("指标") else name


def rows(ctx: Context) -> list[Row]:
    """All indicator rows with 一级/二级 carried down from the row above (merged cells on paper)."""
    # Every rule asks; the rows depend on the context only, so they are built once per context (a copy
    # of the list is handed out, the Rows themselves are frozen).
    if "rows" not in ctx.memo:
        ctx.memo["rows"] = _rows(ctx) if ctx.evaluation is not None else []
    return list(ctx.memo["rows"])


def _rows(ctx: Context) -> list[Row]:
    out, l1, l2, points = [], "", "", None
    for r in ctx.evaluation.indicators:
        ind = r.indicator
        if str(ind.level1 or "").strip():
            l1, points = group_name(ind.level1)
            l2 = ""
        if str(ind.level2 or "").strip():
            l2 = level2_name(ind.level2)
        out.append(Row(r.index + 1, r, l1, l2, points))
    return out


def is_placeholder(text: object) -> bool:
    """An N/A marker ("无", "……", "指标1：") or nothing at all."""
    if text is None or str(text).strip() == "":
        return True
    return parse_value(str(text)).direction is Direction.NA


def is_placeholder_row(row: Row) -> bool:
    """A row the form keeps for layout only: its name and target are N/A markers."""
    ind = row.result.indicator
    return is_placeholder(ind.name) and is_placeholder(ind.target) and is_placeholder(ind.actual)


def used_rows(ctx: Context) -> list[Row]:
    """Rows that carry a real indicator (not blank, not a placeholder)."""
    if "used_rows" not in ctx.memo:
        ctx.memo["used_rows"] = [r for r in rows(ctx) if is_used(r)]
    return list(ctx.memo["used_rows"])


def is_used(row: Row) -> bool:
    """A row that carries a real indicator (not blank, not a placeholder)."""
    return not is_placeholder_row(row) and row.result.direction is not Direction.NA


def reason_given(text: object) -> bool:
    """True when an explanation cell says something (not blank, not "无")."""
    return normalize_text(str(text or "")).strip() not in _NO_REASON


def pair_allowed(level1: str, level2: str) -> bool:
    """True when a 一级/二级 pair is in the D lists (with D2/D3 aliases)."""
    return level2_allowed(level1, level2)


def is_cost_row(row: Row) -> bool:
    """成本指标 rows (二级 under 产出, or the D3 成本 一级)."""
    return "成本" in row.level2 or row.level1 == "成本指标"


def unit_of(row: Row, attr: str) -> str:
    """The unit of a row's target or actual: as written, else the row's 度量单位 for a bare number."""
    value = row.result.target if attr == "target" else row.result.actual
    if value.unit:
        return value.unit
    return str(row.result.indicator.unit or "").strip() if value.number is not None else ""


def is_satisfaction_row(row: Row) -> bool:
    """满意度 rows."""
    return "满意度" in row.level1 or "满意度" in row.level2


def value_at(se: object, path: str) -> object:
    """The model value at a dotted header path ("project.name"); funding[i].x paths too."""
    m = re.match(r"^funding\[(\d+)\]\.(\w+)$", path)
    if m:
        funding = getattr(se, "funding", [])
        i = int(m.group(1))
        return getattr(funding[i], m.group(2), None) if i < len(funding) else None
    obj = se
    for part in path.split("."):
        obj = getattr(obj, part, None)
    return obj


def show(value: object) -> str:
    """A cell value as messages quote it, shortened."""
    text = "" if value is None else str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


# --- where a form holds reasons (a 需说明 finding passes once one is written) ---------------------------

# Budget changes stated anywhere in the form's texts explain execution above the budget.
_FUNDING_CHANGE_RE = re.compile(
    r"追加|追拨|追补|调增|调剂|年中下达|年中增加|增加预算|补助资金下达|调整预算|预算调整"
)


def row_reason(ctx: Context, row: Row) -> tuple[str, str]:
    """(reason text or "", field path a finding points at) for one indicator row.

    The row's reason column when the form has one, else the form-wide explanation (Hubei's 偏差原因分析),
    and in any case a cause typed inside the actual's own cell ("因疫情未能举办"): forms without a
    reason column (凉山) are explained there.
    """
    ind = row.result.indicator
    if ctx.layout.has("indicators[].reason"):
        where, text = f"{row.field}.reason", ind.reason
    elif ctx.layout.has("conclusion.problems"):
        where, text = "conclusion.problems", ctx.form_reason_text
    else:
        where, text = f"{row.field}.actual", ""
    if reason_given(text):
        return str(text).strip(), where
    return stated_reason(ind.actual), where


def funding_explained(ctx: Context) -> bool:
    """True when the form explains its budget anywhere: a funding reason, or a budget change in its texts."""
    if ctx.se is None:
        return False
    if any(reason_given(r.reason) for r in ctx.se.funding):
        return True
    # Forms without a funding reason column (Hubei) explain deviations in one 原因分析 text.
    hubei_style = not ctx.layout.has("funding[].reason") and ctx.layout.has("conclusion.problems")
    if hubei_style and reason_given(ctx.form_reason_text):
        return True
    texts = [
        ctx.se.goals.process,
        ctx.se.goals.achieved,
        ctx.se.conclusion.summary,
        ctx.se.conclusion.problems,
    ]
    texts += [i.actual for i in ctx.se.indicators] + [i.name for i in ctx.se.indicators]
    return any(isinstance(t, str) and _FUNDING_CHANGE_RE.search(t) for t in texts)


def is_multi_value(row: Row) -> bool:
    """Several quantities in the target or the actual: judged pair by pair, never on the first number."""
    return Flag.MULTI_VALUE in row.result.target.flags or Flag.MULTI_VALUE in row.result.actual.flags


def is_money_cost_row(row: Row) -> bool:
    """A cost row planned as an amount: its target is a ceiling, so spending less is a saving."""
    return is_cost_row(row) and row.result.target.unit_class is UnitClass.MONEY


def not_done(row: Row) -> bool:
    """The actual says the work was not done (未执行, 未能举办, 取消…): it counts as 0."""
    return Flag.TEXT_ON_NUMBER in row.result.actual.flags
