"""目标实现 of a 凉山 指标体系 against the unit's project returns in the same batch (DEPT_GOAL_VS_PROJECTS)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.validate.test_dept_forms import seed
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.validate.batch import validate_paths
from workbook_tools.validate.dept_goal import quantity_flag
from workbook_tools.xlsx.fill import fill_workbook

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
UNIT = "凉山州科学技术协会"


def _project(name: str, rows: list[tuple[str, str, str]]) -> SelfEvaluation:
    """A seed-001 project return (sc-project-2021) with its 数量指标 rows as printed."""
    data = json.loads((EXAMPLES / "mianyang-sc-project-2021.json").read_text(encoding="utf-8"))
    data["unit"] = {"code": "", "name": UNIT}
    data["project"].update(name=name, authority=UNIT, executor=UNIT)
    data["indicators"] = [
        {"level1": "产出指标", "level2": "数量指标", "name": n, "target": a, "actual": b, "unit": ""}
        for n, a, b in rows
    ]
    return SelfEvaluation.from_dict(data)


def _batch(tmp_path, goal_score=8, quantities=()):
    dept = copy.deepcopy(seed("liangshan-sc-dept-system"))
    dept["system"]["quantities"] = list(quantities)
    next(r for r in dept["system"]["rows"] if r["name"] == "目标实现")["score"] = goal_score
    paths = [fill_workbook("sc-dept-system", SelfEvaluation.from_dict(dept), tmp_path / "体系.xlsx")]
    projects = {
        "青少年": [
            ("组织开展各类科技辅导员培训、学习、观摩活动人数", "20人左右", "18人"),
            ("组织开展各类青少年科技活动次数", "1-2次", "2次"),
        ],
        "天府": [("人员聘用数", "4人左右", "4人"), ("购买第三方专业服务机构数", "1个", "1个")],
        "专项": [
            ("第37届州青少年科技创新大赛事次数", "1次", "因疫情发生未能举办。"),
            ("院士专家工作站建站数", "3家", "经党组研究调剂开展科普进乡村、大篷车进校园科普活动1次。"),
            ("建设州级科技小院", "5个左右", "考核评优建设州级科技小院5个"),
            ("天府科技云项目考核数", "17个县市", "据实据效对17个县市考核"),
        ],
    }
    for name, rows in projects.items():
        se = _project(name, rows)
        paths.append(fill_workbook(se.form, se, tmp_path / f"{name}.xlsx"))
    return validate_paths(paths, workers=1)


def test_goal_against_the_project_returns(tmp_path):
    # Counted: 20人左右/18人 ✗, 4人/4人 ✓, 1个/1个 ✓, 1次/"因疫情…未能举办" ✗ (words), 5个/5个 ✓, 17/17 ✓.
    # Left out: "1-2次" (a range) and 3家 against 1次 (another unit). 8 × 4 ÷ 6 = 5.33, printed 8.
    report = _batch(tmp_path)
    hits = [f for r in report.reports for f in r.findings if f.code == "DEPT_GOAL_VS_PROJECTS"]
    assert [(Path(f.file).name, f.cell, f.expected, f.actual) for f in hits] == [("体系.xlsx", "G7", 5.33, 8)]
    assert "8 × 4 ÷ 6 = 5.33" in hits[0].message


def test_goal_that_agrees_or_lists_its_own_pairs_is_silent(tmp_path):
    assert not [
        f
        for r in _batch(tmp_path, goal_score=5.33).reports
        for f in r.findings
        if f.code == "DEPT_GOAL_VS_PROJECTS"
    ]
    own = [{"project": "天府", "name": "人员聘用数", "target": 4, "actual": 4}]
    report = _batch(tmp_path / "own", quantities=own)
    assert not [f for r in report.reports for f in r.findings if f.code == "DEPT_GOAL_VS_PROJECTS"]


@pytest.mark.parametrize(
    ("target", "actual", "flag"),
    [
        ("10个", "13个", True),  # 1.3A itself passes
        ("10个", "13.1个", False),
        ("10个", "9个", False),
        ("10个", "未执行", False),
        ("≤10个", "5个", None),
        ("1-2次", "2次", None),
        ("3家", "1次", None),
        ("10个", "", None),
    ],
)
def test_quantity_flag(target, actual, flag):
    assert quantity_flag(target, actual) is flag


def test_goal_of_a_hand_typed_table_against_the_projects(tmp_path):
    from tests.validate.dept_printed import liangshan_printed

    # The printed title names the unit and the year ("凉山州科学技术协会2021年部门整体…"): same unit, same year.
    printed = liangshan_printed(tmp_path / "凉山指标体系.xlsx")
    se = _project("天府", [("人员聘用数", "4人左右", "4人"), ("购买第三方专业服务机构数", "1个", "未执行")])
    project = fill_workbook(se.form, se, tmp_path / "天府.xlsx")
    report = validate_paths([printed, project], workers=1)
    hits = [f for r in report.reports for f in r.findings if f.code == "DEPT_GOAL_VS_PROJECTS"]
    # 4/4 ✓, 1/"未执行" ✗: 8 × 1 ÷ 2 = 4, printed 8.
    assert [(f.cell, f.expected, f.actual) for f in hits] == [("G6", 4.0, 8)]
