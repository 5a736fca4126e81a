"""Model-level rules: one case per code, the seed tables, and the engine's declared-codes contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.validate.cases import CASES, case, sc_project
from tests.validate.test_dept_forms import DEPT_CASES
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.validate.codes import CODES, Severity
from workbook_tools.validate.engine import RULES, declared_codes, validate_evaluation
from workbook_tools.validate.layout import SpecLayout
from workbook_tools.validate.textcalc import slips

DATA = Path(__file__).parent.parent / "data" / "validate"


def findings_of(data: dict):
    """Findings of an interchange dict, located through its form's spec."""
    se = SelfEvaluation.from_dict(data)
    return validate_evaluation(se, load_profile(data["profile"]), SpecLayout(get_form(se.form)))


def seed(name: str) -> dict:
    """A seed-derived fixture."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def problems(found) -> list:
    """The findings that count (错误 and 需说明); 提示 is advice about the form, shown apart."""
    return [f for f in found if f.severity is not Severity.ADVICE]


def test_clean_form_has_no_findings():
    assert problems(findings_of(sc_project())) == []
    # The fixture's 产出 block has only 数量 and 成本 rows: advice, never a problem.
    assert [f.code for f in findings_of(sc_project())] == ["INDICATOR_BLOCK_INCOMPLETE"]


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_fires_at_its_field(code):
    data, path = case(code)
    hits = [f for f in findings_of(data) if f.code == code]
    assert hits, f"{code} not emitted"
    assert path in {f.field for f in hits}
    assert all(f.cell and f.sheet == "自评表" for f in hits if f.field == path)


def test_rules_declare_only_catalogued_codes():
    for r in RULES:
        assert set(r.codes) <= set(CODES), r.name


def test_catalogue_entries_are_well_formed():
    for code, decl in CODES.items():
        assert code.isupper() and " " not in code
        assert decl.severity in Severity
        assert decl.title and decl.template and decl.description


def test_liangshan_wrong_product_in_cost_text():
    found = findings_of(seed("liangshan-cost-text-wrong-product"))
    errors = [f for f in found if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["COST_ARITHMETIC_WRONG"]
    assert errors[0].cell == "E15" and "2人*1万元/年人=0.5万元" in errors[0].message
    assert errors[0].expected == "2万元" and errors[0].actual == "0.5万元"


def test_mianyang_a11_missing_name_and_wan_yuan_against_wan_ren():
    found = {(f.code, f.cell) for f in findings_of(seed("mianyang-a11-no-project-name-wrong-unit"))}
    assert ("REQUIRED_FIELD_MISSING", "C3") in found
    assert ("UNIT_MISMATCH", "E15") in found


def test_mianyang_a02_plus_50_percent_unexplained():
    found = [
        f
        for f in findings_of(seed("mianyang-a02-overachieved-unexplained"))
        if f.code == "OVERACHIEVED_REASON_MISSING"
    ]
    assert [(f.cell, f.indicator) for f in found] == [("F15", 0)]
    assert "50.00%" in found[0].message


def test_xiangyang_execution_above_100_is_explained_in_the_forms_reason_text():
    data = seed("xiangyang-dept-execution-over-100")
    assert "EXEC_RATE_OVER_100" not in {f.code for f in findings_of(data)}  # 偏差原因分析 says why
    data["conclusion"]["problems"] = "无"
    found = findings_of(data)
    over = [f for f in found if f.code == "EXEC_RATE_OVER_100"]
    assert len(over) == 1 and "114.44%" in over[0].message and over[0].cell == "F6"
    assert over[0].severity is Severity.EXPLAIN
    assert not [f for f in found if f.severity is Severity.ERROR]


@pytest.mark.parametrize("name", ["mianyang-a03-clean", "xiangyang-dept-execution-over-100"])
def test_seed_tables_without_errors_have_none(name):
    assert [f.code for f in findings_of(seed(name)) if f.severity is Severity.ERROR] == []


def test_mianyang_a02_names_that_state_another_amount_are_its_only_errors():
    # 附件2 prints "…预计8万元" / "活动费用预计10万元" as 三级指标 over 指标值 5万元 and 3万元.
    errors = [
        f for f in findings_of(seed("mianyang-a02-overachieved-unexplained")) if f.severity is Severity.ERROR
    ]
    assert [(f.code, f.indicator) for f in errors] == [
        ("NAME_AMOUNT_MISMATCH", 5),
        ("NAME_AMOUNT_MISMATCH", 6),
    ]
    assert "8万元" in errors[0].message and "5万元" in errors[0].message


@pytest.mark.parametrize(
    "text",
    [
        "4次*50人/次*200元/人次=4万元",
        "印制2000册*5元=1万元",
        "看望科技工作者优秀人才4次*937.5元*8人=3万元",
        "线下推广营销等差旅费4人*0.25万元人年/=1万元",
        "科技云服务培训费2次*50人/次*100元/次=1万",
        "打印机3台3台*0.2万元/台=0.6万元",
        "每人每年4.166万元*3人=12.5万元",
        "收回A资金10.1万元、B资金15万元，共计25.1万元",
        "年初预算181万元，收回A 10万元、B 15万元，共计25万元",
    ],
)
def test_right_arithmetic_is_accepted(text):
    assert slips(text) == []


@pytest.mark.parametrize(
    "text,computed",
    [
        ("聘用宣传员劳务费2人*1万元/年人=0.5万元", "2万元"),
        ("差旅费5人*4000元/年人=3万元", "2万元"),
        ("印制费1万元、差旅费2万元，共计4万元", "3万元"),
    ],
)
def test_wrong_arithmetic_is_found(text, computed):
    assert [s.computed for s in slips(text)] == [computed]


PRINTED_CASES = {
    "EXEC_RATE_MISMATCH": ({"funding[0].rate": "90.00%"}, "funding[0].rate", "H9"),
    "EXEC_SCORE_MISMATCH": ({"funding[0].score": 9}, "funding[0].score", "J9"),
    "TOTAL_SCORE_MISMATCH": ({"total": 99}, "total", "H62"),
}


@pytest.mark.parametrize("code", sorted(PRINTED_CASES))
def test_printed_values_are_recomputed(code):
    printed, path, cell = PRINTED_CASES[code]
    se = SelfEvaluation.from_dict(sc_project())
    found = validate_evaluation(se, load_profile("sichuan-2023"), SpecLayout(get_form(se.form)), printed)
    assert [(f.code, f.field, f.cell) for f in problems(found)] == [(code, path, cell)]


def test_printed_values_that_agree_pass():
    se = SelfEvaluation.from_dict(sc_project())
    printed = {"funding[0].rate": 1.0, "funding[0].score": 10, "total": 100}
    assert (
        problems(
            validate_evaluation(se, load_profile("sichuan-2023"), SpecLayout(get_form(se.form)), printed)
        )
        == []
    )


def test_department_split_must_add_up():
    data = seed("xiangyang-dept-execution-over-100")
    data["department"]["basic_expenditure"] = 900
    hits = [f for f in findings_of(data) if f.code == "DEPT_SPLIT_MISMATCH"]
    assert [(f.cell, f.expected, f.actual) for f in hits] == [("F6", 2923.73, 3014.42)]


def test_every_rule_code_is_exercised():
    exercised = set(CASES) | set(PRINTED_CASES) | {"DEPT_SPLIT_MISMATCH"} | set(DEPT_CASES)
    assert declared_codes() <= exercised, declared_codes() - exercised


# Codes raised outside the rule engine, each exercised in test_workbook.py.
FILE_LEVEL_CODES = {
    "FILE_UNREADABLE",
    "FILE_XLS_UNSUPPORTED",
    "FILE_ENCRYPTED",
    "FORM_NOT_RECOGNISED",
    "FORM_RECOGNISED_BY_LABELS",
    "TEMPLATE_VERSION_OLD",
    "TEMPLATE_VERSION_UNKNOWN",
    "FORMULA_OVERWRITTEN",
    "CACHED_VALUE_MISMATCH",
    "VALIDATOR_INTERNAL_ERROR",
}


# Codes raised across the workbooks of one batch: tests/validate/test_crossform.py.
BATCH_CODES = {"CROSS_FORM_MISMATCH", "DEPT_GOAL_VS_PROJECTS"}  # and tests/validate/test_dept_goal.py

# Codes raised by the collector, not the validator: COLLECT_UNIT_MISMATCH is exercised in
# tests/collect/test_collect.py (the demo's 宁南县 return names another 实施单位).
COLLECTOR_CODES = {"COLLECT_UNIT_MISMATCH"}

# Codes raised by workbook_tools.read.sources, each exercised in tests/read/test_sources.py.
READER_CODES = {
    "FILE_DOC_UNSUPPORTED",
    "FILE_VALUES_ONLY",
    "FILE_CONVERTED",
    "AMOUNT_NOT_NUMBER",  # tests/read/test_values.py
    "CELL_ERROR_VALUE",
    "FORM_BLOCK_MISSING",
    "STAMP_PROFILE_UNKNOWN",  # tests/security/test_injection.py, tests/read/test_embedded_profile.py
    "STAMP_PROFILE_EMBEDDED",  # tests/read/test_embedded_profile.py
}


# Codes raised by check-report on a report .docx, each exercised in tests/report/test_check_report.py.
REPORT_CODES = {
    "REPORT_SUM_MISMATCH",
    "REPORT_RATE_MISMATCH",
    "REPORT_TABLE_COUNT_MISMATCH",
    "REPORT_FIGURE_CONFLICT",
    "REPORT_RETURN_MISMATCH",
}


def test_every_catalogue_code_is_exercised_somewhere():
    exercised = set(CASES) | set(PRINTED_CASES) | {"DEPT_SPLIT_MISMATCH"} | set(DEPT_CASES) | FILE_LEVEL_CODES
    exercised |= COLLECTOR_CODES | READER_CODES | BATCH_CODES | REPORT_CODES
    assert set(CODES) == exercised


def test_equals_nature_is_not_a_missing_field():
    data = sc_project()
    data["indicators"][0].update(nature="=", target=20)
    assert [f.code for f in problems(findings_of(data))] == []
