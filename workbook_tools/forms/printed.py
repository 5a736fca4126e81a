"""The official forms as offices print and type them: label wordings and layout variants, as data.

The label-anchored reader (workbook_tools.read.anchored) finds each block of a form by these labels,
anywhere on a sheet or in a Word table; the variant found says which fields the form really has, so
rules ask only for those (no 主管部门 on a 凉山 form, no weight check where no weight is printed).
Labels are compared by label_key: brackets and their contents, punctuation and spaces do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from workbook_tools.core.parse import normalize_text

_BRACKETED_RE = re.compile(r"[（(][^（()）]*[)）]")
_PUNCT_RE = re.compile(r"[\s:：*＊、，,。.．;；_\-—/／“”\"'‘’]")


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """A label as compared: "年初目标值（A）" → "年初目标值", "年度资金总额:" → "年度资金总额"."""
    s = normalize_text(text)
    previous = None
    while previous != s:  # nested brackets: innermost first
        previous = s
        s = _BRACKETED_RE.sub("", s)
    return _PUNCT_RE.sub("", s).replace("[", "").replace("]", "")


def keys(*labels: str) -> frozenset[str]:
    """The comparison keys of several label wordings."""
    return frozenset(label_key(x) for x in labels)


# Header fields (path → wordings). A field's value is the next cell to the right of its label.
FIELD_LABELS: dict[str, frozenset[str]] = {
    "project.name": keys("项目名称", "政策（项目）名称", "政策名称", "项目（政策）名称"),
    "project.authority": keys("主管部门", "项目主管部门", "主管单位"),
    "project.executor": keys("实施单位", "项目实施单位", "预算单位", "资金使用单位", "实施单位（盖章）"),
    "unit.name": keys("单位名称", "部门名称", "填报单位"),
    "department.fill_date": keys("填报日期"),
    "department.basic_expenditure": keys("基本支出总额", "基本支出"),
    "department.project_expenditure": keys("项目支出总额", "项目支出"),
    "project.lead": keys("项目负责人"),
    "project.finance_lead": keys("财务负责人"),
}

# Goal texts: a label with its value to the right, or two labels side by side with the values below.
GOAL_LABELS: dict[str, frozenset[str]] = {
    "goals.planned": keys("总体目标", "预期目标", "年度目标", "项目年度目标", "年度总体目标", "年度绩效目标"),
    "goals.achieved": keys(
        "全年实际完成情况", "实际完成情况", "实际完成目标", "年度目标完成情况", "年度目标实际完成情况"
    ),
    "goals.process": keys("项目实施内容及过程概述"),
}

# Closing texts after the indicator table.
CLOSING_LABELS: dict[str, frozenset[str]] = {
    "conclusion.summary": keys("说明", "评价结论", "自评结论"),
    "conclusion.problems": keys("偏差大或目标未完成原因分析", "存在问题", "存在的问题"),
    "conclusion.improvements": keys("改进措施及结果应用方案", "改进措施", "改进措施及建议"),
}

# Funding table: column headers (role → wordings) and line labels.
FUNDING_HEADERS: dict[str, frozenset[str]] = {
    "initial": keys("年初预算数", "年初预算", "年初预算数A"),
    "adjusted": keys("全年预算数", "调整后预算数", "调整后预算", "预算数", "全年预算", "预算数A"),
    "executed": keys("全年执行数", "预算执行数", "执行数", "全年执行", "执行数B"),
    "rate": keys("预算执行率", "执行率", "执行率B/A"),
    "weight": keys("分值", "权重"),
    "score": keys("得分"),
    "reason": keys("原因", "原因说明", "原因分析", "偏差原因"),
}
FUNDING_TITLES = keys("项目资金", "预算执行情况", "资金情况", "预算执行情况万元", "项目资金万元")
# In the 凉山 layout the amounts stand beside their labels: 预算数： 251 | 执行数： 280.37.
PAIR_LABELS: dict[str, frozenset[str]] = {
    "adjusted": keys("预算数", "全年预算数"),
    "executed": keys("执行数", "全年执行数"),
}

# Indicator table column headers.
INDICATOR_HEADERS: dict[str, frozenset[str]] = {
    "level1": keys("一级指标"),
    "level2": keys("二级指标"),
    "name": keys("三级指标"),
    "nature": keys("指标性质"),
    "target": keys(
        "指标值", "年度指标值", "年初目标值", "预期指标值", "目标值", "年度目标值", "预期目标值", "绩效目标值"
    ),
    "unit": keys("度量单位", "计量单位", "单位"),
    "actual": keys(
        "完成值", "实际完成值", "全年实际完成值", "实际完成指标值", "全年完成值", "实际值", "年度实际完成值"
    ),
    "weight": keys("分值", "权重", "权重分值", "指标分值"),
    "score": keys("得分", "自评得分"),
    "reason": keys(
        "偏差原因分析及改进措施",
        "未完成原因和改进措施",
        "未完成原因分析",
        "偏差原因",
        "偏差原因分析",
        "未完成原因",
        "备注",
    ),
}
INDICATOR_BLOCK_TITLES = keys("绩效指标", "年度绩效指标", "年度绩效指标完成情况", "绩效指标完成情况")

# Lines that end the indicator table: what they are, not indicators.
TOTAL_LABELS = keys("总分", "合计", "总计", "绩效指标合计", "自评总分")
STOP_LABELS = (
    TOTAL_LABELS
    | keys("备注", "说明", "填表说明", "填表人", "联系电话", "项目负责人", "财务负责人")
    | frozenset().union(*CLOSING_LABELS.values())
)
TITLE_WORDS = ("自评表", "评价表", "目标表")  # a cell holding one of these (and little else) is a form title


@dataclass(frozen=True)
class PrintedVariant:
    """One printed layout of an official form: which model fields it prints, and how to tell it apart."""

    id: str
    form: str  # the template (spec) id whose rules and interchange JSON it shares
    title: str  # shown to users: 已按表内标签识别为“{title}”
    fields: tuple[str, ...]  # header/goal/closing paths the form prints (required ones are asked for)
    required: tuple[str, ...]
    funding: frozenset[str]  # funding roles printed
    indicators: frozenset[str]  # indicator roles printed
    funding_layout: str = "columns"  # columns | pairs
    points_in_level1: bool = False  # group points printed in the 一级 label: 产出指标（40分）
    markers: tuple[str, ...] = ()  # label keys seen only on this variant
    reason_target: str = ""  # where a low execution rate is explained when no reason column exists
    scored: bool = False
    traits: dict[str, str] = field(default_factory=dict)


# What every project form prints at its head (and asks for): name, 主管部门, 实施单位, the goal texts.
_PROJECT_FIELDS = ("project.name", "project.authority", "project.executor", "goals.planned", "goals.achieved")

VARIANTS: tuple[PrintedVariant, ...] = (
    PrintedVariant(
        id="national",
        form="mof-project",
        title="项目支出绩效自评表（财政部表样）",
        fields=_PROJECT_FIELDS,
        required=_PROJECT_FIELDS,
        # 财预〔2020〕10号 prints no reason column for the funding lines (deviations go per indicator).
        funding=frozenset({"initial", "adjusted", "executed", "weight", "rate", "score"}),
        indicators=frozenset({"level1", "level2", "name", "target", "actual", "weight", "score", "reason"}),
        scored=True,
    ),
    PrintedVariant(
        id="sichuan",
        form="sc-project",
        title="部门预算项目支出绩效自评表（四川一体化表样）",
        fields=(
            *_PROJECT_FIELDS,
            "goals.process",
            "conclusion.summary",
            "conclusion.problems",
            "conclusion.improvements",
        ),
        required=_PROJECT_FIELDS,
        funding=frozenset({"initial", "adjusted", "executed", "rate", "weight", "score", "reason"}),
        indicators=frozenset(
            {"level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "reason"}
        ),
        scored=True,
    ),
    PrintedVariant(
        id="mianyang",
        form="sc-project-2021",
        title="项目绩效目标自评表（绵阳表样）",
        fields=(*_PROJECT_FIELDS, "conclusion.summary"),
        required=_PROJECT_FIELDS,
        funding=frozenset({"adjusted", "executed", "rate"}),
        indicators=frozenset({"level1", "level2", "name", "target", "actual", "reason"}),
        reason_target="conclusion.summary",
    ),
    PrintedVariant(
        id="liangshan",
        form="sc-project-2021",
        title="项目支出绩效目标自评表（凉山表样）",
        fields=("project.name", "project.executor", "goals.planned", "goals.achieved"),
        required=("project.name", "project.executor", "goals.planned", "goals.achieved"),
        funding=frozenset({"adjusted", "executed"}),
        indicators=frozenset({"level1", "level2", "name", "target", "actual"}),
        funding_layout="pairs",
    ),
    PrintedVariant(
        id="hubei-printed",
        form="hb-dept",
        title="部门整体绩效自评表（湖北表样）",
        fields=(
            "unit.name",
            "department.fill_date",
            "department.basic_expenditure",
            "department.project_expenditure",
            "goals.planned",
            "conclusion.problems",
            "conclusion.improvements",
        ),
        required=("unit.name", "goals.planned"),
        funding=frozenset({"adjusted", "executed", "rate", "score"}),
        indicators=frozenset({"level1", "level2", "name", "target", "actual", "score"}),
        points_in_level1=True,
    ),
)


def variant(variant_id: str) -> PrintedVariant:
    """The printed variant of that id."""
    for v in VARIANTS:
        if v.id == variant_id:
            return v
    raise KeyError(variant_id)
