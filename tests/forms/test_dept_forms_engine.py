"""The department forms' native formulas against their Python twin and against core (formulas engine).

Property: random facts → the template's native 凉山 scores equal core.dept_system (core.liangshan),
boundaries included (10 % / 20 % deviations, 1.3A exactly, checkpoints met exactly).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.forms.test_formulas_engine import _same, engine_values
from workbook_tools.core.dept_model import OfficeItem, QuantityPair, SystemFacts, SystemSection
from workbook_tools.core.dept_system import rule_scores
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.forms import sc_dept_system as sds
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.twin import computed_cells
from workbook_tools.xlsx.fill import export_workbook, fill_workbook

DATA = Path(__file__).parents[1] / "data" / "dept"


@pytest.mark.parametrize("name", ["liangshan-sc-dept-system.json", "lishui-zj-dept-basic.json"])
def test_engine_agrees_with_the_twin_and_export_round_trips(name, tmp_path):
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    se = SelfEvaluation.from_dict(data)
    form = get_form(se.form)
    path = fill_workbook(se.form, se, tmp_path / "filled.xlsx", cache_values=False)
    values = engine_values(path, form.sheet)
    expected = computed_cells(form, se, None)
    wrong = {a: (e, values.get(a)) for a, e in expected.items() if not _same(e, values.get(a))}
    assert not wrong
    back = export_workbook(fill_workbook(se.form, se, tmp_path / "cached.xlsx")).to_dict()
    section = "system" if se.system is not None else "basic"
    given = se.to_dict()[section]
    assert back[section] | {"total": None} == given | {"total": None}


# Values near and on the boundaries of every rule. Amounts are 万元 as typed: at most 6 decimals (one 分),
# never a subnormal such as 1e-233, which spreadsheet engines read as 0 while Python sees a positive amount.
_typed = st.floats(0, 1000).map(lambda x: round(x, 6))
_amount = st.sampled_from([0, 1, 10, 11, 12, 20, 100, 110, 120, 121, 686.54, 15, 3.1, 108.1]) | _typed
_rate = st.sampled_from([0, 0.2, 0.4, 0.675, 0.825, 0.8, 1, 1.1]) | st.floats(0, 1.2).map(
    lambda x: round(x, 6)
)
_count = st.integers(0, 20)


@st.composite
def sections(draw) -> SystemSection:
    facts = SystemFacts(
        initial_budget=draw(
            st.sampled_from([0, 100, 686.54]) | st.floats(1, 1000).map(lambda x: round(x, 6))
        ),
        adjusted_amount=draw(_amount),
        cancelled=draw(st.sampled_from([0, 3.1]) | _amount),
        written_off=draw(st.sampled_from([0, 10, 108.1]) | _amount),
        annual_budget=draw(st.sampled_from([0, 100, 686.54]) | _amount),
        progress_jun=draw(_rate),
        progress_sep=draw(_rate),
        progress_nov=draw(_rate),
        progress_dec=draw(_rate),
        violations=draw(_count),
    )
    office = [
        OfficeItem(name, b, draw(st.sampled_from([b * 0.9, b * 1.1, b * 1.2, b * 0.8, b * 1.21]) | _amount))
        for name in sds.OFFICE_ITEMS
        for b in [draw(st.sampled_from([10, 100, 1]))]
    ]
    pairs = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.sampled_from([1, 2, 10, 20, 17]))
        b = draw(st.sampled_from([a, a * 1.3, a * 1.31, a - 1, "未执行", a * 1.2]))
        pairs.append(QuantityPair("项目", "数量指标", a, b))
    return SystemSection(rows=[], facts=facts, office=office, quantities=pairs)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sections())
def test_native_scores_equal_core_on_random_facts(tmp_path_factory, section):
    se = SelfEvaluation(form="sc-dept-system", system=section)
    path = fill_workbook("sc-dept-system", se, tmp_path_factory.mktemp("p") / "f.xlsx", cache_values=False)
    values = engine_values(path, sds.SHEET)
    core = rule_scores(section)
    for line in sds.LINES:
        if line.rule not in ("", "reviewers"):
            cell = f"I{sds.row_of(line.name)}"
            want = core[line.name].score if line.name in core else ""
            assert _same(want, values.get(cell)), (line.name, want, values.get(cell))


def test_native_scores_on_the_exact_boundaries(tmp_path):
    # 10 % deviation (11 on 10), 20 % (12 on 10), 调剂 10 % of 年初, 注销 10 % of 年度预算 (nothing cancelled),
    # checkpoints met exactly, and 1.3A itself: where float arithmetic alone would tip the other way.
    section = SystemSection(
        facts=SystemFacts(
            initial_budget=100,
            adjusted_amount=10,
            cancelled=0,
            written_off=10,
            annual_budget=100,
            progress_jun=0.4,
            progress_sep=0.675,
            progress_nov=0.825,
            progress_dec=1,
            violations=16,
        ),
        office=[OfficeItem("办公费", 10, 11), OfficeItem("印刷费", 10, 12)],
        quantities=[QuantityPair("p", "q", 10, 13), QuantityPair("p", "r", 3, 3.9)],
    )
    se = SelfEvaluation(form="sc-dept-system", system=section)
    values = engine_values(fill_workbook(se.form, se, tmp_path / "b.xlsx", cache_values=False), sds.SHEET)
    core = rule_scores(section)
    assert {n: r.score for n, r in core.items()} == {
        "目标实现": 8,
        "编制准确": 0,
        "支出控制": 3,
        "动态调整": 0,
        "执行进度": 6,
        "预算完成": 8,
        "违规记录": 0,
    }
    for name, found in core.items():
        assert _same(found.score, values[f"I{sds.row_of(name)}"]), name
