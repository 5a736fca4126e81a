"""C6: units and consistency — actual vs target units, percentages, satisfaction, 指标性质, tiers."""

from __future__ import annotations

from workbook_tools.core.evaluate import direction_of_nature
from workbook_tools.core.numbers import as_number
from workbook_tools.core.parse import tier_of
from workbook_tools.core.scoring import score_in_band
from workbook_tools.core.value import Direction, Flag, units_compatible
from workbook_tools.validate.finding import FindingList, num
from workbook_tools.validate.rules.base import Context, Row, row_rule
from workbook_tools.validate.rules.common import (
    QUANTITATIVE,
    is_multi_value,
    is_placeholder,
    is_satisfaction_row,
    not_done,
    show,
    unit_of,
)


@row_rule("UNIT_MISMATCH")
def actual_units(ctx: Context, row: Row, out: FindingList) -> None:
    """The actual's unit matches the target's: "注册科技工作者 3 万元" against 万人 is wrong.

    A bare number against an amount in 万元 is read in the target's unit, unless it is a thousand
    times too large for that ("30000" against "3万元" was typed in 元).
    """
    t, a = row.result.target, row.result.actual
    if t.number is None or a.number is None or not t.unit or is_multi_value(row):
        return  # several quantities in a cell: texts.multi_value_pairs compares them pair by pair
    if not a.unit:
        bare = not row.result.indicator.unit and t.unit == "万元" and t.number > 0
        if bare and a.number >= 1000 * t.number:
            out.add(
                "UNIT_MISMATCH",
                f"{row.field}.actual",
                row=row.who,
                expected=t.unit,
                actual=f"未写单位（{num(a.number)} 按万元计过大，像是以元填写）",
                indicator=row.result.index,
            )
        return
    if not units_compatible(t.unit, a.unit):
        out.add(
            "UNIT_MISMATCH",
            f"{row.field}.actual",
            row=row.who,
            expected=t.unit,
            actual=a.unit,
            indicator=row.result.index,
        )


@row_rule("PERCENT_OUT_OF_RANGE", "TARGET_GE_100_PERCENT")
def percentages(ctx: Context, row: Row, out: FindingList) -> None:
    """Percentages lie in 0–100; "≥100%" should be "=100%"."""
    for attr, label, value in (
        ("target", "指标值", row.result.target),
        ("actual", "完成值", row.result.actual),
    ):
        bare_percent = unit_of(row, attr) == "%" and value.number is not None and not 0 <= value.number <= 100
        if Flag.PERCENT_OUT_OF_RANGE in value.flags or bare_percent:
            out.add(
                "PERCENT_OUT_OF_RANGE",
                f"{row.field}.{attr}",
                row=row.who,
                label=label,
                actual=show(getattr(row.result.indicator, attr)),
                expected="0–100%",
                indicator=row.result.index,
            )
    t = row.result.target
    if (
        t.direction is Direction.GE
        and unit_of(row, "target") == "%"
        and t.number is not None
        and t.number >= 100
    ):
        out.add(
            "TARGET_GE_100_PERCENT",
            f"{row.field}.target",
            row=row.who,
            actual=show(t.raw),
            expected="=100%",
            indicator=row.result.index,
        )


@row_rule("SATISFACTION_NOT_PERCENT")
def satisfaction(ctx: Context, row: Row, out: FindingList) -> None:
    """A satisfaction actual is a percentage, not "满意"."""
    ind = row.result.indicator
    if is_satisfaction_row(row) and not is_placeholder(ind.actual) and unit_of(row, "actual") != "%":
        out.add(
            "SATISFACTION_NOT_PERCENT",
            f"{row.field}.actual",
            row=row.who,
            actual=show(ind.actual),
            expected="百分比",
            indicator=row.result.index,
        )


@row_rule("NATURE_MISMATCH")
def nature_vs_wording(ctx: Context, row: Row, out: FindingList) -> None:
    """指标性质 agrees with the wording of the target ("不低于" is ≥)."""
    named = direction_of_nature(row.result.indicator.nature)
    worded = row.result.target.direction
    if (
        named in (Direction.GE, Direction.LE, Direction.EQ)
        and worded in (Direction.GE, Direction.LE)
        and named is not worded
    ):
        out.add(
            "NATURE_MISMATCH",
            f"{row.field}.nature",
            row=row.who,
            actual=str(named),
            expected=str(worded),
            target=show(row.result.indicator.target),
            indicator=row.result.index,
        )


@row_rule("TIER_MISSING", "QUAL_SCORE_OUT_OF_BAND")
def qualitative(ctx: Context, row: Row, out: FindingList) -> None:
    """Scored qualitative rows name a tier, and their score lies inside that tier's band."""
    if not ctx.scored:
        return  # unscored forms never turn a tier into points
    res = row.result
    if res.direction is not Direction.QUALITATIVE or is_placeholder(res.indicator.actual):
        return
    tier = res.actual.tier or tier_of(str(res.indicator.actual))
    kw = {"row": row.who, "indicator": res.index}
    if tier is None:
        out.add("TIER_MISSING", f"{row.field}.actual", actual=show(res.indicator.actual), **kw)
        return
    score = as_number(ctx.printed.get(f"indicators[{res.index}].score", res.indicator.score))
    if score is not None and res.weight > 0 and not score_in_band(tier, score, res.weight, ctx.profile):
        low, high = ctx.profile.band(tier)
        band = f"{num(res.weight * low)}–{num(res.weight * high)}"
        column = "manual" if ctx.layout.has("indicators[].manual") else "score"
        out.add(
            "QUAL_SCORE_OUT_OF_BAND",
            f"{row.field}.{column}",
            tier=tier,
            expected=band,
            actual=score,
            **kw,
        )


@row_rule("ACTUAL_NOT_NUMERIC")
def text_on_number(ctx: Context, row: Row, out: FindingList) -> None:
    """A quantitative target needs a number as its actual ("完成" against "≤30万元" is an error).

    Whether a row is quantitative is judged from both sides: a target that is a sentence with a number
    in it ("在北川县小河村打造科普文化长廊1个,打通…") answered by a judgement ("优良") is a narrative row,
    and a miss written in words ("因疫情未能举办") is a shortfall to 0, judged by the explanation rules.
    """
    res = row.result
    if res.target.direction not in QUANTITATIVE or res.target.number is None:
        return
    if res.direction is Direction.QUALITATIVE or is_placeholder(res.indicator.actual) or not_done(row):
        return
    if res.target.flags & {Flag.COMPOUND, Flag.MULTI_VALUE} and not ctx.scored:
        return  # on a scored form the row still needs a number, or its score is judged by hand
    if res.actual.number is None and res.actual.direction is not Direction.DEADLINE:
        out.add(
            "ACTUAL_NOT_NUMERIC",
            f"{row.field}.actual",
            row=row.who,
            target=show(res.indicator.target),
            actual=show(res.indicator.actual),
            indicator=res.index,
        )


@row_rule("MULTI_VALUE_CELL", "SCALE_AS_TARGET")
def value_shapes(ctx: Context, row: Row, out: FindingList) -> None:
    """Several values in one cell must be split; "优良中低差" is not a target."""
    res = row.result
    for attr, label, value in (("target", "指标值", res.target), ("actual", "完成值", res.actual)):
        if Flag.MULTI_VALUE in value.flags:
            out.add(
                "MULTI_VALUE_CELL",
                f"{row.field}.{attr}",
                row=row.who,
                label=label,
                actual=show(getattr(res.indicator, attr)),
                indicator=res.index,
            )
    if Flag.SCALE_AS_TARGET in res.target.flags:
        out.add(
            "SCALE_AS_TARGET",
            f"{row.field}.target",
            row=row.who,
            actual=show(res.indicator.target),
            indicator=res.index,
        )
