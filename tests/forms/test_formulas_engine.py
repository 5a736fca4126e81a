"""A second spreadsheet engine in-process: the `formulas` package recalculates filled templates.

LibreOffice is the main oracle (tests/oracle); this check runs without it on two seed examples.
"""

import json
from pathlib import Path

import formulas
import pytest

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.core.profile import load_profile
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.twin import computed_cells
from workbook_tools.xlsx.fill import fill_workbook

EXAMPLES = Path(__file__).parents[1] / "data" / "examples"


def engine_values(path: Path, sheet: str) -> dict[str, object]:
    """Every cell value of `sheet` after recalculation by the formulas package."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    prefix = f"'[{path.name}]{sheet}'!".upper()
    out = {}
    for key, value in solution.items():
        if key.upper().startswith(prefix) and ":" not in key:
            raw = value.value[0, 0] if hasattr(value, "value") else value
            out[key[len(prefix) :]] = raw
    return out


def _same(expected, got) -> bool:
    if not isinstance(got, str | int | float) or isinstance(got, bool):
        got = ""  # the engine's EMPTY marker for a formula returning nothing
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return abs(expected - got) < 0.005
    return expected == got


@pytest.mark.parametrize("name", ["xiangyang-hb-dept.json", "mianyang-sc-project-2021.json"])
def test_formulas_engine_agrees_with_the_twin(name, tmp_path):
    se = SelfEvaluation.from_dict(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))
    spec = get_form(se.form)
    path = fill_workbook(se.form, se, tmp_path / "filled.xlsx", cache_values=False)
    values = engine_values(path, spec.sheet)
    expected = computed_cells(spec, se, load_profile(se.profile))
    wrong = {a: (e, values.get(a)) for a, e in expected.items() if not _same(e, values.get(a))}
    assert not wrong
