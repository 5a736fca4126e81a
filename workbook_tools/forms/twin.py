"""The Python twin of every formula cell: what the sheet shows, computed by the core's scoring functions.

Each function mirrors one formula of workbook_tools.forms.formulas, reading the same cells.
"""

from __future__ import annotations

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.numbers import excel_round, finite_or_error, general_text, sheet_less
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
from workbook_tools.forms import formulas as fx
from workbook_tools.forms import lists, sheet_model
from workbook_tools.forms.cells import blank, to_cells
from workbook_tools.forms.formulas import formula_cells  # noqa: F401  (re-exported twin API)
from workbook_tools.forms.sheet_spec import SheetForm, evaluate
from workbook_tools.forms.spec import FormSpec, first_col
from workbook_tools.memo import by_identity


def isnum(v: object) -> bool:
    """ISNUMBER()."""
    return isinstance(v, int | float) and not isinstance(v, bool)


def pct_text(x: float) -> str:
    """TEXT(x,"0%")."""
    return f"{excel_round(x * 100, 0):.0f}%"


def group_weight(profile: Profile, label: str) -> float | str:
    """The stated weight of a 一级 group, or "" when the profile states none."""
    return profile.group_weights.get(label, "")


def indicator_total(profile: Profile) -> float:
    """Stated points of all indicators together (total minus the execution weight unless stated)."""
    return profile.group_weights.get("绩效指标", profile.total - profile.execution_weight)


def computed_cells(spec: FormSpec, se: SelfEvaluation, profile: Profile) -> dict[str, object]:
    """Every formula cell of the main sheet → the value the sheet shows for this filled form."""
    if isinstance(spec, SheetForm):  # a department form declares each value beside its formula
        return evaluate(spec, sheet_model.to_cells(spec, se))
    return compute(spec, to_cells(spec, se), profile)


def compute(spec: FormSpec, inputs: dict[str, object], profile: Profile) -> dict[str, object]:
    """Evaluate the formula cells over a map of input cells (missing addresses are blank)."""
    cells = dict(inputs)
    out: dict[str, object] = {}

    def put(addr: str, value: object) -> None:
        value = finite_or_error(value)  # a SUM past the float range is #NUM! in the sheet
        out[addr] = value
        cells[addr] = value

    _funding(spec, cells, put, profile)
    year = cells.get(spec.field("year").cell)
    put(spec.subtitle.split(":")[0], f"（{general_text(year)}年度）" if isnum(year) else "（    年度）")
    _field_warnings(spec, cells, put)
    if spec.indicators.structured:
        used = _used_lines(spec, cells)
        for i, blank_line in enumerate(_blank_lines(spec)):
            if i in used:
                _structured_row(spec, i, cells, put, profile)
            else:
                out.update(blank_line)
                cells.update(blank_line)
        if spec.summary is not None:
            _summary(spec, cells, put, profile, sorted(used))
    else:
        for i in range(spec.indicators.count):
            _text_row(spec, i, cells, put)
    return out


def _field_warnings(spec: FormSpec, cells: dict, put) -> None:
    for row, fields in fx.field_rows(spec).items():
        text = ""
        for f in fields:
            empty, nan = fx.msg_field(f.label, f.kind)
            v = cells.get(f.cell)
            if f.required and blank(v):
                text += empty.shown()
            if f.kind == "number" and not blank(v) and not isnum(v):
                text += nan.shown()
        if spec.id == "hb-dept" and row == spec.field("department.basic_expenditure").row:
            basic = cells.get(spec.field("department.basic_expenditure").cell)
            proj = cells.get(spec.field("department.project_expenditure").cell)
            exe = cells.get(spec.funding.cell("executed", 0))
            if isnum(basic) and isnum(proj) and isnum(exe) and abs(basic + proj - exe) > 0.005:
                text += fx.MSG_SPLIT.shown()
        put(f"{spec.warn_col}{row}", text)


def _funding(spec: FormSpec, cells: dict, put, profile: Profile) -> None:
    fb = spec.funding
    n = len(fb.labels)
    if fb.total_is_sum and n > 1:
        for role in fb.inputs:
            values = [cells.get(fb.cell(role, i)) for i in range(1, n)]
            numbers = [v for v in values if isnum(v)]
            put(fb.cell(role, 0), excel_round(sum(numbers), 6) if numbers else "")
    for i in range(n):
        adj, exe = cells.get(fb.cell("adjusted", i)), cells.get(fb.cell("executed", i))
        if blank(adj) and blank(exe):
            rate: object = ""
        elif isnum(adj) and isnum(exe):
            rate = "/" if adj == 0 else exe / adj
        else:
            rate = "/"
        put(fb.cell("rate", i), rate)
    if "score" in fb.columns:
        put(fb.cell("weight", 0), profile.execution_weight)
        rate0 = cells[fb.cell("rate", 0)]
        score = (
            execution_score(rate0, profile.execution_weight, profile.execution_rate_cap)
            if isnum(rate0)
            else 0
        )
        put(fb.cell("score", 0), float(score))
    for i in range(n):
        put(f"{spec.warn_col}{fb.first_row + i}", _funding_warning(spec, i, cells, profile))


def _funding_warning(spec: FormSpec, i: int, cells: dict, profile: Profile) -> str:
    fb = spec.funding
    adj, exe = cells.get(fb.cell("adjusted", i)), cells.get(fb.cell("executed", i))
    rate = cells.get(fb.cell("rate", i))
    reason = cells.get(fx.funding_reason_cell(spec, i))
    text = ""
    if isnum(rate):
        if sheet_less(rate, profile.execution_reason_threshold) and blank(reason):
            text += fx.msg_rate_low(spec).shown(pct_text(profile.execution_reason_threshold))
        if sheet_less(1, rate):
            text += fx.MSG_RATE_HIGH.shown()
    elif rate == "/" and isnum(exe) and exe > 0:
        text += fx.MSG_ZERO_BUDGET.shown()
    if "initial" in fb.columns:
        ini = cells.get(fb.cell("initial", i))
        if isnum(ini) and isnum(adj) and blank(reason) and ini != adj:
            text += fx.MSG_ADJUSTED.shown()
    if i == 0 and (blank(adj) or blank(exe)):
        text += fx.msg_funding_missing(spec).shown()
    return text


def _get_row(spec: FormSpec, i: int, cells: dict) -> dict[str, object]:
    return {role: cells.get(address) for role, address in spec.indicators.line_cells[i].items()}


_USED_ROLES = ("level1", "level2", "name", "target", "actual", "weight")


def _used_lines(spec: FormSpec, cells: dict) -> set[int]:
    """Lines where a role that makes a line count holds a value; on the others the sheet's code is ""."""
    line_of = spec.indicators.line_of(_USED_ROLES)
    # Found from the filled cells rather than line by line: most of a form's 40 lines are unused.
    return {i for a, v in cells.items() if (i := line_of.get(a)) is not None and not blank(v)}


def _code(v: dict) -> str:
    if all(blank(v[k]) for k in _USED_ROLES):
        return ""
    if not isnum(v["weight"]) or v["weight"] <= 0:
        return "-"
    return lists.nature_code(v["nature"]) or "?"


_BLANK_ROW = (("code", ""), ("low", ""), ("high", ""), ("numeric", 0), ("score", ""))


@by_identity
def _blank_lines(spec: FormSpec) -> tuple[dict[str, object], ...]:
    """Per line, what _code, _score and _warning give it when it is unused: most of a form's 40 lines."""
    ib = spec.indicators
    return tuple(
        {**{f"{ib.columns[role]}{row}": value for role, value in _BLANK_ROW}, f"{spec.warn_col}{row}": ""}
        for row in ib.rows
    )


def _structured_row(spec: FormSpec, i: int, cells: dict, put, profile: Profile) -> None:
    ib, row = spec.indicators, spec.indicators.first_row + i
    v = _get_row(spec, i, cells)
    m = _code(v)
    band = lists.tier_band(v["actual"], profile) if m == "定性" else None
    low, high = band if band else ("", "")
    numeric = 1 if m in ("≥", "≤", "=") and isnum(v["target"]) and isnum(v["actual"]) else 0
    score = _score(m, v, low, numeric, profile)
    for role, value in (("code", m), ("low", low), ("high", high), ("numeric", numeric), ("score", score)):
        put(f"{ib.columns[role]}{row}", value)
    put(f"{spec.warn_col}{row}", _warning(m, v, low, high, numeric, score, profile) if m else "")


def _score(m: str, v: dict, low: object, numeric: int, profile: Profile) -> object:
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
        text += fx.MSG_REQUIRED.shown()
    text += fx.MSG_WEIGHT.shown() if m == "-" else ""
    text += fx.MSG_NATURE.shown() if m == "?" else ""
    quant = m in ("≥", "≤", "=")
    if quant and not isnum(v["target"]):
        text += fx.MSG_TARGET.shown()
    if quant and blank(v["unit"]):
        text += fx.MSG_UNIT_NEEDED.shown()
    if quant and not blank(v["actual"]) and not isnum(v["actual"]):
        text += fx.MSG_ACTUAL_NUMBER.shown()
    if m == "定性" and not blank(v["actual"]) and low == "":
        text += fx.MSG_TIER.shown()
    j, h = v["manual"], v["weight"]
    if m == "定性" and isnum(j):
        if j > h:
            text += fx.MSG_OVER_WEIGHT.shown()
        elif isnum(low) and (j < h * low - 0.005 or (high < 1 and j >= h * high)):
            text += fx.MSG_BAND.shown()
    if blank(v["reason"]):
        text += _reason_needed(m, v, numeric, score, profile)
    return text


def _reason_needed(m, v, numeric, score, profile: Profile) -> str:
    if numeric == 1:
        e, g, t = v["target"], v["actual"], profile.deviation_threshold
        if (m == "≤" and g > e) or (m != "≤" and g < e):
            return fx.MSG_UNDER.shown()
        if e > 0 and ((m == "≤" and g < e * (1 - t)) or (m != "≤" and g > e * (1 + t))):
            return fx.MSG_DEVIATION.shown(pct_text(t))
        return ""
    if m == "定性" and isnum(score) and score < v["weight"]:
        return fx.MSG_LOW_SCORE.shown()
    return ""


def unit_missing(target: object, actual: object) -> bool:
    """The target ends with a unit of the list that the actual does not contain (SEARCH semantics)."""
    t = str(target).strip(" ") if not isnum(target) else general_text(target)
    a = str(actual) if not isnum(actual) else general_text(actual)
    return any(t.endswith(u) and u.lower() not in a.lower() for u in lists.UNITS)


def _text_row(spec: FormSpec, i: int, cells: dict, put) -> None:
    v = _get_row(spec, i, cells)
    addr = f"{spec.warn_col}{spec.indicators.first_row + i}"
    roles = ("level1", "level2", "name", "target", "actual")
    if all(blank(v[k]) for k in roles) or v["name"] == "无" or v["target"] == "无":
        put(addr, "")
        return
    text = fx.MSG_REQUIRED.shown() if any(blank(v[k]) for k in ("name", "target", "actual")) else ""
    if not blank(v["target"]) and not blank(v["actual"]) and unit_missing(v["target"], v["actual"]):
        text += fx.MSG_UNIT.shown()
    put(addr, text)


def _summary(spec: FormSpec, cells: dict, put, profile: Profile, used: list[int]) -> None:
    sb = spec.summary
    st, wc, sc = (first_col(sb.columns[k]) for k in ("stated", "weights", "scores"))
    # An unused line has no 一级, weight or score, so it adds to no subtotal.
    rows = [_get_row(spec, i, cells) for i in used]
    for g, r in zip(sb.groups, sb.group_rows, strict=True):
        labels = (g.label, *g.aliases)
        mine = [v for v in rows if isinstance(v["level1"], str) and v["level1"] in labels]
        stated = group_weight(profile, g.label)
        weights = float(sum(v["weight"] for v in mine if isnum(v["weight"]) and v["weight"] > 0))
        put(f"{st}{r}", stated)
        put(f"{wc}{r}", weights)
        put(f"{sc}{r}", excel_round(sum(v["score"] for v in mine if isnum(v["score"]))))
        bad = isnum(stated) and weights > 0 and abs(weights - stated) > 0.005
        put(f"{spec.warn_col}{r}", fx.MSG_GROUP.shown() if bad else "")
    a, t = sb.all_row, sb.total_row
    total_w = float(sum(v["weight"] for v in rows if isnum(v["weight"]) and v["weight"] > 0))
    scores = [v["score"] for v in rows if isnum(v["score"])]
    stated_all = indicator_total(profile)
    put(f"{st}{a}", stated_all)
    put(f"{wc}{a}", total_w)
    put(f"{sc}{a}", excel_round(sum(scores)))
    put(
        f"{spec.warn_col}{a}",
        fx.MSG_INDICATOR_TOTAL.shown(general_text(stated_all)) if abs(total_w - stated_all) > 0.005 else "",
    )
    exec_score = cells[spec.execution_score_cell]
    put(f"{st}{t}", profile.total)
    put(f"{wc}{t}", total_w + profile.execution_weight)
    total = excel_round(exec_score + sum(scores))
    rate = cells.get(spec.rate_cell)
    cap = profile.total_cap(rate) if profile.total_caps and isnum(rate) else None
    put(f"{sc}{t}", min(total, cap) if cap is not None else total)
    bad = abs(total_w + profile.execution_weight - profile.total) > 0.005
    put(f"{spec.warn_col}{t}", fx.MSG_WEIGHT_TOTAL.shown(general_text(profile.total)) if bad else "")
