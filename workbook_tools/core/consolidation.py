"""汇总 rules of RULES.md §B6: absolutes are summed, relatives and qualitative scores fund-weighted.

Arithmetic is exact (fractions), so the result does not depend on the order of the inputs and one
item consolidates to itself bit for bit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

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


def aggregate_absolute(values: Iterable[float]) -> float:
    """Σ values, exactly."""
    return float(sum((Fraction(v) for v in values), Fraction(0)))


def aggregate_weighted(items: Sequence[Item]) -> float | None:
    """Σ(v·F) ÷ ΣF; a plain mean when no item carries a fund amount; None for no items."""
    if not items:
        return None
    total_fund = sum((Fraction(i.fund) for i in items), Fraction(0))
    if total_fund == 0:
        return float(sum((Fraction(i.value) for i in items), Fraction(0)) / len(items))
    weighted = sum((Fraction(i.value) * Fraction(i.fund) for i in items), Fraction(0))
    return float(weighted / total_fund)


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
