"""The department forms declared cell by cell (forms.sheet_spec): declarations, template, committed files."""

from __future__ import annotations

import re

import openpyxl
import pytest

from tests.forms.test_registry import PORTABLE
from tests.forms.test_templates_committed import parts
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.forms.registry import FORM_IDS, SHEET_FORM_IDS, get_form, is_sheet_form
from workbook_tools.forms.twin import computed_cells
from workbook_tools.templates_build import TEMPLATES_DIR, build
from workbook_tools.xlsx.writer import write_template


def test_both_department_forms_are_registered_apart():
    assert SHEET_FORM_IDS == ("sc-dept-system", "zj-dept-basic")
    assert not set(SHEET_FORM_IDS) & set(FORM_IDS)
    assert all(is_sheet_form(get_form(f)) for f in SHEET_FORM_IDS)


@pytest.mark.parametrize("form_id", SHEET_FORM_IDS)
def test_every_cell_is_declared_once(form_id):
    form = get_form(form_id)
    typed = [e.cell for e in form.entries if e.typed]
    computed = [c.cell for c in form.computed]
    assert len(set(typed)) == len(typed) and len(set(computed)) == len(computed)
    assert not set(typed) & set(computed)
    assert not set(computed) & set(form.fixed_values())


@pytest.mark.parametrize("form_id", SHEET_FORM_IDS)
def test_formulas_use_only_portable_functions_and_earlier_cells(form_id):
    form = get_form(form_id)
    for c in form.computed:
        code = re.sub(r'"[^"]*"', "", c.formula)
        assert set(re.findall(r"([A-Z][A-Z0-9.]*)\(", code)) <= PORTABLE, c.cell


@pytest.mark.parametrize("form_id", SHEET_FORM_IDS)
def test_twin_covers_exactly_the_formula_cells(form_id, tmp_path):
    form = get_form(form_id)
    path = write_template(form, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)[form.sheet]
    written = {
        c.coordinate
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }
    assert set(computed_cells(form, SelfEvaluation(form=form_id), None)) == written
    assert ws.protection.sheet
    assert all(ws[e.cell].protection.locked is False for e in form.entries if e.typed)
    assert all(ws[e.cell].protection.locked is not False for e in form.entries if not e.typed)


@pytest.mark.parametrize("form_id", SHEET_FORM_IDS)
def test_committed_template_matches_generation(form_id, tmp_path):
    build(tmp_path)
    committed = TEMPLATES_DIR / f"{form_id}.xlsx"
    assert committed.is_file(), "run `make templates` and commit templates/xlsx"
    assert parts(committed) == parts(tmp_path / f"{form_id}.xlsx"), (
        "templates are stale: run `make templates`"
    )


def test_score_cells_are_bounded_and_hints_coloured(tmp_path):
    ws = openpyxl.load_workbook(write_template(get_form("sc-dept-system"), tmp_path / "t.xlsx"))["指标体系"]
    bounded = {str(dv.sqref): dv.formula2 for dv in ws.data_validations.dataValidation if dv.formula2}
    assert bounded["G6"] == "$D$6" and bounded["G17"] == "$D$17"
    coloured = {str(rng.sqref) for rng in ws.conditional_formatting}
    # 错误-class hints turn red; 自评质量's (J18) is advice and keeps no fill.
    assert {f"J{r}" for r in range(6, 18)} <= coloured and "J18" not in coloured
