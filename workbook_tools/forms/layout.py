"""Building blocks shared by the scored forms: the structured indicator grid and the subtotal block."""

from __future__ import annotations

from workbook_tools.forms import lists
from workbook_tools.forms.spec import Field, Group, IndicatorBlock, SummaryBlock, Text

INDICATOR_ROWS = 40

# A..K is the official form (printed), L the on-screen 提示 column, M..P hidden helper columns.
STRUCTURED_WIDTHS = {
    "A": 10,
    "B": 12,
    "C": 26,
    "D": 7,
    "E": 10,
    "F": 10,
    "G": 12,
    "H": 9,
    "I": 8,
    "J": 8,
    "K": 26,
    "L": 30,
    "M": 6,
    "N": 6,
    "O": 6,
    "P": 6,
}

STRUCTURED_COLUMNS = {
    "level1": "A",
    "level2": "B",
    "name": "C",
    "nature": "D",
    "target": "E",
    "unit": "F",
    "actual": "G",
    "weight": "H",
    "score": "I",
    "manual": "J",
    "reason": "K",
    "code": "M",
    "low": "N",
    "high": "O",
    "numeric": "P",
}

STRUCTURED_HEADERS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "nature": "指标性质",
    "target": "指标值",
    "unit": "度量单位",
    "actual": "完成值",
    "weight": "权重\n（分值）",
    "score": "得分",
    "manual": "定性评分",
    "reason": "偏差原因分析及改进措施",
    "code": "性质代码",
    "low": "档下限",
    "high": "档上限",
    "numeric": "可计算",
}

GROUPS = (
    Group(lists.OUTPUT, lists.LEVEL1_ALIASES[lists.OUTPUT], "WT_GROUP_OUTPUT"),
    Group(lists.COST, lists.LEVEL1_ALIASES[lists.COST], "WT_GROUP_COST"),
    Group(lists.BENEFIT, lists.LEVEL1_ALIASES[lists.BENEFIT], "WT_GROUP_BENEFIT"),
    Group(lists.SATISFACTION, lists.LEVEL1_ALIASES[lists.SATISFACTION], "WT_GROUP_SATISFACTION"),
)


def structured_indicators(title_row: int, reason_header: str = "偏差原因分析及改进措施") -> IndicatorBlock:
    """The scored indicator grid starting with its section title at `title_row`."""
    headers = dict(STRUCTURED_HEADERS, reason=reason_header)
    return IndicatorBlock(title_row, title_row + 1, INDICATOR_ROWS, dict(STRUCTURED_COLUMNS), headers)


def summary_block(header_row: int) -> SummaryBlock:
    """Group subtotals, 绩效指标合计 and 总分 starting at `header_row`."""
    return SummaryBlock(
        header_row=header_row,
        groups=GROUPS,
        label_cols="A:C",
        columns={"stated": "D:E", "weights": "F:G", "scores": "H:I", "note": "J:K"},
        headers={
            "label": "一级指标",
            "stated": "规定分值",
            "weights": "权重合计",
            "scores": "得分小计",
            "note": "说明",
        },
    )


def title_rows(title: str, last_col: str, year_label: str, year_cell: str, unit_range: str) -> tuple:
    """Texts and the year field of the two title rows (the subtitle is a formula showing the year)."""
    texts = (Text(f"A1:{last_col}1", title, "title"), Text(unit_range, "单位：万元", "subtitle"))
    year = Field("year", "填报年度", year_label, year_cell, kind="int", prompt="请填写四位年份，如 2021")
    return texts, year
