"""Native formulas of every computed cell, as written into the templates.

Profile settings are referenced through defined names (WT_*), so one formula set serves every profile.
Only functions that Excel 2010, WPS and LibreOffice share; nothing volatile.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbook_tools.forms.spec import FormSpec, first_col
from workbook_tools.memo import by_identity
from workbook_tools.validate.codes import CODES

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
    if spec.funding.total_is_sum and len(spec.funding.labels) > 1:
        return Msg("请在“其中”各行填写资金。", "FUNDING_TOTAL_MISSING")
    return Msg("请填写预算数和执行数。", "REQUIRED_FIELD_MISSING")


def msg_field(label: str, kind: str) -> tuple[Msg, Msg]:
    """(empty, not-a-number) warnings of a header field."""
    return Msg(f"请填写{label}。", "REQUIRED_FIELD_MISSING"), Msg(f"{label}应为数字。", "AMOUNT_NOT_NUMBER")


def quote(text: str) -> str:
    """A string literal in a formula."""
    return '"' + text.replace('"', '""') + '"'


def formula_cells(spec: FormSpec, profile=None) -> dict[str, str]:
    """Every formula cell of the main sheet → its formula (with the leading '=')."""
    del profile  # formulas reach profile settings through defined names
    return dict(_built(spec))  # a copy: callers may edit theirs


@by_identity  # validating a batch asks for the same ~300 formulas for every file
def _built(spec: FormSpec) -> dict[str, str]:
    out: dict[str, str] = {}
    out.update(_subtitle(spec))
    out.update(_field_warnings(spec))
    out.update(_funding(spec))
    if spec.indicators.structured:
        for i in range(spec.indicators.count):
            out.update(_structured_row(spec, i))
    else:
        for i in range(spec.indicators.count):
            out.update(_text_row(spec, i))
    if spec.summary is not None:
        out.update(_summary(spec))
    return out


def _subtitle(spec: FormSpec) -> dict[str, str]:
    year = spec.field("year").cell
    cell = spec.subtitle.split(":")[0]
    return {cell: f'=IF(ISNUMBER({year}),"（"&{year}&"年度）","（    年度）")'}


def field_rows(spec: FormSpec) -> dict[int, list]:
    """Fields grouped by sheet row (each row carries one warning cell)."""
    rows: dict[int, list] = {}
    for f in spec.fields:
        if f.required or f.kind == "number":
            rows.setdefault(f.row, []).append(f)
    return rows


def _field_warnings(spec: FormSpec) -> dict[str, str]:
    out = {}
    for row, fields in field_rows(spec).items():
        parts = []
        for f in fields:
            empty, nan = msg_field(f.label, f.kind)
            if f.required:
                parts.append(f'IF({f.cell}="",{empty.formula()},"")')
            if f.kind == "number":
                parts.append(f'IF(AND({f.cell}<>"",NOT(ISNUMBER({f.cell}))),{nan.formula()},"")')
        if spec.id == "hb-dept" and row == spec.field("department.basic_expenditure").row:
            parts.append(_split_check(spec))
        out[f"{spec.warn_col}{row}"] = "=" + "&".join(parts)
    return out


def _split_check(spec: FormSpec) -> str:
    basic = spec.field("department.basic_expenditure").cell
    proj = spec.field("department.project_expenditure").cell
    exe = spec.funding.cell("executed", 0)
    return (
        f"IF(AND(ISNUMBER({basic}),ISNUMBER({proj}),ISNUMBER({exe})),"
        f'IF(ABS({basic}+{proj}-{exe})>0.005,{MSG_SPLIT.formula()},""),"")'
    )


def _funding(spec: FormSpec) -> dict[str, str]:
    fb = spec.funding
    out: dict[str, str] = {}
    n = len(fb.labels)
    if fb.total_is_sum and n > 1:
        for role in fb.inputs:
            col = first_col(fb.columns[role])
            span = f"{col}{fb.first_row + 1}:{col}{fb.first_row + n - 1}"
            out[fb.cell(role, 0)] = f'=IF(COUNT({span})=0,"",ROUND(SUM({span}),6))'
    for i in range(n):
        adj, exe, rate = fb.cell("adjusted", i), fb.cell("executed", i), fb.cell("rate", i)
        out[rate] = (
            f'=IF(AND({adj}="",{exe}=""),"",'
            f'IF(AND(ISNUMBER({adj}),ISNUMBER({exe})),IF({adj}=0,"/",{exe}/{adj}),"/"))'
        )
        out[f"{spec.warn_col}{fb.first_row + i}"] = _funding_warning(spec, i)
    if "score" in fb.columns:
        out[fb.cell("weight", 0)] = "=WT_EXEC_WEIGHT"
        out[fb.cell("score", 0)] = (
            f"=IF(ISNUMBER({fb.cell('rate', 0)}),"
            f"ROUND(WT_EXEC_WEIGHT*MIN(MAX({fb.cell('rate', 0)},0),WT_EXEC_CAP),2),0)"
        )
    return out


def funding_reason_cell(spec: FormSpec, i: int) -> str:
    """The cell whose text answers a funding row's warnings."""
    if "reason" in spec.funding.columns:
        return spec.funding.cell("reason", i)
    return spec.field(spec.reason_target).cell


def msg_rate_low(spec: FormSpec) -> Msg:
    """The low-rate warning, with a slot for the threshold percentage."""
    where = "请填写原因。" if "reason" in spec.funding.columns else "请在“说明”栏填写原因。"
    return Msg(f"执行率低于{SLOT}，{where}", "EXEC_REASON_MISSING")


def _funding_warning(spec: FormSpec, i: int) -> str:
    fb = spec.funding
    adj, exe, rate = fb.cell("adjusted", i), fb.cell("executed", i), fb.cell("rate", i)
    reason = funding_reason_cell(spec, i)
    low = msg_rate_low(spec).formula('TEXT(WT_EXEC_THRESHOLD,"0%")')
    parts = [
        f'IF(ISNUMBER({rate}),IF(AND({rate}<WT_EXEC_THRESHOLD,{reason}=""),{low},"")'
        f'&IF({rate}>1,{MSG_RATE_HIGH.formula()},""),'
        f'IF(AND({rate}="/",ISNUMBER({exe})),IF({exe}>0,{MSG_ZERO_BUDGET.formula()},""),""))'
    ]
    if "initial" in fb.columns:
        ini = fb.cell("initial", i)
        parts.append(
            f'IF(AND(ISNUMBER({ini}),ISNUMBER({adj}),{reason}=""),'
            f'IF({ini}<>{adj},{MSG_ADJUSTED.formula()},""),"")'
        )
    if i == 0:
        parts.append(f'IF(OR({adj}="",{exe}=""),{msg_funding_missing(spec).formula()},"")')
    return "=" + "&".join(parts)


def _refs(spec: FormSpec, i: int) -> dict[str, str]:
    ib = spec.indicators
    r = ib.first_row + i
    return {role: f"${col}{r}" for role, col in ib.columns.items()}


def _structured_row(spec: FormSpec, i: int) -> dict[str, str]:
    c = _refs(spec, i)
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
    band = f"OR({j}<{h}*{lo}-0.005,IF({hi}<1,{j}>={h}*{hi},FALSE))"
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
    row = spec.indicators.first_row + i
    cols = spec.indicators.columns
    return {
        f"{cols['code']}{row}": code,
        f"{cols['low']}{row}": low,
        f"{cols['high']}{row}": high,
        f"{cols['numeric']}{row}": numeric,
        f"{cols['score']}{row}": score,
        f"{spec.warn_col}{row}": f'=IF({m}="","",{warn})',
    }


def _text_row(spec: FormSpec, i: int) -> dict[str, str]:
    c = _refs(spec, i)
    a, n, d, e = c["level1"], c["name"], c["target"], c["actual"]
    unit_check = (
        f'IF(OR({d}="",{e}=""),"",IF(SUMPRODUCT((RIGHT(TRIM({d}),LEN(L_UNIT))=L_UNIT)'
        f'*ISERROR(SEARCH(L_UNIT,{e})))>0,{MSG_UNIT.formula()},""))'
    )
    warn = (
        f'=IF(COUNTA({a}:{e})=0,"",IF(OR({n}="无",{d}="无"),"",'
        f'IF(OR({n}="",{d}="",{e}=""),{MSG_REQUIRED.formula()},"")&{unit_check}))'
    )
    return {f"{spec.warn_col}{spec.indicators.first_row + i}": warn}


def _summary(spec: FormSpec) -> dict[str, str]:
    sb, ib = spec.summary, spec.indicators
    lvl, wt, sc = ib.span("level1"), ib.span("weight"), ib.span("score")
    st, w, s = (first_col(sb.columns[k]) for k in ("stated", "weights", "scores"))
    out: dict[str, str] = {}
    for g, r in zip(sb.groups, sb.group_rows, strict=True):
        labels = (g.label, *g.aliases)
        out[f"{st}{r}"] = f"={g.weight_name}"
        out[f"{w}{r}"] = "=" + "+".join(f'SUMIFS({wt},{lvl},{quote(x)},{wt},">0")' for x in labels)
        out[f"{s}{r}"] = "=ROUND(" + "+".join(f"SUMIF({lvl},{quote(x)},{sc})" for x in labels) + ",2)"
        out[f"{spec.warn_col}{r}"] = (
            f'=IF(AND(ISNUMBER({st}{r}),{w}{r}>0),IF(ABS({w}{r}-{st}{r})>0.005,{MSG_GROUP.formula()},""),"")'
        )
    a, t = sb.all_row, sb.total_row
    out[f"{st}{a}"] = "=WT_INDICATOR_TOTAL"
    out[f"{w}{a}"] = f'=SUMIF({wt},">0")'
    out[f"{s}{a}"] = f"=ROUND(SUM({sc}),2)"
    out[f"{spec.warn_col}{a}"] = (
        f'=IF(ABS({w}{a}-{st}{a})>0.005,{MSG_INDICATOR_TOTAL.formula(f"{st}{a}")},"")'
    )
    out[f"{st}{t}"] = "=WT_TOTAL"
    out[f"{w}{t}"] = f"={w}{a}+WT_EXEC_WEIGHT"
    # 总分 capped by the execution rate (profile total_caps; WT_TOTAL_CAPS = 0 when the profile has none).
    raw, rate = f"ROUND({spec.execution_score_cell}+SUM({sc}),2)", spec.rate_cell
    out[f"{s}{t}"] = (
        f"=IF(AND(WT_TOTAL_CAPS=1,ISNUMBER({rate})),"
        f"MIN({raw},IFERROR(INDEX(L_CAP_TOTAL,MATCH({rate},L_CAP_RATE,1)),{raw})),{raw})"
    )
    out[f"{spec.warn_col}{t}"] = f'=IF(ABS({w}{t}-{st}{t})>0.005,{MSG_WEIGHT_TOTAL.formula(f"{st}{t}")},"")'
    return out
