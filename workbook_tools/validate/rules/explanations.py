"""C3: explanations required for low execution, budget adjustments, under- and over-achievement."""

from __future__ import annotations

from workbook_tools.core.evaluate import funding_rate
from workbook_tools.core.numbers import sheet_less
from workbook_tools.core.profile import TIER_ACHIEVED
from workbook_tools.core.scoring import Achievement
from workbook_tools.core.value import Direction
from workbook_tools.validate.finding import FindingList, num, pct
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import (
    is_money_cost_row,
    is_multi_value,
    not_done,
    reason_given,
    row_reason,
    show,
    used_rows,
    value_at,
)

TOLERANCE = 0.005


@form_rule("EXEC_REASON_MISSING")
def low_execution(ctx: Context, out: FindingList) -> None:
    """An execution rate below the profile's threshold needs a reason (U-SC1: 90 %)."""
    total = ctx.se.total_funding
    where = ctx.layout.funding_reason_path()
    if total is None or where is None:
        return
    rate = funding_rate(total)
    threshold = ctx.profile.execution_reason_threshold
    if rate is not None and sheet_less(rate, threshold) and not reason_given(value_at(ctx.se, where)):
        out.add(
            "EXEC_REASON_MISSING",
            where,
            rate=pct(rate),
            threshold=pct(threshold),
            actual=round(rate, 4),
            expected=f">= {threshold}",
        )


@form_rule("ADJUSTMENT_REASON_MISSING")
def adjustments(ctx: Context, out: FindingList) -> None:
    """年初 ≠ 调整后 needs an explanation (U-SC1 note 2); one reason on any funding line covers the form."""
    if not (ctx.layout.has("funding[].initial") and ctx.layout.has("funding[].reason")):
        return
    if any(reason_given(r.reason) for r in ctx.se.funding):
        return  # the 其中 lines repeat the total's change; the reason written once explains it
    for i, row in enumerate(ctx.se.funding):
        if row.initial is None or row.adjusted is None or abs(row.initial - row.adjusted) <= TOLERANCE:
            continue
        out.add(
            "ADJUSTMENT_REASON_MISSING",
            f"funding[{i}].reason",
            label=row.source or "总额",
            initial=num(row.initial),
            adjusted=num(row.adjusted),
        )
        return  # one finding: the lines below the first changed one are parts of the same change


def _under(ctx: Context, r: Row) -> bool:
    """The row missed its target: a shortfall, a failed tier, S < W, or the work not done at all."""
    res = r.result
    if is_multi_value(r) or res.direction is Direction.APPROX:
        return False  # judged pair by pair (textpairs), or within ± tolerance (APPROX_OUT_OF_TOLERANCE)
    if not_done(r):
        return True
    if res.achievement is Achievement.UNDER:
        return not is_money_cost_row(r)  # spending less than a cost line's plan is a saving
    if res.direction is Direction.QUALITATIVE and res.actual.tier not in (None, TIER_ACHIEVED):
        return True
    # A 指标偏离 deduction (profile deviation_penalty) is not a shortfall: INDICATOR_DEVIATION reports it.
    score = res.score + res.penalty if res.score is not None else None
    return ctx.scored and score is not None and res.weight > 0 and score < res.weight - TOLERANCE


@row_rule("UNDERACHIEVED_REASON_MISSING")
def under_achievement(ctx: Context, row: Row, out: FindingList) -> None:
    """An unmet indicator, or S < W, needs 未完成原因分析 (a cause typed in the actual's cell counts)."""
    ind = row.result.indicator
    reason, where = row_reason(ctx, row)
    if _under(ctx, row) and not reason:
        out.add(
            "UNDERACHIEVED_REASON_MISSING",
            where,
            row=row.who,
            target=show(ind.target),
            actual=show(ind.actual),
            indicator=row.result.index,
        )


@form_rule("NOT_EXECUTED_EXPLAINED")
def explained_non_execution(ctx: Context, out: FindingList) -> None:
    """Work not done, with its cause written: one note per cause, not one per row that depends on it."""
    seen: dict[str, list[Row]] = {}
    for row in used_rows(ctx):
        if not_done(row):
            reason, _where = row_reason(ctx, row)
            if reason:
                seen.setdefault(reason, []).append(row)
    for reason, group in seen.items():
        first = group[0]
        also = "、".join(str(r.n) for r in group[1:])
        out.add(
            "NOT_EXECUTED_EXPLAINED",
            f"{first.field}.actual",
            row=first.who,
            reason=reason + (f"（同一原因的还有第 {also} 个指标）" if also else ""),
            indicator=first.result.index,
        )


@row_rule("OVERACHIEVED_REASON_MISSING", "DEVIATION_EXPLAINED")
def over_achievement(ctx: Context, row: Row, out: FindingList) -> None:
    """Beyond the deviation threshold (default 30 %): an explanation is due, and is flagged for review anyway."""
    res, ind = row.result, row.result.indicator
    if res.achievement is not Achievement.OVER or is_multi_value(row) or res.direction is Direction.APPROX:
        return
    dev = pct(abs(res.deviation)) if res.deviation is not None else "阈值"
    reason, where = row_reason(ctx, row)
    if reason:
        out.add("DEVIATION_EXPLAINED", f"{row.field}.actual", row=row.who, deviation=dev, indicator=res.index)
    else:
        out.add(
            "OVERACHIEVED_REASON_MISSING",
            where,
            row=row.who,
            target=show(ind.target),
            actual=show(ind.actual),
            deviation=dev,
            indicator=res.index,
        )
