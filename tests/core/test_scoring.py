"""Scoring rules on the seed examples and on edge cases."""

import datetime as dt

import pytest

from workbook_tools.core.numbers import excel_round
from workbook_tools.core.profile import TIER_ACHIEVED, TIER_FAILED, TIER_PARTIAL, load_profile
from workbook_tools.core.scoring import (
    Achievement,
    Comparison,
    achievement,
    completion_ratio,
    execution_rate,
    execution_score,
    rescaled_total,
    score_approx,
    score_deadline,
    score_eq,
    score_ge,
    score_in_band,
    score_interval,
    score_le,
    score_qualitative,
    total_score,
)
from workbook_tools.core.value import Direction

NATIONAL = load_profile("national-2020")
HUBEI = load_profile("hubei-2021")


def test_xiangyang_execution_rate_and_score():
    rate = execution_rate(2634.17, 3014.42)
    assert excel_round(rate * 100) == 114.44
    assert execution_score(rate, HUBEI.execution_weight, HUBEI.execution_rate_cap) == 20


def test_xiangyang_total():
    assert total_score(20, [39, 24, 10]) == 93


@pytest.mark.parametrize(
    ("target", "actual", "printed"),
    [(20, 30, 150.0), (500, 735, 147.0), (15, 20, 133.33), (6, 7, 116.67), (30, 41, 136.67)],
)
def test_mianyang_completion_ratios(target, actual, printed):
    assert excel_round(completion_ratio(target, actual) * 100) == printed


def test_execution_rate_edge_cases():
    assert execution_rate(0, 0) is None
    assert execution_rate(0, 5) is None
    assert execution_rate(None, 5) is None
    assert execution_rate(10, None) is None
    assert execution_rate(90, 89.974) == pytest.approx(0.99971, abs=1e-5)
    assert execution_score(None, 10) == 0
    assert execution_score(-0.5, 10) == 0
    assert execution_score(0.8, 10) == 8


def test_positive_indicator():
    assert score_ge(30, 30, 10) == 10
    assert score_ge(30, 15, 10) == 5
    assert score_ge(30, 45, 10) == 10
    assert score_ge(0, 0, 10) == 10  # zero target is met by any non-negative actual
    assert score_ge(30, -5, 10) == 0  # negative actuals count as 0 (CODE-V)


def test_reverse_indicator_modes():
    assert score_le(10, 5, 10) == 10
    assert score_le(10, 0, 10) == 10
    assert score_le(10, 20, 10) == 5
    assert score_le(10, 15, 10, "linear") == 5
    assert score_le(10, 20, 10, "linear") == 0
    assert score_le(0, 3, 10) == 0


def test_equality_and_zero_target():
    assert score_eq(100, 100, 10) == 10
    assert score_eq(100, 90, 10) == 9
    assert score_eq(100, 120, 10) == 10
    assert score_eq(0, 0, 10) == 10
    assert score_eq(0, 1, 10) == 0


def test_interval_and_approx():
    assert score_interval(1, 2, 1.5, 10) == 10
    assert score_interval(1, 2, 0.5, 10) == 5
    assert score_interval(1, 2, 3, 10) == 10
    assert score_approx(20, 18, 10, 0.1) == 10  # 18 is within 10% of "20人左右"
    assert score_approx(20, 17, 10, 0.1) == 8.5
    assert score_approx(20, 17, 10, 0.1, "ge") == 8.5


def test_deadline():
    assert score_deadline(dt.date(2021, 12, 31), dt.date(2021, 12, 1), 5) == 5
    assert score_deadline(dt.date(2021, 12, 31), dt.date(2022, 1, 5), 5) is None
    assert score_deadline(dt.date(2021, 12, 31), None, 5) is None


def test_qualitative_tiers_and_bands():
    assert score_qualitative(TIER_ACHIEVED, None, 10, NATIONAL) == 8
    assert score_qualitative(TIER_PARTIAL, None, 10, NATIONAL) == 5
    assert score_qualitative(TIER_FAILED, None, 10, NATIONAL) == 0
    assert score_qualitative(TIER_ACHIEVED, 12, 10, NATIONAL) == 10  # capped at the weight
    assert score_in_band(TIER_ACHIEVED, 10, 10, NATIONAL)
    assert score_in_band(TIER_PARTIAL, 7.99, 10, NATIONAL)
    assert not score_in_band(TIER_PARTIAL, 8, 10, NATIONAL)
    assert not score_in_band(TIER_FAILED, 5, 10, NATIONAL)
    assert score_in_band(TIER_FAILED, 4.99, 10, NATIONAL)


def test_achievement_classes():
    ge = Comparison(Direction.GE, 20, 30)
    assert achievement(ge, NATIONAL) is Achievement.OVER  # 20 → 30 次 is +50 %
    assert achievement(Comparison(Direction.GE, 20, 26), NATIONAL) is Achievement.MET  # exactly 1.3A passes
    assert achievement(Comparison(Direction.GE, 20, 26.01), NATIONAL) is Achievement.OVER
    assert achievement(Comparison(Direction.GE, 25, 22), NATIONAL) is Achievement.UNDER
    assert achievement(Comparison(Direction.LE, 10, 11), NATIONAL) is Achievement.UNDER
    assert achievement(Comparison(Direction.APPROX, 20, 18), NATIONAL) is Achievement.MET
    assert achievement(Comparison(Direction.INTERVAL, 1, 3, high=2), NATIONAL) is Achievement.OVER


def test_rescaled_total():
    assert rescaled_total([8, 20], [10, 30], 100) == 70
    assert rescaled_total([], [], 100) is None


def test_excel_round_matches_spreadsheet_half_up():
    assert excel_round(0.285) == 0.29
    assert excel_round(12.344999999999999) == 12.35
    assert excel_round(-2.675) == -2.68
    assert excel_round(1.005) == 1.01
