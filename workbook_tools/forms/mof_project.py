"""项目支出绩效自评表, national layout of 财预〔2020〕10号 (RULES.md §A1)."""

from __future__ import annotations

from workbook_tools.forms.layout import STRUCTURED_WIDTHS, structured_indicators, summary_block, title_rows
from workbook_tools.forms.spec import Field, FormSpec, FundingBlock, Text

TITLE = "项目支出绩效自评表"

_texts, _year = title_rows(TITLE, "K", "H2", "I2", "J2:K2")

SPEC = FormSpec(
    id="mof-project",
    title=TITLE,
    sheet="自评表",
    default_profile="national-2020",
    scored=True,
    widths=dict(STRUCTURED_WIDTHS),
    fields=(
        _year,
        Field("project.name", "项目名称", "A3:B3", "C3:K3"),
        Field("project.authority", "主管部门", "A4:B4", "C4:F4"),
        Field("project.executor", "实施单位", "G4:H4", "I4:K4"),
        Field("goals.planned", "预期目标", "C10:F10", "C11:F11"),
        Field("goals.achieved", "实际完成情况", "G10:K10", "G11:K11"),
    ),
    funding=FundingBlock(
        title="项目资金\n（万元）",
        title_range="A5:B9",
        header_row=5,
        labels=("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"),
        label_cols="C:D",
        columns={
            "initial": "E",
            "adjusted": "F",
            "executed": "G",
            "weight": "H",
            "rate": "I",
            "score": "J",
            "reason": "K",
        },
        headers={
            "initial": "年初预算数",
            "adjusted": "全年预算数",
            "executed": "全年执行数",
            "weight": "分值",
            "rate": "执行率",
            "score": "得分",
            "reason": "原因说明",
        },
    ),
    indicators=structured_indicators(12),
    summary=summary_block(54),
    texts=(*_texts, Text("A10:B11", "年度总体目标"), Text("A12:K12", "绩效指标", "header")),
    last_row=60,
    warn_col="L",
    print_cols="A:K",
    heights={11: 90},
    notes=("执行率 = 全年执行数 ÷ 全年预算数；“年度资金总额”一行由下面三行自动合计，不必填写。",),
)
