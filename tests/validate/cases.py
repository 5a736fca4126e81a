"""Small self-evaluations, one per rule code, each built to trigger exactly that problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

OUT, B, S = "产出指标", "效益指标", "满意度指标"


def ind(
    l1: str, l2: str, name: str, target: Any, actual: Any, weight: float | None = None, **kw: Any
) -> dict:
    """One indicator row of the interchange JSON."""
    return {
        "level1": l1,
        "level2": l2,
        "name": name,
        "target": target,
        "actual": actual,
        "weight": weight,
        "reason": kw.pop("reason", ""),
        **kw,
    }


def sc_project() -> dict:
    """A clean Sichuan 一体化 form (10 + 90 = 100) that produces no findings."""
    return {
        "form": "sc-project",
        "year": 2023,
        "unit": {"code": "510000", "name": "某县科协"},
        "project": {
            "name": "科普活动经费",
            "authority": "某县科协",
            "executor": "某县科协",
            "lead": "张三",
            "finance_lead": "李四",
        },
        "funding": [
            {"source": "总额", "initial": 10, "adjusted": 10, "executed": 10},
            {"source": "其中：财政资金", "initial": 10, "adjusted": 10, "executed": 10},
            {"source": "财政专户管理资金"},
            {"source": "单位资金"},
            {"source": "其他资金"},
        ],
        "goals": {"planned": "开展科普活动 20 次", "achieved": "开展科普活动 20 次", "process": "按计划实施"},
        "indicators": [
            ind(OUT, "数量指标", "科普活动次数", "≥20次", "20次", 30, nature="≥", unit="次"),
            ind(OUT, "成本指标", "活动经费", "≤10万元", "10万元", 30, nature="≤", unit="万元"),
            ind(
                B, "社会效益指标", "公众科学素质", "达成年度指标", "达成年度指标", 20, nature="定性", score=20
            ),
            ind(S, "服务对象满意度指标", "参与群众满意度", "≥90%", "95%", 10, nature="≥", unit="%"),
        ],
        "conclusion": {
            "summary": "自评得分 98 分，完成年度目标。",
            "problems": "宣传力度不够。",
            "improvements": "加强宣传。",
        },
        "profile": "sichuan-2023",
    }


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def apply(d: dict) -> None:
        obj: Any = d
        parts = path.replace("]", "").replace("[", ".").split(".")
        for p in parts[:-1]:
            obj = obj[int(p)] if p.isdigit() else obj[p]
        last = parts[-1]
        obj[int(last) if last.isdigit() else last] = value

    return apply


def _all(*edits: Callable[[dict], None]) -> Callable[[dict], None]:
    def apply(d: dict) -> None:
        for e in edits:
            e(d)

    return apply


# code → (edit of the clean form, expected field path of the finding)
CASES: dict[str, tuple[Callable[[dict], None], str]] = {
    "REQUIRED_FIELD_MISSING": (_set("project.authority", ""), "project.authority"),
    "FUNDING_TOTAL_MISSING": (_set("funding.0.executed", None), "funding[0].executed"),
    "INDICATOR_FIELD_MISSING": (_set("indicators.0.actual", ""), "indicators[0].actual"),
    "UNIT_MISSING": (
        _all(_set("indicators.0.target", "≥20"), _set("indicators.0.unit", "")),
        "indicators[0].unit",
    ),
    "WEIGHT_TOTAL_MISMATCH": (_set("indicators.3.weight", 5), "indicators[0].weight"),
    "GROUP_WEIGHT_MISMATCH": (_set("indicators.0.level1", "产出指标（50分）"), "indicators[0].weight"),
    "WEIGHT_NOT_POSITIVE": (
        _all(_set("indicators.3.weight", 0), _set("indicators.2.weight", 30)),
        "indicators[3].weight",
    ),
    "EXEC_REASON_MISSING": (
        _all(_set("funding.0.executed", 8), _set("funding.1.executed", 8)),
        "funding[0].reason",
    ),
    "ADJUSTMENT_REASON_MISSING": (
        _all(_set("funding.0.initial", 0), _set("funding.1.initial", 0)),
        "funding[0].reason",
    ),
    "UNDERACHIEVED_REASON_MISSING": (_set("indicators.0.actual", "15次"), "indicators[0].reason"),
    "OVERACHIEVED_REASON_MISSING": (_set("indicators.0.actual", "30次"), "indicators[0].reason"),
    "DEVIATION_EXPLAINED": (
        _all(_set("indicators.0.actual", "30次"), _set("indicators.0.reason", "需求旺盛")),
        "indicators[0].actual",
    ),
    "FUNDING_TOTAL_MISMATCH": (_set("funding.0.executed", 9), "funding[0].executed"),
    "ZERO_BUDGET_EXECUTED": (
        _all(_set("funding.4.adjusted", 0), _set("funding.4.executed", 1)),
        "funding[4].executed",
    ),
    "SCORE_EXCEEDS_WEIGHT": (_set("indicators.2.score", 25), "indicators[2].score"),
    "SCORE_NEGATIVE": (_set("indicators.2.score", -1), "indicators[2].score"),
    "SCORE_MISMATCH": (_set("indicators.0.score", 20), "indicators[0].score"),
    "COST_SUM_MISMATCH": (
        _all(_set("indicators.1.target", "8万元"), _set("indicators.1.nature", "=")),
        "indicators[1].target",
    ),
    "COST_ARITHMETIC_WRONG": (
        _set("indicators.1.name", "劳务费2人*1万元/年人=0.5万元"),
        "indicators[1].name",
    ),
    "COST_TOTAL_WRONG": (
        _set("indicators.1.name", "印制费3万元、差旅费2万元，共计6万元"),
        "indicators[1].name",
    ),
    "UNIT_MISMATCH": (_set("indicators.0.actual", "20万元"), "indicators[0].actual"),
    "PERCENT_OUT_OF_RANGE": (_set("indicators.3.actual", "105%"), "indicators[3].actual"),
    "TARGET_GE_100_PERCENT": (_set("indicators.3.target", "≥100%"), "indicators[3].target"),
    "SATISFACTION_NOT_PERCENT": (_set("indicators.3.actual", "满意"), "indicators[3].actual"),
    "NATURE_MISMATCH": (_set("indicators.0.target", "不超过20次"), "indicators[0].nature"),
    "TIER_MISSING": (_set("indicators.2.actual", "效果明显"), "indicators[2].actual"),
    "QUAL_SCORE_OUT_OF_BAND": (_set("indicators.2.score", 10), "indicators[2].manual"),
    "ACTUAL_NOT_NUMERIC": (_set("indicators.0.actual", "完成"), "indicators[0].actual"),
    "MULTI_VALUE_CELL": (
        _set("indicators.0.actual", "科普活动20次、培训5期、讲座3场"),
        "indicators[0].actual",
    ),
    "SCALE_AS_TARGET": (
        _all(_set("indicators.2.target", "优良中低差"), _set("indicators.2.actual", "优")),
        "indicators[2].target",
    ),
    "VALUE_IN_NAME": (_set("indicators.0.name", "2021-12-31"), "indicators[0].name"),
    "PLACEHOLDER_WITH_WEIGHT": (_set("indicators.0.name", "无"), "indicators[0].weight"),
    "LEVEL_PAIR_UNKNOWN": (_set("indicators.0.level2", "社会效益指标"), "indicators[0].level2"),
    "TEXT_TOO_LONG": (_set("conclusion.summary", "很" * 201), "conclusion.summary"),
    # 需说明 cases carry no reason: a reason written anywhere the form holds reasons lets them pass.
    "EXEC_RATE_OVER_100": (
        _all(_set("funding.0.executed", 12), _set("funding.1.executed", 12)),
        "funding[0].executed",
    ),
    "APPROX_OUT_OF_TOLERANCE": (
        _all(
            _set("indicators.0.target", "20次左右"),
            _set("indicators.0.nature", "="),
            _set("indicators.0.actual", "17次"),
        ),
        "indicators[0].actual",
    ),
    # Quantities written in texts (validate/rules/texts.py), as the seed reports write them.
    "NAME_AMOUNT_MISMATCH": (
        _all(
            _set("indicators.1.name", "办公费 预计经费4万元"),
            _set("indicators.1.target", "3.3万元"),
            _set("indicators.1.actual", "3.3万元"),
            _set("indicators.1.nature", "="),
        ),
        "indicators[1].target",
    ),
    "CLAIM_RATE_WRONG": (
        _all(
            _set("indicators.0.target", "≥20次"),
            _set("indicators.0.actual", "25次，完成实际指标值的150%"),
            _set("indicators.0.reason", "群众需求大，加开场次"),
        ),
        "indicators[0].actual",
    ),
    "QUALITY_RATE_CONTRADICTED": (
        _all(
            _set("indicators.0.name", "老科技工作者资助贫困生人数"),
            _set("indicators.0.target", "资助贫困生25人"),
            _set("indicators.0.actual", "完成了资助贫困生22人"),
            _set("indicators.0.unit", "人"),
            _set("indicators.0.reason", "部分学生转学"),
            _set("indicators.1.level2", "质量指标"),
            _set("indicators.1.name", "资助贫困生完成率"),
            _set("indicators.1.target", "资助贫困生完成率92%以上"),
            _set("indicators.1.actual", "资助贫困生完成率92%以上"),
            _set("indicators.1.nature", "≥"),
            _set("indicators.1.unit", "%"),
        ),
        "indicators[1].actual",
    ),
    "COST_COUNT_MISMATCH": (
        _all(
            _set("indicators.0.name", "人员聘用数"),
            _set("indicators.0.target", "4人"),
            _set("indicators.0.actual", "4人"),
            _set("indicators.0.unit", "人"),
            _set("indicators.1.name", "人员聘用费用"),
            _set("indicators.1.target", "每人每年2.5万元*3人=7.5万元"),
            _set("indicators.1.actual", "每人每年2.5万元*3人=7.5万元"),
        ),
        "indicators[1].actual",
    ),
    "CLAUSE_ACTUAL_MISSING": (
        _all(
            _set("indicators.0.target", "开展科普活动20次，发放资料5000份"),
            _set("indicators.0.actual", "开展科普活动20次"),
            _set("indicators.0.nature", "≥"),
        ),
        "indicators[0].reason",
    ),
    "COST_ACTUAL_SUM_MISMATCH": (
        _all(
            _set("indicators.0.level2", "成本指标"),
            _set("indicators.0.name", "宣传费"),
            _set("indicators.0.target", "≤4万元"),
            _set("indicators.0.actual", "4万元"),
            _set("indicators.0.nature", "≤"),
            _set("indicators.0.unit", "万元"),
            _set("indicators.1.target", "≤6万元"),
            _set("indicators.1.actual", "5万元"),
        ),
        "indicators[0].actual",
    ),
    "NOT_EXECUTED_EXPLAINED": (
        _set("indicators.0.actual", "因疫情未能举办。"),
        "indicators[0].actual",
    ),
    "INDICATOR_BLOCK_INCOMPLETE": (lambda d: None, "indicators[0].level2"),
    # Profile rules (sichuan-2023: 指标偏离 and the 总分 cap; liangshan-2021: 数量指标 目标实现).
    "INDICATOR_DEVIATION": (_set("indicators.0.actual", "26次"), "indicators[0].score"),
    "TOTAL_CAPPED_BY_RATE": (
        _all(
            _set("funding.0.executed", 6), _set("funding.1.executed", 6), _set("funding.0.reason", "项目延期")
        ),
        "total",
    ),
    "QUANTITY_TARGET_FAILED": (
        _all(_set("profile", "liangshan-2021"), _set("indicators.0.actual", "18次")),
        "indicators[0].actual",
    ),
}


def case(code: str) -> tuple[dict, str]:
    """The clean form with one code's edit applied, and the field the finding must point at."""
    edit, path = CASES[code]
    data = copy.deepcopy(sc_project())
    edit(data)
    return data, path
