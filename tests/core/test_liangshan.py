"""凉山 部门整体 formulas (RULES.md §B7)."""

from workbook_tools.core import liangshan as ls


def test_goal_achievement_counts_within_130_percent():
    pairs = [(20, 20), (20, 26), (20, 27), (25, 22)]  # ok, ok (exactly 1.3A), too high, too low
    assert ls.goal_achievement(pairs) == 4


def test_budget_accuracy():
    assert ls.budget_accuracy(0, 100) == 8
    assert ls.budget_accuracy(5, 100) == 4
    assert ls.budget_accuracy(11, 100) == 0
    assert ls.budget_accuracy(1, 0) is None


def test_expenditure_control_bands():
    assert ls.expenditure_control([0.05, 0.1]) == 6
    assert ls.expenditure_control([0.15]) == 3
    assert ls.expenditure_control([0.2]) == 3
    assert ls.expenditure_control([0.25]) == 0


def test_dynamic_adjustment_cases():
    assert ls.dynamic_adjustment(3, 1, 100) == 6
    assert ls.dynamic_adjustment(0, 5, 100) == 4
    assert ls.dynamic_adjustment(0, 20, 100) == 0
    assert ls.dynamic_adjustment(0, 0, 100) == 8
    assert ls.dynamic_adjustment(3.1, 0, 100) == 8


def test_progress_completion_violations_quality():
    assert ls.execution_progress([0.40, 0.675, 0.825]) == 6
    assert ls.execution_progress([0.20, 0.675, 0.9]) == 5
    assert ls.budget_completion(0.828) == 6.62
    assert ls.violation_record(3) == 6.5
    assert ls.violation_record(40) == 0
    assert ls.self_evaluation_quality(85, 84) == 10
    assert ls.self_evaluation_quality(85, 75) == 2
