"""The .xlsm variant of the 部门整体 forms (excel.sheet_xlsm): VBA project, WT_ names, buttons, status cell;
the native check requires exactly the cells the validator reports as REQUIRED_FIELD_MISSING."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from workbook_tools.cli import main
from workbook_tools.core.model import SelfEvaluation
from workbook_tools.excel.sheet_xlsm import defined_names, required_cells, status_cell, write_sheet_xlsm
from workbook_tools.excel.xlsm import BUTTONS, MACROS_DIR
from workbook_tools.forms.registry import get_form
from workbook_tools.validate.workbook import validate_workbook

from .test_xlsm import olevba_modules

FORMS = ("sc-dept-system", "zj-dept-basic")
DEPT = Path(__file__).resolve().parents[1] / "data" / "dept"


@pytest.fixture(scope="module", params=FORMS)
def book(request, tmp_path_factory) -> tuple[str, Path]:
    form = request.param
    path = tmp_path_factory.mktemp("sheet-xlsm") / f"{form}.xlsm"
    return form, write_sheet_xlsm(get_form(form), path, native=True)


def test_macros_buttons_and_names(book, caplog) -> None:
    form, path = book
    spec = get_form(form)
    found = olevba_modules(path, caplog)
    assert {p.stem for p in MACROS_DIR.glob("*.bas")} <= set(found)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
    for name in ("WT_REQUIRED_CELLS", "WT_STATUS_CELL", "WT_CHECK_SHEET", "WT_CHECK_CELL"):
        assert names[name] == defined_names(spec, _profile(spec))[name][1:], name
    assert names["WT_STATUS_CELL"].startswith(f"'{spec.sheet}'!")
    ws = wb[spec.sheet]
    assert not ws[status_cell(spec)].protection.locked and ws.protection.sheet  # macros write the status
    with zipfile.ZipFile(path) as zf:
        vml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".vml"))
    assert all(macro in vml for macro, _caption in BUTTONS)


def test_status_and_buttons_stay_off_the_printed_page(book) -> None:
    form, _path = book
    spec = get_form(form)
    last = spec.print_area.split(":")[1].rstrip("0123456789")
    assert spec.status_col > last  # single letters: J > H, G > F


def test_native_required_cells_are_the_validators_required_fields(book) -> None:
    form, path = book
    spec = get_form(form)
    report = validate_workbook(path)
    missing = [f.cell for f in report.findings if f.code == "REQUIRED_FIELD_MISSING"]
    typed = [c for c in missing if c in {e.cell for e in spec.entries if e.typed}]
    assert required_cells(spec) == typed


def test_a_filled_xlsm_validates_as_the_xlsx(tmp_path) -> None:
    data = SelfEvaluation.from_dict(json.loads((DEPT / "liangshan-sc-dept-system.json").read_text("utf-8")))
    spec = get_form("sc-dept-system")
    xlsm = write_sheet_xlsm(spec, tmp_path / "ls.xlsm", data=data, native=True)
    from workbook_tools.forms.sheet_writer import write_sheet_form

    xlsx = write_sheet_form(spec, tmp_path / "ls.xlsx", data=data)
    codes = [(f.code, f.cell) for f in validate_workbook(xlsm).findings]
    assert codes == [(f.code, f.cell) for f in validate_workbook(xlsx).findings]
    assert sum(c == "DEPT_RULE_SCORE_MISMATCH" for c, _ in codes) == 3


@pytest.mark.parametrize("form", FORMS)
def test_new_xlsm_cli(form, tmp_path, capsys) -> None:
    out = tmp_path / f"{form}.xlsm"
    assert main(["new", form, "--xlsm", "-o", str(out), "--profile", get_form(form).default_profile]) == 0
    assert "已生成模板" in capsys.readouterr().out
    assert "xl/vbaProject.bin" in zipfile.ZipFile(out).namelist()


def _profile(spec):
    from workbook_tools.core.profile import load_profile

    return load_profile(spec.default_profile)


def test_the_check_cell_is_a_native_check(book) -> None:
    form, _path = book
    spec = get_form(form)
    assert spec.check_cell in spec.formulas()  # a 提示 cell or a native sum, never a label
