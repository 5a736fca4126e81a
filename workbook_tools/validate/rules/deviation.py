"""C8: execution above 100 % and approximate targets missed by more than their tolerance."""

from __future__ import annotations

from workbook_tools.core.evaluate import funding_rate
from workbook_tools.core.value import Direction
from workbook_tools.validate.finding import FindingList, num, pct
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import funding_explained, is_multi_value, row_reason, show


@form_rule("EXEC_RATE_OVER_100")
def execution_over_100(ctx: Context, out: FindingList) -> None:
    """执行数 above 预算数 needs an explanation (S004: 3014.42 vs 2634.17), unless the form gives one.

    One finding: the total line when it is over, else the first 其中 line that is (a 其中 line with the
    total's own figures would only repeat it).
    """
    if funding_explained(ctx):
        return
    for i, row in enumerate(ctx.se.funding):
        rate = funding_rate(row)
        if rate is not None and rate > 1 + 1e-9:
            out.add(
                "EXEC_RATE_OVER_100",
                f"funding[{i}].executed",
                rate=pct(rate),
                executed=num(row.executed),
                budget=num(row.adjusted),
                expected="<= 100%",
                actual=pct(rate),
            )
            return


@row_rule("APPROX_OUT_OF_TOLERANCE")
def approx_targets(ctx: Context, row: Row, out: FindingList) -> None:
    """ "X左右" counts as met within ± the profile's tolerance; outside it needs a reason (S001: 18 vs 20人左右)."""
    tolerance = ctx.profile.approx_tolerance
    res = row.result
    if is_multi_value(row) or res.direction is not Direction.APPROX or res.deviation is None:
        return
    if abs(res.deviation) <= tolerance + 1e-9 or row_reason(ctx, row)[0]:
        return
    out.add(
        "APPROX_OUT_OF_TOLERANCE",
        f"{row.field}.actual",
        row=row.who,
        target=num(res.target.number),
        actual=show(res.indicator.actual),
        deviation=pct(abs(res.deviation)),
        tolerance=pct(tolerance),
        indicator=res.index,
    )
