"""Reading values back and comparing them with a twin."""

from __future__ import annotations

import pytest
import xlsxwriter

from workbook_tools.oracle import recalculate
from workbook_tools.oracle.values import compare, formulas_values, read_values, same_value, split_address


def _book(path):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("自评表")
    ws.write("B3", 8)
    ws.write_formula("C3", "=ROUND(B3/3,4)")
    ws.write_formula("D3", '=IF(B3>5,"达标","")')
    ws.write_formula("E3", '=IF(B3>50,"达标","")')
    wb.close()
    return path


def test_same_value_rules():
    assert same_value(2.666, 2.6667) and not same_value(2.66, 2.67)
    assert same_value(None, "") and not same_value(0, "")
    assert same_value("达标", "达标") and not same_value("达标", "达标 ")
    assert same_value(True, 1)


def test_split_address():
    assert split_address("$K$12") == (11, 10)
    with pytest.raises(ValueError):
        split_address("K")


def test_formulas_package_values(tmp_path):
    values = formulas_values(_book(tmp_path / "a.xlsx"), "自评表")
    assert compare({"C3": 2.6667, "D3": "达标", "E3": ""}, values) == []


@pytest.mark.libreoffice
def test_read_values_after_recalculation(tmp_path):
    out = recalculate([_book(tmp_path / "a.xlsx")], tmp_path / "out")[0]
    values = read_values(out, "自评表", ["B3", "C3", "D3", "E3", "Z40"])
    assert values == {"B3": 8.0, "C3": 2.6667, "D3": "达标", "E3": "", "Z40": ""}
    mismatches = compare({"C3": 2.7, "D3": "达标"}, values)
    assert [m.address for m in mismatches] == ["C3"]
