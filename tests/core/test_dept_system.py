"""凉山 §B7 rule scores from the facts (core.dept_system) at their boundaries, with the arithmetic shown."""

from __future__ import annotations

import pytest

from workbook_tools.core import liangshan as ls
from workbook_tools.core.dept_model import OfficeItem, QuantityPair, SystemFacts, SystemSection
from workbook_tools.core.dept_system import rule_scores


def _scores(**kw) -> dict[str, float]:
    return {name: r.score for name, r in rule_scores(SystemSection(**kw)).items()}


@pytest.mark.parametrize(
    ("final", "score"),
    [(11, 6), (11.01, 3), (12, 3), (12.01, 0), (9, 6), (8, 3), (7.99, 0)],  # budget 10: 10 % / 20 % inclusive
)
def test_expenditure_control_bands(final, score):
    assert _scores(office=[OfficeItem("办公费", 10, final)])["支出控制"] == score


@pytest.mark.parametrize(("adjusted", "score"), [(0, 8), (5, 4), (10, 0), (10.01, 0), (2.5, 6)])
def test_budget_accuracy(adjusted, score):
    # r = 调剂 ÷ 100; 8 × (1 − 10r); 0 above 10 % (r = 10 % exactly gives 8 × 0 = 0).
    assert _scores(facts=SystemFacts(initial_budget=100, adjusted_amount=adjusted))["编制准确"] == score


def test_dynamic_adjustment_cases():
    def score(c, w, t=None):
        return _scores(facts=SystemFacts(cancelled=c, written_off=w, annual_budget=t)).get("动态调整")

    assert score(0, 0) == 8  # both zero: full marks
    assert score(3.1, 108.1) == 0.22  # 8 × 3.1 ÷ 111.2
    assert score(0, 5, 100) == 4  # 8 × (1 − 10 × 5 %)
    assert score(0, 10, 100) == 0 and score(0, 10.5, 100) == 0
    assert score(0, 5) is None  # 年度预算总额 needed and not entered: not scored
    assert score(2, 0) == 8  # cancellations only ([CONVENTION] full marks)


def test_progress_checkpoints_met_exactly():
    def score(jun, sep, nov):
        return _scores(facts=SystemFacts(progress_jun=jun, progress_sep=sep, progress_nov=nov))["执行进度"]

    assert score(0.4, 0.675, 0.825) == 6
    assert score(0.2, 0.675, 0.825) == 5  # 2 × 0.2 ÷ 0.4 = 1
    assert score(0, 0, 0) == 0


def test_goal_counts_words_as_misses_and_passes_130_percent():
    pairs = [
        QuantityPair("", "a", 10, 13),  # 1.3A itself passes
        QuantityPair("", "b", 10, 13.01),  # over by more than 30 %
        QuantityPair("", "c", 10, 9),  # under
        QuantityPair("", "d", 10, "未执行"),  # words: a miss
        QuantityPair("", "e", 10, None),  # no actual: not counted
    ]
    found = rule_scores(SystemSection(quantities=pairs))["目标实现"]
    assert found.score == 2.0  # 8 × 1 ÷ 4
    assert "4 个数量指标中 1 个实现" in found.arithmetic
    assert ls.quantity_met(3, 3.9) is True and ls.quantity_met(3, 3.91) is False


def test_completion_and_violations():
    s = _scores(facts=SystemFacts(progress_dec=0.95, violations=3))
    assert s["预算完成"] == 7.6 and s["违规记录"] == 6.5
    assert _scores(facts=SystemFacts(progress_dec=1.2, violations=20)) == {"预算完成": 8, "违规记录": 0}


def test_no_facts_no_scores():
    assert rule_scores(SystemSection()) == {}
