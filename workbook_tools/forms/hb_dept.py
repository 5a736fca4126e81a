"""部门整体绩效自评表, Hubei (襄阳 2021, seed 004; RULES.md §A4)."""

from __future__ import annotations

from workbook_tools.forms.layout import STRUCTURED_WIDTHS, structured_indicators, summary_block, title_rows
from workbook_tools.forms.spec import Field, FormSpec, FundingBlock, Text

TITLE = "部门整体绩效自评表"

_texts, _year = title_rows(TITLE, "K", "H2", "I2", "J2:K2")

_REMARKS = (
    "备注：1.预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转），执行数为资金使用单位财政资金实际支出数。"
    "2.定量指标：正向指标（目标值为≥X）得分＝权重×B/A，反向指标（目标值为≤X）得分＝权重×A/B，得分不得超过权重。"
    "3.定性指标分达成、部分达成并具有一定效果、未达成且效果较差三档，分别在该指标分值的100%-80%（含80%）、"
    "80%-50%（含50%）、50%-0%之间确定得分。4.满意度指标暂可不作为必评指标。"
)

SPEC = FormSpec(
    id="hb-dept",
    title=TITLE,
    sheet="自评表",
    default_profile="hubei-2021",
    scored=True,
    widths=dict(STRUCTURED_WIDTHS),
    fields=(
        _year,
        Field("unit.name", "单位名称", "A3:B3", "C3:F3"),
        Field("department.fill_date", "填报日期", "G3:H3", "I3:K3", required=False, prompt="如：2022年3月"),
        Field("department.basic_expenditure", "基本支出总额", "A4:B4", "C4:F4", kind="number"),
        Field("department.project_expenditure", "项目支出总额", "G4:H4", "I4:K4", kind="number"),
        Field("goals.planned", "年度目标", "A7:B7", "C7:K7", shown="年度目标\n（{indicators}分）"),
        Field("conclusion.problems", "偏差大或目标未完成原因分析", "A58:B58", "C58:K58"),
        Field("conclusion.improvements", "改进措施及结果应用方案", "A59:B59", "C59:K59"),
    ),
    funding=FundingBlock(
        title="预算执行情况\n（万元）（{exec}分）",
        title_range="A5:B6",
        header_row=5,
        labels=("部门整体支出总额",),
        label_cols="C:D",
        columns={"adjusted": "E", "executed": "F", "rate": "G", "weight": "H", "score": "I", "reason": "J:K"},
        headers={
            "adjusted": "预算数（A）",
            "executed": "执行数（B）",
            "rate": "执行率（B/A）",
            "weight": "分值",
            "score": "得分",
            "reason": "原因说明",
        },
        total_is_sum=False,
    ),
    indicators=structured_indicators(8, reason_header="偏差原因"),
    summary=summary_block(50),
    texts=(*_texts, Text("A8:K8", "年度绩效指标", "header"), Text("A60:K60", _REMARKS, "note")),
    last_row=60,
    warn_col="L",
    print_cols="A:K",
    heights={7: 120, 58: 75, 59: 75, 60: 75},
    notes=(
        "执行率 = 执行数（B）÷ 预算数（A）；得分 = 分值 × 执行率，最高不超过分值。",
        "预算数为调整后财政资金总额（包括上年结余结转）。",
    ),
)
