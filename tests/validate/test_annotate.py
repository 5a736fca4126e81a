"""Annotated copies: marks, 校验结果 links to existing cells, clear_marks, LibreOffice opens them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_from_string

from tests.validate.conftest import build, sha256
from workbook_tools.oracle.libreoffice import roundtrip, to_pdf
from workbook_tools.validate.annotate import annotate_workbook, clear_marks
from workbook_tools.validate.codes import Severity
from workbook_tools.validate.marks import AUTHOR, FILLS, RESULT_SHEET
from workbook_tools.validate.workbook import validate_workbook


@pytest.fixture
def marked(tmp_path: Path) -> tuple[Path, Path, list]:
    """An annotated copy of the 绵阳 附件11 table, and its original."""
    src = build(tmp_path, "mianyang-a11-no-project-name-wrong-unit")
    findings = validate_workbook(src).findings
    digest = sha256(src)
    dest = annotate_workbook(src, findings, tmp_path / "out" / "a11_校验.xlsx")
    assert sha256(src) == digest
    return src, dest, findings


def test_problem_cells_are_filled_and_commented(marked):
    _src, dest, findings = marked
    ws = openpyxl.load_workbook(dest)["自评表"]
    assert ws["C3"].fill.fgColor.rgb == FILLS[Severity.ERROR]
    assert ws["C3"].comment.author == AUTHOR and "名称" in ws["C3"].comment.text
    assert "UNIT_MISMATCH" in ws["E15"].comment.text and "MULTI_VALUE_CELL" in ws["E15"].comment.text
    assert ws["F16"].fill.fgColor.rgb == FILLS[Severity.EXPLAIN]
    assert len(findings) >= 5


def test_every_result_link_points_to_an_existing_cell(marked):
    _src, dest, findings = marked
    wb = openpyxl.load_workbook(dest)
    rows = list(wb[RESULT_SHEET].iter_rows(min_row=2))
    assert len(rows) == len(findings)
    links = [r[2].hyperlink.location for r in rows if r[2].hyperlink is not None]
    assert len(links) == sum(1 for f in findings if f.cell)
    for location in links:
        m = re.fullmatch(r"'([^']+)'!([A-Z]+\d+)", location)
        assert m, location
        sheet, cell = m.groups()
        ws = wb[sheet]
        col, row = coordinate_from_string(cell)
        assert row <= ws.max_row and ws[cell] is not None


def test_clear_marks_removes_only_ours(marked, tmp_path):
    src, dest, _ = marked
    ws_src = openpyxl.load_workbook(src)["自评表"]
    cleared = clear_marks(dest, tmp_path / "cleared.xlsx")
    wb = openpyxl.load_workbook(cleared)
    assert RESULT_SHEET not in wb.sheetnames
    ws = wb["自评表"]
    for cell in ("C3", "E15", "F16"):
        assert ws[cell].comment is None
        assert ws[cell].fill.fgColor.rgb == ws_src[cell].fill.fgColor.rgb


def test_user_comment_survives_clear(tmp_path, marked):
    _src, dest, _ = marked
    wb = openpyxl.load_workbook(dest)
    wb["自评表"]["A1"].comment = openpyxl.comments.Comment("填表人的备注", "张三")
    wb.save(dest)
    ws = openpyxl.load_workbook(clear_marks(dest))["自评表"]
    assert ws["A1"].comment.text == "填表人的备注"


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_annotated_copy_opens_in_libreoffice(marked, tmp_path):
    _src, dest, _ = marked
    pdf = to_pdf(dest, tmp_path / "pdf")
    assert pdf.is_file() and pdf.read_bytes()[:4] == b"%PDF"


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_saved_copy_keeps_integrity(tmp_path):
    """A template recalculated and saved by a real engine: formulas intact, cached results equal the twin."""
    src = build(tmp_path, "xiangyang-dept-execution-over-100")
    saved = roundtrip(src, tmp_path / "lo")
    codes = {f.code for f in validate_workbook(saved).findings}
    assert not codes & {"FORMULA_OVERWRITTEN", "CACHED_VALUE_MISMATCH", "FORM_NOT_RECOGNISED"}
    assert codes == {f.code for f in validate_workbook(src).findings}  # the same verdict as before the save
