"""汇总 rules of RULES.md §B6: absolutes are summed, relatives and qualitative scores fund-weighted.

Sums use math.fsum, which is correctly rounded: the result does not depend on the order of the inputs.
One item consolidates to itself bit for bit (a weighted mean of one value is that value).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from workbook_tools.core.value import UnitClass


class Measure(StrEnum):
    """How a quantity aggregates across projects."""

    ABSOLUTE = "absolute"  # counts, money, people: summed
    RELATIVE = "relative"  # rates, percentages, satisfaction: fund-weighted mean
    QUALITATIVE = "qualitative"  # scores of qualitative rows: fund-weighted mean of scores


@dataclass(frozen=True)
class Item:
    """One project's value and the fund amount that weights it."""

    value: float
    fund: float = 0.0


def measure_of(unit_class: UnitClass) -> Measure:
    """Percentages are relative; every other unit family adds up."""
    return Measure.RELATIVE if unit_class is UnitClass.PERCENT else Measure.ABSOLUTE


def _fsum(values: Iterable[float]) -> float:
    """math.fsum, but a sum past the float range is inf (or nan for inf − inf), as a plain sum gives."""
    values = list(values)
    try:
        return math.fsum(values)
    except (OverflowError, ValueError):
        return sum(values, 0.0)


def aggregate_absolute(values: Iterable[float]) -> float:
    """Σ values, correctly rounded."""
    return _fsum(values)


def aggregate_weighted(items: Sequence[Item]) -> float | None:
    """Σ(v·F) ÷ ΣF; a plain mean when no item carries a fund amount; None for no items."""
    if not items:
        return None
    if len(items) == 1:
        return float(items[0].value)  # v·F ÷ F would round twice; the mean of one value is the value
    total_fund = _fsum(i.fund for i in items)
    if total_fund == 0:
        return _fsum(i.value for i in items) / len(items)
    return _fsum(i.value * i.fund for i in items) / total_fund


def aggregate(measure: Measure, items: Sequence[Item]) -> float | None:
    """Aggregate one quantity across projects by its measure."""
    if not items:
        return None
    if measure is Measure.ABSOLUTE:
        return aggregate_absolute(i.value for i in items)
    return aggregate_weighted(items)


@dataclass(frozen=True)
class Consolidated:
    """An aggregate target and actual, ready to be scored once (先汇总完成数，再计算得分)."""

    target: float | None
    actual: float | None
    measure: Measure


def consolidate_pair(measure: Measure, targets: Sequence[Item], actuals: Sequence[Item]) -> Consolidated:
    """Aggregate targets and actuals of one indicator across projects, before scoring."""
    return Consolidated(aggregate(measure, targets), aggregate(measure, actuals), measure)
