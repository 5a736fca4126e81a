"""部门预算项目支出绩效自评表, Sichuan 预算管理一体化 form 510000_0013zp (RULES.md §A2)."""

from __future__ import annotations

from workbook_tools.forms.layout import STRUCTURED_WIDTHS, structured_indicators, summary_block, title_rows
from workbook_tools.forms.spec import Field, FormSpec, FundingBlock, Text

TITLE = "部门预算项目支出绩效自评表"

_texts, _year = title_rows(TITLE, "K", "H2", "I2", "J2:K2")

SPEC = FormSpec(
    id="sc-project",
    title=TITLE,
    sheet="自评表",
    default_profile="sichuan-2023",
    scored=True,
    widths=dict(STRUCTURED_WIDTHS),
    fields=(
        _year,
        Field("project.name", "项目名称", "A3:B3", "C3:K3"),
        Field("project.authority", "主管部门", "A4:B4", "C4:F4"),
        Field("project.executor", "实施单位（盖章）", "G4:H4", "I4:K4"),
        Field("goals.planned", "项目年度目标", "C5:D5", "E5:K5"),
        Field(
            "goals.achieved",
            "年度目标完成情况",
            "C6:D6",
            "E6:K6",
            max_chars=100,
            prompt="对照年度目标说明完成情况，100字以内",
        ),
        Field("goals.process", "项目实施内容及过程概述", "C7:D7", "E7:K7"),
        Field(
            "conclusion.summary",
            "评价结论",
            "A63:B63",
            "C63:K63",
            max_chars=200,
            prompt="写明自评得分及主要结论，200字以内",
        ),
        Field("conclusion.problems", "存在问题", "A64:B64", "C64:K64", max_chars=200),
        Field("conclusion.improvements", "改进措施", "A65:B65", "C65:K65", max_chars=200),
        Field("project.lead", "项目负责人", "A66:B66", "C66:F66"),
        Field("project.finance_lead", "财务负责人", "G66:H66", "I66:K66"),
    ),
    funding=FundingBlock(
        title="预算执行情况\n（{exec}分）\n（万元）",
        title_range="A8:B13",
        header_row=8,
        labels=("总额", "其中：财政资金", "财政专户管理资金", "单位资金", "其他资金"),
        label_cols="C:D",
        columns={
            "initial": "E",
            "adjusted": "F",
            "executed": "G",
            "rate": "H",
            "weight": "I",
            "score": "J",
            "reason": "K",
        },
        headers={
            "initial": "年初预算",
            "adjusted": "调整后预算数",
            "executed": "预算执行数",
            "rate": "预算执行率",
            "weight": "权重",
            "score": "得分",
            "reason": "原因",
        },
    ),
    indicators=structured_indicators(14, reason_header="未完成原因分析"),
    summary=summary_block(56),
    texts=(*_texts, Text("A5:B7", "项目基本\n情况"), Text("A14:K14", "绩效指标（{indicators}分）", "header")),
    last_row=66,
    warn_col="L",
    print_cols="A:K",
    heights={5: 45, 6: 45, 7: 60, 63: 45, 64: 45, 65: 45},
    notes=(
        "预算执行率 = 预算执行数 ÷ 调整后预算数；执行率低于规定比例的，在“原因”栏说明（100字以内）。",
        "年中追加或调减预算的（年初预算 ≠ 调整后预算），在“原因”栏说明调整原因。",
        "其他资金指社会投入资金和银行贷款。“总额”一行由“其中”各行自动合计。",
    ),
)
