"""Native formulas of every computed cell, as written into the templates.

Profile settings are referenced through defined names (WT_*), so one formula set serves every profile.
Only functions that Excel 2010, WPS and LibreOffice share; nothing volatile.

Every computed cell is declared once as a `Computed`: the Excel formula beside the same value in
Python, which the twin (forms.twin) evaluates; every address comes from the form's plan (forms.plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbook_tools.core.numbers import excel_round, general_text, sheet_less
from workbook_tools.core.profile import Profile
from workbook_tools.core.scoring import (
    Comparison,
    deviation_penalty,
    execution_score,
    score_eq,
    score_ge,
    score_le,
    score_qualitative,
)
from workbook_tools.core.value import Direction
from workbook_tools.forms import lists
from workbook_tools.forms.plan import INDICATOR_INPUTS, TOLERANCE, FormPlan, plan_of
from workbook_tools.forms.spec import FormSpec
from workbook_tools.memo import by_identity
from workbook_tools.validate.codes import CODES

Getter = Callable[[str], object]

SLOT = "{}"  # where a message's formula inserts a computed value (a percentage, a weight)


@dataclass(frozen=True)
class Msg:
    """One warning of the 提示 column: its text and the validator code whose class it takes.

    The class (错误 / 需说明 / 提示) is the code's severity, so the sheet and the validator class a
    problem alike; the sheet shows it as a tag in front of the text: “【需说明】预算有调整，请说明原因。”.
    The formulas write `formula()`, the twin computes `shown()`: one declaration, the same text.
    """

    text: str
    code: str

    @property
    def label(self) -> str:
        """错误 / 需说明 / 提示."""
        return CODES[self.code].severity.label

    @property
    def tag(self) -> str:
        """“【错误】”: what the cell text starts with, and what the 提示 column's fills search for."""
        return tag(self.label)

    def shown(self, *values: str) -> str:
        """The text the cell shows, with `values` in the slots (the twin's side)."""
        pieces = (self.tag + self.text).split(SLOT)
        return pieces[0] + "".join(v + p for v, p in zip(values, pieces[1:], strict=True))

    def formula(self, *exprs: str) -> str:
        """A formula expression giving `shown()`, with the expressions `exprs` in the slots."""
        pieces = (self.tag + self.text).split(SLOT)
        out = [quote(pieces[0])]
        for expr, piece in zip(exprs, pieces[1:], strict=True):
            out += [expr, quote(piece)] if piece else [expr]
        return "&".join(out)


def tag(label: str) -> str:
    """The class tag a 提示 cell message starts with."""
    return f"【{label}】"


# Warning texts, each with its class; the twin shows exactly these strings. Messages asking for a
# reason contain “原因”, which is what the conditional format keys on to colour the reason cell.
MSG_REQUIRED = Msg("有必填项未填写。", "INDICATOR_FIELD_MISSING")
MSG_WEIGHT = Msg("权重应为大于0的数字。", "WEIGHT_NOT_POSITIVE")
MSG_NATURE = Msg("请从下拉列表选择指标性质。", "INDICATOR_FIELD_MISSING")
MSG_TARGET = Msg("定量指标的指标值应为数字。", "INDICATOR_FIELD_MISSING")
MSG_UNIT_NEEDED = Msg("定量指标请选择度量单位。", "UNIT_MISSING")
MSG_ACTUAL_NUMBER = Msg("完成值应为数字。", "ACTUAL_NOT_NUMERIC")
MSG_TIER = Msg("完成值请选择达成等级。", "TIER_MISSING")
MSG_OVER_WEIGHT = Msg("定性评分超过权重，按权重计。", "SCORE_EXCEEDS_WEIGHT")
MSG_BAND = Msg("定性评分不在所选等级的分值区间内。", "QUAL_SCORE_OUT_OF_BAND")
MSG_UNDER = Msg("未完成目标，请填写偏差原因。", "UNDERACHIEVED_REASON_MISSING")
MSG_DEVIATION = Msg(f"偏差超过{SLOT}，请说明原因。", "OVERACHIEVED_REASON_MISSING")
MSG_LOW_SCORE = Msg("得分低于权重，请填写原因。", "UNDERACHIEVED_REASON_MISSING")
MSG_RATE_HIGH = Msg("执行率超过100%，请核实。", "EXEC_RATE_OVER_100")
MSG_ZERO_BUDGET = Msg("预算数为0或未填，但有执行数。", "ZERO_BUDGET_EXECUTED")
MSG_ADJUSTED = Msg("预算有调整，请说明原因。", "ADJUSTMENT_REASON_MISSING")
MSG_GROUP = Msg("该组权重合计与规定分值不符。", "GROUP_WEIGHT_MISMATCH")
MSG_INDICATOR_TOTAL = Msg(f"绩效指标权重合计应为{SLOT}分。", "WEIGHT_TOTAL_MISMATCH")
MSG_WEIGHT_TOTAL = Msg(f"权重合计（含预算执行）应为{SLOT}分。", "WEIGHT_TOTAL_MISMATCH")
MSG_UNIT = Msg("完成值缺少指标值的计量单位。", "UNIT_MISMATCH")
MSG_SPLIT = Msg("基本支出与项目支出之和不等于执行数。", "DEPT_SPLIT_MISMATCH")


def msg_funding_missing(spec: FormSpec) -> Msg:
    """Warning on an empty total row."""
    if plan_of(spec).total_is_formula:
        return Msg("请在“其中”各行填写资金。", "FUNDING_TOTAL_MISSING")
    return Msg("请填写预算数和执行数。", "REQUIRED_FIELD_MISSING")


def msg_field(label: str, kind: str) -> tuple[Msg, Msg]:
    """(empty, not-a-number) warnings of a header field."""
    return Msg(f"请填写{label}。", "REQUIRED_FIELD_MISSING"), Msg(f"{label}应为数字。", "AMOUNT_NOT_NUMBER")


def quote(text: str) -> str:
    """A string literal in a formula."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class Computed:
    """One computed cell declared once: its Excel formula (with the leading "=") beside its value in
    Python over the cells before it and the profile (what the defined names WT_* hold)."""

    cell: str
    formula: str
    value: Callable[[Getter, Profile], object]


def isnum(v: object) -> bool:
    """ISNUMBER()."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def blank(v: object) -> bool:
    """A cell that `A1=""` sees as empty."""
    return v is None or v == ""


def pct_text(x: float) -> str:
    """TEXT(x,"0%")."""
    return f"{excel_round(x * 100, 0):.0f}%"


def differs(expr: str) -> str:
    """ABS(expr)>tolerance: two amounts or weights that do not agree to the cent."""
    return f"ABS({expr})>{TOLERANCE}"


def group_weight(profile: Profile, label: str) -> float | str:
    """The stated weight of a 一级 group (WT_GROUP_*), or "" when the profile states none."""
    return profile.group_weights.get(label, "")


def indicator_total(profile: Profile) -> float:
    """Stated points of all indicators together (WT_INDICATOR_TOTAL): total minus the execution weight
    unless stated."""
    return profile.group_weights.get("绩效指标", profile.total - profile.execution_weight)


def formula_cells(spec: FormSpec, profile=None) -> dict[str, str]:
    """Every formula cell of the main sheet → its formula (with the leading '=')."""
    del profile  # formulas reach profile settings through defined names
    return dict(_built(spec))  # a copy: callers may edit theirs


@by_identity  # validating a batch asks for the same ~300 formulas for every file
def _built(spec: FormSpec) -> dict[str, str]:
    out = {c.cell: c.formula for c in (subtitle_cell(spec), *field_warning_cells(spec), *funding_cells(spec))}
    for line in indicator_cells(spec):
        out.update({c.cell: c.formula for c in line})
    out.update({c.cell: c.formula for c in summary_cells(spec)})
    return out


@by_identity
def subtitle_cell(spec: FormSpec) -> Computed:
    """The subtitle showing “（2021年度）” from the year field."""
    year = plan_of(spec).field_cells["year"]

    def value(get: Getter, profile: Profile) -> object:
        y = get(year)
        return f"（{general_text(y)}年度）" if isnum(y) else "（    年度）"

    return Computed(
        plan_of(spec).subtitle_cell, f'=IF(ISNUMBER({year}),"（"&{year}&"年度）","（    年度）")', value
    )


@by_identity
def field_warning_cells(spec: FormSpec) -> tuple[Computed, ...]:
    """The 提示 cell of each row of required or numeric header fields."""
    plan = plan_of(spec)
    return tuple(_field_warning(plan, row, fields) for row, fields in plan.field_warning_rows.items())


def _field_warning(plan: FormPlan, row: int, fields: tuple) -> Computed:
    parts = []
    for f in fields:
        empty, nan = msg_field(f.label, f.kind)
        if f.required:
            parts.append(f'IF({f.cell}="",{empty.formula()},"")')
        if f.kind == "number":
            parts.append(f'IF(AND({f.cell}<>"",NOT(ISNUMBER({f.cell}))),{nan.formula()},"")')
    split = None  # 基本支出 + 项目支出 = 执行数, checked on the department form's 基本支出 row
    if plan.spec.id == "hb-dept" and row == plan.spec.field("department.basic_expenditure").row:
        split = basic, proj, exe = _split_cells(plan)
        parts.append(
            f"IF(AND(ISNUMBER({basic}),ISNUMBER({proj}),ISNUMBER({exe})),"
            f'IF({differs(f"{basic}+{proj}-{exe}")},{MSG_SPLIT.formula()},""),"")'
        )

    def value(get: Getter, profile: Profile) -> object:
        text = ""
        for f in fields:
            empty, nan = msg_field(f.label, f.kind)
            v = get(f.cell)
            if f.required and blank(v):
                text += empty.shown()
            if f.kind == "number" and not blank(v) and not isnum(v):
                text += nan.shown()
        if split is not None:
            basic, proj, exe = (get(c) for c in split)
            if isnum(basic) and isnum(proj) and isnum(exe) and abs(basic + proj - exe) > TOLERANCE:
                text += MSG_SPLIT.shown()
        return text

    return Computed(plan.warn_cell(row), "=" + "&".join(parts), value)


def _split_cells(plan: FormPlan) -> tuple[str, str, str]:
    """基本支出, 项目支出 and the total 执行数 of the department form (their sum is checked)."""
    cells = plan.field_cells
    return (
        cells["department.basic_expenditure"],
        cells["department.project_expenditure"],
        plan.funding("executed", 0),
    )


@by_identity
def funding_cells(spec: FormSpec) -> tuple[Computed, ...]:
    """The funding block: summed total amounts, then per line 执行率 and 提示, then the execution score.

    In that order the twin evaluates them: each reads only cells declared before it.
    """
    plan, fb = plan_of(spec), spec.funding
    out: list[Computed] = []
    if plan.total_is_formula:
        for role in fb.inputs:
            out.append(_funding_total(plan, role))
    for i in range(len(fb.labels)):
        out.append(_rate(plan, i))
        out.append(_funding_warning(plan, i))
    if "score" in fb.columns:
        weight = plan.funding("weight", 0)
        out.append(Computed(weight, "=WT_EXEC_WEIGHT", lambda get, profile: profile.execution_weight))
        rate = plan.rate_cell

        def score(get: Getter, profile: Profile) -> object:
            r = get(rate)
            if not isnum(r):
                return 0.0
            return float(execution_score(r, profile.execution_weight, profile.execution_rate_cap))

        out.append(
            Computed(
                plan.funding("score", 0),
                f"=IF(ISNUMBER({rate}),ROUND(WT_EXEC_WEIGHT*MIN(MAX({rate},0),WT_EXEC_CAP),2),0)",
                score,
            )
        )
    return tuple(out)


def _funding_total(plan: FormPlan, role: str) -> Computed:
    cells = [line[role] for line in plan.funding_lines[1:]]
    span = f"{cells[0]}:{cells[-1]}"

    def value(get: Getter, profile: Profile) -> object:
        numbers = [v for v in map(get, cells) if isnum(v)]
        return excel_round(sum(numbers), 6) if numbers else ""

    return Computed(plan.funding(role, 0), f'=IF(COUNT({span})=0,"",ROUND(SUM({span}),6))', value)


def _rate(plan: FormPlan, i: int) -> Computed:
    adj, exe = plan.funding("adjusted", i), plan.funding("executed", i)

    def value(get: Getter, profile: Profile) -> object:
        a, e = get(adj), get(exe)
        if blank(a) and blank(e):
            return ""
        if isnum(a) and isnum(e):
            return "/" if a == 0 else e / a
        return "/"

    formula = (
        f'=IF(AND({adj}="",{exe}=""),"",'
        f'IF(AND(ISNUMBER({adj}),ISNUMBER({exe})),IF({adj}=0,"/",{exe}/{adj}),"/"))'
    )
    return Computed(plan.funding("rate", i), formula, value)


def funding_reason_cell(spec: FormSpec, i: int) -> str:
    """The cell whose text answers a funding row's warnings."""
    return plan_of(spec).funding_reason_cells[i]


def msg_rate_low(spec: FormSpec) -> Msg:
    """The low-rate warning, with a slot for the threshold percentage."""
    where = "请填写原因。" if "reason" in spec.funding.columns else "请在“说明”栏填写原因。"
    return Msg(f"执行率低于{SLOT}，{where}", "EXEC_REASON_MISSING")


def _funding_warning(plan: FormPlan, i: int) -> Computed:
    line = plan.funding_lines[i]
    adj, exe, rate, ini = line["adjusted"], line["executed"], line["rate"], line.get("initial")
    reason = plan.funding_reason_cells[i]
    low_msg, missing = msg_rate_low(plan.spec), msg_funding_missing(plan.spec)
    low = low_msg.formula('TEXT(WT_EXEC_THRESHOLD,"0%")')
    parts = [
        f'IF(ISNUMBER({rate}),IF(AND({rate}<WT_EXEC_THRESHOLD,{reason}=""),{low},"")'
        f'&IF({rate}>1,{MSG_RATE_HIGH.formula()},""),'
        f'IF(AND({rate}="/",ISNUMBER({exe})),IF({exe}>0,{MSG_ZERO_BUDGET.formula()},""),""))'
    ]
    if ini is not None:
        parts.append(
            f'IF(AND(ISNUMBER({ini}),ISNUMBER({adj}),{reason}=""),'
            f'IF({ini}<>{adj},{MSG_ADJUSTED.formula()},""),"")'
        )
    if i == 0:
        parts.append(f'IF(OR({adj}="",{exe}=""),{missing.formula()},"")')

    def value(get: Getter, profile: Profile) -> object:
        a, e, r, why = get(adj), get(exe), get(rate), get(reason)
        text = ""
        if isnum(r):
            if sheet_less(r, profile.execution_reason_threshold) and blank(why):
                text += low_msg.shown(pct_text(profile.execution_reason_threshold))
            if sheet_less(1, r):
                text += MSG_RATE_HIGH.shown()
        elif r == "/" and isnum(e) and e > 0:
            text += MSG_ZERO_BUDGET.shown()
        if ini is not None:
            n = get(ini)
            if isnum(n) and isnum(a) and blank(why) and n != a:
                text += MSG_ADJUSTED.shown()
        if i == 0 and (blank(a) or blank(e)):
            text += missing.shown()
        return text

    return Computed(plan.warn_cell(plan.spec.funding.first_row + i), "=" + "&".join(parts), value)


@by_identity
def indicator_cells(spec: FormSpec) -> tuple[tuple[Computed, ...], ...]:
    """Per indicator line, its computed cells in the order they read each other."""
    plan = plan_of(spec)
    line = _structured_line if spec.indicators.structured else _text_line
    return tuple(line(plan, i) for i in range(spec.indicators.count))


def _refs(plan: FormPlan, i: int) -> dict[str, str]:
    """Role → the line's cell with its column anchored, as the formulas write it."""
    return {role: f"${cell}" for role, cell in plan.indicator_lines[i].items()}


def _line_values(line: dict[str, str]) -> Callable[[Getter], dict[str, object]]:
    """Role → value of the line's typed cells (what the Python side of its cells reads)."""
    typed = tuple((role, line[role]) for role in INDICATOR_INPUTS if role in line)
    return lambda get: {role: get(cell) for role, cell in typed}


def _structured_line(plan: FormPlan, i: int) -> tuple[Computed, ...]:
    c = _refs(plan, i)
    a, b, n, d, e, u, g, h = (
        c[k] for k in ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight")
    )
    j, k, m, lo, hi, p, s = (c[x] for x in ("manual", "reason", "code", "low", "high", "numeric", "score"))
    used = f"COUNTA({a}:{n},{e},{g}:{h})=0"
    quant = f'OR({m}="≥",{m}="≤",{m}="=")'
    code = (
        f'=IF({used},"",IF(NOT(ISNUMBER({h})),"-",IF({h}<=0,"-",'
        f'IFERROR(INDEX(L_NATURE_CODE,MATCH({d},L_NATURE_LABEL,0)),"?"))))'
    )
    low = f'=IF({m}="定性",IFERROR(INDEX(L_TIER_LOW,MATCH({g},L_TIER_LABEL,0)),""),"")'
    high = f'=IF({m}="定性",IFERROR(INDEX(L_TIER_HIGH,MATCH({g},L_TIER_LABEL,0)),""),"")'
    numeric = f"=IF(AND({quant},ISNUMBER({e}),ISNUMBER({g})),1,0)"
    qual = f"IF(ISNUMBER({j}),ROUND(MIN(MAX({j},0),{h}),2),IF(ISNUMBER({lo}),ROUND({h}*{lo},2),0))"
    le = (
        f"IF(MAX({g},0)<={e},ROUND({h},2),IF({e}<=0,0,IF(WT_REVERSE_LINEAR=1,"
        f"ROUND({h}*MAX(1-(MAX({g},0)-{e})/{e},0),2),ROUND({h}*{e}/MAX({g},0),2))))"
    )
    ge_eq = f'IF({e}<=0,IF(OR({m}="≥",{g}<=0),ROUND({h},2),0),ROUND({h}*MIN(MAX({g},0)/{e},1),2))'
    # 指标偏离 (profile deviation_penalty, 0 = off): B ÷ A − 1 ≥ t costs WT_DEV_PENALTY points, floor 0;
    # rounded to 12 decimals like scoring.is_indicator_deviation, so 3.9 against 3 is +30 % in every engine.
    penalty = f"IF({e}>0,IF(ROUND({g}/{e}-1-WT_DEV_THRESHOLD,12)>=0,WT_DEV_PENALTY,0),0)"
    ge_eq = f"ROUND(MAX({ge_eq}-{penalty},0),2)"
    score = f'=IF(OR({m}="",{m}="-"),"",IF({m}="定性",{qual},IF({p}=1,IF({m}="≤",{le},{ge_eq}),0)))'
    under = f'OR(AND({m}="≤",{g}>{e}),AND({m}<>"≤",{g}<{e}))'
    over = (
        f'AND({e}>0,OR(AND({m}="≤",{g}<{e}*(1-WT_DEV_THRESHOLD)),AND({m}<>"≤",{g}>{e}*(1+WT_DEV_THRESHOLD))))'
    )
    band = f"OR({j}<{h}*{lo}-{TOLERANCE},IF({hi}<1,{j}>={h}*{hi},FALSE))"
    deviation = MSG_DEVIATION.formula('TEXT(WT_DEV_THRESHOLD,"0%")')
    warn = "&".join(
        [
            f'IF(OR({a}="",{b}="",{n}="",{d}="",{g}=""),{MSG_REQUIRED.formula()},"")',
            f'IF({m}="-",{MSG_WEIGHT.formula()},"")',
            f'IF({m}="?",{MSG_NATURE.formula()},"")',
            f'IF(AND({quant},NOT(ISNUMBER({e}))),{MSG_TARGET.formula()},"")',
            f'IF(AND({quant},{u}=""),{MSG_UNIT_NEEDED.formula()},"")',
            f'IF(AND({quant},{g}<>"",NOT(ISNUMBER({g}))),{MSG_ACTUAL_NUMBER.formula()},"")',
            f'IF(AND({m}="定性",{g}<>"",{lo}=""),{MSG_TIER.formula()},"")',
            f'IF(AND({m}="定性",ISNUMBER({j})),IF({j}>{h},{MSG_OVER_WEIGHT.formula()},'
            f'IF(ISNUMBER({lo}),IF({band},{MSG_BAND.formula()},""),"")),"")',
            f'IF({k}="",IF({p}=1,IF({under},{MSG_UNDER.formula()},IF({over},{deviation},"")),'
            f'IF(AND({m}="定性",ISNUMBER({s})),IF({s}<{h},{MSG_LOW_SCORE.formula()},""),"")),"")',
        ]
    )
    line = plan.indicator_lines[i]
    values = _line_values(line)
    cm, clo, chi, cp, cs = (line[x] for x in ("code", "low", "high", "numeric", "score"))

    def band(get: Getter, profile: Profile) -> tuple[object, object]:
        found = lists.tier_band(get(line["actual"]), profile) if get(cm) == "定性" else None
        return found if found else ("", "")

    def is_numeric(get: Getter, profile: Profile) -> int:
        quantitative = get(cm) in ("≥", "≤", "=")
        return 1 if quantitative and isnum(get(line["target"])) and isnum(get(line["actual"])) else 0

    def warning(get: Getter, profile: Profile) -> str:
        m = get(cm)
        if not m:
            return ""
        return _warning(m, values(get), get(clo), get(chi), get(cp), get(cs), profile)

    return (
        Computed(cm, code, lambda get, profile: _code(values(get))),
        Computed(clo, low, lambda get, profile: band(get, profile)[0]),
        Computed(chi, high, lambda get, profile: band(get, profile)[1]),
        Computed(cp, numeric, is_numeric),
        Computed(cs, score, lambda get, profile: _score(get(cm), values(get), get(clo), get(cp), profile)),
        Computed(plan.warn_cell(plan.spec.indicators.first_row + i), f'=IF({m}="","",{warn})', warning),
    )


def _text_line(plan: FormPlan, i: int) -> tuple[Computed, ...]:
    c = _refs(plan, i)
    a, n, d, e = c["level1"], c["name"], c["target"], c["actual"]
    unit_check = (
        f'IF(OR({d}="",{e}=""),"",IF(SUMPRODUCT((RIGHT(TRIM({d}),LEN(L_UNIT))=L_UNIT)'
        f'*ISERROR(SEARCH(L_UNIT,{e})))>0,{MSG_UNIT.formula()},""))'
    )
    warn = (
        f'=IF(COUNTA({a}:{e})=0,"",IF(OR({n}="无",{d}="无"),"",'
        f'IF(OR({n}="",{d}="",{e}=""),{MSG_REQUIRED.formula()},"")&{unit_check}))'
    )
    values = _line_values(plan.indicator_lines[i])
    return (
        Computed(
            plan.warn_cell(plan.spec.indicators.first_row + i),
            warn,
            lambda get, profile: _text_warning(values(get)),
        ),
    )


# --- the Python side of the indicator lines (moved beside their formulas) --------------------------

USED_ROLES = ("level1", "level2", "name", "target", "actual", "weight")  # COUNTA(A:C,E,G:H) of the code


def _code(v: dict) -> str:
    if all(blank(v[k]) for k in USED_ROLES):
        return ""
    if not isnum(v["weight"]) or v["weight"] <= 0:
        return "-"
    return lists.nature_code(v["nature"]) or "?"


def _score(m: object, v: dict, low: object, numeric: object, profile: Profile) -> object:
    if m in ("", "-"):
        return ""
    w = float(v["weight"])
    if m == "定性":
        manual = float(v["manual"]) if isnum(v["manual"]) else None
        if manual is None and not isnum(low):
            return 0.0
        return score_qualitative(None, manual, w, profile) if manual is not None else excel_round(w * low)
    if numeric != 1:
        return 0.0
    a, b = float(v["target"]), float(v["actual"])
    if m == "≤":
        return score_le(a, b, w, profile.reverse_mode)
    score = score_ge(a, b, w) if m == "≥" else score_eq(a, b, w)
    # 指标偏离: the template takes WT_DEV_PENALTY off a row ≥ (1 + t)·A (0 when the profile has none).
    return excel_round(score - deviation_penalty(Comparison(Direction.GE, a, b), score, profile))


def _warning(m, v, low, high, numeric, score, profile: Profile) -> str:
    text = ""
    if any(blank(v[k]) for k in ("level1", "level2", "name", "nature", "actual")):
        text += MSG_REQUIRED.shown()
    text += MSG_WEIGHT.shown() if m == "-" else ""
    text += MSG_NATURE.shown() if m == "?" else ""
    quant = m in ("≥", "≤", "=")
    if quant and not isnum(v["target"]):
        text += MSG_TARGET.shown()
    if quant and blank(v["unit"]):
        text += MSG_UNIT_NEEDED.shown()
    if quant and not blank(v["actual"]) and not isnum(v["actual"]):
        text += MSG_ACTUAL_NUMBER.shown()
    if m == "定性" and not blank(v["actual"]) and low == "":
        text += MSG_TIER.shown()
    j, h = v["manual"], v["weight"]
    if m == "定性" and isnum(j):
        if j > h:
            text += MSG_OVER_WEIGHT.shown()
        elif isnum(low) and (j < h * low - TOLERANCE or (high < 1 and j >= h * high)):
            text += MSG_BAND.shown()
    if blank(v["reason"]):
        text += _reason_needed(m, v, numeric, score, profile)
    return text


def _reason_needed(m, v, numeric, score, profile: Profile) -> str:
    if numeric == 1:
        e, g, t = v["target"], v["actual"], profile.deviation_threshold
        if (m == "≤" and g > e) or (m != "≤" and g < e):
            return MSG_UNDER.shown()
        if e > 0 and ((m == "≤" and g < e * (1 - t)) or (m != "≤" and g > e * (1 + t))):
            return MSG_DEVIATION.shown(pct_text(t))
        return ""
    if m == "定性" and isnum(score) and score < v["weight"]:
        return MSG_LOW_SCORE.shown()
    return ""


def unit_missing(target: object, actual: object) -> bool:
    """The target ends with a unit of the list that the actual does not contain (SEARCH semantics)."""
    t = str(target).strip(" ") if not isnum(target) else general_text(target)
    a = str(actual) if not isnum(actual) else general_text(actual)
    return any(t.endswith(u) and u.lower() not in a.lower() for u in lists.UNITS)


def _text_warning(v: dict) -> str:
    if all(blank(v[k]) for k in ("level1", "level2", "name", "target", "actual")):
        return ""
    if v["name"] == "无" or v["target"] == "无":
        return ""
    text = MSG_REQUIRED.shown() if any(blank(v[k]) for k in ("name", "target", "actual")) else ""
    if not blank(v["target"]) and not blank(v["actual"]) and unit_missing(v["target"], v["actual"]):
        text += MSG_UNIT.shown()
    return text


@by_identity
def summary_cells(spec: FormSpec) -> tuple[Computed, ...]:
    """Group subtotals, 绩效指标合计 and 总分 with their weight checks (scored forms only).

    A check compares the weights it sums itself, as the twin always has: a sum past the float range
    shows #NUM! in its cell yet still flags the weights as wrong.
    """
    sb, ib, plan = spec.summary, spec.indicators, plan_of(spec)
    if sb is None:
        return ()
    lvl, wt, sc = ib.span("level1"), ib.span("weight"), ib.span("score")
    lines = [(line["level1"], line["weight"], line["score"]) for line in plan.indicator_lines]
    weights, scores = [line[1] for line in lines], [line[2] for line in lines]
    rows = dict(plan.summary_cells)
    out: list[Computed] = []

    def all_weights(get: Getter) -> float:
        return _weights(map(get, weights))

    for g, r in zip(sb.groups, sb.group_rows, strict=True):
        labels = (g.label, *g.aliases)
        st, w, s = (rows[r][k] for k in ("stated", "weights", "scores"))

        def mine(get: Getter, labels=labels) -> list[tuple[object, object]]:
            picked = [(level, weight, score) for level, weight, score in lines if get(level) in labels]
            return [(get(weight), get(score)) for _level, weight, score in picked]

        def group_weights(get: Getter, mine=mine) -> float:
            return _weights(v for v, _s in mine(get))

        def group_bad(get: Getter, profile: Profile, label=g.label, group_weights=group_weights) -> bool:
            stated, weights = group_weight(profile, label), group_weights(get)
            return isnum(stated) and weights > 0 and abs(weights - stated) > TOLERANCE

        out += [
            Computed(
                st, f"={g.weight_name}", lambda get, profile, label=g.label: group_weight(profile, label)
            ),
            Computed(
                w,
                "=" + "+".join(f'SUMIFS({wt},{lvl},{quote(x)},{wt},">0")' for x in labels),
                lambda get, profile, group_weights=group_weights: group_weights(get),
            ),
            Computed(
                s,
                "=ROUND(" + "+".join(f"SUMIF({lvl},{quote(x)},{sc})" for x in labels) + ",2)",
                lambda get, profile, mine=mine: excel_round(sum(v for _w, v in mine(get) if isnum(v))),
            ),
            _check(
                plan.warn_cell(r),
                f'=IF(AND(ISNUMBER({st}),{w}>0),IF({differs(f"{w}-{st}")},{MSG_GROUP.formula()},""),"")',
                group_bad,
                lambda profile: MSG_GROUP.shown(),
            ),
        ]
    st, w, s = (rows[sb.all_row][k] for k in ("stated", "weights", "scores"))
    out += [
        Computed(st, "=WT_INDICATOR_TOTAL", lambda get, profile: indicator_total(profile)),
        Computed(w, f'=SUMIF({wt},">0")', lambda get, profile: all_weights(get)),
        Computed(
            s, f"=ROUND(SUM({sc}),2)", lambda get, profile: excel_round(sum(_numbers(map(get, scores))))
        ),
        _check(
            plan.warn_cell(sb.all_row),
            f'=IF({differs(f"{w}-{st}")},{MSG_INDICATOR_TOTAL.formula(st)},"")',
            lambda get, profile: abs(all_weights(get) - indicator_total(profile)) > TOLERANCE,
            lambda profile: MSG_INDICATOR_TOTAL.shown(general_text(indicator_total(profile))),
        ),
    ]
    all_w = w
    st, w, s = (rows[sb.total_row][k] for k in ("stated", "weights", "scores"))
    exec_score, rate = plan.execution_score_cell, plan.rate_cell
    # 总分 capped by the execution rate (profile total_caps; WT_TOTAL_CAPS = 0 when the profile has none).
    raw = f"ROUND({exec_score}+SUM({sc}),2)"

    def total(get: Getter, profile: Profile) -> object:
        value = excel_round(get(exec_score) + sum(_numbers(map(get, scores))))
        r = get(rate)
        cap = profile.total_cap(r) if profile.total_caps and isnum(r) else None
        return min(value, cap) if cap is not None else value

    out += [
        Computed(st, "=WT_TOTAL", lambda get, profile: profile.total),
        Computed(
            w, f"={all_w}+WT_EXEC_WEIGHT", lambda get, profile: all_weights(get) + profile.execution_weight
        ),
        Computed(
            s,
            f"=IF(AND(WT_TOTAL_CAPS=1,ISNUMBER({rate})),"
            f"MIN({raw},IFERROR(INDEX(L_CAP_TOTAL,MATCH({rate},L_CAP_RATE,1)),{raw})),{raw})",
            total,
        ),
        _check(
            plan.warn_cell(sb.total_row),
            f'=IF({differs(f"{w}-{st}")},{MSG_WEIGHT_TOTAL.formula(st)},"")',
            lambda get, profile: abs(all_weights(get) + profile.execution_weight - profile.total) > TOLERANCE,
            lambda profile: MSG_WEIGHT_TOTAL.shown(general_text(profile.total)),
        ),
    ]
    return tuple(out)


def _check(
    cell: str,
    formula: str,
    bad: Callable[[Getter, Profile], bool],
    shown: Callable[[Profile], str],
) -> Computed:
    """A 提示 cell that shows one message while `bad` holds, else nothing."""
    return Computed(cell, formula, lambda get, profile: shown(profile) if bad(get, profile) else "")


def _numbers(values) -> list:
    return [v for v in values if isnum(v)]


def _weights(values) -> float:
    """SUMIF(weights,">0"): the positive numbers among the weights."""
    return float(sum(v for v in values if isnum(v) and v > 0))
