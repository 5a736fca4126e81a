"""The sc-project template applies the sichuan-2023 profile rules in its own formulas, as the core does:
指标偏离 (deviation_penalty) in the row scores and the 总分 cap by 执行率 (total_caps).

Checked with the in-process `formulas` engine here; tests/oracle/test_profile_rules_oracle.py checks the
same fills with LibreOffice.
"""

from __future__ import annotations

import copy

import pytest

from tests.forms.test_formulas_engine import _same, engine_values
from tests.validate.cases import sc_project
from workbook_tools.core.evaluate import evaluate
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.twin import computed_cells
from workbook_tools.xlsx.fill import fill_workbook

# name → (row 0 target, row 0 actual, 执行数 of a budget of 10)
FILLS = {
    "deviation-30": (20, 26, 10),  # exactly +30 %: 指标偏离
    "deviation-29": (20, 25.8, 10),  # +29 %: none
    "boundary-3.9": (3, 3.9, 10),  # 3 × 1.3 is 3.9000000000000004: the sheet compares on 15 digits
    "cap-65": (20, 20, 6.5),  # 60–70 % → 79
    "cap-70": (20, 26, 7),  # 70 % itself → 89
    "cap-45": (20, 40, 4.5),  # below 50 % → 59
    "no-cap-80": (20, 20, 8),
    "negative-rate": (20, 20, -1),  # below every tier: no cap
}


def sichuan_fill(target: float, actual: float, executed: float) -> SelfEvaluation:
    """The clean Sichuan form with numeric targets, an '=' row far above target and the given execution."""
    d = copy.deepcopy(sc_project())
    d["indicators"][0].update(target=target, actual=actual, nature="≥")
    d["indicators"][1].update(target=10, actual=10, nature="≤")
    d["indicators"][3].update(target=90, actual=200, nature="=")  # +122 %: 指标偏离 on an '=' row
    d["funding"][0]["executed"] = d["funding"][1]["executed"] = executed
    return SelfEvaluation.from_dict(d)


@pytest.mark.parametrize("name", sorted(FILLS))
def test_template_total_equals_the_core_and_the_twin(name, tmp_path):
    se = sichuan_fill(*FILLS[name])
    spec, profile = get_form("sc-project"), load_profile("sichuan-2023")
    expected = computed_cells(spec, se, profile)
    ev = evaluate(se, profile)
    assert expected[spec.total_score_cell] == ev.total
    score_col = spec.indicators.columns["score"]
    for i in range(4):
        assert expected[f"{score_col}{spec.indicators.first_row + i}"] == ev.indicators[i].score
    path = fill_workbook("sc-project", se, tmp_path / "filled.xlsx", profile, cache_values=False)
    values = engine_values(path, spec.sheet)
    wrong = {a: (e, values.get(a)) for a, e in expected.items() if not _same(e, values.get(a))}
    assert not wrong
