"""Files into Grids: xlsx, legacy .xls/.et, Word tables, and every way a file can fail to be one."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import etree
from openpyxl.chart import BarChart

from workbook_tools.read import wordtables
from workbook_tools.read.convert import ConversionError, libreoffice_can_convert
from workbook_tools.read.sources import grids_from_docx, grids_from_openpyxl, read_sources
from workbook_tools.read.wordtables import W_MAIN as W
from workbook_tools.read.wordtables import DocumentRefused
from workbook_tools.vba.cfb import build_cfb

needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) 未安装")


def _codes(result) -> list[str]:
    return [f.code for f in ((result.problem,) if result.problem else ()) + result.notes]


def _workbook_file(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:D1")
    ws["A3"], ws["B3"] = "执行率", 0.925
    ws["B3"].number_format = "0.0%"
    ws["A4"], ws["B4"] = "填报日期", dt.datetime(2021, 12, 31)
    ws["B4"].number_format = "yyyy-mm-dd"
    ws["A5"], ws["B5"], ws["C5"] = 13.5, 6, "=A5+B5"
    ws["D5"] = "#DIV/0!"
    ws["A6"] = "=不是公式"
    ws["A6"].data_type = "s"  # typed as text (a leading apostrophe in Excel): a value, not a formula
    ws["A8"] = "指标"
    ws.merge_cells("A8:B10")
    lists = wb.create_sheet("_lists")
    lists["A1"] = "是"
    lists.sheet_state = "veryHidden"
    kept = wb.create_sheet("备用")
    kept["B2"] = "隐藏但有内容"
    kept.sheet_state = "hidden"
    chart = BarChart()
    chart.add_data(openpyxl.chart.Reference(ws, min_col=1, min_row=5, max_col=2))
    wb.create_chartsheet("图表").add_chart(chart)
    wb.save(path)
    return path


def test_xlsx_values_as_typed_merges_spread_and_formulas_noted(tmp_path):
    result = read_sources(_workbook_file(tmp_path / "表.xlsx"))
    assert result.ok and result.container == "xlsx" and result.notes == ()
    # The helper sheet "_lists" and the chart sheet are left out; a hidden sheet with content is not.
    assert [g.name for g in result.grids] == ["自评表", "备用"]
    g = result.grids[0]
    assert g.value(3, 2) == "92.5%" and g.value(4, 2) == "2021-12-31"
    assert (g.value(5, 1), g.value(5, 2)) == (13.5, 6)
    assert g.value(5, 3) is None and g.formulas == {(5, 3)}
    assert g.value(5, 4) == "#DIV/0!" and g.value(6, 1) == "=不是公式"
    assert [g.value(1, c) for c in range(1, 5)] == ["项目支出绩效自评表"] * 4
    assert g.same_cell((1, 1), (1, 4)) and g.address(1, 4) == "A1"
    assert g.value(10, 2) == "指标" and g.anchor(10, 2) == (8, 1)
    assert (g.max_row, g.max_col) == (10, 4)


def test_openpyxl_array_formulas_are_formulas():
    from openpyxl.worksheet.formula import ArrayFormula

    wb = openpyxl.Workbook()
    wb.active["A1"] = ArrayFormula("A1", "=SUM(B1:B2*C1:C2)")
    grid = grids_from_openpyxl(wb)[0]
    assert grid.formulas == {(1, 1)} and grid.cells == {}


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph("一、基本情况")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).text = "项目名称"
    t.cell(0, 1).merge(t.cell(0, 3)).text = "科普经费"
    t.cell(1, 0).text = "项目资金"
    t.cell(1, 0).merge(t.cell(3, 0))
    t.cell(1, 1).text = "年初预算数"
    t.cell(1, 2).text = " 13.50 "
    cell = t.cell(2, 1)
    cell.text = "第一段"
    cell.add_paragraph("第二段")
    t.cell(2, 2).merge(t.cell(3, 3)).paragraphs[0].text = "块"
    t.cell(1, 3).add_table(rows=1, cols=1).cell(0, 0).text = "嵌套"
    d.add_paragraph("二、满意度")  # in a .doc, two tables with nothing between them become one
    t2 = d.add_table(rows=1, cols=2)
    t2.cell(0, 0).text, t2.cell(0, 1).text = "满意度", "95%"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_docx_tables_with_horizontal_and_vertical_merges(tmp_path):
    path = tmp_path / "自评.docx"
    path.write_bytes(_docx_bytes())
    result = read_sources(path)
    assert result.ok and result.container == "docx"
    first, second = result.grids
    assert (first.name, first.kind, second.name) == ("表格1", "table", "表格2")
    rows = [[first.text(r, c) for c in range(1, 5)] for r in range(1, 5)]
    assert rows == [
        ["项目名称", "科普经费", "科普经费", "科普经费"],
        ["项目资金", "年初预算数", "13.50", ""],  # numbers stay text; a nested table is not the cell's text
        ["项目资金", "第一段\n第二段", "块", "块"],
        ["项目资金", "", "块", "块"],
    ]
    assert first.anchor(4, 1) == (2, 1) and first.anchor(4, 4) == (3, 3) and first.anchor(1, 4) == (1, 2)
    assert first.address(4, 4) == "第3行第3列"
    assert (first.max_row, first.max_col) == (4, 4)
    assert second.cells == {(1, 1): "满意度", (1, 2): "95%"}


def _with_document_xml(data: bytes, rewrite) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, rewrite(body) if info.filename == "word/document.xml" else body)
    return out.getvalue()


def test_docx_with_a_dtd_is_refused_and_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")

    def add_entity(xml: bytes) -> bytes:
        head, rest = xml.split(b"?>", 1)
        dtd = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'.encode()
        return head + b"?>" + dtd + rest.replace(b"13.50", b"&x;")

    bad = _with_document_xml(_docx_bytes(), add_entity)
    with pytest.raises(DocumentRefused):
        grids_from_docx(bad)
    result = read_sources(tmp_path / "x.docx", bad)
    assert _codes(result) == ["FILE_UNREADABLE"] and "不安全" in result.problem.message


def _minimal_docx(body: str, ns: str = W) -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": xml.encode()})


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


@pytest.mark.parametrize("ns", [W, "http://purl.oclc.org/ooxml/wordprocessingml/main"])
def test_docx_xml_that_python_docx_glosses_over(ns):
    tracked = (
        "<w:tc><w:p><w:r><w:t>13</w:t></w:r><w:del><w:r><w:delText>.00</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>.50</w:t></w:r></w:ins><w:r><w:tab/><w:t>万元</w:t></w:r></w:p></w:tc>"
    )
    span = "<w:gridSpan w:val='2'/>"
    body = (
        "<w:sdt><w:sdtContent><w:tbl>"
        f"<w:tr>{_tc('项目', '<w:vMerge/>')}{_tc('甲')}{_tc('乙')}</w:tr>"  # a "continue" with nothing above
        f"<w:tr>{_tc('', '<w:vMerge/>')}{tracked}{_tc('x')}</w:tr>"
        f"<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>{_tc('右', span)}</w:tr>"
        "</w:tbl></w:sdtContent></w:sdt>"
    )
    (grid,) = grids_from_docx(_minimal_docx(body, ns))
    assert [[grid.text(r, c) for c in (1, 2, 3)] for r in (1, 2, 3)] == [
        ["项目", "甲", "乙"],
        ["项目", "13.50\t万元", "x"],
        ["", "右", "右"],
    ]
    assert (grid.max_row, grid.max_col) == (3, 3) and grid.anchor(3, 3) == (3, 2)


def test_the_xml_parser_never_expands_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    xml = f'<!DOCTYPE a [<!ENTITY x SYSTEM "{secret.as_uri()}"><!ENTITY y "内部">]><a>&x;&y;</a>'
    root = etree.fromstring(xml.encode(), wordtables._PARSER)
    assert "机密" not in etree.tostring(root, encoding="unicode") and not root.text


def test_unreadable_files_become_one_problem_never_a_traceback(tmp_path):
    cases = {
        "坏.xlsx": b"PK\x03\x04garbage",
        "空.xlsx": b"",
        "乱.xls": b"\x00\x01 not anything",
        "网页.xls": b"<html><body><table><tr><td>1</td></tr></table></body></html>",
        "文本.docx": "项目名称，金额".encode(),
    }
    for name, data in cases.items():
        result = read_sources(tmp_path / name, data)
        assert _codes(result) == ["FILE_UNREADABLE"] and result.grids == [], name
    assert "文件为空" in read_sources(tmp_path / "空.xlsx", b"").problem.message
    assert "网页" in read_sources(tmp_path / "网页.xls", cases["网页.xls"]).problem.message
    assert "或文件已损坏" in read_sources(tmp_path / "乱.xls", cases["乱.xls"]).problem.message
    assert "无法打开" in read_sources(tmp_path / "不存在.xlsx").problem.message


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body in entries.items():
            zf.writestr(name, body)
    return out.getvalue()


def test_zip_packages_are_told_apart_by_content(tmp_path):
    xlsb = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00"})
    assert ".xlsb" in read_sources(tmp_path / "a.xlsx", xlsb).problem.message
    returns = _zip({"西昌/自评表.xlsx": b"PK"})
    assert "压缩包" in read_sources(tmp_path / "回执.xlsx", returns).problem.message
    broken = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-closed"})
    result = read_sources(tmp_path / "b.xlsx", broken)
    assert _codes(result) == ["FILE_UNREADABLE"] and "工作簿内容已损坏" in result.problem.message
    no_body = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert _codes(read_sources(tmp_path / "c.docx", no_body)) == ["FILE_UNREADABLE"]  # unbound prefix
    # A workbook named like a Word document is read as what it is.
    data = _workbook_file(tmp_path / "真.xlsx").read_bytes()
    assert read_sources(tmp_path / "名不副实.docx", data).container == "xlsx"


def test_ole_files_by_their_root_streams(tmp_path):
    doc = build_cfb({"WordDocument": b"\x00" * 5000, "1Table": b"\x00" * 100, "ObjectPool/_1/Workbook": b"x"})
    result = read_sources(tmp_path / "自评.doc", doc)
    assert _codes(result) == ["FILE_DOC_UNSUPPORTED"] and ".docx" in result.problem.message
    encrypted = build_cfb({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"\x00" * 5000})
    assert _codes(read_sources(tmp_path / "密.xlsx", encrypted)) == ["FILE_ENCRYPTED"]
    garbage_biff = build_cfb({"Workbook": b"\x09\x08garbage" * 500})
    result = read_sources(tmp_path / "坏.xls", garbage_biff)
    assert _codes(result) == ["FILE_UNREADABLE"] and "旧版工作簿" in result.problem.message
    truncated = read_sources(tmp_path / "断.xls", doc[:700])
    assert _codes(truncated) == ["FILE_UNREADABLE"]
    other = build_cfb({"PowerPoint Document": b"\x00" * 10})
    assert _codes(read_sources(tmp_path / "x.ppt", other)) == ["FILE_UNREADABLE"]


@pytest.mark.libreoffice
@needs_soffice
def test_legacy_xls_and_et_read_by_calamine(tmp_path):
    from workbook_tools.oracle.libreoffice import convert

    xls = convert([_workbook_file(tmp_path / "表.xlsx")], tmp_path / "out", "xls:MS Excel 97")[0]
    result = read_sources(xls)
    assert result.ok and result.container == "xls" and _codes(result) == ["FILE_VALUES_ONLY"]
    # LibreOffice has no chart sheets: it writes "图表" as an ordinary, empty worksheet.
    assert [(g.name, bool(g.cells)) for g in result.grids] == [("自评表", 1), ("备用", 1), ("图表", 0)]
    g = result.grids[0]
    assert g.value(3, 2) == 0.925  # no number formats through calamine: the stored fraction
    assert g.value(4, 2) == "2021-12-31"
    assert g.value(5, 3) == 19.5 and g.formulas == set()  # the cached result; formulas are not visible
    assert g.value(5, 4) == "#DIV/0!" or g.value(5, 4) is None
    assert g.value(10, 2) == "指标" and g.anchor(10, 2) == (8, 1) and g.value(1, 4) == "项目支出绩效自评表"
    et = tmp_path / "表.et"
    shutil.copyfile(xls, et)
    assert read_sources(et).container == "et"


def test_doc_conversion_result_is_read_as_docx(tmp_path, monkeypatch):
    import workbook_tools.read.sources as sources

    def fake_convert(path, target, out_dir):
        out = Path(out_dir, "converted.docx")
        out.parent.mkdir(parents=True)
        out.write_bytes(_docx_bytes())
        return out

    doc = build_cfb({"WordDocument": b"\x00" * 5000})
    monkeypatch.setattr(sources, "libreoffice_can_convert", lambda target: True)
    monkeypatch.setattr(sources, "convert_with_libreoffice", fake_convert)
    assert _codes(read_sources(tmp_path / "a.wps", doc)) == ["FILE_DOC_UNSUPPORTED"]  # not asked to convert
    result = read_sources(tmp_path / "a.wps", doc, convert_legacy=True)
    assert result.container == "docx" and _codes(result) == ["FILE_CONVERTED"] and len(result.grids) == 2

    def failing(path, target, out_dir):
        raise ConversionError("LibreOffice 转换失败：超时 60 秒")

    monkeypatch.setattr(sources, "convert_with_libreoffice", failing)
    assert _codes(read_sources(tmp_path / "a.doc", doc, convert_legacy=True)) == ["FILE_DOC_UNSUPPORTED"]


@pytest.mark.libreoffice
@pytest.mark.skipif(not libreoffice_can_convert("docx"), reason="LibreOffice Writer 未安装")
def test_doc_is_converted_by_libreoffice_when_asked(tmp_path):
    from workbook_tools.oracle.libreoffice import convert

    source = tmp_path / "自评.docx"
    source.write_bytes(_docx_bytes())
    # Through .odt: LibreOffice 7.4 drops the tables when it writes a .docx straight out as .doc.
    odt = convert([source], tmp_path / "odt", "odt")[0]
    doc = convert([odt], tmp_path / "out", "doc:MS Word 97")[0]
    assert _codes(read_sources(doc)) == ["FILE_DOC_UNSUPPORTED"]
    result = read_sources(doc, convert_legacy=True)
    assert result.ok and result.container == "docx" and _codes(result) == ["FILE_CONVERTED"]
    assert [g.name for g in result.grids] == ["表格1", "表格2"]
    assert result.grids[0].text(1, 4) == "科普经费" and result.grids[0].text(4, 1) == "项目资金"
