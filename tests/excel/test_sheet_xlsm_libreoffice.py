"""LibreOffice runs the native check of the 部门整体 forms' .xlsm (VBA-only build): the status names the
missing required cells on a blank template and passes on the seed returns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook_tools.core.model import SelfEvaluation
from workbook_tools.excel.sheet_xlsm import required_cells, status_cell, write_sheet_xlsm
from workbook_tools.forms.registry import get_form
from workbook_tools.vba.lo_macros import run_macros, uno_available

pytestmark = pytest.mark.libreoffice

if not uno_available():
    pytest.skip("LibreOffice (soffice) with a uno-capable python is not installed", allow_module_level=True)

DEPT = Path(__file__).resolve().parents[1] / "data" / "dept"
SEEDS = {"sc-dept-system": "liangshan-sc-dept-system", "zj-dept-basic": "lishui-zj-dept-basic"}


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


@pytest.mark.parametrize("form", sorted(SEEDS))
def test_check_button_names_the_first_missing_cell_then_passes(form, tmp_path, profile) -> None:
    spec = get_form(form)
    status = f"{spec.sheet}!{status_cell(spec)}"
    blank = write_sheet_xlsm(spec, tmp_path / "blank.xlsm", native=True)
    result = run_macros(blank, profile, ["WtButtons.WtCheck"], [status])
    required = required_cells(spec)
    expected = f"校验未通过：{len(required)} 个必填项未填写，第一个是 {spec.sheet}!{required[0]}"
    assert result["cells"][status] == expected
    assert result["active_sheet"] == spec.sheet
    col = spec.check_cell.rstrip("0123456789")
    assert result["selection"] == f"${spec.sheet}.${col}${spec.check_cell[len(col) :]}"
    data = SelfEvaluation.from_dict(json.loads((DEPT / f"{SEEDS[form]}.json").read_text("utf-8")))
    filled = write_sheet_xlsm(spec, tmp_path / "filled.xlsm", data=data, native=True)
    result = run_macros(filled, profile, ["WtButtons.WtCheck"], [status])
    assert result["cells"][status] == "校验通过：必填项均已填写。"
