"""Consolidation: a hand-computed department aggregate across three projects with different budgets."""

import pytest

from workbook_tools.collect.consolidate import build_summary, grade_distribution, rate_distribution
from workbook_tools.collect.records import record_from_model
from workbook_tools.core.model import FundingRow, Indicator, Project, SelfEvaluation, Unit
from workbook_tools.core.profile import load_profile

PROFILE = load_profile("national-2020")


def project(code, budget, executed, people, satisfaction, qual_score):
    """One project: 培训人次 (absolute), 满意度 (relative, %), a qualitative row scored by hand."""
    (t_people, a_people), (t_sat, a_sat) = people, satisfaction
    return SelfEvaluation(
        form="mof-project",
        year=2021,
        unit=Unit(code, f"单位{code}"),
        project=Project(name=f"项目{code}", authority="某市科协"),
        funding=[FundingRow("年度资金总额", budget, budget, executed)],
        indicators=[
            Indicator("产出指标", "数量指标", "培训人次", "≥", t_people, "人次", a_people, 40),
            Indicator("满意度指标", "服务对象满意度指标", "满意度", "≥", t_sat, "%", a_sat, 20),
            Indicator(
                "效益指标",
                "社会效益指标",
                "科学素质提升",
                "定性",
                "明显提升",
                "",
                "达成年度指标",
                30,
                qual_score,
            ),
        ],
    )


def summary():
    # Budgets (= fund weights F) 100, 300, 100; ΣF = 500.
    forms = [
        project("A", 100, 95, (200, 180), (90, 80), 27),
        project("B", 300, 240, (500, 520), (90, 88), 20),
        project("C", 100, 100, (300, 250), (95, 96), 12),
    ]
    records = [record_from_model(f"{se.unit.code}.xlsx", se, PROFILE) for se in forms]
    return build_summary(records, PROFILE, groups={"A": "某市科协", "B": "某市科协", "C": "某市科协"})


def test_department_aggregate_by_hand():
    s = summary()
    ind = s.department_indicators.set_index("三级指标")
    # Absolute: targets 200+500+300 = 1000, actuals 180+520+250 = 950 → 40 × 950/1000 = 38.00.
    assert ind.loc["培训人次", "汇总方式"] == "求和"
    assert (ind.loc["培训人次", "汇总指标值"], ind.loc["培训人次", "汇总完成值"]) == (1000, 950)
    assert ind.loc["培训人次", "得分"] == 38.0
    # Relative, fund-weighted: target (90×100 + 90×300 + 95×100)/500 = 45500/500 = 91;
    # actual (80×100 + 88×300 + 96×100)/500 = 44000/500 = 88 → 20 × 88/91 = 19.3406… → 19.34.
    assert ind.loc["满意度", "汇总方式"] == "资金加权"
    assert ind.loc["满意度", "汇总指标值"] == pytest.approx(91)
    assert ind.loc["满意度", "汇总完成值"] == pytest.approx(88)
    assert ind.loc["满意度", "得分"] == 19.34
    # Qualitative: fund-weighted mean of scores (27×100 + 20×300 + 12×100)/500 = 9900/500 = 19.80.
    assert ind.loc["科学素质提升", "汇总方式"] == "得分加权"
    assert ind.loc["科学素质提升", "得分"] == 19.8
    # Weights keep their totals (same weights in every project): 40, 20, 30.
    assert list(ind["汇总权重"]) == [40, 20, 30]
    dept = s.departments.iloc[0]
    # Funding summed: 500 budget, 95+240+100 = 435 executed → 87% → 10 × 0.87 = 8.70.
    assert (dept["调整后预算"], dept["执行数"]) == (500, 435)
    assert dept["执行率"] == pytest.approx(0.87)
    assert dept["执行得分"] == 8.7
    # 总分 8.70 + 38.00 + 19.34 + 19.80 = 85.84 → 良 (80–90).
    assert dept["总分"] == 85.84
    assert dept["等级"] == "良"
    assert (dept["单位数"], dept["项目数"]) == (3, 3)


def test_project_rows_are_recomputed():
    s = summary()
    a = s.projects.set_index("单位编码").loc["A"]
    # A: rate 95/100 → 9.5; people 40×180/200 = 36; satisfaction 20×80/90 = 17.78; qualitative 27.
    assert a["执行率"] == pytest.approx(0.95)
    assert a["执行得分"] == 9.5
    assert a["产出指标得分"] == 36
    assert a["满意度指标得分"] == 17.78
    assert a["效益指标得分"] == 27
    assert a["总分"] == 90.28
    assert a["等级"] == "优"
    assert len(s.indicators) == 9


def test_project_without_an_indicator_weighs_in_with_zero():
    forms = [project("A", 100, 100, (10, 10), (90, 90), 30), project("B", 300, 300, (10, 10), (90, 90), 30)]
    forms[1].indicators.pop(0)  # B has no 培训人次 row
    records = [record_from_model(f"{se.unit.code}.xlsx", se, PROFILE) for se in forms]
    s = build_summary(records, PROFILE, groups={"A": "D", "B": "D"})
    people = s.department_indicators.set_index("三级指标").loc["培训人次"]
    # Weight (40×100 + 0×300)/400 = 10; target met → full 10.
    assert people["汇总权重"] == 10
    assert people["得分"] == 10


def test_distributions():
    s = summary()
    rates = rate_distribution(s.projects).set_index("执行率区间")["项目数"]
    # 95% and 100% fall in 90%–100%, 80% in 80%–90%.
    assert rates["90%–100%"] == 2 and rates["80%–90%"] == 1
    grades = grade_distribution(s.projects, PROFILE).set_index("等级")["项目数"]
    assert sum(grades) == 3


def test_findings_become_problem_rows():
    se = project("A", 100, 50, (1, 1), (90, 90), 30)
    finding = {
        "code": "EXEC_REASON_MISSING",
        "severity": "error",
        "file": "A.xlsx",
        "sheet": "自评表",
        "cell": "H6",
        "field": "reason",
        "message": "执行率低于90%，未说明原因",
        "expected": None,
        "actual": 0.5,
    }
    s = build_summary([record_from_model("A.xlsx", se, PROFILE, [finding])], PROFILE)
    row = s.findings.iloc[0]
    assert (row["级别"], row["代码"], row["单位编码"]) == ("错误", "EXEC_REASON_MISSING", "A")
    assert s.projects.iloc[0]["错误数"] == 1
    assert s.projects.iloc[0]["部门"] == "某市科协"  # no roster: grouped by 主管部门
