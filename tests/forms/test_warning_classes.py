"""Issue 12: the 提示 column classes its messages as the validator does — 【错误】 red, 【需说明】 orange.

The texts come from one declaration per message (forms.formulas.Msg: text + the validator code whose
class it takes); the formulas write them, the twin computes them, and the `formulas` engine and
LibreOffice (here and in tests/oracle) recalculate them from the native formulas.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms import formulas as fx
from workbook_tools.forms.guide import guide_lines
from workbook_tools.forms.registry import FORM_IDS, get_form
from workbook_tools.forms.twin import computed_cells
from workbook_tools.oracle import recalculate, soffice_available
from workbook_tools.oracle.values import formulas_values, read_values
from workbook_tools.validate.codes import CODES, Severity
from workbook_tools.validate.marks import FILLS
from workbook_tools.xlsx.fill import fill_workbook
from workbook_tools.xlsx.styles import ERROR_FILL, EXPLAIN_FILL
from workbook_tools.xlsx.validation import warn_rows
from workbook_tools.xlsx.writer import write_template

EXAMPLES = Path(__file__).parents[1] / "data" / "examples"
ERROR, EXPLAIN, ADVICE = "【错误】", "【需说明】", "【提示】"
SPEC = get_form("mof-project")


def _messages() -> dict[str, fx.Msg]:
    return {name: value for name, value in vars(fx).items() if isinstance(value, fx.Msg)}


def test_every_message_takes_the_class_of_a_validator_code():
    msgs = _messages()
    assert len(msgs) >= 20
    for name, msg in msgs.items():
        assert msg.code in CODES, name
        assert msg.label == CODES[msg.code].severity.label
        assert msg.shown(*["X"] * msg.text.count(fx.SLOT)).startswith(msg.tag)


@pytest.mark.parametrize(
    ("msg", "label"),
    [
        (fx.msg_rate_low(SPEC), "需说明"),  # 执行率低于90%须说明原因
        (fx.MSG_ADJUSTED, "需说明"),
        (fx.MSG_RATE_HIGH, "需说明"),
        (fx.MSG_UNDER, "需说明"),
        (fx.MSG_LOW_SCORE, "需说明"),
        (fx.MSG_DEVIATION, "需说明"),  # 超额
        (fx.MSG_OVER_WEIGHT, "错误"),  # 得分超过权重
        (fx.MSG_BAND, "错误"),
        (fx.MSG_GROUP, "错误"),
        (fx.MSG_INDICATOR_TOTAL, "错误"),  # 权重合计
        (fx.MSG_WEIGHT_TOTAL, "错误"),
        (fx.MSG_UNIT, "错误"),  # 完成值单位与指标值不符
        (fx.MSG_SPLIT, "错误"),
        (fx.MSG_ZERO_BUDGET, "错误"),
        (fx.MSG_REQUIRED, "错误"),  # a required field empty
        (fx.msg_field("项目名称", "text")[0], "错误"),
        (fx.msg_field("年初预算数", "number")[1], "错误"),  # not a number
        (fx.MSG_ACTUAL_NUMBER, "错误"),
        (fx.msg_funding_missing(SPEC), "错误"),
        (fx.MSG_UNIT_NEEDED, "提示"),
        (fx.MSG_TIER, "提示"),
    ],
)
def test_message_classes(msg, label):
    assert msg.label == label


def test_a_message_with_a_slot_reads_the_same_in_formula_and_twin():
    msg = fx.msg_rate_low(SPEC)
    assert msg.shown("90%") == "【需说明】执行率低于90%，请填写原因。"
    assert msg.formula('TEXT(WT_EXEC_THRESHOLD,"0%")') == (
        '"【需说明】执行率低于"&TEXT(WT_EXEC_THRESHOLD,"0%")&"，请填写原因。"'
    )
    assert fx.MSG_INDICATOR_TOTAL.formula("X30") == '"【错误】绩效指标权重合计应为"&X30&"分。"'


def _example() -> SelfEvaluation:
    return SelfEvaluation.from_dict(
        json.loads((EXAMPLES / "mianyang-mof-project.json").read_text(encoding="utf-8"))
    )


def explain_case() -> SelfEvaluation:
    """Low execution without a reason: 20 of 34.51 spent from the 财政拨款 row (total 42 / 56.51 = 74 %)."""
    se = _example()
    se.funding[1].executed = 20
    return se


def error_case() -> SelfEvaluation:
    """A qualitative score above its weight (18 of 15), and a row with a blank 二级 that missed its target."""
    se = _example()
    se.indicators[9].score = 18
    se.indicators[1].level2 = ""
    se.indicators[1].actual = 10  # 10 of 16 集, no reason written
    return se


def _warn(row: int) -> str:
    return f"{SPEC.warn_col}{row}"


FUNDING_TOTAL = _warn(SPEC.funding.first_row)
FUNDING_GRANT = _warn(SPEC.funding.first_row + 1)
OVER_WEIGHT = _warn(SPEC.indicators.first_row + 9)
MIXED = _warn(SPEC.indicators.first_row + 1)


def _check_explain(values: dict) -> None:
    for cell in (FUNDING_TOTAL, FUNDING_GRANT):
        assert values[cell] == "【需说明】执行率低于90%，请填写原因。", cell
    assert not any(ERROR in str(values.get(_warn(r), "")) for r in SPEC.funding.rows)


def _check_error(values: dict) -> None:
    assert values[OVER_WEIGHT] == "【错误】定性评分超过权重，按权重计。"
    # several messages in one cell: each carries its own tag
    assert values[MIXED] == "【错误】有必填项未填写。【需说明】未完成目标，请填写偏差原因。"
    assert EXPLAIN not in str(values.get(FUNDING_TOTAL, ""))


def test_twin_tags_the_cases():
    profile = load_profile(SPEC.default_profile)
    _check_explain(computed_cells(SPEC, explain_case(), profile))
    _check_error(computed_cells(SPEC, error_case(), profile))


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> dict[str, Path]:
    """Both cases written with the real fill and no cached results: only an engine supplies values."""
    folder = tmp_path_factory.mktemp("classes")
    return {
        name: fill_workbook(SPEC.id, se, folder / f"{name}.xlsx", cache_values=False)
        for name, se in (("explain", explain_case()), ("error", error_case()))
    }


def test_native_formulas_tag_the_cases(filled):
    """The `formulas` engine recalculates the filled templates' own formulas."""
    _check_explain(formulas_values(filled["explain"], SPEC.sheet))
    _check_error(formulas_values(filled["error"], SPEC.sheet))


@pytest.mark.libreoffice
@pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) 未安装")
def test_libreoffice_tags_the_cases(filled, tmp_path):
    out = recalculate([filled["explain"], filled["error"]], tmp_path)
    _check_explain(read_values(out[0], SPEC.sheet))
    _check_error(read_values(out[1], SPEC.sheet))


def _rgb(color) -> str:
    return str(color.rgb)[-6:].upper()


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_warn_column_is_coloured_by_class(form_id, tmp_path):
    spec = get_form(form_id)
    ws = openpyxl.load_workbook(write_template(spec, tmp_path / "t.xlsx"))[spec.sheet]
    top, bottom = warn_rows(spec)
    rng = f"{spec.warn_col}{top}:{spec.warn_col}{bottom}"
    rules = [rule for cf in ws.conditional_formatting if str(cf.sqref) == rng for rule in cf.rules]
    fills = {_rgb(rule.dxf.fill.bgColor): rule.formula[0] for rule in rules}
    assert set(fills) == {"FFC7CE", "FFD08A"}
    cell = f"${spec.warn_col}{top}"
    assert fills["FFC7CE"] == f'ISNUMBER(FIND("{ERROR}",{cell}))'
    assert fills["FFD08A"] == f'AND(NOT(ISNUMBER(FIND("{ERROR}",{cell}))),ISNUMBER(FIND("{EXPLAIN}",{cell})))'
    # every warning formula of the sheet lies in the coloured range
    warn_cells = [
        a for a in fx.formula_cells(spec) if a.startswith(spec.warn_col) and a[len(spec.warn_col) :].isdigit()
    ]
    assert all(top <= int(a[len(spec.warn_col) :]) <= bottom for a in warn_cells)


def test_fills_are_the_validators_annotation_fills():
    assert FILLS[Severity.ERROR][2:] == ERROR_FILL.lstrip("#") == "FFC7CE"
    assert FILLS[Severity.EXPLAIN][2:] == EXPLAIN_FILL.lstrip("#") == "FFD08A"


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_guide_explains_the_two_colours(form_id):
    spec = get_form(form_id)
    text = "\n".join(t for _, t in guide_lines(spec, load_profile(spec.default_profile)))
    line = next(t for t in text.splitlines() if ERROR in t)
    assert "红色" in line and "橙色" in line and EXPLAIN in line and ADVICE in line
