"""Checks of the corpus generator itself: grid parsing, typing options and the written files."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from tests.corpus import variants as v

SAMPLE = """\
# seed: 999, 附件 3 (made up for the generator tests)
# form: sc-project-2021
# a free comment without a key
项目自评表 | < | < | <
项目名称 | 测试\\|项目 | < | <
资金 | 全年预算数 | 全年执行数 | 执行率
^ | 6.30 | 1,234.50 | 92%

^ | 13.50 | 2634.17 | 114.44%
说明 | 第一行\\n第二行 | < | <
^ | ^ | ^ | ^
备注 | 无
"""


@pytest.fixture
def sample(tmp_path: Path) -> v.GridTable:
    path = tmp_path / "s999-01-sample.grid"
    path.write_text(SAMPLE, encoding="utf-8")
    return v.parse_grid(path)


def _grid(tmp_path: Path, text: str, name: str = "s998-01-x.grid") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_metadata_rows_and_escapes(sample):
    assert sample.id == "s999-01-sample"
    assert sample.seed == "999"
    assert sample.annex == 3
    assert sample.meta["form"] == "sc-project-2021"
    assert sample.comments == ["a free comment without a key"]
    assert (sample.n_rows, sample.n_cols) == (8, 4)
    assert sample.rows[1][1] == "测试|项目"
    assert sample.rows[5][1] == "第一行\n第二行"
    # Covered cells hold nothing; the short last row is padded.
    assert sample.rows[0] == ["项目自评表", "", "", ""]
    assert sample.rows[7] == ["备注", "无", "", ""]


def test_merges(sample):
    assert sorted(sample.merges) == [(1, 1, 1, 4), (2, 2, 2, 4), (3, 1, 5, 1), (6, 1, 7, 1), (6, 2, 7, 4)]
    assert sample.merge_at(4, 1) == (3, 1, 5, 1)
    assert sample.merge_at(7, 3) == (6, 2, 7, 4)
    assert sample.merge_at(3, 2) is None
    assert sample.merge_at(8, 4) is None


@pytest.mark.parametrize(
    "text, message",
    [
        ("a | b\n^ | ^\nc | ^ | ^\n", "column 3 is under nothing"),  # the row above was typed short
        ("^ | a\n", "nothing above"),  # `^` in the first row
        ("< | a\n", "nothing on its left"),
        ("a | <\n^ | b\n", "inside the merged block"),  # lower row of a block not all `^`
        ("a | b\nc | ^\n^ | <\n", "nothing on its left"),  # `<` next to a covered cell: not rectangular
    ],
)
def test_inconsistent_merges_are_reported(tmp_path, text, message):
    with pytest.raises(v.GridError, match=message):
        v.parse_grid(_grid(tmp_path, text))


def test_error_names_the_line(tmp_path):
    with pytest.raises(v.GridError, match=r"s998-01-x\.grid:3"):
        v.parse_grid(_grid(tmp_path, "# seed: 998\na | b\n^ | <\n"))


@pytest.mark.parametrize(
    "text, options, expected",
    [
        ("6.30", {}, (6.3, "0.00")),
        ("13.50", {}, (13.5, "0.00")),
        ("1,234.50", {}, (1234.5, "#,##0.00")),
        ("20", {}, (20, None)),
        ("100%", {}, ("100%", None)),
        ("92%", {"percent_as_excel": True}, (0.92, "0%")),
        ("114.44%", {"percent_as_excel": True}, (1.1444, "0.00%")),
        ("13.50", {"amounts_as_text": True}, ("13.50", "@")),
        ("13.50", {"fullwidth": True}, ("１３．５０", "@")),
        ("》90%", {"percent_as_excel": True}, ("》90%", None)),
        ("3 万元", {}, ("3 万元", None)),
        ("007", {}, ("007", None)),
    ],
)
def test_typed_value(text, options, expected):
    assert v.typed_value(text, **options) == expected


def test_xlsx_merges_and_values(sample, tmp_path):
    path = v.write_xlsx(sample, tmp_path / "plain.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Sheet1"]
    ws = wb["Sheet1"]
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:D1", "A3:A5", "A6:A7", "B2:D2", "B6:D7"]
    assert ws["A1"].value == "项目自评表"
    assert ws["B2"].value == "测试|项目"
    assert ws["B4"].value == 6.3 and ws["B4"].number_format == "0.00"
    assert ws["C4"].value == 1234.5
    assert ws["D4"].value == "92%"
    assert ws["B6"].value == "第一行\n第二行"
    assert ws["A4"].value is None
    assert ws["B8"].value == "无"
    assert not wb.custom_doc_props.props


def test_xlsx_percent_option(sample, tmp_path):
    ws = openpyxl.load_workbook(v.write_xlsx(sample, tmp_path / "p.xlsx", percent_as_excel=True)).active
    assert ws["D4"].value == pytest.approx(0.92)
    assert ws["D4"].number_format == "0%"
    assert ws["D5"].number_format == "0.00%"


def test_xlsx_text_options(sample, tmp_path):
    ws = openpyxl.load_workbook(v.write_xlsx(sample, tmp_path / "t.xlsx", amounts_as_text=True)).active
    assert ws["B4"].value == "6.30" and isinstance(ws["B4"].value, str)
    assert ws["B4"].number_format == "@"
    ws = openpyxl.load_workbook(v.write_xlsx(sample, tmp_path / "f.xlsx", fullwidth=True)).active
    assert ws["C4"].value == "１，２３４．５０"


def test_xlsx_rows_above_and_offset(sample, tmp_path):
    ws = openpyxl.load_workbook(v.write_xlsx(sample, tmp_path / "o.xlsx", rows_above=4, col_offset=3)).active
    assert [ws.cell(r, 4).value for r in range(1, 5)] == [
        "附件3",
        "填报单位（盖章）：",
        "填报日期：2022年3月",
        "金额单位：万元",
    ]
    assert ws["D5"].value == "项目自评表"
    assert "D5:G5" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["E8"].value == 6.3
    assert all(ws.cell(r, c).value is None for r in range(1, 11) for c in range(1, 4))


def test_xlsx_stacked_and_sheets(sample, tmp_path):
    other = v.parse_grid(_grid(tmp_path, "# seed: 999\n第二张表 | <\n甲 | 1.50\n", "s999-02-b.grid"))
    tables = [sample, other]
    stacked = v.write_xlsx(tables, tmp_path / "s.xlsx", layout="stacked", rows_above=1)
    places = v.xlsx_placements(tables, layout="stacked", rows_above=1)
    assert [(p.table_id, p.sheet, p.top, p.left) for p in places] == [
        ("s999-01-sample", "Sheet1", 2, 1),
        ("s999-02-b", "Sheet1", 2 + 8 + 2 + 1, 1),
    ]
    ws = openpyxl.load_workbook(stacked).active
    assert ws["A1"].value == "附件3" and ws["A2"].value == "项目自评表"
    assert all(ws.cell(r, c).value is None for r in (10, 11) for c in range(1, 5))  # two empty rows
    assert ws["A12"].value == "附件2" and ws["A13"].value == "第二张表" and ws["B14"].value == 1.5
    assert "A13:B13" in {str(r) for r in ws.merged_cells.ranges}

    wb = openpyxl.load_workbook(v.write_xlsx(tables, tmp_path / "m.xlsx"))
    assert wb.sheetnames == ["Sheet1", "附件2"]
    assert wb["附件2"]["A1"].value == "第二张表"
    wb = openpyxl.load_workbook(v.write_xlsx(tables, tmp_path / "n.xlsx", sheet_names=["项目:1", "项目2"]))
    assert wb.sheetnames == ["项目_1", "项目2"]


def test_docx_tables_and_merges(sample, tmp_path):
    other = v.parse_grid(_grid(tmp_path, "第二张表 | <\n甲 | 1.50\n", "s999-02-b.grid"))
    document = docx.Document(v.write_docx([sample, other], tmp_path / "d.docx"))
    assert len(document.tables) == 2
    assert [p.text for p in document.paragraphs] == ["附件3", "附件2"]
    table = document.tables[0]
    assert table.cell(0, 0).text == "项目自评表"
    assert table.cell(0, 0)._tc is table.cell(0, 3)._tc
    assert table.cell(0, 0)._tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "4"
    # Vertical merge: the label cell spans rows 3-5, the note block rows 6-7 and columns 2-4.
    assert table.cell(2, 0)._tc is table.cell(4, 0)._tc
    assert table.cell(5, 1)._tc is table.cell(6, 3)._tc
    assert table.cell(5, 0)._tc is table.cell(6, 0)._tc
    assert table.cell(5, 1).text == "第一行\n第二行"
    assert table.cell(7, 1).text == "无"
    assert table.cell(3, 2).text == "1,234.50"
    assert table.cell(3, 1)._tc is not table.cell(3, 2)._tc
    assert document.tables[1].cell(1, 1).text == "1.50"


def test_build_corpus(tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "s997-01-a.grid").write_text(SAMPLE, encoding="utf-8")
    (tables / "s997-02-b.grid").write_text("表二 | <\n甲 | 2.00\n", encoding="utf-8")
    (tables / "s996-01-c.grid").write_text("表三\n1\n", encoding="utf-8")
    (tables / "s997-02-b.expected.json").write_text('{"unit": {"name": "某单位"}}', encoding="utf-8")
    files = v.build_corpus(tables, tmp_path / "out")
    per_table = [x for x in v.VARIANTS if x.scope == "table"]
    assert len(files) == 3 * len(per_table) + 2 * (len(v.VARIANTS) - len(per_table))
    assert all(f.path.exists() for f in files)
    assert len({f.path for f in files}) == len(files)
    stacked = next(f for f in files if f.variant == "seed-stacked" and "s997-01-a" in f.table_ids)
    assert stacked.table_ids == ("s997-01-a", "s997-02-b")
    with pytest.raises(FileNotFoundError):
        stacked.expected(tables)  # a has no .expected.json
    ws = openpyxl.load_workbook(stacked.path).active
    second = stacked.placements[1]
    assert ws.cell(second.top, second.left).value == "表二"
    assert ws.cell(second.top - 1, second.left).value == "附件2"
    above = next(f for f in files if f.variant == "above3-offset1" and f.table_ids == ("s997-02-b",))
    ws = openpyxl.load_workbook(above.path).active
    assert ws["B2"].value == "填报单位（盖章）：某单位"
    assert ws.cell(above.placements[0].top, above.placements[0].left).value == "表二"
    assert v.load_expected("s997-02-b", tables) == {"unit": {"name": "某单位"}}


def test_real_tables_parse():
    """Every typed table in tables/ parses, with merges inside the table."""
    for table in v.load_tables():
        assert table.n_rows and table.n_cols, table.id
        for top, left, bottom, right in table.merges:
            assert 1 <= top <= bottom <= table.n_rows and 1 <= left <= right <= table.n_cols, table.id


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_write_xls(sample, tmp_path):
    xlsx = v.write_xlsx(sample, tmp_path / "s999-01-sample.xlsx")
    xls = v.write_xls(xlsx, tmp_path / "xls")
    assert xls is not None and xls.suffix == ".xls"
    assert xls.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")  # OLE2 compound file
