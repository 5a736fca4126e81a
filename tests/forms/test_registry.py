"""Registry and spec invariants: ids, unknown ids, addresses that do not collide."""

import re

import pytest

from workbook_tools.errors import UnknownFormError
from workbook_tools.forms.cells import input_addresses
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.registry import FORM_IDS, all_forms, get_form


def test_the_four_forms_are_registered():
    assert FORM_IDS == ("mof-project", "sc-project", "sc-project-2021", "hb-dept")
    assert [s.id for s in all_forms()] == list(FORM_IDS)


def test_unknown_form_lists_the_known_ids():
    with pytest.raises(UnknownFormError, match="mof-project"):
        get_form("zz-nothing")


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_inputs_and_formulas_never_share_a_cell(form_id):
    spec = get_form(form_id)
    inputs, formulas = input_addresses(spec), formula_cells(spec)
    assert len(inputs) == len(set(inputs))
    assert not set(inputs) & set(formulas)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_spec_exposes_the_cells_other_modules_need(form_id):
    spec = get_form(form_id)
    assert spec.indicators.count >= 40
    assert spec.version == "2026.2"
    formulas = formula_cells(spec)
    assert spec.rate_cell in formulas
    if spec.scored:
        assert spec.execution_score_cell in formulas and spec.total_score_cell in formulas
        assert set(spec.subtotal_cells.values()) <= set(formulas)
    else:
        assert spec.execution_score_cell is None and spec.total_score_cell is None


# Functions Excel 2010, WPS and LibreOffice all have; nothing volatile (INDIRECT, OFFSET, NOW, RAND ...).
PORTABLE = {
    "IF",
    "AND",
    "OR",
    "NOT",
    "ISNUMBER",
    "ISERROR",
    "IFERROR",
    "INDEX",
    "MATCH",
    "ROUND",
    "MIN",
    "MAX",
    "ABS",
    "SUM",
    "SUMIF",
    "SUMIFS",
    "SUMPRODUCT",
    "COUNT",
    "COUNTA",
    "TEXT",
    "RIGHT",
    "LEN",
    "TRIM",
    "SEARCH",
}


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_formulas_use_only_portable_non_volatile_functions(form_id):
    for addr, formula in formula_cells(get_form(form_id)).items():
        assert formula.startswith("=")
        code = re.sub(r'"[^"]*"', "", formula)  # ignore text inside string literals
        assert set(re.findall(r"([A-Z][A-Z0-9.]*)\(", code)) <= PORTABLE, addr
