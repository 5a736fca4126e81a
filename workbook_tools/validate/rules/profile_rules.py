"""Province/year rules that only some profiles switch on (RULES §B7, §B9, §C3).

- 指标偏离 (Sichuan 一体化, `deviation_penalty`): a 完成值 ≥ (1 + t)·A costs points; the core deducts
  them from the row's score, this rule states the deduction.
- 总分 capped by 预算执行率 (Sichuan 一体化, `total_caps`): the core caps 总分, this rule states the cut.
- 数量指标 目标实现 (凉山, `quantity_rule = "liangshan"`): A ≤ B ≤ 1.3A, or the row is not 实现
  (above 1.3A only with `over_achievement = "not_achieved"`).
"""

from __future__ import annotations

from workbook_tools.core.liangshan import quantity_shortfall
from workbook_tools.core.profile import TIER_FAILED
from workbook_tools.core.value import Direction, Flag
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.finding import FindingList, num, pct
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import row_reason, show

_QUANTITY_DIRECTIONS = frozenset({Direction.GE, Direction.EQ, Direction.APPROX, Direction.INTERVAL})
_WHY = {"under": "未达到指标值", "over": "超过指标值的 {ceiling}"}


def _severity(ctx: Context, row: Row) -> Severity | None:
    """需说明 until the row is explained (reason column, form-wide text or the actual's own cell), then 提示:
    the deduction or the failed count stands either way, so the finding still says so."""
    reason, _where = row_reason(ctx, row)
    return Severity.ADVICE if reason else None


@row_rule("INDICATOR_DEVIATION")
def indicator_deviation(ctx: Context, row: Row, out: FindingList) -> None:
    """Sichuan 一体化 指标偏离: the core took `deviation_penalty` points off a row ≥ 30 % above its target.

    需说明 while the row gives no reason, 提示 once it does: the deduction stands either way.
    """
    res, ind = row.result, row.result.indicator
    if not ctx.scored or not res.penalty:
        return
    out.add(
        "INDICATOR_DEVIATION",
        f"{row.field}.score",
        row=row.who,
        target=show(ind.target),
        actual=show(ind.actual),
        deviation=pct(res.deviation) if res.deviation is not None else "阈值",
        penalty=num(res.penalty),
        indicator=res.index,
        severity=_severity(ctx, row),
    )


@form_rule("TOTAL_CAPPED_BY_RATE")
def total_cap(ctx: Context, out: FindingList) -> None:
    """总分 above what the execution rate allows (`total_caps`): the excess is deducted."""
    ev = ctx.evaluation
    if not ctx.scored or ev is None or ev.cap is None or ev.uncapped_total is None:
        return
    if ev.uncapped_total <= ev.cap:
        return
    out.add(
        "TOTAL_CAPPED_BY_RATE",
        "total",
        rate=pct(ev.rate),
        cap=num(ev.cap),
        actual=ev.uncapped_total,
        expected=ev.total,
    )


def quantity_failure(ctx: Context, row: Row) -> str | None:
    """Why a 数量指标 row fails the profile's 目标实现 rule ("under" / "over"), or None."""
    res = row.result
    if ctx.profile.quantity_rule != "liangshan" or "数量" not in row.level2:
        return None
    if res.direction not in _QUANTITY_DIRECTIONS or res.target.number is None:
        return None
    if Flag.MULTI_VALUE in res.target.flags or Flag.MULTI_VALUE in res.actual.flags:
        return None  # several quantities: judged pair by pair elsewhere, never on the first number
    if res.actual.number is None:  # a miss in words ("未执行", "未能完成") is not 实现
        return "under" if res.actual.tier == TIER_FAILED else None
    a = res.target.number
    top = res.target.high if res.direction is Direction.INTERVAL and res.target.high is not None else a
    ceiling = 1 + ctx.profile.deviation_threshold if ctx.profile.over_achievement == "not_achieved" else None
    b = res.actual.number
    if b >= a and ceiling is not None and top != a:  # an interval: its top is the reference above
        return quantity_shortfall(top, b, ceiling) if b > top else None
    return quantity_shortfall(a, b, ceiling)


@row_rule("QUANTITY_TARGET_FAILED")
def quantity_target(ctx: Context, row: Row, out: FindingList) -> None:
    """凉山 目标实现: a 数量指标 counts only if A ≤ B ≤ 1.3A; one finding per row that does not.

    需说明 while the row gives no reason, 提示 once it does: the row still does not count as 实现.
    """
    why = quantity_failure(ctx, row)
    if why is None:
        return
    ind = row.result.indicator
    ceiling = pct(1 + ctx.profile.deviation_threshold).replace(".00%", "%")
    out.add(
        "QUANTITY_TARGET_FAILED",
        f"{row.field}.actual",
        row=row.who,
        target=show(ind.target),
        actual=show(ind.actual),
        why=_WHY[why].format(ceiling=ceiling),
        indicator=row.result.index,
        severity=_severity(ctx, row),
    )
