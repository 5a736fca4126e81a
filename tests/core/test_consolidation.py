"""汇总 rules: a hand-computed example across three projects with different budgets."""

import pytest

from workbook_tools.core.consolidation import Item, Measure, aggregate, consolidate_pair, measure_of
from workbook_tools.core.profile import load_profile
from workbook_tools.core.scoring import score_ge
from workbook_tools.core.value import UnitClass


def test_absolute_values_are_summed():
    assert aggregate(Measure.ABSOLUTE, [Item(7, 100), Item(2, 50), Item(1, 10)]) == 10


def test_relative_values_are_fund_weighted():
    # (90×100 + 80×300 + 100×100) ÷ 500 = 86.0
    items = [Item(90, 100), Item(80, 300), Item(100, 100)]
    assert aggregate(Measure.RELATIVE, items) == pytest.approx(86.0)


def test_relative_without_funds_is_plain_mean():
    assert aggregate(Measure.RELATIVE, [Item(90, 0), Item(80, 0)]) == 85


def test_aggregate_then_score():
    # Targets 20 + 10 + 10 = 40 次, actuals 15 + 12 + 9 = 36 次 → 9 of 10 points,
    # not the mean of per-project scores (7.5 + 10 + 9)/3.
    pair = consolidate_pair(
        Measure.ABSOLUTE, [Item(20, 1), Item(10, 1), Item(10, 1)], [Item(15, 1), Item(12, 1), Item(9, 1)]
    )
    assert (pair.target, pair.actual) == (40, 36)
    assert score_ge(pair.target, pair.actual, 10) == 9


def test_measure_of_units():
    assert measure_of(UnitClass.PERCENT) is Measure.RELATIVE
    assert measure_of(UnitClass.MONEY) is Measure.ABSOLUTE
    assert aggregate(Measure.ABSOLUTE, []) is None
    assert load_profile("hubei-2021").consolidation_weight == "budget"
