"""凉山 2021 部门整体支出绩效评价 formulas (RULES.md §B7), as local rules."""

from __future__ import annotations

from collections.abc import Sequence

from workbook_tools.core.numbers import excel_round

# Cumulative execution targets at the end of June, September and November.
PROGRESS_TARGETS = (0.40, 0.675, 0.825)


QUANTITY_CEILING = 1.3  # 凉山: more than 30 % above the target is not 实现

# Ratios are rounded to this many decimals before they meet a threshold, in Python and in the template's
# formulas alike: 1.1 − 1 is 0.10000000000000009 in binary, and "10 % exactly" must score as 10 %.
RATIO_DIGITS = 9


def ratio(part: float, whole: float) -> float:
    """part ÷ whole rounded to RATIO_DIGITS (the ROUND(…, 9) the template applies)."""
    return excel_round(part / whole, RATIO_DIGITS)


def quantity_shortfall(a: float, b: float, ceiling: float | None = QUANTITY_CEILING) -> str | None:
    """Why a 数量指标 (A, B) is not 实现: "under" (B < A), "over" (B > ceiling·A), or None when A ≤ B ≤ ceiling·A.

    ceiling None ignores over-achievement (a profile whose over_achievement is "warn"); 1.3A itself passes.
    """
    if b < a:
        return "under"
    if ceiling is not None and b > ceiling * a + 1e-9:
        return "over"
    return None


def quantity_met(target: object, actual: object, ceiling: float = QUANTITY_CEILING) -> bool | None:
    """One 数量指标 of 目标实现: None when it does not count (A or B blank, A not a number above 0),
    False for a miss (B < A, B ÷ A above the ceiling, or B written in words such as "未执行"), True when
    A ≤ B ≤ ceiling·A. B ÷ A is rounded to RATIO_DIGITS, as the template's ROUND(G/F, 9) does, so 1.3A
    itself passes in Python and in every spreadsheet alike.
    """
    if not _is_number(target) or float(target) <= 0 or actual is None or actual == "":
        return None
    if not _is_number(actual):
        return False
    a, b = float(target), float(actual)
    return b >= a and ratio(b, a) <= ceiling


def goal_score(flags: Sequence[bool], weight: float = 8.0) -> float | None:
    """目标实现 from the counted 数量指标 (True = 实现): W × n_ok ÷ n_all; None when none counts."""
    if not flags:
        return None
    return excel_round(weight * sum(1 for f in flags if f) / len(flags))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def goal_achievement(pairs: Sequence[tuple[float, float]], weight: float = 8.0) -> float:
    """目标实现: W × n_ok ÷ n_all over 数量指标 (A, B); ok means A ≤ B ≤ 1.3A (1.3A itself passes)."""
    if not pairs:
        return 0.0
    ok = sum(1 for a, b in pairs if quantity_shortfall(a, b) is None)
    return excel_round(weight * ok / len(pairs))


def budget_accuracy(adjusted_amount: float, initial_budget: float, weight: float = 8.0) -> float | None:
    """编制准确: r = 调剂金额 ÷ 年初预算; W × (1 − 10r), 0 above r = 10%; None when 年初 is 0."""
    if initial_budget == 0:
        return None
    r = ratio(abs(adjusted_amount), initial_budget)
    if r > 0.1:
        return 0.0
    return excel_round(weight * (1 - 10 * r))


def deviation(budget: float, final: float) -> float | None:
    """|决算 − 年初预算| ÷ 年初预算 of one office-expense item; None when the budget is not above 0."""
    if budget <= 0:
        return None
    return ratio(abs(final - budget), budget)


def expenditure_control(deviations: Sequence[float], weight: float = 6.0) -> float:
    """支出控制: worst budget-vs-final deviation of the five office items; ≤10% full, (10%,20%] half, else 0."""
    worst = max((abs(d) for d in deviations), default=0.0)
    if worst <= 0.10:
        return excel_round(weight)
    if worst <= 0.20:
        return excel_round(weight / 2)
    return 0.0


def dynamic_adjustment(
    cancelled: float, written_off: float, annual_budget: float, weight: float = 8.0
) -> float:
    """动态调整 from 调整取消额 and 结余注销额 (both zero, or only cancellations, give full marks)."""
    if written_off <= 0:
        return excel_round(weight)
    if cancelled > 0:
        return excel_round(weight * cancelled / (cancelled + written_off))
    if annual_budget <= 0:
        return 0.0
    share = ratio(written_off, annual_budget)
    return 0.0 if share > 0.1 else excel_round(weight * (1 - 10 * share))


def execution_progress(actuals: Sequence[float], weight: float = 6.0) -> float:
    """执行进度: each of three checkpoints gives W/3 when met, else W/3 × actual ÷ target."""
    part = weight / len(PROGRESS_TARGETS)
    total = 0.0
    for actual, target in zip(actuals, PROGRESS_TARGETS, strict=True):
        total += part if actual >= target else part * max(actual, 0.0) / target
    return excel_round(total)


def budget_completion(december_rate: float, weight: float = 8.0) -> float:
    """预算完成: W × min(12月执行率, 1)."""
    return excel_round(weight * min(max(december_rate, 0.0), 1.0))


def violation_record(findings: int, weight: float = 8.0) -> float:
    """违规记录: minus 0.5 per audit or inspection finding, floor 0."""
    return excel_round(max(weight - 0.5 * findings, 0.0))


def self_evaluation_quality(self_score: float, review_score: float, weight: float = 10.0) -> float:
    """自评质量 (reviewers only): deduction by the gap between self and spot-check scores."""
    if review_score == 0:
        return 0.0
    gap = abs(self_score - review_score) / review_score
    if gap < 0.05:
        return excel_round(weight)
    if gap <= 0.10:
        return excel_round(weight - 4)
    if gap <= 0.20:
        return excel_round(weight - 8)
    return 0.0
