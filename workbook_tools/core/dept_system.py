"""凉山 指标体系: each rule-based 三级 score from the department's facts, with its arithmetic in words.

Pure: reads a SystemSection (core.dept_model), returns what the 计分标准 give (RULES.md §B7, through
core.liangshan). A rule whose facts are not all entered gives no score — nothing is guessed. The
template's native formulas (forms.sc_dept_system) compute the same numbers; the oracle tests hold the two
together.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbook_tools.core import liangshan as ls
from workbook_tools.core.dept_model import SystemSection
from workbook_tools.core.numbers import as_number, general_text

# 三级 name → default points, for a row whose 指标分值 cell is blank.
RULE_POINTS = {
    "目标实现": 8.0,
    "编制准确": 8.0,
    "支出控制": 6.0,
    "动态调整": 8.0,
    "执行进度": 6.0,
    "预算完成": 8.0,
    "违规记录": 8.0,
}


@dataclass(frozen=True)
class RuleScore:
    """What one 计分标准 gives, and how (a Chinese sentence with the numbers)."""

    name: str
    score: float
    arithmetic: str


def _n(x: float) -> str:
    return general_text(round(x, 6))


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%"


def quantity_flags(section: SystemSection) -> list[bool]:
    """The counted 数量指标 of the facts block: True = 实现 (A ≤ B ≤ 1.3A), words for B = not."""
    flags = (ls.quantity_met(q.target, q.actual) for q in section.quantities)
    return [f for f in flags if f is not None]


def goal(section: SystemSection, points: float) -> RuleScore | None:
    """目标实现 from the facts block's 数量指标."""
    flags = quantity_flags(section)
    score = ls.goal_score(flags, points)
    if score is None:
        return None
    ok = sum(flags)
    how = f"{len(flags)} 个数量指标中 {ok} 个实现（A ≤ B ≤ 1.3A），{_n(points)} × {ok} ÷ {len(flags)} = {_n(score)}"
    return RuleScore("目标实现", score, how)


def accuracy(section: SystemSection, points: float) -> RuleScore | None:
    """编制准确 from 全年预算调剂金额 and 年初部门预算数."""
    f = section.facts
    adj, init = as_number(f.adjusted_amount), as_number(f.initial_budget)
    if adj is None or init is None:
        return None
    score = ls.budget_accuracy(adj, init, points)
    if score is None:
        return None
    r = ls.ratio(abs(adj), init)
    if r > 0.1:
        how = f"调剂比例 {_n(abs(adj))} ÷ {_n(init)} = {_pct(r)}，超过 10% 得 0 分"
    else:
        how = f"调剂比例 {_n(abs(adj))} ÷ {_n(init)} = {_pct(r)}，{_n(points)} × (1 − 10 × {_pct(r)}) = {_n(score)}"
    return RuleScore("编制准确", score, how)


def control(section: SystemSection, points: float) -> RuleScore | None:
    """支出控制 from the office items' 年初预算数 and 决算数 (the largest deviation decides)."""
    found: list[tuple[str, float]] = []
    for item in section.office:
        b, fin = as_number(item.budget), as_number(item.final)
        if b is None or fin is None:
            continue
        d = ls.deviation(b, fin)
        if d is not None:
            found.append((item.name, d))
    if not found:
        return None
    name, worst = max(found, key=lambda x: x[1])
    score = ls.expenditure_control([d for _n2, d in found], points)
    band = "10% 以内" if worst <= 0.1 else ("10%–20%" if worst <= 0.2 else "超过 20%")
    return RuleScore("支出控制", score, f"最大预决算偏差为{name} {_pct(worst)}（{band}），得 {_n(score)} 分")


def adjustment(section: SystemSection, points: float) -> RuleScore | None:
    """动态调整 from 调整取消额, 结余注销额 and (when nothing was cancelled) 年度预算总额."""
    f = section.facts
    c, w, t = as_number(f.cancelled), as_number(f.written_off), as_number(f.annual_budget)
    if c is None or w is None:
        return None
    if w > 0 and c <= 0 and t is None:
        return None
    score = ls.dynamic_adjustment(c, w, t if t is not None else 0.0, points)
    if w <= 0:
        how = f"结余注销额为 {_n(w)}，得满分 {_n(score)}"
    elif c > 0:
        how = f"{_n(points)} × 调整取消额 {_n(c)} ÷ (调整取消额 {_n(c)} + 结余注销额 {_n(w)}) = {_n(score)}"
    elif t is not None and t > 0:
        share = ls.ratio(w, t)
        how = f"结余注销额 {_n(w)} ÷ 年度预算总额 {_n(t)} = {_pct(share)}，" + (
            "超过 10% 得 0 分" if share > 0.1 else f"{_n(points)} × (1 − 10 × {_pct(share)}) = {_n(score)}"
        )
    else:
        how = "年度预算总额不大于 0，得 0 分"
    return RuleScore("动态调整", score, how)


def progress(section: SystemSection, points: float) -> RuleScore | None:
    """执行进度 from the execution at the end of June, September and November."""
    f = section.facts
    actuals = [as_number(x) for x in (f.progress_jun, f.progress_sep, f.progress_nov)]
    if any(a is None for a in actuals):
        return None
    score = ls.execution_progress(actuals, points)
    parts = "、".join(
        f"{m}月 {_pct(a)}（目标 {_pct(t)}）"
        for m, a, t in zip((6, 9, 11), actuals, ls.PROGRESS_TARGETS, strict=True)
    )
    return RuleScore("执行进度", score, f"{parts}，合计得 {_n(score)} 分")


def completion(section: SystemSection, points: float) -> RuleScore | None:
    """预算完成 from the execution at the end of December."""
    dec = as_number(section.facts.progress_dec)
    if dec is None:
        return None
    score = ls.budget_completion(dec, points)
    return RuleScore(
        "预算完成",
        score,
        f"12月执行进度 {_pct(dec)}，{_n(points)} × {_pct(min(max(dec, 0), 1))} = {_n(score)}",
    )


def violations(section: SystemSection, points: float) -> RuleScore | None:
    """违规记录 from the number of audit / inspection findings."""
    n = as_number(section.facts.violations)
    if n is None:
        return None
    score = ls.violation_record(n, points)
    return RuleScore("违规记录", score, f"{_n(points)} − 0.5 × {_n(n)} 个问题 = {_n(score)}（不低于 0）")


_RULES = {
    "目标实现": goal,
    "编制准确": accuracy,
    "支出控制": control,
    "动态调整": adjustment,
    "执行进度": progress,
    "预算完成": completion,
    "违规记录": violations,
}


def rule_scores(section: SystemSection) -> dict[str, RuleScore]:
    """三级 name → what its 计分标准 gives from the facts (rules without their facts are left out)."""
    out: dict[str, RuleScore] = {}
    for name, rule in _RULES.items():
        row = section.row(name)
        points = as_number(row.points) if row is not None else None
        found = rule(section, points if points is not None else RULE_POINTS[name])
        if found is not None:
            out[name] = found
    return out
