"""LibreOffice recalculates sc-project fills that hit the sichuan-2023 profile rules (指标偏离 penalty,
总分 cap by 执行率): every formula cell equals the twin, and 总分 and the row scores equal the core."""

from __future__ import annotations

import pytest

from tests.forms.test_profile_formulas import FILLS, sichuan_fill
from workbook_tools.core.evaluate import evaluate
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.twin import computed_cells
from workbook_tools.oracle import recalculate
from workbook_tools.oracle.values import compare, read_values
from workbook_tools.xlsx.fill import fill_workbook


@pytest.mark.libreoffice
def test_libreoffice_applies_the_penalty_and_the_cap(tmp_path):
    spec, profile = get_form("sc-project"), load_profile("sichuan-2023")
    cases = []
    for name, values in sorted(FILLS.items()):
        se = sichuan_fill(*values)
        path = fill_workbook("sc-project", se, tmp_path / f"{name}.xlsx", profile, cache_values=False)
        cases.append((name, se, path))
    outs = recalculate([path for _n, _se, path in cases], tmp_path / "recalculated", jobs=1)
    score_col = spec.indicators.columns["score"]
    rows = [f"{score_col}{spec.indicators.first_row + i}" for i in range(4)]
    for (name, se, _path), out in zip(cases, outs, strict=True):
        expected = computed_cells(spec, se, profile)
        actual = read_values(out, spec.sheet, list(expected))
        assert compare(expected, actual) == [], name
        ev = evaluate(se, profile)
        assert actual[spec.total_score_cell] == pytest.approx(ev.total, abs=0.005), name
        assert [actual[a] for a in rows] == pytest.approx([r.score for r in ev.indicators[:4]], abs=0.005), (
            name
        )
