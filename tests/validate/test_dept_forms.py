"""The 部门整体 forms declared cell by cell: the seed tables' real errors found, right rows silent."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.validate.dept_printed import LIANGSHAN_ROWS, liangshan_printed, lishui_printed
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.read.sheet_forms import SheetLayout
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.engine import validate_evaluation
from workbook_tools.validate.workbook import validate_workbook
from workbook_tools.xlsx.fill import fill_workbook

DATA = Path(__file__).resolve().parents[1] / "data" / "dept"


def seed(name: str) -> dict:
    """A seed table typed into fill JSON (tests/data/dept)."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def findings_of(data: dict):
    """Findings of an interchange dict, located through its form's declarations."""
    se = SelfEvaluation.from_dict(data)
    form = get_form(se.form)
    return validate_evaluation(
        se, load_profile(form.default_profile), SheetLayout(form.id, form.sheet, form.paths())
    )


def _row(data: dict, name: str) -> dict:
    return next(r for r in data["system"]["rows"] if r["name"] == name)


def _edit_points(data):
    _row(data, "目标制定")["points"] = 7  # 预算编制（24分）: 7 + 8 + 8 = 23; 部门预算管理 59; Σ 99


def _edit_range(data):
    _row(data, "自评公开")["score"] = 3  # 指标分值 2


def _edit_total(data):
    data["system"]["total"] = 90  # Σ printed scores = 85


def _edit_reviewers(data):
    _row(data, "自评准确")["score"] = 10


def _edit_income(data):
    data["basic"]["income_total"] = 753.31  # 9.27 + 734.04 + 0 + 0 + 0 = 743.31


def _edit_rule(data):
    data["system"]["facts"]["violations"] = 3  # 8 − 0.5 × 3 = 6.5, printed 8


# code → (seed, edit, field the finding points at); every code of the two forms' rules.
DEPT_CASES = {
    "DEPT_POINTS_MISMATCH": ("liangshan-sc-dept-system", _edit_points, "system.rows[0].points"),
    "DEPT_POINTS_TOTAL": ("liangshan-sc-dept-system", _edit_points, "system.rows[0].points"),
    "DEPT_SCORE_OUT_OF_RANGE": ("liangshan-sc-dept-system", _edit_range, "system.rows[9].score"),
    "DEPT_TOTAL_MISMATCH": ("liangshan-sc-dept-system", _edit_total, "system.total"),
    "DEPT_REVIEWER_ROW_SCORED": ("liangshan-sc-dept-system", _edit_reviewers, "system.rows[12].score"),
    "DEPT_RULE_SCORE_MISMATCH": ("liangshan-sc-dept-system", _edit_rule, "system.rows[7].score"),
    "BASIC_SUM_MISMATCH": ("lishui-zj-dept-basic", _edit_income, "basic.income_total"),
    "PLAN_ORDINAL_CHANGED": ("lishui-zj-dept-basic", lambda d: None, "basic.services[0].actual"),
}


@pytest.mark.parametrize("code", sorted(DEPT_CASES))
def test_each_department_code_fires_at_its_field(code):
    name, edit, path = DEPT_CASES[code]
    data = copy.deepcopy(seed(name))
    edit(data)
    hits = [f for f in findings_of(data) if f.code == code]
    assert hits and path in {f.field for f in hits}
    form = get_form(data["form"])
    assert all(f.sheet == form.sheet and f.cell for f in hits)


def test_liangshan_seed_scores_that_its_rules_do_not_give():
    # Seed 001 prints 8 for 目标实现, 编制准确 and 动态调整. From the facts the report states:
    #   目标实现: 13 数量指标 of the sampled projects, 6 with A ≤ B ≤ 1.3A → 8 × 6 ÷ 13 = 3.69
    #   编制准确: 15 ÷ 686.54 = 2.18 %; 8 × (1 − 10 × 0.0218) = 6.25
    #   动态调整: 8 × 3.1 ÷ (3.1 + 108.1) = 0.22
    # 违规记录 8 − 0.5 × 0 = 8 as printed; the other rows have no stated facts and are not checked.
    found = findings_of(seed("liangshan-sc-dept-system"))
    got = {(f.code, f.field, f.expected, f.actual) for f in found}
    assert got == {
        ("DEPT_RULE_SCORE_MISMATCH", "system.rows[1].score", 3.69, 8),
        ("DEPT_RULE_SCORE_MISMATCH", "system.rows[2].score", 6.25, 8),
        ("DEPT_RULE_SCORE_MISMATCH", "system.rows[4].score", 0.22, 8),
    }
    messages = " ".join(f.message for f in found)
    assert "8 × 6 ÷ 13 = 3.69" in messages and "15 ÷ 686.54 = 2.18%" in messages
    assert all(f.severity is Severity.ERROR for f in found)


def test_liangshan_points_and_total_of_the_seed_add_up():
    # 8+8+8 = 24, 6+8+6 = 20, 8+8 = 16, 24+20+16 = 60; 2; 4+4 = 8; 60+20+10+10 = 100; Σ scores 85.
    data = seed("liangshan-sc-dept-system")
    data["system"]["total"] = 85
    codes = {f.code for f in findings_of(data)}
    assert codes.isdisjoint(
        {"DEPT_POINTS_MISMATCH", "DEPT_POINTS_TOTAL", "DEPT_TOTAL_MISMATCH", "DEPT_SCORE_OUT_OF_RANGE"}
    )


def test_lishui_seed_pairs_and_identities():
    # 743.31 = 9.27 + 734.04; 446.58 = 353.07 + 93.51; 743.31 = 446.58 + 296.73: silent.
    # What an auditor marks in seed 003's 服务 table (tests/audit/labels/s003-lishui-pairs.toml):
    #   主场活动 2000 人次以上 → 3000 多人次: 3000 ÷ 2000 = 150 % (> 30 %), no reason;
    #   智能手机应用培训 20000 人次: not reported (the 10000 人次 are 农民培训, another thing);
    #   第 36 届 … 推荐优秀作品 30 件以上: not reported, and the actual names the 第 35 届;
    #   资助 40 个项目 → 61 个: 61 ÷ 40 = 152.5 %; 邀请 45 名院士 → 50 人次: unit changed.
    # Silent: 重点活动 3 个以上 (the actual lists six activities), 科协事务 (nothing counted), the 效益
    # table (it repeats the 服务 lines). Missed (precision first): 50 名基层科普工作者 (paired with 50 名选手).
    found = findings_of(seed("lishui-zj-dept-basic"))
    got = sorted(
        (f.code, f.field, f.message.split("的“")[1].split("”")[0] if "的“" in f.message else "")
        for f in found
    )
    assert got == sorted(
        [
            ("OVERACHIEVED_REASON_MISSING", "basic.services[0].actual", "主场活动覆盖"),
            ("CLAUSE_ACTUAL_MISSING", "basic.services[0].actual", "面向老年群体开展智能手机应用培训"),
            (
                "CLAUSE_ACTUAL_MISSING",
                "basic.services[0].actual",
                "第36届丽水市青少年科技创新大赛推荐优秀作品",
            ),
            ("PLAN_ORDINAL_CHANGED", "basic.services[0].actual", ""),
            ("OVERACHIEVED_REASON_MISSING", "basic.services[1].actual", "预期完成资助"),
            ("UNIT_MISMATCH", "basic.services[2].actual", "通过各种途径和资源邀请"),
        ]
    )
    over = {f.message for f in found if f.code == "OVERACHIEVED_REASON_MISSING"}
    assert any("61个" in m and "52.50%" in m for m in over) and any("50.00%" in m for m in over)


def test_template_filled_with_the_seed_validates_the_same(tmp_path):
    data = seed("liangshan-sc-dept-system")
    path = fill_workbook("sc-dept-system", SelfEvaluation.from_dict(data), tmp_path / "ls.xlsx")
    report = validate_workbook(path)
    cells = {(f.code, f.cell) for f in report.findings}
    assert cells == {
        ("DEPT_RULE_SCORE_MISMATCH", "G7"),
        ("DEPT_RULE_SCORE_MISMATCH", "G8"),
        ("DEPT_RULE_SCORE_MISMATCH", "G10"),
    }


def test_hand_typed_liangshan_table_is_read_and_checked(tmp_path):
    report = validate_workbook(liangshan_printed(tmp_path / "凉山指标体系.xlsx"))
    got = [(f.code, f.cell) for f in report.findings]
    # Recognised by labels; 编制准确 (row 7) and 动态调整 (row 9) contradict the facts typed below the table.
    assert got == [
        ("FORM_RECOGNISED_BY_LABELS", "A2"),
        ("DEPT_RULE_SCORE_MISMATCH", "G7"),
        ("DEPT_RULE_SCORE_MISMATCH", "G9"),
    ]


def test_hand_typed_liangshan_table_with_wrong_sums(tmp_path):
    rows = [r if r[2] != "目标制定" else (*r[:3], 8, 9) for r in LIANGSHAN_ROWS]
    report = validate_workbook(liangshan_printed(tmp_path / "t.xlsx", rows=rows, total=80, facts=[]))
    got = {(f.code, f.cell) for f in report.findings}
    # 9 > 8 points; 总分 80 but Σ = 86; without facts no rule is checked.
    assert got == {
        ("FORM_RECOGNISED_BY_LABELS", "A2"),
        ("DEPT_SCORE_OUT_OF_RANGE", "G5"),
        ("DEPT_TOTAL_MISMATCH", "G4"),
    }


def test_hand_typed_lishui_table_is_read_and_checked(tmp_path):
    report = validate_workbook(lishui_printed(tmp_path / "丽水基本情况表.xlsx"))
    got = {(f.code, f.cell) for f in report.findings}
    assert got == {
        ("FORM_RECOGNISED_BY_LABELS", "A3"),
        ("OVERACHIEVED_REASON_MISSING", "D17"),
        ("UNIT_MISMATCH", "D18"),
    }


def test_hand_typed_lishui_table_with_a_wrong_total(tmp_path):
    # 收入合计 typed 753.31, parts 9.27 + 734.04 = 743.31; 基本支出 446.00 vs 353.07 + 93.51 = 446.58,
    # and 支出合计 743.31 vs 446.00 + 296.73 = 742.73.
    report = validate_workbook(lishui_printed(tmp_path / "t.xlsx", income_total=753.31, basic=446.0))
    sums = sorted((f.cell, f.expected, f.actual) for f in report.findings if f.code == "BASIC_SUM_MISMATCH")
    assert sums == [("A14", 742.73, 743.31), ("A9", 743.31, 753.31), ("B14", 446.58, 446.0)]


def test_template_integrity_typed_over_formulas_and_text_amounts(tmp_path):
    import openpyxl

    path = fill_workbook(
        "sc-dept-system", SelfEvaluation.from_dict(seed("liangshan-sc-dept-system")), tmp_path / "a.xlsx"
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["指标体系"]
    ws["G5"] = 90  # 总分 typed over its formula
    ws["D30"] = "十五万"  # 全年预算调剂金额 in words
    tampered = tmp_path / "b.xlsx"
    wb.save(tampered)
    got = {(f.code, f.cell) for f in validate_workbook(tampered).findings}
    assert {("FORMULA_OVERWRITTEN", "G5"), ("AMOUNT_NOT_NUMBER", "D30")} <= got
    # Without 调剂金额 编制准确 is not checked; 目标实现 and 动态调整 still are.
    assert ("DEPT_RULE_SCORE_MISMATCH", "G8") not in got
    assert {("DEPT_RULE_SCORE_MISMATCH", "G7"), ("DEPT_RULE_SCORE_MISMATCH", "G10")} <= got


def test_stored_results_that_were_not_recalculated(tmp_path):
    data = SelfEvaluation.from_dict(seed("lishui-zj-dept-basic"))
    path = fill_workbook("zj-dept-basic", data, tmp_path / "a.xlsx", cache_values=False)  # stores 0
    stale = {
        (f.code, f.cell, f.expected)
        for f in validate_workbook(path).findings
        if f.code == "CACHED_VALUE_MISMATCH"
    }
    assert stale == {
        ("CACHED_VALUE_MISMATCH", "A9", 743.31),
        ("CACHED_VALUE_MISMATCH", "A14", 743.31),
        ("CACHED_VALUE_MISMATCH", "B14", 446.58),
    }


def test_blank_template_asks_for_the_required_cells(tmp_path):
    from workbook_tools.xlsx.writer import write_template

    found = validate_workbook(write_template(get_form("zj-dept-basic"), tmp_path / "t.xlsx")).findings
    labels = sorted(f.cell for f in found if f.code == "REQUIRED_FIELD_MISSING")
    assert labels == ["A14", "A9", "B16", "B3", "B5", "D2"]
    found = validate_workbook(write_template(get_form("sc-dept-system"), tmp_path / "s.xlsx")).findings
    # 单位名称 and the 12 self-scored rows; 自评质量 (G18) is the reviewers'.
    assert sorted(f.cell for f in found if f.code == "REQUIRED_FIELD_MISSING") == sorted(
        ["C2", *(f"G{r}" for r in range(6, 18))]
    )


def test_hand_typed_liangshan_sample_and_office_items(tmp_path):
    from tests.validate.dept_printed import LIANGSHAN_OFFICE, LIANGSHAN_QUANTITIES

    path = liangshan_printed(tmp_path / "t.xlsx", quantities=LIANGSHAN_QUANTITIES, office=LIANGSHAN_OFFICE)
    found = {f.cell: f for f in validate_workbook(path).findings if f.code == "DEPT_RULE_SCORE_MISMATCH"}
    # 目标实现 (G6): counted 20/18 ✗, 4/4 ✓, 1/1 ✓, 2/4 ✗ (over 30 %), 1/words ✗; the range 1-2次 left out:
    # 8 × 2 ÷ 5 = 3.2. 支出控制 (G8): 印刷费 (5 − 4) ÷ 4 = 25 % > 20 % → 0, printed 3.
    assert (found["G6"].expected, found["G6"].actual) == (3.2, 8)
    assert "8 × 2 ÷ 5 = 3.2" in found["G6"].message
    assert (found["G8"].expected, found["G8"].actual) == (0.0, 3)
    assert "印刷费 25.00%" in found["G8"].message
    assert set(found) == {"G6", "G7", "G8", "G9"}


def test_a_template_from_a_profile_file_carries_its_threshold(tmp_path):
    from dataclasses import replace

    from workbook_tools.core.profile import load_profile

    # A 浙江 office raising the deviation threshold to 60 %: 61 of 40 projects (152.5 %) then passes,
    # 2000 → 3000 人次 (150 %) too; the unit slip (45 名 → 50 人次) is an error under any threshold.
    profile = replace(load_profile("zhejiang-2021"), name="某市-2021", deviation_threshold=0.6)
    data = SelfEvaluation.from_dict(seed("lishui-zj-dept-basic"))
    path = fill_workbook("zj-dept-basic", data, tmp_path / "a.xlsx", profile=profile)
    codes = [f.code for f in validate_workbook(path).findings]
    assert "STAMP_PROFILE_EMBEDDED" in codes and "UNIT_MISMATCH" in codes
    assert "OVERACHIEVED_REASON_MISSING" not in codes
