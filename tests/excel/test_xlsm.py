"""The .xlsm template: its VBA project reads back equal to the sources, buttons, code names, names."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from oletools.olevba import VBA_Parser

from workbook_tools.excel.udf_help import help_module, this_workbook_module
from workbook_tools.excel.xlsm import BUTTONS, MACROS_DIR, defined_names, macro_modules, xlwings_build
from workbook_tools.forms.registry import get_form
from workbook_tools.vba import split_header
from workbook_tools.vba.udf_wrappers import WRAPPER_MODULE, generate_udf_wrappers

from .conftest import FORM

# olevba's notes about its own limits, not about the file (see tests/vba/vba_helpers.py).
BENIGN = ("VBA stomping", "p-code", "pcodedmp")
DOCUMENT_MODULES = {"ThisWorkbook", "WtForm", "WtGuide", "WtLists", "WtMeta", "WtConf"}


def _body(text: str) -> str:
    return split_header(text)[1].strip("\n").replace("\r\n", "\n")


def olevba_modules(book: Path, caplog: pytest.LogCaptureFixture) -> dict[str, str]:
    """{module name: source} as olevba extracts it; fails on any warning about the project."""
    with caplog.at_level(logging.WARNING):
        parser = VBA_Parser(str(book))
        try:
            found = {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
        finally:
            parser.close()
    bad = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and not any(b in r.getMessage() for b in BENIGN)
    ]
    assert not bad, caplog.text
    return found


def test_olevba_recovers_every_macro_source_exactly(xlsm_book: Path, caplog) -> None:
    found = olevba_modules(xlsm_book, caplog)
    bas_files = sorted(MACROS_DIR.glob("*.bas"))
    assert bas_files
    for path in bas_files:
        assert _body(found[path.stem]) == _body(path.read_text("ascii")), path.name


def test_olevba_recovers_the_embedded_and_generated_modules(xlsm_book: Path, caplog) -> None:
    found = olevba_modules(xlsm_book, caplog)
    expected = {m.name: m.code for m in xlwings_build().modules}
    assert set(found) == set(expected) | DOCUMENT_MODULES
    for name, code in expected.items():
        assert _body(found[name]) == _body(code), name
    assert _body(found[WRAPPER_MODULE]) == _body(generate_udf_wrappers())
    assert _body(found["WtUdfHelp"]) == _body(help_module().code)
    assert _body(found["ThisWorkbook"]) == _body(this_workbook_module().code)
    assert len(found["xlwings"]) > 40_000  # the standalone module, not a stub


def test_native_build_holds_only_our_macros(native_book: Path, caplog) -> None:
    found = olevba_modules(native_book, caplog)
    assert set(found) == {m.name for m in macro_modules()} | DOCUMENT_MODULES - {"WtConf"}


def test_code_names_match_the_projects_document_modules(xlsm_book: Path) -> None:
    with zipfile.ZipFile(xlsm_book) as z:
        sheets = [
            z.read(n).decode()
            for n in sorted(z.namelist())
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)
        ]
        workbook = z.read("xl/workbook.xml").decode()
    assert 'codeName="ThisWorkbook"' in workbook
    names = {re.search(r'codeName="(\w+)"', s).group(1) for s in sheets}
    assert names | {"ThisWorkbook"} == DOCUMENT_MODULES


def test_three_buttons_bound_to_public_subs(xlsm_book: Path) -> None:
    with zipfile.ZipFile(xlsm_book) as z:
        vml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    macros = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)
    assert macros == [m for m, _ in BUTTONS]
    for _, caption in BUTTONS:
        assert caption in vml
    sources = "\n".join(p.read_text("ascii") for p in MACROS_DIR.glob("*.bas"))
    for macro in macros:
        assert re.search(rf"^Public Sub {macro}\(\)", sources, re.M), macro


def test_wt_names_point_at_the_forms_cells(xlsm_book: Path) -> None:
    spec = get_form(FORM)
    wb = openpyxl.load_workbook(xlsm_book, keep_vba=True)
    ws = wb[spec.sheet]
    assert set(defined_names(spec, type("P", (), {"name": "x"})())) <= set(wb.defined_names)
    status = next(iter(wb.defined_names["WT_STATUS_CELL"].destinations))
    assert status == (spec.sheet, "$L$1")
    assert ws["L1"].protection.locked is False  # the macros write the status on a protected sheet
    required = [ref.replace("$", "") for _, ref in wb.defined_names["WT_REQUIRED_CELLS"].destinations]
    assert required == [f.cell for f in spec.fields if f.required]
    assert wb.defined_names["WT_PROFILE"].attr_text == f'"{spec.default_profile}"'
    assert wb["_xlwings.conf"].sheet_state == "hidden"
    assert wb["_xlwings.conf"]["A1"].value == "Interpreter_Win"


TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "xlsx"


@pytest.mark.parametrize("form", ["mof-project", "sc-project", "sc-project-2021", "hb-dept"])
def test_committed_xlsm_templates_regenerate_identically(form: str, tmp_path: Path) -> None:
    from workbook_tools.excel.xlsm import write_xlsm_template

    committed = TEMPLATES / f"{form}.xlsm"
    fresh = write_xlsm_template(get_form(form), tmp_path / f"{form}.xlsm")
    with zipfile.ZipFile(committed) as a, zipfile.ZipFile(fresh) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():  # nothing is volatile: fixed dates, fixed project id, fixed zip times
            assert a.read(name) == b.read(name), f"{form}.xlsm: {name} differs; run `make templates`"
    assert committed.read_bytes() == fresh.read_bytes()
