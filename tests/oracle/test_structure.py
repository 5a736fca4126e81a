"""Reading structure back, and what a LibreOffice open-and-save keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from workbook_tools.oracle import read_structure, roundtrip
from workbook_tools.oracle.structure import normalise_formula, structure_differences


def _template(path: Path) -> Path:
    """A miniature template with every structural feature the real ones use."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("自评表")
    lists = wb.add_worksheet("_lists")
    lists.hide()
    lists.write_column("A1", ["产出指标", "效益指标"])
    wb.define_name("一级指标", "=_lists!$A$1:$A$2")
    wb.define_name("JX_VERSION", '="2026.1"')
    unlocked = wb.add_format({"locked": False})
    ws.protect()
    ws.write_blank("A1", None, unlocked)
    ws.write_blank("B2", None, unlocked)
    ws.data_validation(
        "A1:A5",
        {
            "validate": "list",
            "source": "=一级指标",
            "input_title": "一级指标",
            "input_message": "请选择",
            "error_title": "输入错误",
            "error_message": "请从下拉列表选择",
        },
    )
    ws.data_validation(
        "B2:B5", {"validate": "decimal", "criteria": ">=", "value": 0, "error_message": "金额不能为负"}
    )
    ws.data_validation("C2", {"validate": "list", "source": ["无偏差", "偏差较小"]})
    ws.write_formula("D2", '=IFERROR(ROUND(B2/C2,4),"")')
    ws.write_formula("E2", '=IF(AND(ISNUMBER(D2),D2<0.9,F2=""),"请说明原因","")')
    ws.write_formula("G2", "=SUMPRODUCT((B2:B5>0)*1)")
    orange = wb.add_format({"bg_color": "#FFC000"})
    ws.conditional_format("F2:F5", {"type": "formula", "criteria": '=AND($D2<0.9,$F2="")', "format": orange})
    ws.set_paper(9)
    ws.set_landscape()
    ws.repeat_rows(0, 1)
    ws.merge_range("A7:C7", "合并", None)
    wb.close()
    return path


def test_read_structure_sees_every_feature(tmp_path):
    s = read_structure(_template(tmp_path / "t.xlsx"))
    sheet = s.sheets["自评表"]
    assert sheet.formulas["G2"] == "=SUMPRODUCT((B2:B5>0)*1)"
    assert sheet.protected and sheet.unlocked == {"A1", "B2"}
    rule = next(v for v in sheet.validations if v.sqref == "A1:A5")
    assert (rule.type, rule.formula1, rule.prompt, rule.error) == (
        "list",
        "一级指标",
        "请选择",
        "请从下拉列表选择",
    )
    assert sheet.cond_formats[0].formulas == ('AND($D2<0.9,$F2="")',)
    assert (sheet.paper_size, sheet.orientation, sheet.print_title_rows) == (9, "landscape", "$1:$2")
    assert s.sheets["_lists"].state == "hidden"
    assert s.names == {"一级指标": "_lists!$A$1:$A$2", "JX_VERSION": '"2026.1"'}


def test_differences_are_reported(tmp_path):
    a = read_structure(_template(tmp_path / "t.xlsx"))
    b = read_structure(_template(tmp_path / "u.xlsx"))
    b.sheets["自评表"].formulas["D2"] = "=1"
    b.sheets["自评表"].unlocked.add("D2")
    b.sheets["自评表"].protected = False
    diffs = structure_differences(a, b)
    assert any("D2" in d and "公式" in d for d in diffs)
    assert any("保护" in d for d in diffs) and any("解锁" in d for d in diffs)


@pytest.mark.libreoffice
def test_libreoffice_roundtrip_keeps_structure(tmp_path):
    src = _template(tmp_path / "t.xlsx")
    assert structure_differences(read_structure(src), read_structure(roundtrip(src, tmp_path / "out"))) == []


def test_normalise_formula_drops_writer_noise():
    assert normalise_formula("=_xlfn.IFERROR( $A$1 ,0)") == normalise_formula("IFERROR(A1,0)")
