"""Pre-rendered table rows read back as XlsxWriter's own cells would: values, types, number formats."""

import math

import numpy as np
import openpyxl
import xlsxwriter

from workbook_tools.collect.summary_writer import _formats, _write_cell
from workbook_tools.collect.table_xml import RenderedRows, TableSheet, kind_of

COLUMNS = ["说明", "执行率", "年初预算", "项目数", "总分"]  # text, rate, money, count, score
VALUES = [
    "文本",
    "",
    " 前后空格 ",
    "a & b < c > d",
    "控制\x01字符",
    0,
    -0.0,
    1,
    2**53 + 1,
    0.1,
    1e-20,
    123456789.123,
    0.038461538461538464,
    True,
    False,
    None,
    math.nan,
    np.float64(2.5),
    np.float64("nan"),
    np.int64(7),
    np.bool_(True),
]


def _rows():
    # Every value in every column, so each style meets each type.
    n = len(COLUMNS)
    return [[VALUES[(i + j) % len(VALUES)] for j in range(n)] for i in range(len(VALUES))]


def _by_xlsxwriter(path):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    fmt = _formats(wb)
    ws = wb.add_worksheet("表")
    for j, name in enumerate(COLUMNS):
        ws.write_string(0, j, name, fmt["head"])
    widths = [0] * len(COLUMNS)
    for i, values in enumerate(_rows(), start=1):
        for j, value in enumerate(values):
            widths[j] = max(widths[j], _write_cell(ws, i, j, value, fmt[kind_of(COLUMNS[j])]))
    wb.close()
    return widths


def _pre_rendered(path):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    fmt = _formats(wb)
    ws = wb.add_worksheet("表", worksheet_class=TableSheet)
    for j, name in enumerate(COLUMNS):
        ws.write_string(0, j, name, fmt["head"])
    rows = RenderedRows(COLUMNS, numbered=False).extend(_rows())
    ws.data_rows = rows
    ws._check_dimensions(len(rows), len(COLUMNS) - 1)
    wb.close()
    return rows.widths


def _cells(path):
    ws = openpyxl.load_workbook(path)["表"]
    return [[(c.value, c.data_type, c.number_format) for c in row] for row in ws.iter_rows()]


def test_rendered_rows_read_back_as_xlsxwriter_cells(tmp_path):
    widths = _by_xlsxwriter(tmp_path / "a.xlsx")
    rendered_widths = _pre_rendered(tmp_path / "b.xlsx")
    expected, got = _cells(tmp_path / "a.xlsx"), _cells(tmp_path / "b.xlsx")
    assert len(got) == len(VALUES) + 1
    assert got == expected
    # Widths start from the header's and grow with the content, as _write_cell measures it.
    assert rendered_widths == [max(w, len(name) * 2) for w, name in zip(widths, COLUMNS, strict=True)]


def test_rows_kept_in_blocks_come_back_in_order():
    # 600 rows make two full blocks and a pending tail; rows added after a read continue the numbering.
    rows = RenderedRows(COLUMNS, numbered=False)
    one_by_one = []
    for i in range(600):
        values = [f"第{i}行", i / 600, i, i, None]
        rows.add(values)
        single = RenderedRows(COLUMNS, numbered=False)
        single.count = i  # the same row rendered alone, at the same sheet row
        single.add(values)
        one_by_one.append(single.text())
    assert len(list(rows.chunks())) == 3
    assert rows.text() == "".join(one_by_one)
    rows.add(["最后", 1.0, 600, 600, None])
    text = rows.text()
    assert (
        len(rows) == 601
        and text.count("<row ") == 601
        and text.rindex('<row r="602">') > text.rindex("第599行")
    )


def test_numbered_rows_and_the_total_row(tmp_path):
    """A printed table: 序号 1, 2, … before each row, then 合计 with the values given by column name."""
    wb = xlsxwriter.Workbook(str(tmp_path / "n.xlsx"), {"strings_to_numbers": False})
    _formats(wb)
    ws = wb.add_worksheet("表", worksheet_class=TableSheet)
    rows = RenderedRows(["单位名称", "执行数"]).extend([["甲", 1.5], ["乙", 2.5]])
    rows.add_total({"单位名称": "共 2 个项目", "执行数": 4.0})
    for j, name in enumerate(rows.shown_columns):
        ws.write_string(0, j, name)
    ws.data_rows = rows
    ws._check_dimensions(rows.rows_written, 2)
    wb.close()
    got = [list(r) for r in openpyxl.load_workbook(tmp_path / "n.xlsx")["表"].iter_rows(values_only=True)]
    assert got == [["序号", "单位名称", "执行数"], [1, "甲", 1.5], [2, "乙", 2.5], ["合计", "共 2 个项目", 4]]
    try:
        rows.add(["丙", 1.0])
    except ValueError as exc:
        assert "合计" in str(exc)
    else:
        raise AssertionError("a data row after the 合计 row must be refused")
