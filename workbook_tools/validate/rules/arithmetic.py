"""C4: arithmetic — total row = Σ sub-rows, printed rate and scores = recomputed, 0 ≤ S ≤ W, 总分 = Σ."""

from __future__ import annotations

from workbook_tools.core.evaluate import final_total, funding_rate, na_weight
from workbook_tools.core.numbers import as_number, excel_round
from workbook_tools.core.parse import parse_value
from workbook_tools.validate.finding import FindingList, num, pct
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import QUANTITATIVE

AMOUNT_TOLERANCE = 0.005  # amounts are typed to 2 decimals
SCORE_TOLERANCE = 0.01  # RULES: printed values tolerate ±0.01
RATE_TOLERANCE = 0.0001  # ±0.01 percentage points


def printed_number(value: object) -> float | None:
    """A printed cell as a number; "100%" and "100.00%" read as 1.0, like the cell's own value."""
    number = as_number(value)
    if number is not None:
        return number
    if value is None:
        return None
    parsed = parse_value(str(value))
    if parsed.number is None:
        return None
    return parsed.number / 100 if parsed.unit == "%" else parsed.number


@form_rule("FUNDING_TOTAL_MISMATCH")
def funding_sums(ctx: Context, out: FindingList) -> None:
    """年度资金总额 = Σ 其中 rows, column by column (U-AH's 0/0/0 total over a filled sub-row)."""
    funding = ctx.se.funding
    if len(funding) < 2:
        return
    for col, label in (("initial", "年初预算数"), ("adjusted", "预算数"), ("executed", "执行数")):
        parts = [getattr(r, col) for r in funding[1:] if getattr(r, col) is not None]
        total = getattr(funding[0], col)
        if not parts or total is None:
            continue
        expected = excel_round(sum(parts))
        if abs(total - expected) > AMOUNT_TOLERANCE:
            out.add(
                "FUNDING_TOTAL_MISMATCH", f"funding[0].{col}", column=label, expected=expected, actual=total
            )


@form_rule("ZERO_BUDGET_EXECUTED")
def zero_budget(ctx: Context, out: FindingList) -> None:
    """A zero budget with a positive execution is an error (B2), not a 0 % rate."""
    for i, row in enumerate(ctx.se.funding):
        if row.adjusted == 0 and (row.executed or 0) > 0:
            out.add(
                "ZERO_BUDGET_EXECUTED",
                f"funding[{i}].executed",
                label=row.source or "总额",
                executed=num(row.executed),
                actual=row.executed,
                expected=0,
            )


@form_rule("EXEC_RATE_MISMATCH")
def printed_rates(ctx: Context, out: FindingList) -> None:
    """A rate the workbook prints (typed by hand or overwritten) equals 执行数 ÷ 预算数."""
    for i, row in enumerate(ctx.se.funding):
        shown = printed_number(ctx.printed.get(f"funding[{i}].rate"))
        rate = funding_rate(row)
        if shown is None or rate is None:
            continue
        if abs(round(shown, 4) - round(rate, 4)) > RATE_TOLERANCE:
            out.add("EXEC_RATE_MISMATCH", f"funding[{i}].rate", expected=pct(rate), actual=pct(shown))


@form_rule("EXEC_SCORE_MISMATCH")
def printed_execution_score(ctx: Context, out: FindingList) -> None:
    """A printed execution score equals W × min(rate, cap)."""
    shown = printed_number(ctx.printed.get("funding[0].score"))
    expected = ctx.evaluation.execution_score
    if shown is not None and expected is not None and abs(shown - expected) > SCORE_TOLERANCE:
        out.add("EXEC_SCORE_MISMATCH", "funding[0].score", expected=expected, actual=shown)


def _shown_score(ctx: Context, index: int, typed: object) -> float | None:
    return printed_number(ctx.printed.get(f"indicators[{index}].score", typed))


@row_rule("SCORE_EXCEEDS_WEIGHT", "SCORE_NEGATIVE", "SCORE_MISMATCH", rows="all")
def indicator_scores(ctx: Context, row: Row, out: FindingList) -> None:
    """0 ≤ S ≤ W; a quantitative row's stored score follows the scoring rule."""
    if not ctx.scored:
        return
    res = row.result
    shown = _shown_score(ctx, res.index, res.indicator.score)
    if shown is None:
        return
    kw = {"row": row.who, "indicator": res.index}
    if shown > res.weight + SCORE_TOLERANCE:
        out.add("SCORE_EXCEEDS_WEIGHT", f"{row.field}.score", expected=res.weight, actual=shown, **kw)
    elif shown < 0:
        out.add("SCORE_NEGATIVE", f"{row.field}.score", actual=shown, **kw)
    elif (
        res.direction in QUANTITATIVE
        and res.counted
        and res.score is not None
        and res.actual.number is not None
        and abs(shown - res.score) > SCORE_TOLERANCE
    ):
        out.add("SCORE_MISMATCH", f"{row.field}.score", expected=res.score, actual=shown, **kw)


@form_rule("TOTAL_SCORE_MISMATCH")
def total_score(ctx: Context, out: FindingList) -> None:
    """总分 as printed = the execution score + the indicator scores as shown, rescaled over N/A rows and
    capped by the execution rate as the profile says (na_mode, total_caps)."""
    shown_total = printed_number(ctx.printed.get("total"))
    ev = ctx.evaluation
    if shown_total is None or not ctx.scored:
        return
    execution = printed_number(ctx.printed.get("funding[0].score"))
    scores, weights = [], []
    for r in ev.indicators:
        if r.counted:
            shown = _shown_score(ctx, r.index, r.indicator.score)
            scores.append(shown if shown is not None else (r.score or 0.0))
            weights.append(r.weight)
    uncapped, cap = final_total(
        execution if execution is not None else (ev.execution_score or 0.0),
        scores,
        weights,
        na_weight(ev.indicators),
        ev.rate,
        ctx.profile,
    )
    expected = min(uncapped, cap) if cap is not None else uncapped
    if abs(shown_total - expected) > SCORE_TOLERANCE:
        out.add("TOTAL_SCORE_MISMATCH", "total", expected=expected, actual=shown_total)


@form_rule("DEPT_SPLIT_MISMATCH")
def department_split(ctx: Context, out: FindingList) -> None:
    """部门整体: 基本支出 + 项目支出 = 执行数 (S004: 990.69 + 2023.73 = 3014.42)."""
    dept, total = ctx.se.department, ctx.se.total_funding
    if dept is None or total is None or total.executed is None:
        return
    basic, project = as_number(dept.basic_expenditure), as_number(dept.project_expenditure)
    if basic is None or project is None:
        return
    expected = excel_round(basic + project)
    if abs(expected - total.executed) > AMOUNT_TOLERANCE:
        out.add(
            "DEPT_SPLIT_MISMATCH",
            "funding[0].executed",
            basic=num(basic),
            project=num(project),
            expected=expected,
            actual=total.executed,
        )
