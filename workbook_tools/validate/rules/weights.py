"""C2: weights add up, per group and in total, and each used weight is positive."""

from __future__ import annotations

from workbook_tools.core.numbers import as_number, excel_round
from workbook_tools.validate.finding import FindingList, num
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import group_name, rows

TOLERANCE = 0.01


def _weights_present(ctx: Context) -> bool:
    if "weights_present" not in ctx.memo:
        indicators = ctx.evaluation.indicators if ctx.evaluation is not None else []
        ctx.memo["weights_present"] = any(as_number(r.indicator.weight) is not None for r in indicators)
    return ctx.scored and ctx.memo["weights_present"]


@form_rule("WEIGHT_TOTAL_MISMATCH")
def weight_total(ctx: Context, out: FindingList) -> None:
    """Execution weight + Σ indicator weights = the form total (10 + 90, 20 + 80, 10 + 50 + 30 + 10)."""
    if not _weights_present(ctx):
        return
    total = excel_round(ctx.profile.execution_weight + sum(r.result.weight for r in rows(ctx)))
    if abs(total - ctx.profile.total) > TOLERANCE:
        out.add("WEIGHT_TOTAL_MISMATCH", "indicators[0].weight", expected=ctx.profile.total, actual=total)


@form_rule("GROUP_WEIGHT_MISMATCH")
def group_weights(ctx: Context, out: FindingList) -> None:
    """Leaf weights of each 一级 group add up to the points in its label, else to the profile's group weight."""
    if not _weights_present(ctx):
        return
    sums: dict[str, float] = {}
    stated: dict[str, float | None] = {}
    first: dict[str, int] = {}
    for row in rows(ctx):
        sums[row.level1] = sums.get(row.level1, 0.0) + row.result.weight
        stated.setdefault(row.level1, row.stated_points)
        first.setdefault(row.level1, row.result.index)
    profile_groups = {group_name(k)[0]: v for k, v in ctx.profile.group_weights.items()}
    for group, got in sums.items():
        want = stated[group] if stated[group] is not None else profile_groups.get(group)
        if want is not None and abs(excel_round(got) - want) > TOLERANCE:
            out.add(
                "GROUP_WEIGHT_MISMATCH",
                f"indicators[{first[group]}].weight",
                group=group or "（未分组）",
                expected=want,
                actual=excel_round(got),
            )


@row_rule("WEIGHT_NOT_POSITIVE")
def positive_weights(ctx: Context, row: Row, out: FindingList) -> None:
    """Every indicator actually used carries a weight above 0."""
    if not _weights_present(ctx):
        return
    w = as_number(row.result.indicator.weight)
    if w is None or w <= 0:
        out.add(
            "WEIGHT_NOT_POSITIVE",
            f"{row.field}.weight",
            row=row.who,
            actual=num(w),
            indicator=row.result.index,
        )
