"""The fast typed-.xlsx reader (calamine + one XML pass) gives exactly the Grids openpyxl gives."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.corpus.variants import TABLES_DIR, build_corpus
from workbook_tools.read.sheets import grids_from_openpyxl
from workbook_tools.read.xlsx_fast import NotPlain, grids_from_xlsx


def _reference(data: bytes):
    return grids_from_openpyxl(openpyxl.load_workbook(io.BytesIO(data), data_only=False))


def _same(a, b) -> None:
    assert [g.name for g in a] == [g.name for g in b]
    for x, y in zip(a, b, strict=True):
        assert (x.cells, x.anchors, x.formulas, x.max_row, x.max_col) == (
            y.cells,
            y.anchors,
            y.formulas,
            y.max_row,
            y.max_col,
        ), x.name


def test_every_corpus_workbook_reads_as_openpyxl_reads_it(tmp_path):
    files = [f for f in build_corpus(TABLES_DIR, tmp_path) if f.path.suffix == ".xlsx"]
    assert len(files) > 100
    for f in files:
        data = f.path.read_bytes()
        _same(grids_from_xlsx(data), _reference(data))


def test_percentages_formulas_errors_dates_and_hidden_sheets(tmp_path):
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"] = 0.925, 1.1444, "=A1*2"
    ws["A1"].number_format, ws["B1"].number_format = "0%", '0.00%;"-"'
    ws["A2"], ws["B2"] = dt.datetime(2021, 12, 31), 13.5
    ws["C2"] = '="x"'
    ws["A3"] = "#DIV/0!"
    ws.merge_cells("A4:C5")
    ws["A4"] = "合并"
    hidden = wb.create_sheet("_lists")
    hidden["A1"] = "x"
    hidden.sheet_state = "hidden"
    wb.create_sheet("附件2")["B2"] = "一级指标"
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    fast = grids_from_xlsx(data)
    _same(fast, _reference(data))
    assert fast[0].value(1, 1) == "92.5%" and fast[0].value(1, 2) == "114.44%"
    assert (1, 3) in fast[0].formulas and fast[0].value(1, 3) is None
    assert fast[0].value(5, 3) == "合并" and [g.name for g in fast] == ["Sheet", "附件2"]


def test_unusual_markup_is_left_to_openpyxl():
    with pytest.raises((NotPlain, KeyError, ValueError)):
        grids_from_xlsx(b"PK\x05\x06" + b"\0" * 18)
