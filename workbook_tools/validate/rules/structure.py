"""C7: structure — values in name cells, placeholder rows with weight, 一级/二级 pairs, text lengths."""

from __future__ import annotations

from workbook_tools.core.numbers import as_number
from workbook_tools.core.parse import looks_like_value
from workbook_tools.validate.finding import FindingList, num
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import (
    is_placeholder,
    is_placeholder_row,
    pair_allowed,
    show,
    value_at,
)


@row_rule("VALUE_IN_NAME", rows="all")
def value_in_name(ctx: Context, row: Row, out: FindingList) -> None:
    """The 三级指标 cell holds a name, not a value (S000 puts "2021-12-31" there)."""
    name = row.result.indicator.name
    if looks_like_value(str(name) if name is not None else None):
        out.add(
            "VALUE_IN_NAME", f"{row.field}.name", row=row.who, actual=show(name), indicator=row.result.index
        )


@row_rule("PLACEHOLDER_WITH_WEIGHT", rows="all")
def placeholder_weight(ctx: Context, row: Row, out: FindingList) -> None:
    """ "无", "……" or "指标1：" rows carry no weight."""
    weight = as_number(row.result.indicator.weight)
    if weight and weight > 0 and (is_placeholder_row(row) or is_placeholder(row.result.indicator.name)):
        out.add(
            "PLACEHOLDER_WITH_WEIGHT",
            f"{row.field}.weight",
            row=row.who,
            weight=num(weight),
            actual=show(row.result.indicator.name) or "空",
            indicator=row.result.index,
        )


@row_rule("LEVEL_PAIR_UNKNOWN")
def level_pairs(ctx: Context, row: Row, out: FindingList) -> None:
    """一级/二级 pairs come from the lists of RULES §D (凉山 and 101号 aliases allowed)."""
    if row.level1 and row.level2 and not pair_allowed(row.level1, row.level2):
        column = "level2" if str(row.result.indicator.level2 or "").strip() else "level1"
        out.add(
            "LEVEL_PAIR_UNKNOWN",
            f"{row.field}.{column}",
            row=row.who,
            level1=row.level1,
            level2=row.level2,
            indicator=row.result.index,
        )


# The long texts of a form (goals and conclusion); a profile's text_max_chars limits them.
_LONG_TEXTS = (
    ("goals.planned", "年度目标"),
    ("goals.achieved", "年度目标完成情况"),
    ("conclusion.summary", "评价结论"),
    ("conclusion.problems", "存在问题"),
    ("conclusion.improvements", "改进措施"),
)


@form_rule("TEXT_TOO_LONG")
def text_lengths(ctx: Context, out: FindingList) -> None:
    """Texts the form limits (评价结论 ≤ 200, completion ≤ 100) and funding reasons (profile limit).

    Long texts the layout states no limit for (a printed copy, a bare model) take the profile's
    text_max_chars (0: no limit).
    """
    limits = ctx.layout.text_limits()
    for path, label, limit in limits:
        _check_length(out, path, label, value_at(ctx.se, path), limit)
    limited = {path for path, _label, _limit in limits}
    for path, label in _LONG_TEXTS:
        if path not in limited and ctx.layout.has(path):
            _check_length(out, path, label, value_at(ctx.se, path), ctx.profile.text_max_chars)
    if ctx.layout.has("funding[].reason"):
        for i, row in enumerate(ctx.se.funding):
            _check_length(
                out,
                f"funding[{i}].reason",
                f"{row.source or '资金'}原因",
                row.reason,
                ctx.profile.reason_max_chars,
            )


def _check_length(out: FindingList, path: str, label: str, text: object, limit: int) -> None:
    length = len(str(text or "").strip())
    if limit and length > limit:
        out.add("TEXT_TOO_LONG", path, label=label, expected=limit, actual=length)
