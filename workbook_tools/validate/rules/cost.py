"""C5: cost breakdown against the budget (a heuristic warning) and arithmetic written in cost texts."""

from __future__ import annotations

import re

from workbook_tools.core.numbers import excel_round
from workbook_tools.core.value import ParsedValue
from workbook_tools.validate.finding import FindingList
from workbook_tools.validate.rules.base import Context, Row, form_rule, row_rule
from workbook_tools.validate.rules.common import is_cost_row, used_rows
from workbook_tools.validate.textcalc import slips

_RATE_RE = re.compile(r"平均|人均|单位|单场|单次|每|/[\u4e00-\u9fff]")
_TO_WAN = {"万元": 1.0, "元": 1e-4, "千元": 1e-1, "亿元": 1e4}


def in_wan(value: ParsedValue) -> float | None:
    """A money value in 万元, the unit every funding block uses; None when not money."""
    if value.number is None or value.unit not in _TO_WAN:
        return None
    return value.number * _TO_WAN[value.unit]


@form_rule("COST_SUM_MISMATCH")
def cost_vs_budget(ctx: Context, out: FindingList) -> None:
    """Σ 成本指标 targets ≈ the 年初 budget they were planned against (S000: 11 + 15 + … = 54.51).

    Targets are set with the initial budget, so they are compared with 年初预算数, never with the
    adjusted budget (S004: 2534 planned, 2634.17 after adjustment); a form without 年初 is not checked.
    Unit costs ("单场活动平均成本≤1.2万元") are rates, not parts of the budget.
    """
    total = ctx.se.total_funding
    budget = total.initial if total is not None and ctx.layout.has("funding[].initial") else None
    cost_rows = [r for r in used_rows(ctx) if is_cost_row(r)]
    if budget is None or not cost_rows or any(_is_rate(r) for r in cost_rows):
        return
    amounts = [in_wan(r.result.target) for r in cost_rows]
    if any(a is None for a in amounts):
        return  # a cost row in other units (次, 人) cannot be added to money
    got = excel_round(sum(amounts))
    if abs(got - budget) > max(0.01, 0.001 * abs(budget)):
        out.add(
            "COST_SUM_MISMATCH",
            f"{cost_rows[0].field}.target",
            expected=budget,
            actual=got,
            indicator=cost_rows[0].result.index,
        )


def _is_rate(row: Row) -> bool:
    ind = row.result.indicator
    return bool(_RATE_RE.search(f"{ind.name or ''}{ind.target or ''}"))


@row_rule("COST_ARITHMETIC_WRONG", "COST_TOTAL_WRONG")
def written_arithmetic(ctx: Context, row: Row, out: FindingList) -> None:
    """ "2人*1万元/年人=0.5万元" is wrong; "4次*50人/次*200元/人次=4万元" is right; so are 共计 sums."""
    ind = row.result.indicator
    for attr in ("name", "target", "actual"):
        for slip in slips(getattr(ind, attr)):
            where = f"{row.field}.{attr}"
            if slip.kind == "product":
                out.add(
                    "COST_ARITHMETIC_WRONG",
                    where,
                    formula=slip.text,
                    expected=slip.computed,
                    actual=slip.stated,
                    indicator=row.result.index,
                )
            else:
                out.add(
                    "COST_TOTAL_WRONG",
                    where,
                    expected=slip.computed,
                    actual=slip.stated,
                    indicator=row.result.index,
                )
