"""LibreOffice recalculates the department forms (seed fills and random facts): every formula cell equals
the Python twin, and every native 凉山 rule score equals core.dept_system, boundaries included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.forms.test_dept_forms_engine import sections
from workbook_tools.core.dept_system import rule_scores
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.forms import sc_dept_system as sds
from workbook_tools.forms.registry import get_form
from workbook_tools.forms.twin import computed_cells
from workbook_tools.oracle import recalculate
from workbook_tools.oracle.values import compare, read_values
from workbook_tools.validate.workbook import validate_workbook
from workbook_tools.xlsx.fill import fill_workbook

DATA = Path(__file__).parents[1] / "data" / "dept"
RANDOM_FILLS = 30


def _random_sections(n: int) -> list:
    found: list = []

    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(sections())
    def collect(section):
        found.append(section)

    collect()
    return found[:n]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> list[tuple[SelfEvaluation, Path]]:
    folder = tmp_path_factory.mktemp("dept-oracle")
    models = [
        SelfEvaluation.from_dict(json.loads((DATA / n).read_text(encoding="utf-8")))
        for n in ("liangshan-sc-dept-system.json", "lishui-zj-dept-basic.json")
    ]
    models += [SelfEvaluation(form="sc-dept-system", system=s) for s in _random_sections(RANDOM_FILLS)]
    paths = [
        fill_workbook(se.form, se, folder / f"in{i}.xlsx", cache_values=False) for i, se in enumerate(models)
    ]
    return list(zip(models, recalculate(paths, folder / "out", jobs=2), strict=True))


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_agrees_with_the_twin(recalculated):
    for se, path in recalculated:
        form = get_form(se.form)
        expected = computed_cells(form, se, None)
        assert not compare(expected, read_values(path, form.sheet, list(expected))), se.form


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_rule_scores_equal_core(recalculated):
    cells = {
        line.name: f"I{sds.row_of(line.name)}" for line in sds.LINES if line.rule not in ("", "reviewers")
    }
    checked = 0
    for se, path in recalculated:
        if se.system is None:
            continue
        core = rule_scores(se.system)
        got = read_values(path, sds.SHEET, list(cells.values()))
        expected = {cell: core[name].score if name in core else "" for name, cell in cells.items()}
        assert not compare(expected, got)
        checked += 1
    assert checked == RANDOM_FILLS + 1


@pytest.mark.libreoffice
@pytest.mark.slow
def test_a_return_saved_by_libreoffice_keeps_its_formulas(recalculated):
    # A spreadsheet saves formulas in its own spelling; none of ours may then read as changed, and the
    # results it stored must equal the recomputation.
    for _se, path in recalculated[:2]:
        codes = {f.code for f in validate_workbook(path).findings}
        assert not codes & {"FORMULA_OVERWRITTEN", "CACHED_VALUE_MISMATCH", "FORM_NOT_RECOGNISED"}, path
