"""Profile rules: Sichuan 一体化 指标偏离 and 总分 cap (sichuan-2023), 凉山 数量指标 目标实现 (liangshan-2021)."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from tests.validate.cases import sc_project
from workbook_tools.core.evaluate import evaluate
from workbook_tools.core.model import Indicator, SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.engine import validate_evaluation
from workbook_tools.validate.layout import SpecLayout

SICHUAN = load_profile("sichuan-2023")
LIANGSHAN = load_profile("liangshan-2021")
NATIONAL = load_profile("national-2020")
PROFILE_CODES = {"INDICATOR_DEVIATION", "TOTAL_CAPPED_BY_RATE", "QUANTITY_TARGET_FAILED"}


def model(data: dict) -> SelfEvaluation:
    return SelfEvaluation.from_dict(data)


def findings(se: SelfEvaluation, profile, printed=None):
    return validate_evaluation(se, profile, SpecLayout(get_form(se.form)), printed)


def sichuan(actual: str = "20次", executed: float = 10) -> SelfEvaluation:
    """The clean Sichuan form (10 + 30 + 30 + 20 + 10 = 100) with row 0's actual and the execution changed."""
    data = copy.deepcopy(sc_project())
    data["indicators"][0]["actual"] = actual
    data["funding"][0]["executed"] = data["funding"][1]["executed"] = executed
    if executed < 9:
        data["funding"][0]["reason"] = "项目延期"
    return model(data)


# --- Sichuan 一体化 指标偏离 ----------------------------------------------------------------------


def test_deviation_penalty_takes_two_points_off_the_row_and_the_total():
    se = sichuan("26次")  # ≥20次 → 26次: exactly 30 % above, "30 % or more"
    ev = evaluate(se, SICHUAN)
    assert (ev.indicators[0].score, ev.indicators[0].penalty, ev.total) == (28.0, 2.0, 98.0)
    assert evaluate(se, replace(SICHUAN, deviation_penalty=0)).total == 100.0
    hits = [f for f in findings(se, SICHUAN) if f.code == "INDICATOR_DEVIATION"]
    assert [(f.field, f.cell, f.severity) for f in hits] == [("indicators[0].score", "I16", Severity.EXPLAIN)]
    assert "扣 2 分" in hits[0].message and "30.00%" in hits[0].message


def test_explained_deviation_still_costs_the_points_but_is_advice():
    data = copy.deepcopy(sc_project())
    data["indicators"][0].update(actual="26次", reason="群众需求旺盛，增加场次")
    se = model(data)
    assert evaluate(se, SICHUAN).total == 98.0
    hits = [f for f in findings(se, SICHUAN) if f.code == "INDICATOR_DEVIATION"]
    assert [f.severity for f in hits] == [Severity.ADVICE]


def test_below_the_deviation_threshold_costs_nothing():
    se = sichuan("25次")  # +25 %
    assert evaluate(se, SICHUAN).total == 100.0
    assert not [f for f in findings(se, SICHUAN) if f.code == "INDICATOR_DEVIATION"]


def test_deviation_penalty_never_goes_below_zero():
    data = copy.deepcopy(sc_project())
    data["indicators"][0].update(weight=1, actual="40次")
    data["indicators"][1]["weight"] = 59
    ev = evaluate(model(data), SICHUAN)
    assert (ev.indicators[0].score, ev.indicators[0].penalty) == (0.0, 1.0)


def test_printed_score_without_the_penalty_is_a_mismatch():
    se = sichuan("26次")
    printed = {"indicators[0].score": 30, "total": 100}
    found = {f.code: f for f in findings(se, SICHUAN, printed)}
    assert found["SCORE_MISMATCH"].expected == 28.0
    assert "TOTAL_SCORE_MISMATCH" not in found  # 总分 adds the scores as shown: 100 is their sum


# --- Sichuan 一体化 总分 cap ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "cap", "expected"),
    [(8, None, 98.0), (7.5, 89.0, 89.0), (6.5, 79.0, 79.0), (5.5, 69.0, 69.0), (4, 59.0, 59.0)],
)
def test_total_is_capped_by_the_execution_rate(executed, cap, expected):
    se = sichuan(executed=executed)
    ev = evaluate(se, SICHUAN)
    assert ev.uncapped_total == 90 + executed
    assert (ev.total, ev.cap if cap else None) == (expected, cap)
    hits = [f for f in findings(se, SICHUAN) if f.code == "TOTAL_CAPPED_BY_RATE"]
    if cap is None:
        assert not hits
    else:
        assert [(f.field, f.severity, f.expected, f.actual) for f in hits] == [
            ("total", Severity.ADVICE, expected, 90 + executed)
        ]
    assert evaluate(se, replace(SICHUAN, total_caps=())).total == 90 + executed


def test_printed_total_is_compared_with_the_capped_total():
    se = sichuan(executed=6.5)
    uncapped = [f for f in findings(se, SICHUAN, {"total": 96.5}) if f.code == "TOTAL_SCORE_MISMATCH"]
    assert [(f.expected, f.actual) for f in uncapped] == [(79.0, 96.5)]
    assert not [f for f in findings(se, SICHUAN, {"total": 79}) if f.code == "TOTAL_SCORE_MISMATCH"]


# --- 凉山 数量指标 目标实现 ------------------------------------------------------------------------

# Seed 001 (凉山州科协 2021) rows as typed: 二级 written once, targets and actuals in words.
LIANGSHAN_ROWS = [
    (
        "项目完成指标",
        "数量指标",
        "老科技工作者科普活动资助贫困生人数",
        "资助贫困生25人左右",
        "完成了资助贫困生22人",
    ),
    ("", "", "凉山州级2021年科普专项", "办刊期数6期左右", "完成办刊期数4期"),
    ("", "", "", "科普宣传资料印制2000份（册）左右", "科普宣传资料印制2800份（册）"),
    ("", "", "", "电视台彝语科普播报50期/年左右", "电视台彝语科普播报52期/年"),
    ("", "", "天府科技云服务项目", "聘用工作人员3人左右", "聘用工作人员3人"),
    ("", "", "科普挂图", "科普挂图印制2000份左右", "科普挂图印制2600份"),  # 1.3A itself passes
    (
        "",
        "质量指标",
        "科普宣传活动业务培训完成率",
        "科普宣传培训完成率95%左右",
        "完成了科普宣传培训完成率140%",
    ),
]


def liangshan() -> SelfEvaluation:
    rows = [
        Indicator(l1, l2, name, "", target, "", actual) for l1, l2, name, target, actual in LIANGSHAN_ROWS
    ]
    return SelfEvaluation(form="sc-project-2021", year=2021, indicators=rows)


def test_liangshan_quantity_rule_fails_shortfalls_and_more_than_130_percent():
    hits = [f for f in findings(liangshan(), LIANGSHAN) if f.code == "QUANTITY_TARGET_FAILED"]
    assert [f.field for f in hits] == ["indicators[0].actual", "indicators[1].actual", "indicators[2].actual"]
    assert all(f.severity is Severity.EXPLAIN and f.cell for f in hits)
    assert "未达到指标值" in hits[0].message and "未达到指标值" in hits[1].message
    assert "超过指标值的 130%" in hits[2].message


def test_liangshan_failure_explained_in_the_actual_is_advice():
    se = liangshan()
    se.indicators[1].actual = "完成办刊期数4期，因经费压减未能完成"
    hits = {f.field: f.severity for f in findings(se, LIANGSHAN) if f.code == "QUANTITY_TARGET_FAILED"}
    assert hits["indicators[1].actual"] is Severity.ADVICE
    assert hits["indicators[0].actual"] is Severity.EXPLAIN


def test_liangshan_over_achievement_warn_keeps_only_shortfalls():
    profile = replace(LIANGSHAN, over_achievement="warn")
    hits = [f.field for f in findings(liangshan(), profile) if f.code == "QUANTITY_TARGET_FAILED"]
    assert hits == ["indicators[0].actual", "indicators[1].actual"]


def test_liangshan_predicate_is_the_department_formula():
    from workbook_tools.core.liangshan import goal_achievement, quantity_shortfall

    pairs = [(25, 22), (6, 4), (2000, 2800), (50, 52), (3, 3), (2000, 2600)]
    assert [quantity_shortfall(a, b) for a, b in pairs] == ["under", "under", "over", None, None, None]
    assert goal_achievement(pairs) == 4.0  # 8 × 3 ÷ 6


# --- the national profile shows none of these ------------------------------------------------------


@pytest.mark.parametrize(
    "se",
    [sichuan("26次"), sichuan(executed=6.5), liangshan()],
    ids=["deviation", "low-rate", "liangshan-rows"],
)
def test_national_profile_has_no_profile_rule_findings(se):
    assert not [f for f in findings(se, NATIONAL) if f.code in PROFILE_CODES]
    ev = evaluate(se, NATIONAL)
    assert ev.cap is None and all(r.penalty == 0 for r in ev.indicators)


def test_deviation_deduction_is_not_reported_as_a_shortfall():
    codes = {f.code for f in findings(sichuan("26次"), SICHUAN)}
    assert "INDICATOR_DEVIATION" in codes and "UNDERACHIEVED_REASON_MISSING" not in codes
