"""evaluate(): a whole form recomputed from its inputs, on seed tables and edge cases."""

import pytest

from workbook_tools.core.evaluate import evaluate, evaluate_indicator, resolve_direction, target_value
from workbook_tools.core.model import FundingRow, Indicator, SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.core.scoring import Achievement
from workbook_tools.core.value import Direction

HUBEI = load_profile("hubei-2021")
NATIONAL = load_profile("national-2020")
SICHUAN_2021 = load_profile("sichuan-2021")


def xiangyang() -> SelfEvaluation:
    """Seed 004 (襄阳 2021 部门整体) with weights that match its group labels (40/30/10)."""
    rows = [
        ("产出指标", "数量指标", "2021年项目总个数", "=", "7个", "8个", 3),
        ("产出指标", "数量指标", "政府专项项目个数", "=", "2个", "2个", 3),
        ("产出指标", "数量指标", "上级专项结转资金项目个数", "=", "1个", "1个", 2),
        ("产出指标", "数量指标", "2021年机构运行人数", "=", "49人", "50人", 2),
        ("产出指标", "成本指标", "整体项目指标成本", "=", "1411.9万元", "2023.73", 5),
        ("产出指标", "成本指标", "机构运行基本支出成本", "≤", "1122.1万元", "990.69", 5),
        ("产出指标", "时效指标", "总体项目预算及绩效完成比例", "", "90%以上", "100%", 10),
        ("产出指标", "质量指标", "各项工作合法、合规及项目执行效果", "定性", "达标", "达标", 10),
        ("效益指标", "社会效益", "科协社会影响力得到提升", "定性", "提升", "提升", 15),
        ("效益指标", "可持续影响", "创新氛围日益深厚", "定性", "项目持续开展", "项目持续开展", 15),
        ("满意度指标", "满意度", "科普受众满意", "", "90%以上", "96.5%", 10),
    ]
    indicators = [Indicator(l1, l2, n, nature, t, "", a, w) for l1, l2, n, nature, t, a, w in rows]
    indicators[7].score = 10  # the evaluator gave 达标 the full 10 points (typed 定性评分)
    return SelfEvaluation(
        form="hb-dept",
        year=2021,
        funding=[FundingRow("部门整体支出总额", None, 2634.17, 3014.42)],
        indicators=indicators,
    )


def test_xiangyang_rate_scores_and_subtotals():
    result = evaluate(xiangyang(), HUBEI)
    assert round(result.rate * 100, 2) == 114.44
    assert result.execution_score == 20
    assert result.subtotals["效益指标"] == 24  # 达成 without a typed score: 80 % of 15, twice, as printed
    assert result.subtotals["满意度指标"] == 10
    assert result.subtotals["产出指标"] == 40
    assert result.total == 94  # the printed 93 gives 机构运行基本支出成本 4 of 5 by hand


def test_xiangyang_over_target_cost_is_flagged_over():
    over = [r for r in evaluate(xiangyang(), HUBEI).indicators if r.achievement is Achievement.OVER]
    assert [r.indicator.name for r in over] == ["整体项目指标成本"]  # 2023.73 vs 1411.9: +43 %


def test_mianyang_attachment2_unscored_deviation():
    se = SelfEvaluation(
        form="sc-project-2021",
        funding=[FundingRow("年度资金总额", None, 13.5, 13.5)],
        indicators=[
            Indicator("产出指标", "数量指标", "科普活动", "", "20 次", "", "30 次，完成实际指标值的 150%"),
            Indicator("产出指标", "数量指标", "培训会", "", "2 次", "", "2 次"),
        ],
    )
    result = evaluate(se, SICHUAN_2021, scored=False)
    assert result.rate == 1.0 and result.total is None
    first, second = result.indicators
    assert first.score is None and first.achievement is Achievement.OVER
    assert first.deviation == pytest.approx(0.5)
    assert second.achievement is Achievement.MET


def test_zero_budget_and_blank_actual():
    se = SelfEvaluation(
        form="mof-project",
        funding=[FundingRow("年度资金总额", 0, 0, 0)],
        indicators=[Indicator("产出指标", "数量指标", "培训", "≥", 30, "次", None, 10)],
    )
    result = evaluate(se, NATIONAL)
    assert result.rate is None and result.execution_score == 0
    row = result.indicators[0]
    assert row.counted and row.score == 0 and row.achievement is Achievement.UNKNOWN


def test_zero_target_negative_actual_and_text_where_number_is_due():
    rows = [
        Indicator("产出指标", "质量指标", "事故数", "=", 0, "起", 0, 10),
        Indicator("产出指标", "数量指标", "培训", "≥", 30, "次", -5, 10),
        Indicator("产出指标", "成本指标", "成本", "≤", 30, "万元", "完成", 10),
    ]
    results = [evaluate_indicator(i, r, NATIONAL, scored=True) for i, r in enumerate(rows)]
    assert [r.score for r in results] == [10, 0, 0]
    assert results[2].achievement is Achievement.UNKNOWN


def test_blank_and_weightless_rows_are_neutral():
    se = SelfEvaluation(
        form="mof-project",
        funding=[FundingRow("年度资金总额", 10, 10, 9)],
        indicators=[Indicator(), Indicator("效益指标", "经济效益指标", "无", "", "无", "", None, 0)],
    )
    result = evaluate(se, NATIONAL)
    assert [r.counted for r in result.indicators] == [False, False]
    assert result.total == 9


def test_nature_overrides_wording_but_keeps_intervals():
    assert resolve_direction(Indicator(nature="≥"), target_value(Indicator(target="100%"))) is Direction.GE
    assert (
        resolve_direction(Indicator(nature="="), target_value(Indicator(target="1-2次")))
        is Direction.INTERVAL
    )
    assert target_value(Indicator(target=30, unit="次")).unit == "次"


def test_qualitative_manual_score_and_grade_scale():
    ind = Indicator("效益指标", "社会效益指标", "素质提升", "定性", "优良中低差", "", "优", 10, score=9)
    assert evaluate_indicator(0, ind, NATIONAL, scored=True).score == 9
    ind = Indicator("效益指标", "社会效益指标", "素质提升", "定性", "提升", "", "中", 10)
    assert evaluate_indicator(0, ind, NATIONAL, scored=True).score == 5
