"""市级部门整体支出绩效评价基本情况表, 丽水 2021 (seed 003; RULES.md §A5). Descriptive, no scores.

收入合计, 支出合计 and 基本支出 are native sums of their parts; everything else is typed. The 服务 / 效益
tables have a fixed number of lines (blank lines are ignored).
"""

from __future__ import annotations

from workbook_tools.core.numbers import excel_round
from workbook_tools.forms.sheet_spec import Computed, Entry, Getter, SheetForm, numbers
from workbook_tools.forms.spec import Text

TITLE = "市级部门整体支出绩效评价基本情况表"
SHEET = "基本情况表"

INCOME_PARTS = (
    ("income_carry_over", "上年结转结余", "B"),
    ("income_fiscal", "财政拨款收入", "C"),
    ("income_superior", "上级补助收入", "D"),
    ("income_business", "事业收入", "E"),
    ("income_other", "经营收入及其他收入", "F"),
)
INCOME_ROW = 9
SPENDING_ROW = 14
SPENDING_INPUTS = (
    ("spending_personnel", "人员支出", "C"),
    ("spending_public", "日常公用支出", "D"),
    ("spending_project", "项目支出", "E"),
    ("spending_other", "经营支出及其他支出", "F"),
)
LINES = 8  # lines of each 服务 / 效益 table
SERVICE_HEADER_ROW = 18
SERVICE_ROWS = [SERVICE_HEADER_ROW + 1 + i for i in range(LINES)]  # 19..26
BENEFIT_HEADER_ROW = SERVICE_ROWS[-1] + 1  # 27
BENEFIT_ROWS = [BENEFIT_HEADER_ROW + 1 + i for i in range(LINES)]  # 28..35
SATISFACTION_ROW = BENEFIT_ROWS[-1] + 1  # 36


def _sum(cell: str, cells: list[str], path: str) -> Computed:
    def value(get: Getter) -> object:
        found = numbers(get, cells)
        return excel_round(sum(found), 10) if found else ""

    refs = ",".join(cells)
    return Computed(cell, f'IF(COUNT({refs})=0,"",ROUND(SUM({refs}),10))', value, "calc_amount", path)


def _computed() -> tuple[Computed, ...]:
    r, s = INCOME_ROW, SPENDING_ROW
    return (
        _sum(f"A{r}", [f"{col}{r}" for _p, _l, col in INCOME_PARTS], "basic.income_total"),
        # 基本支出 first: 支出合计 adds it to 项目支出 and 经营支出及其他支出.
        _sum(f"B{s}", [f"C{s}", f"D{s}"], "basic.spending_basic"),
        _sum(f"A{s}", [f"B{s}", f"E{s}", f"F{s}"], "basic.spending_total"),
    )


def _plan_entries(kind: str, rows: list[int]) -> list[Entry]:
    out: list[Entry] = []
    for i, row in enumerate(rows):
        p = f"basic.{kind}[{i}]"
        out += [
            Entry(f"B{row}", f"{p}.name", "text", "名称"),
            Entry(f"C{row}:D{row}", f"{p}.plan", "text", "计划"),
            Entry(f"E{row}:F{row}", f"{p}.actual", "text", "实际"),
        ]
    return out


def _entries() -> tuple[Entry, ...]:
    r, s = INCOME_ROW, SPENDING_ROW
    return (
        Entry("B2", "year", "int", "年度", prompt="请填写四位年份，如 2021"),
        Entry("D2:F2", "unit.name", "text", "填报单位"),
        Entry("B3:C3", "basic.contact", "text", "评价联系人"),
        Entry("E3:F3", "basic.phone", "text", "联系电话及手机"),
        Entry("B4:C4", "basic.staff_quota", "int", "人员编制数"),
        Entry("E4:F4", "basic.staff_actual", "int", "实有人数"),
        Entry("B5:F5", "basic.functions", "text", "单位职能"),
        *(Entry(f"{col}{r}", f"basic.{path}", "number", label) for path, label, col in INCOME_PARTS),
        *(Entry(f"{col}{s}", f"basic.{path}", "number", label) for path, label, col in SPENDING_INPUTS),
        Entry("B16:F16", "basic.goal_description", "text", "整体绩效目标总体描述"),
        Entry("B17:F17", "basic.basis", "text", "目标设置和年度财政收支的主要依据及说明"),
        *_plan_entries("services", SERVICE_ROWS),
        *_plan_entries("benefits", BENEFIT_ROWS),
        Entry(f"B{SATISFACTION_ROW}:F{SATISFACTION_ROW}", "basic.satisfaction", "text", "满意度"),
    )


def _texts() -> tuple[Text, ...]:
    sh, bh, sat = SERVICE_HEADER_ROW, BENEFIT_HEADER_ROW, SATISFACTION_ROW
    return (
        Text("A1:F1", TITLE, "title"),
        Text("A2", "年度", "label"),
        Text("C2", "填报单位（盖章）", "label"),
        Text("A3", "评价联系人", "label"),
        Text("D3", "联系电话及手机", "label"),
        Text("A4", "人员编制数", "label"),
        Text("D4", "实有人数", "label"),
        Text("A5", "单位职能", "label"),
        Text("A6:F6", "单位年度实际收入（万元）", "header"),
        Text("A7:A8", "收入合计", "header"),
        Text("B7:F7", "其中：", "header"),
        *(Text(f"{col}8", label, "header") for _p, label, col in INCOME_PARTS),
        Text("A10:F10", "单位年度实际支出（万元）", "header"),
        Text("A11:A13", "支出合计", "header"),
        Text("B11:F11", "其中：", "header"),
        Text("B12:B13", "基本支出", "header"),
        Text("C12:D12", "其中：", "header"),
        Text("C13", "人员支出", "header"),
        Text("D13", "日常公用支出", "header"),
        Text("E12:E13", "项目支出", "header"),
        Text("F12:F13", "经营支出及其他支出", "header"),
        Text("A15:F15", "年度绩效状况", "header"),
        Text("A16", "单位年度财政支出整体绩效目标总体描述", "label"),
        Text("A17", "目标设置和年度财政收支的主要依据及说明", "label"),
        Text(f"A{sh}:A{SERVICE_ROWS[-1]}", "本年度提供的公共产品或服务", "label"),
        Text(f"B{sh}", "服务名称", "header"),
        Text(f"C{sh}:D{sh}", "计划", "header"),
        Text(f"E{sh}:F{sh}", "实际", "header"),
        Text(f"A{bh}:A{BENEFIT_ROWS[-1]}", "本年度取得的实际效益", "label"),
        Text(f"B{bh}", "效益名称", "header"),
        Text(f"C{bh}:D{bh}", "计划", "header"),
        Text(f"E{bh}:F{bh}", "实际", "header"),
        Text(f"A{sat}", "服务对象（受益者及相关群体）满意度", "label"),
    )


SPEC = SheetForm(
    id="zj-dept-basic",
    title=TITLE,
    sheet=SHEET,
    section="basic",
    default_profile="zhejiang-2021",
    widths={"A": 22, "B": 16, "C": 16, "D": 16, "E": 16, "F": 18},
    texts=_texts(),
    entries=_entries(),
    computed=_computed(),
    print_area=f"A1:F{SATISFACTION_ROW}",
    required=("unit.name", "basic.contact", "basic.functions", "basic.goal_description"),
    status_col="G",  # right of the printed A:F
    check_cell=next(c.cell for c in _computed() if c.path == "basic.income_total"),  # the first native sum
    heights={1: 36, 5: 90, 16: 90, 17: 90, **{r: 60 for r in SERVICE_ROWS + BENEFIT_ROWS}},
    notes=(
        "收入合计 = 上年结转结余 + 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入及其他收入（自动计算）。",
        "支出合计 = 基本支出 + 项目支出 + 经营支出及其他支出；基本支出 = 人员支出 + 日常公用支出（自动计算）。",
        "服务、效益表逐行填写名称、计划与实际；计划中的数量请在实际中写明完成数，单位一致（如“人次”对“人次”）。",
    ),
)
