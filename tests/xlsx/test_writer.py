"""Template structure as openpyxl sees it: protection, validations, names, hidden sheets, print setup."""

import openpyxl
import pytest

from workbook_tools.core.profile import load_profile
from workbook_tools.forms.cells import input_addresses
from workbook_tools.forms.formulas import formula_cells
from workbook_tools.forms.registry import FORM_IDS, get_form
from workbook_tools.xlsx.writer import write_template


@pytest.fixture(scope="module", params=FORM_IDS)
def book(request, tmp_path_factory):
    spec = get_form(request.param)
    path = write_template(spec, tmp_path_factory.mktemp("w") / f"{spec.id}.xlsx")
    return spec, openpyxl.load_workbook(path)


def test_sheets_and_visibility(book):
    spec, wb = book
    assert wb.sheetnames == [spec.sheet, "填表说明", "_lists", "_meta"]
    assert wb["_lists"].sheet_state == "veryHidden"
    assert wb["_meta"].sheet_state == "hidden"


def test_protection_locks_formulas_and_unlocks_inputs(book):
    spec, wb = book
    ws = wb[spec.sheet]
    assert ws.protection.sheet and not ws.protection.password
    assert all(ws[a].protection.locked for a in formula_cells(spec))
    assert not any(ws[a].protection.locked for a in input_addresses(spec))


def test_formulas_are_written_as_specified(book):
    spec, wb = book
    ws = wb[spec.sheet]
    for addr, formula in formula_cells(spec).items():
        assert ws[addr].value == formula


def test_validations_use_names_or_ranges_never_long_inline_lists(book):
    spec, wb = book
    dvs = wb[spec.sheet].data_validations.dataValidation
    assert dvs
    for dv in dvs:
        assert dv.promptTitle or dv.prompt
        if dv.type == "list":
            assert not dv.formula1.startswith('"')
    if spec.scored:
        assert any(dv.type == "list" and dv.formula1.startswith("IF(") for dv in dvs)  # dependent 二级


def test_profile_settings_are_defined_names(book):
    spec, wb = book
    names = wb.defined_names
    profile = load_profile(spec.default_profile)
    assert float(names["WT_EXEC_WEIGHT"].attr_text.lstrip("=")) == profile.execution_weight
    assert names["L_UNIT"].attr_text.startswith("_lists!$")
    assert ":" in names["L_UNIT"].attr_text and "!$" not in names["L_UNIT"].attr_text.split(":")[1]


def test_print_setup_is_a4_fit_to_width_with_indicator_header_rows(book):
    spec, wb = book
    ws = wb[spec.sheet]
    assert ws.page_setup.paperSize == 9
    setup = ws.page_setup
    assert (
        ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
    )
    header = spec.indicators.header_row
    assert ws.print_title_rows == f"${header}:${header}"  # the indicator header on every page
    assert ws.print_area.endswith(f"{spec.print_cols.split(':')[1]}${spec.last_row}")


def test_password_from_profile(tmp_path):
    import dataclasses

    profile = dataclasses.replace(load_profile("national-2020"), protection_password="jx")
    path = write_template(get_form("mof-project"), tmp_path / "p.xlsx", profile=profile)
    assert openpyxl.load_workbook(path)["自评表"].protection.password == "CF7D"


def test_lock_prefilled_locks_only_cells_with_data(tmp_path):
    from workbook_tools.core.model import Project, SelfEvaluation

    se = SelfEvaluation(form="mof-project", project=Project(name="科普经费"))
    path = write_template(get_form("mof-project"), tmp_path / "d.xlsx", data=se, lock_prefilled=True)
    ws = openpyxl.load_workbook(path)["自评表"]
    assert ws["C3"].protection.locked and not ws["C4"].protection.locked
