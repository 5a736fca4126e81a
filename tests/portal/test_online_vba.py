"""The 在线校验 marks (WtOnlineMarks.bas) applied by LibreOffice to a real answer of /api/validate.

The transport (WtOnlineSend.bas, WinHTTP) needs Windows; here it is compiled into the same project, so a
construct LibreOffice cannot compile would make every macro of the library do nothing and fail this test.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from workbook_tools.portal.checking import validate_json
from workbook_tools.vba import VbaModule, build_vba_project
from workbook_tools.vba.lo_macros import run_macros, uno_available

pytestmark = pytest.mark.libreoffice

VBA_DIR = Path(__file__).resolve().parents[2] / "workbook_tools" / "portal" / "vba"
PROBE = Path(__file__).resolve().parent / "data" / "WtOnlineProbe.bas"
FILLS = {"error": (255, 199, 206), "advice": (221, 235, 247)}  # validate/marks.py FILLS as RGB
LABELS = {"error": "错误", "explain": "需说明", "advice": "提示"}


def _bgr(rgb: tuple[int, int, int]) -> str:
    r, g, b = rgb
    return str(r + 256 * g + 65536 * b)  # VBA's Color: red in the low byte


def _book(path: Path, answer: str) -> Path:
    import xlsxwriter

    modules = [VbaModule.from_file(p) for p in sorted(VBA_DIR.glob("*.bas"))] + [VbaModule.from_file(PROBE)]
    project = build_vba_project(modules, document_modules=("ThisWorkbook", "Sheet1", "Sheet2"))
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    wb.set_vba_name("ThisWorkbook")
    form = wb.add_worksheet("自评表")
    form.set_vba_name("Sheet1")
    probe = wb.add_worksheet("probe")
    probe.set_vba_name("Sheet2")
    probe.write_string("A1", answer)
    wb.define_name("WT_STATUS_CELL", "='自评表'!$A$1")
    wb.add_vba_project(io.BytesIO(project), is_stream=True)
    wb.close()
    return path


@pytest.mark.skipif(not uno_available(), reason="LibreOffice (soffice) with uno is not installed")
def test_marks_from_a_real_answer(demo, tmp_path):
    answer = validate_json(demo["buto_bad"], demo["buto_bad"].name)
    findings = json.loads(answer)["reports"][0]["findings"]
    assert {(f["sheet"], f["cell"], f["severity"]) for f in findings} >= {("自评表", "J6", "error")}
    book = _book(tmp_path / "book.xlsm", answer)
    cells = ["probe!B1", "probe!B2", "probe!B3", "probe!B4", "probe!B5", "probe!B6", "自评表!A1"]
    cells += [f"在线校验结果!{c}{n}" for n in range(1, len(findings) + 2) for c in "ABCD"]
    result = run_macros(book, tmp_path / "lo-profile", ["WtOnlineProbe.ApplyCanned"], cells)["cells"]
    assert result["probe!B1"] == str(len(findings))
    assert result["probe!B2"] == _bgr(FILLS["error"])  # J6's worst finding is an error
    on_j6 = [f for f in findings if f["cell"] == "J6"]
    assert result["probe!B3"].splitlines() == [f"错误: {f['message']}" for f in on_j6]
    if any(f["cell"] == "B14" and f["severity"] == "advice" for f in findings):
        assert result["probe!B4"] == _bgr(FILLS["advice"])
    first = findings[0]
    assert result["probe!B5"] == f"{first['severity']}|{first['sheet']}|{first['cell']}|{first['message']}"
    assert result["probe!B6"] != result["probe!B2"]  # an unmarked cell keeps its fill
    counts = {s: sum(f["severity"] == s for f in findings) for s in LABELS}
    assert result["自评表!A1"] == (
        f"在线校验：错误 {counts['error']} 条，需说明 {counts['explain']} 条，提示 {counts['advice']} 条。"
    )
    assert [result[f"在线校验结果!{c}1"] for c in "ABCD"] == ["工作表", "单元格", "严重程度", "问题"]
    for n, f in enumerate(findings, start=2):
        row = [result[f"在线校验结果!{c}{n}"] for c in "ABCD"]
        assert row == [f["sheet"], f["cell"], LABELS[f["severity"]], f["message"]]
