"""C1: required fields."""

from __future__ import annotations

from workbook_tools.core.parse import parse_value
from workbook_tools.validate.finding import FindingList
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import (
    QUANTITATIVE,
    is_placeholder,
    reason_given,
    value_at,
)

FUNDING_COLUMNS = (("initial", "年初预算数"), ("adjusted", "预算数"), ("executed", "执行数"))
INDICATOR_FIELDS = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("target", "指标值"),
    ("actual", "完成值"),
)


@form_rule("REQUIRED_FIELD_MISSING")
def header_fields(ctx: Context, out: FindingList) -> None:
    """Header texts the form has must be filled."""
    for path, label in ctx.layout.required_fields():
        if not str(value_at(ctx.se, path) if value_at(ctx.se, path) is not None else "").strip():
            out.add("REQUIRED_FIELD_MISSING", path, label=label)


@form_rule("FUNDING_TOTAL_MISSING", "REQUIRED_FIELD_MISSING")
def funding_total(ctx: Context, out: FindingList) -> None:
    """The total row is filled, at least its budget and execution."""
    funding = ctx.se.funding
    total = funding[0] if funding else None
    for col, label in FUNDING_COLUMNS:
        if not ctx.layout.has(f"funding[].{col}"):
            continue
        subs = [getattr(r, col) for r in funding[1:] if getattr(r, col) is not None]
        if total is not None and getattr(total, col) is None and subs:
            out.add(
                "FUNDING_TOTAL_MISSING",
                f"funding[0].{col}",
                label=total.source or "年度资金总额",
                column=label,
            )
        elif col != "initial" and (total is None or getattr(total, col) is None):
            name = total.source if total is not None and total.source else "年度资金总额"
            out.add("REQUIRED_FIELD_MISSING", f"funding[0].{col}", label=f"{name} {label}")


@row_rule("INDICATOR_FIELD_MISSING")
def indicator_fields(ctx: Context, row: Row, out: FindingList) -> None:
    """Every used indicator row names its levels, target and actual (W > 0 with a blank actual is an error)."""
    ind = row.result.indicator
    if ctx.scored and not (row.result.weight > 0):
        return
    effective = {"level1": row.level1, "level2": row.level2}
    needed = INDICATOR_FIELDS + ((("nature", "指标性质"),) if ctx.layout.has("indicators[].nature") else ())
    for attr, label in needed:
        value = effective.get(attr, getattr(ind, attr))
        # 指标性质 is a symbol ("=" parses as an empty comparison), so only a blank cell is missing there.
        missing = str(value or "").strip() == "" if attr == "nature" else is_placeholder(value)
        if missing and not (attr == "actual" and reason_given(ind.reason) and not ctx.scored):
            out.add(
                "INDICATOR_FIELD_MISSING",
                f"{row.field}.{attr}",
                row=row.who,
                label=label,
                indicator=row.result.index,
            )


@row_rule("UNIT_MISSING")
def units_present(ctx: Context, row: Row, out: FindingList) -> None:
    """Quantitative targets carry a unit, in the value or in the 度量单位 column."""
    target = row.result.target
    if row.result.direction in QUANTITATIVE and target.number is not None and not target.unit:
        raw = parse_value(row.result.indicator.target)
        if not raw.unit and not row.result.indicator.unit:
            path = "unit" if ctx.layout.has("indicators[].unit") else "target"
            out.add("UNIT_MISSING", f"{row.field}.{path}", row=row.who, indicator=row.result.index)
