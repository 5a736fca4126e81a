"""Issue 12's classes, one test each: the false alarms stay silent on correct rows, the misses are found.

Rows are the seed reports' own tables, typed as offices type them (tests/corpus/tables), sent as .xlsx
and read through the one reader; a few cases are small models written the way those tables write.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.corpus.variants import TABLES_DIR, parse_grid, write_xlsx
from tests.validate.cases import sc_project
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.engine import validate_evaluation
from workbook_tools.validate.layout import SpecLayout
from workbook_tools.validate.textpairs import pair_issues
from workbook_tools.validate.workbook import validate_workbook

PROFILES = {"s000": "sichuan-2021", "s001": "liangshan-2021", "s004": "hubei-2021"}


@cache
def _report(table_id: str, folder: str):
    path = write_xlsx(parse_grid(TABLES_DIR / f"{table_id}.grid"), Path(folder) / f"{table_id}.xlsx")
    return validate_workbook(path, PROFILES[table_id[:4]])


@pytest.fixture(scope="module")
def seed_table(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("seed-tables"))

    def findings(table_id: str, row: int | None = None, severity: Severity | None = None):
        found = _report(table_id, folder).findings
        return [
            f
            for f in found
            if (row is None or f.indicator == row) and (severity is None or f.severity is severity)
        ]

    findings.report = lambda table_id: _report(table_id, folder)
    return findings


def codes(findings) -> set[str]:
    return {f.code for f in findings}


# --- false alarms: each class is silent on a correct row ------------------------------------------------


def test_narrative_target_with_a_judgement_as_actual_is_not_a_number_problem(seed_table):
    # 附件8 row 17: 指标值 "参与赛事的学校共计100余所中小学，上万名中小學生参赛…", 完成值 "优良".
    assert codes(seed_table("s000-08-kepu-jingfei", 16)) == set()
    assert "ACTUAL_NOT_NUMERIC" not in codes(seed_table("s000-08-kepu-jingfei"))


def test_a_miss_in_words_with_its_reason_is_one_note_not_a_number_problem(seed_table):
    # 凉山 附件2: 电脑5台、打印机3台 / 合格率100% / 5万元 — all "因州安可办执行新政策…故未执行".
    found = seed_table("s001-02-gonggong-fuwu")
    assert not {"ACTUAL_NOT_NUMERIC", "UNDERACHIEVED_REASON_MISSING"} & codes(found)
    notes = [f for f in found if f.code == "NOT_EXECUTED_EXPLAINED"]
    assert all(f.severity is Severity.ADVICE for f in notes)
    reasons = [f.message for f in notes if "州安可办" in f.message]
    assert len(reasons) == 1 and "同一原因的还有" in reasons[0]  # dependent rows are not flagged again


def test_a_reason_inside_the_actual_cell_counts_where_the_form_has_no_reason_column(seed_table):
    # 附件6 row 7: "因疫情发生未能举办。" on a 凉山 form (no 未完成原因 column).
    assert not codes(seed_table("s001-06-zhuanyi", 6, Severity.EXPLAIN))
    assert not codes(seed_table("s001-06-zhuanyi", 1, Severity.ERROR))


def test_a_cost_line_below_its_plan_is_a_saving(seed_table):
    # 附件3 row 13: 成本 "开展建家服务2万元" → "开展建家服务等差旅费1万元".
    assert "UNDERACHIEVED_REASON_MISSING" not in codes(seed_table("s001-03-xuehui-kepu", 12))


def test_fields_the_printed_variant_does_not_have_are_not_demanded(seed_table):
    # 凉山 prints no 主管部门; Hubei has no 定性 tier column and no per-row reason.
    assert not [f for f in seed_table("s001-05-tianfu-keji-yun") if f.field == "project.authority"]
    assert not {"TIER_MISSING", "REQUIRED_FIELD_MISSING"} & codes(seed_table("s004-01-dept"))


def test_initial_cost_targets_are_not_compared_with_the_adjusted_budget(seed_table):
    # S004: 成本 targets 2534 (年初) against the adjusted 2634.17.
    assert "COST_SUM_MISMATCH" not in codes(seed_table("s004-01-dept"))


def test_advice_is_shown_apart_and_never_counted(seed_table):
    # 附件9: several quantities in one cell, "2021-12-31" as a 三级指标, "优良中低差" as a target.
    advice = {"MULTI_VALUE_CELL", "SCALE_AS_TARGET", "VALUE_IN_NAME"}
    found = seed_table("s000-09-kepu-649")
    assert advice <= codes(found)
    assert all(f.severity is Severity.ADVICE for f in found if f.code in advice)
    # 附件3 has only advice: the file is valid and its counts hold no problem.
    report = seed_table.report("s000-03-yuanshi-gongzuozhan")
    assert report.valid and report.counts()["error"] == report.counts()["explain"] == 0
    assert report.counts()["advice"] >= 2


def test_execution_above_budget_explained_in_the_form_is_not_flagged(seed_table):
    # 凉山 汇总: 280.37 over 251, the cost lines say "含年中追拨省级专项29.9万元".
    assert "EXEC_RATE_OVER_100" not in codes(seed_table("s001-01-huizong"))


# --- misses: each class is found ------------------------------------------------------------------------


def test_an_amount_in_the_name_that_contradicts_the_target(seed_table):
    # 附件1 row 5: 三级指标 "办公费 预计经费4万元", 指标值 3.3万元.
    (hit,) = [f for f in seed_table("s000-01-kepu-gangyao", 4) if f.code == "NAME_AMOUNT_MISMATCH"]
    assert hit.severity is Severity.ERROR and "4万元" in hit.message and "3.3万元" in hit.message


def test_multi_value_cells_are_compared_pair_by_pair(seed_table):
    # 附件11 row 3: 观看人数不少于30万人次 → 36万人以上; 发布项目80项 → 96家; 合作意向30项 → 40项.
    found = seed_table("s000-11-tianfu-kejiyun", 2)
    slips = [f.message for f in found if f.code == "UNIT_MISMATCH"]
    assert any("观看人数" in m and "万人次" in m for m in slips) and any(
        "发布项目" in m or "项目" in m for m in slips
    )
    assert any("合作意向" in f.message for f in found if f.code == "OVERACHIEVED_REASON_MISSING")


def test_a_quality_rate_the_quantity_row_contradicts(seed_table):
    # 凉山 汇总 row 13: "资助完成率92%以上", but row 2 gives 22 of 25 = 88 %.
    (hit,) = [f for f in seed_table("s001-01-huizong", 12) if f.code == "QUALITY_RATE_CONTRADICTED"]
    assert hit.severity is Severity.ERROR and "88.00%" in hit.message


def test_a_cost_texts_head_count_against_the_quantity_row(seed_table):
    # 附件5: 成本 "每人每年4.166万元*3人=12.5万元", 数量 "人员聘用 4人".
    (hit,) = [f for f in seed_table("s001-05-tianfu-keji-yun", 5) if f.code == "COST_COUNT_MISMATCH"]
    assert "3人" in hit.message and "4人" in hit.message
    # 附件6: 成本 "…建设6个州级科技小院", 数量 "考核评优建设州级科技小院5个".
    assert "COST_COUNT_MISMATCH" in codes(seed_table("s001-06-zhuanyi", 14))


def test_an_approximate_clause_inside_a_multi_value_cell(seed_table):
    # 凉山 汇总 row 9: "各类业务工作会4次左右" → 5次 (25 % off, 10 % allowed).
    assert "APPROX_OUT_OF_TOLERANCE" in codes(seed_table("s001-01-huizong", 8))


def _model(**edits):
    data = sc_project()
    for path, value in edits.items():
        i, attr = path.split(".")
        data["indicators"][int(i)][attr] = value
    se = SelfEvaluation.from_dict(data)
    return validate_evaluation(se, load_profile("sichuan-2023"), SpecLayout(get_form(se.form)))


def test_a_printed_completion_claim_the_numbers_do_not_give():
    found = _model(**{"0.actual": "25次，完成实际指标值的150%", "0.reason": "需求大"})
    (hit,) = [f for f in found if f.code == "CLAIM_RATE_WRONG"]
    assert hit.expected == "125.00%" and hit.actual == "150%"
    right = _model(**{"0.actual": "30次，完成实际指标值的150%", "0.reason": "需求大"})
    assert "CLAIM_RATE_WRONG" not in codes(right)


def test_a_bare_number_against_an_amount_in_wan_yuan():
    found = _model(**{"1.actual": 100000, "1.unit": ""})
    assert "UNIT_MISMATCH" in codes(found)
    assert "UNIT_MISMATCH" not in codes(_model(**{"1.actual": 9.5, "1.unit": ""}))


def test_sum_of_cost_actuals_against_the_executed_amount():
    found = _model(
        **{
            "0.level2": "成本指标",
            "0.name": "宣传费",
            "0.target": "≤4万元",
            "0.actual": "4万元",
            "0.nature": "≤",
            "0.unit": "万元",
            "1.actual": "5万元",
        }
    )
    (hit,) = [f for f in found if f.code == "COST_ACTUAL_SUM_MISMATCH"]
    assert (hit.expected, hit.actual, hit.severity) == (10, 9, Severity.EXPLAIN)


def test_plan_and_actual_clauses_of_a_department_text():
    # 丽水 基本情况表: 邀请45名以上院士 vs 邀请50人次院士 — 名 counts people, 人次 attendances.
    issues = pair_issues(
        "通过各种途径和资源邀请45名以上院士来丽疗休养", "2021年度通过各种途径邀请50人次院士来丽开展疗休养"
    )
    assert [i.code for i in issues] == ["UNIT_MISMATCH"]
    assert pair_issues("邀请45名以上院士", "邀请50名院士") == []
    missing = pair_issues(
        "开展科普培训交流，组织50名基层科普工作者现场观摩学习", "举办全市基层科普干部培训班"
    )
    assert [i.code for i in missing] == ["CLAUSE_ACTUAL_MISSING"]
    assert pair_issues("开展科普培训交流，组织50名基层科普工作者现场观摩学习", "", explained=True) == []


def test_on_a_scored_form_a_narrative_target_answered_in_words_still_needs_its_score_judged():
    found = _model(
        **{"0.target": "在北川县小河村打造科普文化长廊1个,打通科普知识宣传最后一公里", "0.actual": "优良"}
    )
    assert "ACTUAL_NOT_NUMERIC" in codes(found)
