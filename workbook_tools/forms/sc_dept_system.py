"""部门整体支出绩效评价指标体系, 凉山 2021 (seed 001, last annex; RULES.md §A6, §B7).

Rows 1–18 are the official table as printed (points in the group labels, 总分 100, 自评质量 left to the
reviewers). Column I computes each rule-based 三级 score from the 计分依据 block below the table, and
column J (提示, on screen only) says when a typed 自评得分 is out of range or differs from its rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbook_tools.core import liangshan as ls
from workbook_tools.core.numbers import excel_round, general_text
from workbook_tools.forms.sheet_spec import Computed, Entry, Getter, SheetForm, blank_if_none, num, numbers
from workbook_tools.forms.spec import Text
from workbook_tools.xlsx.styles import row_height

TITLE = "部门整体支出绩效评价指标体系"
SHEET = "指标体系"
FIRST_ROW = 6  # first scored row
TOTAL_ROW = 5


@dataclass(frozen=True)
class Line:
    """One printed row: labels, points, explanation and 计分标准 (the text the row prints)."""

    level1: str
    level2: str
    name: str
    points: float
    explanation: str
    standard: str
    rule: str = ""  # the §B7 rule computing its score ("" for judgement rows)


_BUDGET = "部门预算管理（60分）"
_RESULTS = "绩效结果应用（10分）"
_QUALITY = "自评质量（10分）"
LINES: tuple[Line, ...] = (
    Line(
        _BUDGET,
        "预算编制（24分）",
        "目标制定",
        8,
        "评价部门绩效目标是否要素完整、细化量化。",
        "1.绩效目标编制要素完整的，得4分，否则酌情扣分。2.绩效指标细化量化的，得4分，否则酌情扣分。"
        "有项目绩效目标的部门（单位），根据项目绩效目标编制质量打分，无项目绩效目标的部门，根据部门整体支出绩效目标打分。",
    ),
    Line(
        _BUDGET,
        "预算编制（24分）",
        "目标实现",
        8,
        "评价部门绩效目标实际实现程度与预期目标的偏离度。",
        "以项目完成数量为核心，评价项目实际完成情况与预期绩效目标偏离度，单个数量指标实际完成未达到预期指标或"
        "超过预期指标30%以上的，均不计分。该项指标得分=达到预期值的数量指标个数/全部数量指标个数"
        "（即评价选取的项目绩效目标包含的所有数量指标）",
        "goal",
    ),
    Line(
        _BUDGET,
        "预算编制（24分）",
        "编制准确",
        8,
        "评价部门年初预算编制是否科学准确。",
        "指标得分=（1-（10×部门全年预算调剂金额/年初部门预算数））*指标分值。其中：若部门全年预算调剂金额/"
        "年初部门预算数>0.1，此项得0分。",
        "accuracy",
    ),
    Line(
        _BUDGET,
        "预算执行（20分）",
        "支出控制",
        6,
        "部门公用经费及非定额公用支出控制情况。",
        "计算部门日常公用经费、项目支出中“办公费、印刷费、水费、电费、物业管理费”等科目年初预算数与决算数偏差程度。"
        "预决算偏差程度在10%以内的，得6分。偏差度在10%-20%之间的，得3分，偏差度超过20%的，不得分。",
        "control",
    ),
    Line(
        _BUDGET,
        "预算执行（20分）",
        "动态调整",
        8,
        "评价部门开展绩效运行监控后，将绩效监控结果应用到预算调整的情况。",
        "1.当部门绩效监控调整取消额和结余注销额均不为零时，指标得分=部门项目支出绩效监控调整取消额÷"
        "(部门绩效监控调整取消额+预算结余注销额）*8。2.当部门绩效监控调整取消额为零，结余注销额不为零时，"
        "指标得分=（1-10*结余注销额/年度预算总额）*8，结余注销额超过部门年度预算总额10%的，指标不得分。"
        "3.当部门绩效监控调整取消额与结余注销额均为零时，得满分。",
        "adjustment",
    ),
    Line(
        _BUDGET,
        "预算执行（20分）",
        "执行进度",
        6,
        "评价部门在6、9、11月的预算执行情况。",
        "部门预算执行进度在6、9、11月应达到序时进度的80%、90%、90%，即实际支出进度分别达到40%、67.5%、82.5%。"
        "6、9、11月部门预算执行进度达到量化指标的各得2分，未达到目标进度的按其实际进度占目标进度的比重计算得分。",
        "progress",
    ),
    Line(
        _BUDGET,
        "完成结果（16分）",
        "预算完成",
        8,
        "评价部门预算项目年终预算执行情况。",
        "部门预算项目12月预算执行进度达到100%的，得8分，未达100%的，按照实际进度量化计算得分。",
        "completion",
    ),
    Line(
        _BUDGET,
        "完成结果（16分）",
        "违规记录",
        8,
        "根据审计监督、财政检查结果反映部门上一年度部门预算管理是否合规。",
        "依据评价年度审计监督、财政检查结果，出现部门预算管理方面违纪违规问题的，每个问题扣0.5分，直至扣完。",
        "violations",
    ),
    Line(
        "专项预算管理（20分）",
        "",
        "专项预算管理",
        20,
        "部门按照专项项目自评工作要求对本部门管理的专项进行自评并打分。",
        "根据本部门项目支出绩效自评结果打分。",
    ),
    Line(
        _RESULTS,
        "信息公开（2分）",
        "自评公开",
        2,
        "评价部门是否按要求将部门整体绩效自评情况和自行组织的评价情况向社会公开。",
        "按要求将相关绩效信息随同决算公开的，得2分，否则不得分。",
    ),
    Line(
        _RESULTS,
        "整改反馈（8分）",
        "结果整改",
        4,
        "评价部门根据绩效管理结果整改问题、完善政策、改进管理的情况。",
        "针对绩效管理过程中（包括绩效目标核查、绩效监控核查和重点绩效评价）提出的问题进行整改，将绩效管理结果与"
        "预算安排进行挂钩的，得4分。否则，酌情扣分。",
    ),
    Line(
        _RESULTS,
        "整改反馈（8分）",
        "应用反馈",
        4,
        "评价部门按要求及时向财政部门反馈结果应用情况。",
        "部门在规定时间内向财政部门反馈应用绩效结果报告的，得满分，否则不得分。",
    ),
    Line(
        _QUALITY,
        _QUALITY,
        "自评准确",
        10,
        "评价部门整体支出自评准确率。",
        "部门整体支出自评得分与评价组抽查得分差异在5%以内的，不扣分；在5%-10%之间的，扣4分，在10%-20%的，扣8分，"
        "在20%以上的，扣10分。（部门在自评时，此项指标无需打分，部门自评满分为90分）",
        "reviewers",
    ),
)
LAST_ROW = FIRST_ROW + len(LINES) - 1  # 18
RULE_NAMES = {line.rule: line.name for line in LINES if line.rule}

# --- the 计分依据 block ---------------------------------------------------------------------------------

FACTS_HEADER_ROW = 28
FACTS: tuple[tuple[str, str, str, str], ...] = (
    # (field, label, kind, note)
    (
        "initial_budget",
        "年初部门预算数（万元）",
        "number",
        "编制准确：调剂比例 = 全年预算调剂金额 ÷ 年初部门预算数",
    ),
    ("adjusted_amount", "全年预算调剂金额（万元）", "number", "编制准确"),
    ("cancelled", "绩效监控调整取消额（万元）", "number", "动态调整"),
    ("written_off", "结余注销额（万元）", "number", "动态调整"),
    ("annual_budget", "年度预算总额（万元）", "number", "动态调整：仅调整取消额为零时使用"),
    ("progress_jun", "6月末预算执行进度", "rate", "执行进度：目标 40%"),
    ("progress_sep", "9月末预算执行进度", "rate", "执行进度：目标 67.5%"),
    ("progress_nov", "11月末预算执行进度", "rate", "执行进度：目标 82.5%"),
    ("progress_dec", "12月末预算执行进度", "rate", "预算完成：达到 100% 得满分"),
    ("violations", "审计监督、财政检查发现的违纪违规问题（个）", "int", "违规记录：每个问题扣 0.5 分"),
)
FACT_ROW = {name: FACTS_HEADER_ROW + 1 + i for i, (name, *_rest) in enumerate(FACTS)}  # 29..38
OFFICE_ITEMS = ("办公费", "印刷费", "水费", "电费", "物业管理费")
OFFICE_HEADER_ROW = 40
OFFICE_ROWS = [OFFICE_HEADER_ROW + 1 + i for i in range(len(OFFICE_ITEMS))]  # 41..45
QUANTITY_HEADER_ROW = 47
QUANTITY_COUNT = 20
QUANTITY_ROWS = [QUANTITY_HEADER_ROW + 1 + i for i in range(QUANTITY_COUNT)]  # 48..67
SUBTOTAL_HEADER_ROW = 20
GROUPS: tuple[tuple[str, float, int, int], ...] = (
    # (一级 label, points, first row, last row)
    (_BUDGET, 60, 6, 13),
    ("专项预算管理（20分）", 20, 14, 14),
    (_RESULTS, 10, 15, 17),
    (_QUALITY, 10, 18, 18),
)
SUBTOTAL_ROWS = [SUBTOTAL_HEADER_ROW + 1 + i for i in range(len(GROUPS))]  # 21..24
SUBTOTAL_ALL_ROW = SUBTOTAL_HEADER_ROW + 1 + len(GROUPS)  # 25
LAST_SHEET_ROW = QUANTITY_ROWS[-1]


def row_of(name: str) -> int:
    """Sheet row of a printed 三级 name."""
    for i, line in enumerate(LINES):
        if line.name == name:
            return FIRST_ROW + i
    raise KeyError(name)


def fact(name: str) -> str:
    """Address of a fact's value cell."""
    return f"D{FACT_ROW[name]}"


# --- rule scores: formula beside value ------------------------------------------------------------------


def _goal() -> Computed:
    r = row_of("目标实现")
    flags = f"H{QUANTITY_ROWS[0]}:H{QUANTITY_ROWS[-1]}"

    def value(get: Getter) -> object:
        counted = [v == 1 for v in numbers(get, [f"H{q}" for q in QUANTITY_ROWS])]
        return blank_if_none(ls.goal_score(counted, num(get, f"D{r}") or 0.0))

    return Computed(f"I{r}", f'IF(COUNT({flags})=0,"",ROUND(D{r}*SUM({flags})/COUNT({flags}),2))', value)


def _quantity_flag(q: int) -> Computed:
    def value(get: Getter) -> object:
        met = ls.quantity_met(get(f"F{q}"), get(f"G{q}"))
        return "" if met is None else (1 if met else 0)

    # No float literal such as 1E-9: spreadsheets save it in their own spelling, which would read as a
    # changed formula. B ÷ A rounded to 9 decimals is what core.liangshan.quantity_met compares.
    formula = (
        f'IF(AND(ISNUMBER(F{q}),G{q}<>""),IF(F{q}<=0,"",IF(ISNUMBER(G{q}),'
        f'IF(AND(G{q}>=F{q},ROUND(G{q}/F{q},{ls.RATIO_DIGITS})<={ls.QUANTITY_CEILING}),1,0),0)),"")'
    )
    return Computed(f"H{q}", formula, value, style="calc_met")


def _accuracy() -> Computed:
    r, init, adj = row_of("编制准确"), fact("initial_budget"), fact("adjusted_amount")
    ratio = f"ROUND(ABS({adj})/{init},{ls.RATIO_DIGITS})"

    def value(get: Getter) -> object:
        a, i, w = num(get, adj), num(get, init), num(get, f"D{r}") or 0.0
        if a is None or i is None:
            return ""
        return blank_if_none(ls.budget_accuracy(a, i, w))

    formula = (
        f'IF(AND(ISNUMBER({init}),ISNUMBER({adj})),IF({init}=0,"",'
        f'IF({ratio}>0.1,0,ROUND(D{r}*(1-10*{ratio}),2))),"")'
    )
    return Computed(f"I{r}", formula, value)


def _deviation(row: int) -> Computed:
    def value(get: Getter) -> object:
        b, f = num(get, f"D{row}"), num(get, f"E{row}")
        return "" if b is None or f is None else blank_if_none(ls.deviation(b, f))

    formula = (
        f"IF(AND(ISNUMBER(D{row}),ISNUMBER(E{row})),IF(D{row}>0,"
        f'ROUND(ABS(E{row}-D{row})/D{row},{ls.RATIO_DIGITS}),""),"")'
    )
    return Computed(f"F{row}", formula, value, style="calc_rate")


def _control() -> Computed:
    r = row_of("支出控制")
    devs = f"F{OFFICE_ROWS[0]}:F{OFFICE_ROWS[-1]}"

    def value(get: Getter) -> object:
        found = numbers(get, [f"F{o}" for o in OFFICE_ROWS])
        return ls.expenditure_control(found, num(get, f"D{r}") or 0.0) if found else ""

    formula = (
        f'IF(COUNT({devs})=0,"",IF(MAX({devs})<=0.1,ROUND(D{r},2),IF(MAX({devs})<=0.2,ROUND(D{r}/2,2),0)))'
    )
    return Computed(f"I{r}", formula, value)


def _adjustment() -> Computed:
    r = row_of("动态调整")
    c, w, t = fact("cancelled"), fact("written_off"), fact("annual_budget")
    share = f"ROUND({w}/{t},{ls.RATIO_DIGITS})"

    def value(get: Getter) -> object:
        cv, wv, tv, pts = num(get, c), num(get, w), num(get, t), num(get, f"D{r}") or 0.0
        if cv is None or wv is None:
            return ""
        if wv > 0 and cv <= 0 and tv is None:
            return ""  # the rule needs 年度预算总额 here, and it is not entered
        return ls.dynamic_adjustment(cv, wv, tv if tv is not None else 0.0, pts)

    formula = (
        f"IF(AND(ISNUMBER({c}),ISNUMBER({w})),IF({w}<=0,ROUND(D{r},2),IF({c}>0,"
        f'ROUND(D{r}*{c}/({c}+{w}),2),IF(NOT(ISNUMBER({t})),"",IF({t}<=0,0,'
        f'IF({share}>0.1,0,ROUND(D{r}*(1-10*{share}),2)))))),"")'
    )
    return Computed(f"I{r}", formula, value)


def _progress() -> Computed:
    r = row_of("执行进度")
    cells = [fact("progress_jun"), fact("progress_sep"), fact("progress_nov")]

    def value(get: Getter) -> object:
        actuals = [num(get, x) for x in cells]
        if any(a is None for a in actuals):
            return ""
        return ls.execution_progress(actuals, num(get, f"D{r}") or 0.0)

    parts = "+".join(
        f"IF({x}>={t},D{r}/3,D{r}/3*MAX({x},0)/{t})" for x, t in zip(cells, ls.PROGRESS_TARGETS, strict=True)
    )
    checks = ",".join(f"ISNUMBER({x})" for x in cells)
    return Computed(f"I{r}", f'IF(AND({checks}),ROUND({parts},2),"")', value)


def _completion() -> Computed:
    r, dec = row_of("预算完成"), fact("progress_dec")

    def value(get: Getter) -> object:
        x = num(get, dec)
        return "" if x is None else ls.budget_completion(x, num(get, f"D{r}") or 0.0)

    return Computed(f"I{r}", f'IF(ISNUMBER({dec}),ROUND(D{r}*MIN(MAX({dec},0),1),2),"")', value)


def _violations() -> Computed:
    r, n = row_of("违规记录"), fact("violations")

    def value(get: Getter) -> object:
        x = num(get, n)
        return "" if x is None else ls.violation_record(x, num(get, f"D{r}") or 0.0)

    return Computed(f"I{r}", f'IF(ISNUMBER({n}),ROUND(MAX(D{r}-0.5*{n},0),2),"")', value)


_RULES = {
    "goal": _goal,
    "accuracy": _accuracy,
    "control": _control,
    "adjustment": _adjustment,
    "progress": _progress,
    "completion": _completion,
    "violations": _violations,
}


# --- 提示 column, totals, subtotals --------------------------------------------------------------------

REVIEWERS_ONLY = "自评时此项无需打分（由评价组评分）"


def range_text(points: object) -> str:
    """The out-of-range message (the formula's "自评得分应在 0 至 "&D6&" 分之间")."""
    return f"自评得分应在 0 至 {general_text(points)} 分之间"


def rule_text(rule_score: float) -> str:
    """The rule-mismatch message (TEXT(I7,"0.00"))."""
    return f"按计分标准应得 {rule_score:.2f} 分"


def _warning(line: Line, row: int) -> Computed:
    g, d, i = f"G{row}", f"D{row}", f"I{row}"
    if line.rule == "reviewers":
        return Computed(
            f"J{row}",
            f'IF({g}<>"","{REVIEWERS_ONLY}","")',
            lambda get: REVIEWERS_ONLY if get(g) not in (None, "") else "",
            style="warn",
        )

    def value(get: Getter) -> object:
        score, points, rule = num(get, g), num(get, d), num(get, i) if line.rule else None
        if score is None or points is None:
            return ""
        if score < 0 or score > points:
            return range_text(points)
        if rule is not None and abs(score - rule) > 0.005:
            return rule_text(rule)
        return ""

    mismatch = (
        # Nested, not AND(): AND evaluates ABS(G−"") too, which is #VALUE! when the rule gives no score.
        f'IF(ISNUMBER({i}),IF(ABS({g}-{i})>0.005,"按计分标准应得 "&TEXT({i},"0.00")&" 分",""),"")'
        if line.rule
        else '""'
    )
    formula = (
        f"IF(AND(ISNUMBER({g}),ISNUMBER({d})),IF(OR({g}<0,{g}>{d}),"
        f'"自评得分应在 0 至 "&{d}&" 分之间",{mismatch}),"")'
    )
    # Both messages are 错误 in the validator (DEPT_SCORE_OUT_OF_RANGE, DEPT_RULE_SCORE_MISMATCH).
    return Computed(f"J{row}", formula, value, style="warn", severity="error")


def _sum(cells: list[str], rng: str, cell: str, path: str = "", blank_when_empty: bool = True) -> Computed:
    def value(get: Getter) -> object:
        found = numbers(get, cells)
        if not found and blank_when_empty:
            return ""
        return excel_round(sum(found), 10)

    inner = f"ROUND(SUM({rng}),10)"
    formula = f'IF(COUNT({rng})=0,"",{inner})' if blank_when_empty else inner
    # Points print as printed (100, 60); scores with two decimals.
    return Computed(cell, formula, value, style="calc_score" if blank_when_empty else "calc_plain", path=path)


def _totals() -> tuple[Computed, ...]:
    rows = list(range(FIRST_ROW, LAST_ROW + 1))
    out = [
        _sum([f"D{r}" for r in rows], f"D{FIRST_ROW}:D{LAST_ROW}", f"D{TOTAL_ROW}", blank_when_empty=False),
        _sum([f"G{r}" for r in rows], f"G{FIRST_ROW}:G{LAST_ROW}", f"G{TOTAL_ROW}", path="system.total"),
    ]
    for (_label, _pts, first, last), sr in zip(GROUPS, SUBTOTAL_ROWS, strict=True):
        rs = list(range(first, last + 1))
        out.append(_sum([f"D{r}" for r in rs], f"D{first}:D{last}", f"E{sr}", blank_when_empty=False))
        out.append(_sum([f"G{r}" for r in rs], f"G{first}:G{last}", f"F{sr}"))
    a, b = SUBTOTAL_ROWS[0], SUBTOTAL_ROWS[-1]
    out.append(
        _sum([f"E{r}" for r in SUBTOTAL_ROWS], f"E{a}:E{b}", f"E{SUBTOTAL_ALL_ROW}", blank_when_empty=False)
    )
    out.append(_sum([f"F{r}" for r in SUBTOTAL_ROWS], f"F{a}:F{b}", f"F{SUBTOTAL_ALL_ROW}"))
    return tuple(out)


def _computed() -> tuple[Computed, ...]:
    # Declaration order is evaluation order: deviations and 是否实现 flags before the scores using them.
    out: list[Computed] = [_deviation(o) for o in OFFICE_ROWS]
    out += [_quantity_flag(q) for q in QUANTITY_ROWS]
    out += [_RULES[line.rule]() for line in LINES if line.rule in _RULES]
    out += [_warning(line, FIRST_ROW + i) for i, line in enumerate(LINES)]
    out += _totals()
    return tuple(out)


# --- entries and texts ----------------------------------------------------------------------------------


def _merged_spans(level: str) -> list[tuple[str, int, int]]:
    """(label, first row, last row) of consecutive equal labels in one level column."""
    spans: list[tuple[str, int, int]] = []
    for i, line in enumerate(LINES):
        label, row = getattr(line, level), FIRST_ROW + i
        if spans and spans[-1][0] == label and label:
            spans[-1] = (label, spans[-1][1], row)
        else:
            spans.append((label, row, row))
    return spans


def _span_of(level: str, row: int) -> str:
    col = "A" if level == "level1" else "B"
    for _label, first, last in _merged_spans(level):
        if first <= row <= last:
            return f"{col}{first}:{col}{last}" if last > first else f"{col}{first}"
    raise KeyError(row)


def _row_entries() -> list[Entry]:
    out: list[Entry] = []
    for i, line in enumerate(LINES):
        r, p = FIRST_ROW + i, f"system.rows[{i}]"
        out.append(Entry(_span_of("level1", r), f"{p}.level1", fixed=line.level1))
        if line.level2:
            out.append(Entry(_span_of("level2", r), f"{p}.level2", fixed=line.level2))
        name_range = f"B{r}:C{r}" if not line.level2 else f"C{r}"
        out.append(Entry(name_range, f"{p}.name", fixed=line.name))
        out.append(Entry(f"D{r}", f"{p}.points", "number", "指标分值", fixed=line.points))
        out.append(Entry(f"G{r}", f"{p}.score", "score", f"{line.name}自评得分", limit=f"$D${r}"))
        out.append(Entry(f"H{r}", f"{p}.note", "text", f"{line.name}备注"))
    return out


def _fact_entries() -> list[Entry]:
    return [Entry(fact(name), f"system.facts.{name}", kind, label) for name, label, kind, _n in FACTS]


def _office_entries() -> list[Entry]:
    out: list[Entry] = []
    for i, (name, row) in enumerate(zip(OFFICE_ITEMS, OFFICE_ROWS, strict=True)):
        p = f"system.office[{i}]"
        out += [
            Entry(f"A{row}:C{row}", f"{p}.name", fixed=name),
            Entry(f"D{row}", f"{p}.budget", "number", f"{name}年初预算数"),
            Entry(f"E{row}", f"{p}.final", "number", f"{name}决算数"),
        ]
    return out


def _quantity_entries() -> list[Entry]:
    out: list[Entry] = []
    for i, row in enumerate(QUANTITY_ROWS):
        p = f"system.quantities[{i}]"
        out += [
            Entry(f"A{row}:B{row}", f"{p}.project", "text", "项目名称"),
            Entry(f"C{row}:E{row}", f"{p}.name", "text", "数量指标"),
            Entry(f"F{row}", f"{p}.target", "value", "年初目标值（A）"),
            Entry(f"G{row}", f"{p}.actual", "value", "实际完成值（B）"),
        ]
    return out


def _texts() -> tuple[Text, ...]:
    out = [
        Text("A1:H1", TITLE, "title"),
        Text("A2:B2", "单位名称", "label"),
        Text("G2", "年度", "label"),
        Text("A3:C3", "绩效指标", "header"),
        Text("D3:D4", "指标分值", "header"),
        Text("E3:E4", "指标解释", "header"),
        Text("F3:F4", "计分标准", "header"),
        Text("G3:G4", "自评得分", "header"),
        Text("H3:H4", "备注", "header"),
        Text("I3:I4", "按计分标准得分", "header"),
        Text("J3:J4", "提示", "header"),
        Text("A4", "一级指标", "header"),
        Text("B4", "二级指标", "header"),
        Text("C4", "三级指标", "header"),
        Text(f"A{TOTAL_ROW}:C{TOTAL_ROW}", "总分", "label"),
        Text(f"E{TOTAL_ROW}:F{TOTAL_ROW}", "自评满分 90 分（自评质量 10 分由评价组评分）", "label"),
    ]
    for i, line in enumerate(LINES):
        r = FIRST_ROW + i
        out += [Text(f"E{r}", line.explanation, "note"), Text(f"F{r}", line.standard, "note")]
    out += [
        Text(f"A{SUBTOTAL_HEADER_ROW}:C{SUBTOTAL_HEADER_ROW}", "一级指标（自动小计）", "header"),
        Text(f"D{SUBTOTAL_HEADER_ROW}", "规定分值", "header"),
        Text(f"E{SUBTOTAL_HEADER_ROW}", "指标分值合计", "header"),
        Text(f"F{SUBTOTAL_HEADER_ROW}", "自评得分小计", "header"),
        Text(f"A{SUBTOTAL_ALL_ROW}:C{SUBTOTAL_ALL_ROW}", "合计", "label"),
        Text(f"D{SUBTOTAL_ALL_ROW}", "100", "label"),
    ]
    for (label, pts, _f, _l), sr in zip(GROUPS, SUBTOTAL_ROWS, strict=True):
        out += [Text(f"A{sr}:C{sr}", label, "label"), Text(f"D{sr}", general_text(pts), "label")]
    out += [
        Text(
            f"A{FACTS_HEADER_ROW}:H{FACTS_HEADER_ROW}",
            "计分依据（由部门填写，第 I 列按计分标准自动计算得分）",
            "header",
        ),
    ]
    for name, label, _kind, note in FACTS:
        r = FACT_ROW[name]
        out += [Text(f"A{r}:C{r}", label, "label"), Text(f"E{r}:H{r}", note, "note")]
    h = OFFICE_HEADER_ROW
    out += [
        Text(f"A{h}:C{h}", "支出控制：科目", "header"),
        Text(f"D{h}", "年初预算数", "header"),
        Text(f"E{h}", "决算数", "header"),
        Text(f"F{h}", "偏差程度", "header"),
    ]
    q = QUANTITY_HEADER_ROW
    out += [
        Text(f"A{q}:B{q}", "目标实现：项目名称", "header"),
        Text(f"C{q}:E{q}", "数量指标", "header"),
        Text(f"F{q}", "年初目标值（A）", "header"),
        Text(f"G{q}", "实际完成值（B）", "header"),
        Text(f"H{q}", "是否实现", "header"),
    ]
    return tuple(out)


WIDTHS = {"A": 12, "B": 12, "C": 10, "D": 8, "E": 22, "F": 46, "G": 9, "H": 10, "I": 10, "J": 30}


def _height(line: Line) -> float:
    """A row tall enough for its wrapped 指标解释 and 计分标准 (the long texts of the printed table)."""
    return row_height(
        [(line.explanation, WIDTHS["E"]), (line.standard, WIDTHS["F"])], minimum=30.0, line=13.0
    )


SPEC = SheetForm(
    id="sc-dept-system",
    title=TITLE,
    sheet=SHEET,
    section="system",
    default_profile="liangshan-2021",
    widths=WIDTHS,
    texts=_texts(),
    entries=(
        Entry("C2:F2", "unit.name", "text", "单位名称"),
        Entry("H2", "year", "int", "年度", prompt="请填写四位年份，如 2021"),
        *_row_entries(),
        *_fact_entries(),
        *_office_entries(),
        *_quantity_entries(),
    ),
    computed=_computed(),
    print_area=f"A1:H{LAST_ROW}",
    heights={1: 36, **{FIRST_ROW + i: _height(line) for i, line in enumerate(LINES)}},
    landscape=True,
    repeat_rows="3:4",
    scored=True,
    required=(
        "unit.name",
        *(f"system.rows[{i}].score" for i, line in enumerate(LINES) if line.rule != "reviewers"),
    ),
    status_col="J",  # the 提示 column: not printed
    check_cell=f"J{FIRST_ROW}",
    notes=(
        "本表为凉山州部门整体支出绩效评价指标体系：第 1–18 行为官方表样，自评得分由部门填写。",
        "目标实现、编制准确、支出控制、动态调整、执行进度、预算完成、违规记录按计分标准由下方“计分依据”自动计算"
        "（第 I 列）；自评得分与之不一致时第 J 列提示。",
        "执行进度请按百分比填写（如 40%）；目标实现请逐行填写抽查项目的数量指标，未完成写文字的按未实现计。",
        "自评质量（10 分）由评价组评分，部门自评满分为 90 分。",
    ),
)
