"""项目(支出)绩效目标自评表, older Sichuan municipal layout (绵阳 2021, seeds 000/001; RULES.md §A3).

No weights and no scores: targets and actuals are kept as typed; the sheet computes 执行率 and warns.
"""

from __future__ import annotations

from workbook_tools.forms.spec import Field, FormSpec, FundingBlock, IndicatorBlock, Text

TITLE = "项目绩效目标自评表"

SPEC = FormSpec(
    id="sc-project-2021",
    title=TITLE,
    sheet="自评表",
    default_profile="sichuan-2021",
    scored=False,
    # Printed columns A..F total 97 units: an A4 portrait page holds them at full size (no shrink to fit).
    widths={"A": 9, "B": 10, "C": 26, "D": 14, "E": 16, "F": 22, "G": 30, "H": 6},
    fields=(
        Field("year", "填报年度", "D2", "E2", kind="int", prompt="请填写四位年份，如 2021"),
        Field("project.name", "政策（项目）名称", "A3:B3", "C3:F3"),
        Field("project.authority", "项目主管部门", "A4:B4", "C4"),
        Field("project.executor", "资金使用单位", "D4", "E4:F4"),
        Field("goals.planned", "总体目标", "C11:D11", "C12:D12"),
        Field("goals.achieved", "全年实际完成情况", "E11:F11", "E12:F12"),
        Field("conclusion.summary", "说明", "A55:B55", "C55:F55", required=False),
    ),
    funding=FundingBlock(
        title="项目资金\n（万元）",
        title_range="A5:B10",
        header_row=5,
        labels=("年度资金总额", "其中：中央、省补助", "市级财政资金", "县级财政资金", "其他资金"),
        label_cols="C",
        columns={"adjusted": "D", "executed": "E", "rate": "F"},
        headers={"adjusted": "全年预算数", "executed": "全年执行数", "rate": "预算执行率"},
    ),
    indicators=IndicatorBlock(
        title_row=13,
        header_row=14,
        count=40,
        columns={"level1": "A", "level2": "B", "name": "C", "target": "D", "actual": "E", "reason": "F"},
        headers={
            "level1": "一级指标",
            "level2": "二级指标",
            "name": "三级指标",
            "target": "指标值",
            "actual": "全年实际完成值",
            "reason": "未完成原因和改进措施",
        },
        structured=False,
    ),
    summary=None,
    texts=(
        Text("A1:F1", TITLE, "title"),
        Text("F2", "单位：万元", "subtitle"),
        Text("A11:B12", "总体目标\n完成情况"),
        Text("A13:F13", "绩效指标", "header"),
    ),
    last_row=55,
    warn_col="G",
    print_cols="A:F",
    landscape=False,
    subtitle="A2:C2",
    heights={12: 110, 55: 40},
    reason_target="conclusion.summary",
    notes=(
        "本表不设权重和得分；指标值、完成值按实际情况填写文字或数字，完成值应带上与指标值相同的计量单位。",
        "执行率低于规定比例的，请在表末“说明”栏写明原因。“年度资金总额”一行由“其中”各行自动合计。",
        "不适用的指标行在三级指标或指标值中填写“无”。",
    ),
)
