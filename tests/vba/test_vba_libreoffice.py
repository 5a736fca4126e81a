"""LibreOffice headless runs the VBA-only project and the macros change cells as intended.

LibreOffice silently skips every macro of a library that fails to compile, so each
test asserts an observable cell/view effect rather than "no exception".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from vba_helpers import write_xlsm

from workbook_tools.vba.lo_macros import run_macros, uno_available

pytestmark = pytest.mark.libreoffice

NAMES = {
    "WT_STATUS_CELL": "=Sheet1!$E$1",
    "WT_REQUIRED_CELLS": "=Sheet1!$B$2:$B$4,Sheet1!$D$2",
    "WT_CHECK_SHEET": '="Checks"',
    "WT_CHECK_CELL": "=Checks!$C$3",
}
MISSING_TWO = "校验未通过：2 个必填项未填写，第一个是 Sheet1!B3"


if not uno_available():
    pytest.skip("LibreOffice (soffice) with a uno-capable python is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


def _book(tmp_path: Path, macro_project: bytes, **overrides: str | None) -> Path:
    names = {k: v for k, v in {**NAMES, **overrides}.items() if v is not None}
    return write_xlsm(tmp_path / "book.xlsm", macro_project, names)


def test_native_check_reports_empty_required_cells(tmp_path, profile, macro_project) -> None:
    result = run_macros(_book(tmp_path, macro_project), profile, ["WtNative.WtNativeCheck"], ["Sheet1!E1"])
    assert result["cells"]["Sheet1!E1"] == MISSING_TWO


def test_native_check_passes_when_everything_is_filled(tmp_path, profile, macro_project) -> None:
    book = _book(tmp_path, macro_project, WT_REQUIRED_CELLS="=Sheet1!$B$2,Sheet1!$D$2")
    result = run_macros(book, profile, ["WtNative.WtNativeCheck"], ["Sheet1!E1"])
    assert result["cells"]["Sheet1!E1"] == "校验通过：必填项均已填写。"


def test_check_button_falls_back_to_native_checks_without_python(tmp_path, profile, macro_project) -> None:
    result = run_macros(_book(tmp_path, macro_project), profile, ["WtButtons.WtCheck"], ["Sheet1!E1"])
    assert result["cells"]["Sheet1!E1"] == MISSING_TWO
    assert result["active_sheet"] == "Checks"
    assert result["selection"] == "$Checks.$C$3"


def test_check_sheet_may_be_a_reference(tmp_path, profile, macro_project) -> None:
    book = _book(tmp_path, macro_project, WT_CHECK_SHEET="=Checks!$A$1", WT_CHECK_CELL=None)
    result = run_macros(book, profile, ["WtButtons.WtCheck"], ["Sheet1!E1"])
    assert result["active_sheet"] == "Checks"


def test_other_buttons_fall_back_too(tmp_path, profile, macro_project) -> None:
    book = _book(tmp_path, macro_project, WT_CHECK_SHEET=None)
    result = run_macros(book, profile, ["WtButtons.WtRecalculate"], ["Sheet1!E1"])
    assert result["cells"]["Sheet1!E1"] == "已重新计算。"
    assert result["active_sheet"] == "Sheet1"  # no WT_CHECK_SHEET: the first sheet
    result = run_macros(book, profile, ["WtButtons.WtCheck", "WtButtons.WtClearMarks"], ["Sheet1!E1"])
    assert result["cells"]["Sheet1!E1"] == "已清除校验标记。"
