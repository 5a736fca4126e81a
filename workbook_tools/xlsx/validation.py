"""Data validation (Chinese prompts and messages) and the conditional formats that show warnings."""

from __future__ import annotations

from openpyxl.utils import column_index_from_string, get_column_letter

from workbook_tools.core.profile import Profile
from workbook_tools.forms.formulas import quote, tag
from workbook_tools.forms.plan import INDICATOR_INPUTS, plan_of
from workbook_tools.forms.spec import FormSpec, cell_of, first_col
from workbook_tools.validate.codes import Severity
from workbook_tools.xlsx.styles import ERROR_FILL, EXPLAIN_FILL, ORANGE, YELLOW

# Dependent 二级 list: a formula returning one of the named ranges; no INDIRECT/OFFSET (volatile).
LEVEL2_SOURCE = (
    '=IF(OR($A{r}="产出指标",$A{r}="项目完成指标"),L2_OUTPUT,IF(OR($A{r}="效益指标",'
    '$A{r}="项目效果指标"),L2_BENEFIT,IF($A{r}="满意度指标",L2_SATISFACTION,'
    'IF($A{r}="成本指标",L2_COST,L2_ALL))))'
)


def _dv(ws, rng: str, options: dict, title: str, prompt: str, error: str = "", style: str = "stop") -> None:
    opts = dict(options, input_title=title[:32], input_message=prompt[:255], error_type=style)
    if error:
        opts.update(error_title="输入有误", error_message=error[:255])
    ws.data_validation(rng, opts)


def _col(spec: FormSpec, role: str) -> str:
    ib = spec.indicators
    col = ib.columns[role]
    return f"{col}{ib.first_row}:{col}{ib.last_row}"


def apply(spec: FormSpec, ws, profile: Profile) -> None:
    """All data validations of the main sheet."""
    _fields(spec, ws, profile)
    _funding(spec, ws, profile)
    ib = spec.indicators
    _dv(
        ws,
        _col(spec, "level1"),
        {"validate": "list", "source": "=L_LEVEL1"},
        "一级指标",
        "请从列表选择一级指标。",
        "一级指标不在标准列表中，确定要保留吗？",
        "warning",
    )
    level2 = LEVEL2_SOURCE.format(r=ib.first_row) if ib.structured else "=L2_ALL"
    _dv(
        ws,
        _col(spec, "level2"),
        {"validate": "list", "source": level2},
        "二级指标",
        "请先选一级指标，再从列表选择对应的二级指标。",
        "二级指标不在标准列表中，确定要保留吗？",
        "warning",
    )
    if not ib.structured:
        return
    r = ib.first_row
    _dv(
        ws,
        _col(spec, "nature"),
        {"validate": "list", "source": "=L_NATURE"},
        "指标性质",
        "≥ 正向指标；≤ 反向指标；= 等于；定性 按等级评分。",
        "请从列表选择：≥、≤、=、定性。",
    )
    _dv(
        ws,
        _col(spec, "target"),
        {"validate": "decimal", "criteria": ">=", "value": 0},
        "指标值",
        "只填数字，单位选在“度量单位”一列；定性指标可不填。",
        "指标值应为不小于0的数字。",
    )
    _dv(
        ws,
        _col(spec, "unit"),
        {"validate": "list", "source": "=L_UNIT"},
        "度量单位",
        "从列表选择单位；列表中没有的单位可直接输入。",
        "单位不在常用列表中，确定要保留吗？",
        "warning",
    )
    _dv(
        ws,
        _col(spec, "actual"),
        {
            "validate": "custom",
            "value": f'=IF($D{r}="定性",ISNUMBER(MATCH($G{r},L_TIER_LABEL,0)),ISNUMBER($G{r}))',
        },
        "完成值",
        "定量指标填数字；定性指标填：达成年度指标 / 部分达成年度指标并具有一定效果 / "
        "未达成年度指标且效果较差（或 优、良、中、低、差）。",
        "定量指标的完成值应为数字；定性指标应填写达成等级。",
    )
    _dv(
        ws,
        _col(spec, "weight"),
        {"validate": "decimal", "criteria": ">", "value": 0},
        "权重（分值）",
        "填该指标的分值，应大于0。",
        "权重应为大于0的数字。",
    )
    _dv(
        ws,
        _col(spec, "manual"),
        {"validate": "decimal", "criteria": ">=", "value": 0},
        "定性评分",
        "仅定性指标填写：在所选等级的分值区间内给分；不填按区间下限计分。",
        "定性评分应为不小于0的数字。",
    )
    _dv(
        ws,
        _col(spec, "reason"),
        {"validate": "length", "criteria": "<=", "value": profile.reason_max_chars},
        "偏差原因",
        f"未完成或偏差较大时填写原因，{profile.reason_max_chars}字以内。",
        f"原因说明超过{profile.reason_max_chars}字，确定要保留吗？",
        "warning",
    )


def _fields(spec: FormSpec, ws, profile: Profile) -> None:
    for f in spec.fields:
        if f.kind == "int":
            _dv(
                ws,
                f.cell,
                {"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100},
                f.label,
                f.prompt or "请填写四位年份。",
                "请填写四位年份，如 2021。",
            )
        elif f.kind == "number":
            _dv(
                ws,
                f.cell,
                {"validate": "decimal", "criteria": ">=", "value": 0},
                f.label,
                f.prompt or "单位：万元。",
                f"{f.label}应为不小于0的数字。",
            )
        elif f.max_chars:
            _dv(
                ws,
                f.cell,
                {"validate": "length", "criteria": "<=", "value": f.max_chars},
                f.label,
                f.prompt or f"{f.max_chars}字以内。",
                f"超过{f.max_chars}字，确定要保留吗？",
                "warning",
            )
        elif f.prompt:
            _dv(ws, f.cell, {"validate": "any"}, f.label, f.prompt)


def _funding(spec: FormSpec, ws, profile: Profile) -> None:
    fb = spec.funding
    typed = plan_of(spec).typed_funding_lines
    for role in fb.inputs:
        col = first_col(fb.columns[role])
        rng = f"{col}{fb.first_row + typed[0]}:{col}{fb.first_row + typed[-1]}"
        _dv(
            ws,
            rng,
            {"validate": "decimal", "criteria": ">=", "value": 0},
            fb.headers[role],
            "单位：万元，填不小于0的数字。",
            "金额应为不小于0的数字（单位：万元）。",
        )
    if "reason" in fb.columns:
        col = first_col(fb.columns["reason"])
        rng = f"{col}{fb.first_row}:{col}{fb.first_row + len(fb.labels) - 1}"
        _dv(
            ws,
            rng,
            {"validate": "length", "criteria": "<=", "value": profile.reason_max_chars},
            "原因说明",
            f"执行率偏低或预算有调整时说明原因，{profile.reason_max_chars}字以内。",
            f"原因说明超过{profile.reason_max_chars}字，确定要保留吗？",
            "warning",
        )


def _abs(col: str, row: int) -> str:
    return f"${col}${row}"


def _column_runs(cols: list[str]) -> list[tuple[str, str]]:
    """Contiguous runs of columns, as (first, last) letters."""
    idx = sorted({column_index_from_string(c) for c in cols})
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [(get_column_letter(a), get_column_letter(b)) for a, b in runs]


def started(spec: FormSpec) -> str:
    """Condition (no leading =) true once anything is typed into the form: header, funding or indicators.

    Only input cells are counted: COUNTA would count a formula showing "" as filled.
    """
    refs = [_abs(*_split(cell_of(f.value_range))) for f in spec.fields]
    fb = spec.funding
    rows = [fb.rows[i] for i in plan_of(spec).typed_funding_lines]
    cols = [first_col(fb.columns[r]) for r in fb.inputs]
    refs += [f"{_abs(a, rows[0])}:{_abs(b, rows[-1])}" for a, b in _column_runs(cols)]
    if "reason" in fb.columns:
        col = first_col(fb.columns["reason"])
        refs.append(f"{_abs(col, fb.first_row)}:{_abs(col, fb.rows[-1])}")
    ib = spec.indicators
    cols = [ib.columns[r] for r in INDICATOR_INPUTS if r in ib.columns]
    refs += [f"{_abs(a, ib.first_row)}:{_abs(b, ib.last_row)}" for a, b in _column_runs(cols)]
    return f"COUNTA({','.join(refs)})>0"


def _split(cell: str) -> tuple[str, int]:
    col = cell.rstrip("0123456789")
    return col, int(cell[len(col) :])


def conditional(spec: FormSpec, ws, fmt_factory) -> None:
    """Orange reason cells while a reason is required and empty; yellow required cells while empty.

    A required header cell (or typed funding total) turns yellow only once the form is started
    (anything typed), as an indicator line's cells do once the line is used: a blank template, on
    screen or printed, shows no fills on its input cells, like the official form.
    The 提示 column's own cells are coloured by the class of their messages (see `warn_classes`).
    """
    warn_classes(spec, ws, fmt_factory)
    orange = fmt_factory.dxf(ORANGE)
    yellow = fmt_factory.dxf(YELLOW)
    w = spec.warn_col
    fb = spec.funding
    reasons = plan_of(spec).funding_reason_cells
    for i, reason in enumerate(reasons):
        if "reason" in fb.columns:
            ws.conditional_format(
                reason,
                {
                    "type": "formula",
                    "format": orange,
                    "criteria": f'=AND({reason}="",ISNUMBER(SEARCH("原因",${w}${fb.first_row + i})))',
                },
            )
    if "reason" not in fb.columns:
        reason = reasons[0]
        span = f"${w}${fb.first_row}:${w}${fb.first_row + len(fb.labels) - 1}"
        ws.conditional_format(
            reason,
            {
                "type": "formula",
                "format": orange,
                "criteria": f'=AND({reason}="",SUMPRODUCT(ISNUMBER(SEARCH("原因",{span}))*1)>0)',
            },
        )
    gate = started(spec)
    required = [(f.value_range, f.cell) for f in spec.fields if f.required]
    required += [(cell, cell) for cell in plan_of(spec).typed_total.values()]  # a typed total's amounts
    for rng, cell in required:
        ws.conditional_format(
            rng, {"type": "formula", "format": yellow, "criteria": f'=AND({gate},{cell}="")'}
        )
    _indicator_cf(spec, ws, orange, yellow)


def warn_rows(spec: FormSpec) -> tuple[int, int]:
    """The first and last rows of the 提示 column's warning formulas."""
    rows = plan_of(spec).warn_rows
    return rows[0], rows[-1]


def warn_classes(spec: FormSpec, ws, fmt_factory) -> None:
    """A 提示 cell holding a 【错误】 message is red (the validator's 错误 fill), else one holding a
    【需说明】 message orange; 提示 messages keep the plain cell. The two rules exclude each other, so
    every application shows the same fill whatever it does with overlapping rules.
    """
    w, (top, bottom) = spec.warn_col, warn_rows(spec)
    rng = f"{w}{top}:{w}{bottom}"
    error = f"ISNUMBER(FIND({quote(tag(Severity.ERROR.label))},${w}{top}))"
    explain = f"ISNUMBER(FIND({quote(tag(Severity.EXPLAIN.label))},${w}{top}))"
    ws.conditional_format(
        rng, {"type": "formula", "format": fmt_factory.dxf(ERROR_FILL), "criteria": f"={error}"}
    )
    ws.conditional_format(
        rng,
        {
            "type": "formula",
            "format": fmt_factory.dxf(EXPLAIN_FILL),
            "criteria": f"=AND(NOT({error}),{explain})",
        },
    )


def _indicator_cf(spec: FormSpec, ws, orange, yellow) -> None:
    ib, w, r = spec.indicators, spec.warn_col, spec.indicators.first_row
    c = ib.columns
    last = ib.last_row
    if ib.structured:
        ws.conditional_format(
            f"{c['reason']}{r}:{c['reason']}{last}",
            {
                "type": "formula",
                "format": orange,
                "criteria": f'=AND(${c["reason"]}{r}="",ISNUMBER(SEARCH("原因",${w}{r})))',
            },
        )
        used = f'${c["code"]}{r}<>""'
        for role in ("level1", "level2", "name", "nature", "actual"):
            col = c[role]
            ws.conditional_format(
                f"{col}{r}:{col}{last}",
                {"type": "formula", "format": yellow, "criteria": f'=AND({used},{col}{r}="")'},
            )
        quant = f'OR(${c["code"]}{r}="≥",${c["code"]}{r}="≤",${c["code"]}{r}="=")'
        for role in ("target", "unit"):
            col = c[role]
            ws.conditional_format(
                f"{col}{r}:{col}{last}",
                {"type": "formula", "format": yellow, "criteria": f'=AND({quant},{col}{r}="")'},
            )
        return
    used = f"COUNTA($A{r}:$E{r})>0"
    for role in ("name", "target", "actual"):
        col = c[role]
        ws.conditional_format(
            f"{col}{r}:{col}{last}",
            {
                "type": "formula",
                "format": yellow,
                "criteria": f'=AND({used},$C{r}<>"无",$D{r}<>"无",{col}{r}="")',
            },
        )
