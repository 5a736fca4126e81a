"""C3: explanations required for low execution, budget adjustments, under- and over-achievement."""

from __future__ import annotations

from workbook_tools.core.evaluate import funding_rate
from workbook_tools.core.numbers import sheet_less
from workbook_tools.core.profile import TIER_ACHIEVED
from workbook_tools.core.scoring import Achievement
from workbook_tools.core.value import Direction
from workbook_tools.validate.finding import FindingList, num, pct
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import reason_given, show, value_at

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
    """年初 ≠ 调整后 needs its own explanation (U-SC1 note 2)."""
    if not (ctx.layout.has("funding[].initial") and ctx.layout.has("funding[].reason")):
        return
    for i, row in enumerate(ctx.se.funding):
        if row.initial is None or row.adjusted is None or abs(row.initial - row.adjusted) <= TOLERANCE:
            continue
        if not reason_given(row.reason):
            out.add(
                "ADJUSTMENT_REASON_MISSING",
                f"funding[{i}].reason",
                label=row.source or "总额",
                initial=num(row.initial),
                adjusted=num(row.adjusted),
            )


def _reason(ctx: Context, row: Row) -> tuple[bool, str]:
    """Whether the row is explained, and where; forms without a per-row column (Hubei) use one text."""
    if ctx.layout.has("indicators[].reason"):
        return reason_given(row.result.indicator.reason), f"{row.field}.reason"
    return reason_given(ctx.form_reason_text), "conclusion.problems"


def _under(ctx: Context, r: Row) -> bool:
    res = r.result
    if res.achievement is Achievement.UNDER:
        return True
    if res.direction is Direction.QUALITATIVE and res.actual.tier not in (None, TIER_ACHIEVED):
        return True
    return ctx.scored and res.score is not None and res.weight > 0 and res.score < res.weight - TOLERANCE


@row_rule("UNDERACHIEVED_REASON_MISSING")
def under_achievement(ctx: Context, row: Row, out: FindingList) -> None:
    """An unmet indicator, or S < W, needs 未完成原因分析."""
    ind = row.result.indicator
    given, where = _reason(ctx, row)
    if _under(ctx, row) and not given:
        out.add(
            "UNDERACHIEVED_REASON_MISSING",
            where,
            row=row.who,
            target=show(ind.target),
            actual=show(ind.actual),
            indicator=row.result.index,
        )


@row_rule("OVERACHIEVED_REASON_MISSING", "DEVIATION_EXPLAINED")
def over_achievement(ctx: Context, row: Row, out: FindingList) -> None:
    """Beyond the deviation threshold (default 30 %): an explanation is due, and is flagged for review anyway."""
    res, ind = row.result, row.result.indicator
    if res.achievement is not Achievement.OVER:
        return
    dev = pct(abs(res.deviation)) if res.deviation is not None else "阈值"
    given, where = _reason(ctx, row)
    if given:
        out.add(
            "DEVIATION_EXPLAINED",
            f"{row.field}.actual",
            row=row.who,
            deviation=dev,
            indicator=res.index,
        )
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
