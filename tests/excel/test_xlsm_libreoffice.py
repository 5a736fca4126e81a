"""LibreOffice headless runs the macros of the real template (.xlsm, VBA-only build); cell effects asserted.

The user build embeds xlwings.bas, which LibreOffice cannot compile (and then silently runs nothing), so
this uses the native build of the same template: same sheets, names, buttons and our macros.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook_tools.excel.xlsm import write_xlsm_template
from workbook_tools.forms.registry import get_form
from workbook_tools.vba.lo_macros import run_macros, uno_available

from .conftest import FORM, load_case

pytestmark = pytest.mark.libreoffice

SHEET = get_form(FORM).sheet
STATUS = f"{SHEET}!L1"


if not uno_available():
    pytest.skip("LibreOffice (soffice) with a uno-capable python is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lo-profile")


def test_check_button_on_the_blank_template_reports_required_cells(native_book: Path, profile: Path) -> None:
    spec = get_form(FORM)
    required = [f.cell for f in spec.fields if f.required]
    result = run_macros(native_book, profile, ["WtButtons.WtCheck"], [STATUS])
    expected = f"校验未通过：{len(required)} 个必填项未填写，第一个是 {SHEET}!{required[0]}"
    assert result["cells"][STATUS] == expected
    assert result["active_sheet"] == SHEET  # jumped to the native checks: the 提示 column
    assert result["selection"] == f"${SHEET}.$L${spec.funding.header_row}"


def test_check_button_on_a_filled_return_passes_the_native_check(tmp_path: Path, profile: Path) -> None:
    se = load_case("mianyang-sc-project")
    se.project.lead, se.project.finance_lead = "张三", "李四"  # the seed return leaves the signatures blank
    book = write_xlsm_template(get_form(FORM), tmp_path / "filled.xlsm", data=se, native=True)
    result = run_macros(book, profile, ["WtButtons.WtCheck"], [STATUS])
    assert result["cells"][STATUS] == "校验通过：必填项均已填写。"


def test_recalculate_and_clear_buttons_write_their_status(native_book: Path, profile: Path) -> None:
    result = run_macros(native_book, profile, ["WtButtons.WtRecalculate"], [STATUS, f"{SHEET}!L2"])
    assert result["cells"][STATUS] == "已重新计算。"
    assert result["cells"][f"{SHEET}!L2"] != ""  # the native 提示 formulas were computed, not left empty
    result = run_macros(native_book, profile, ["WtButtons.WtCheck", "WtButtons.WtClearMarks"], [STATUS])
    assert result["cells"][STATUS] == "已清除校验标记。"
