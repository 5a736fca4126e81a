"""The validator's outputs as a person reads them: Chinese first, values as the form shows them, no live
formula anywhere, links that survive moving the folder (issue 13, "Chinese first, everywhere a person reads").
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.security.test_injection import formula_cells
from tests.validate.conftest import build, overwrite
from workbook_tools.validate.annotate import annotate_workbook
from workbook_tools.validate.finding import Finding, shown_values
from workbook_tools.validate.marks import HEADERS, RESULT_SHEET
from workbook_tools.validate.output import REPORT_HEADERS, to_html, to_json, to_text, write_report, write_xlsx
from workbook_tools.validate.report import BatchReport
from workbook_tools.validate.workbook import validate_workbook

SEED = "xiangyang-dept-execution-over-100"


def xml_formulas(path: Path) -> list[str]:
    """Every <f> element of every sheet, read from the XML itself (what Excel would compute)."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                found += [f"{name}: {m}" for m in re.findall(r"<f[ >][^<]*", zf.read(name).decode("utf-8"))]
    return found


@pytest.fixture
def tampered(tmp_path: Path):
    """A return whose 得分 formula (I10) was typed over with 5, validated and written out as the collector does."""
    src = build(tmp_path, SEED, "襄阳科协-自评表.xlsx")
    overwrite(src, "I10", 5)
    report = validate_workbook(src)
    out = tmp_path / "输出"
    copy = annotate_workbook(src, report.findings, out / "标注副本" / "襄阳科协_校验.xlsx")
    batch = BatchReport([report])
    xlsx = write_xlsx(batch, out / "report.xlsx", {report.file: copy.resolve()})
    page = write_report(batch, "html", out / "report.html", {report.file: copy.resolve()})
    return src, batch, copy, xlsx, page


def _overwritten(batch: BatchReport) -> Finding:
    (f,) = [f for f in batch.findings if f.code == "FORMULA_OVERWRITTEN"]
    return f


def test_overwritten_formula_is_said_in_words(tampered):
    _src, batch, *_ = tampered
    f = _overwritten(batch)
    assert f.message == "此单元格应由公式计算，已被改为常量 5"
    assert "=" not in f.message and "=IF(" not in f.message
    assert f.expected.startswith("=")  # the machine value is kept: JSON still has the formula text
    assert json.loads(to_json(batch))["reports"][0]["findings"][0]["code"]
    assert shown_values(f) == ("由公式计算", "5.00")
    assert "=IF(" not in to_text(batch)
    page = to_html(batch)  # the formula text only in the last, detail column
    assert page.count("=IF(") == page.count("<td>应有公式：=IF(") == 1


def test_edited_formula_is_said_in_words(tmp_path):
    src = build(tmp_path, SEED)
    overwrite(src, "G6", "=F6/E6*1.1")
    (f,) = [f for f in validate_workbook(src).findings if f.code == "FORMULA_OVERWRITTEN"]
    assert f.message.startswith("此单元格应由公式计算，公式被改动") and "=" not in f.message
    assert shown_values(f) == ("由公式计算", "公式已被改动")


def test_cached_value_mismatch_message_shows_the_form_values():
    f = Finding.make("CACHED_VALUE_MISMATCH", "funding[0].rate", expected=1.1443, actual=0.5)
    assert "50.00%" in f.message and "114.43%" in f.message
    assert (f.expected, f.actual) == (1.1443, 0.5)


def test_report_xlsx_holds_no_formula(tampered):
    _src, _batch, _copy, xlsx, _page = tampered
    assert xml_formulas(xlsx) == []
    wb = openpyxl.load_workbook(xlsx)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    # Every value is text, none live; the 序号 column alone holds numbers, which we wrote ourselves.
    assert all(c.data_type == "s" for c in cells if c.value is not None and c.column > 1)
    ws = wb["校验结果"]
    row = next(
        r for r in ws.iter_rows(min_row=2) if r[REPORT_HEADERS.index("代码")].value == "FORMULA_OVERWRITTEN"
    )
    shown = {h: c.value for h, c in zip(REPORT_HEADERS, row, strict=False)}
    assert shown["应为"] == "由公式计算" and shown["实际"] == "5.00"
    assert "=IF(" not in shown["问题"]
    assert shown["公式原文"].startswith("应有公式：=")  # the expected formula, only as text, last


def test_annotated_copy_adds_no_formula(tampered):
    src, _batch, copy, _xlsx, _page = tampered
    # The copy keeps the source's own formulas (the template's, minus the one typed over) and adds none.
    assert formula_cells(copy) == formula_cells(src)
    results = openpyxl.load_workbook(copy)[RESULT_SHEET]
    cells = [c for row in results.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [str(c.value) for c in cells if c.value is not None]
    assert not [t for t in texts if "=IF(" in t and not t.startswith("应有公式：")]
    comment = openpyxl.load_workbook(copy)["自评表"]["I10"].comment.text
    assert "已被改为常量 5" in comment and "=IF(" not in comment


def test_columns_lead_with_chinese_and_errors_come_first(tampered):
    _src, batch, copy, xlsx, page = tampered
    lead = ("工作表", "单元格", "严重程度", "问题", "应为", "实际")
    assert REPORT_HEADERS[:3] == ("序号", "文件", "单位") and REPORT_HEADERS[3:9] == lead
    assert HEADERS[0] == "序号" and HEADERS[1:7] == lead
    assert set(REPORT_HEADERS[9:]) == set(HEADERS[7:]) == {"代码", "字段", "公式原文"}
    ws = openpyxl.load_workbook(xlsx)["校验结果"]
    assert tuple(c.value for c in ws[1]) == REPORT_HEADERS
    results = openpyxl.load_workbook(copy)[RESULT_SHEET]
    assert tuple(c.value for c in results[1])[: len(HEADERS)] == HEADERS
    rank = {"错误": 0, "需说明": 1, "提示": 2}
    for rows, col in ((ws, REPORT_HEADERS.index("严重程度")), (results, HEADERS.index("严重程度"))):
        levels = [rank[r[col].value] for r in rows.iter_rows(min_row=2) if r[0].value != "合计"]
        assert levels == sorted(levels) and len(levels) == len(batch.findings)
    heads = re.findall(r"<th>([^<]*)</th>", page.read_text(encoding="utf-8"))
    assert tuple(heads[-len(HEADERS[1:]) :]) == HEADERS[1:]
    # The file column shows the whole file name.
    file_col = openpyxl.load_workbook(xlsx)["校验结果"].column_dimensions["B"].width
    assert file_col >= 2 * len(Path(batch.reports[0].file).stem)


def test_links_are_relative_to_the_report(tampered):
    _src, _batch, _copy, xlsx, page = tampered
    ws = openpyxl.load_workbook(xlsx)["校验结果"]
    links = [r[4].hyperlink for r in ws.iter_rows(min_row=2) if r[4].hyperlink is not None]
    assert links
    for link in links:
        target = link.target.replace("\\", "/")
        assert target.startswith("标注副本/") and target.endswith("_校验.xlsx"), target
        assert str(xlsx.parent) not in target and not target.startswith(("/", "file:"))
    assert 'href="%E6%A0%87%E6%B3%A8%E5%89%AF%E6%9C%AC/' in page.read_text(encoding="utf-8")


def test_rates_amounts_and_scores_as_the_form_shows_them():
    low = Finding.make(
        "EXEC_REASON_MISSING",
        "funding[0].reason",
        rate="78.00%",
        threshold="90.00%",
        actual=0.78,
        expected=">= 0.9",
    )
    assert shown_values(low) == ("≥ 90.00%", "78.00%")
    assert (low.expected, low.actual) == (">= 0.9", 0.78)  # JSON keeps the machine values
    over = Finding.make(
        "EXEC_RATE_OVER_100",
        "funding[0].executed",
        rate="112.50%",
        executed="112.5",
        budget="100",
        expected="<= 100%",
        actual="112.50%",
    )
    assert shown_values(over) == ("≤ 100.00%", "112.50%")
    total = Finding.make(
        "FUNDING_TOTAL_MISMATCH", "funding[0].executed", column="执行数", expected=100, actual=99.5
    )
    assert shown_values(total) == ("100.00", "99.50")
    score = Finding.make("SCORE_MISMATCH", "indicators[0].score", n=1, expected=9.5, actual=10)
    assert shown_values(score) == ("9.50", "10.00")
    long = Finding.make("TEXT_TOO_LONG", "conclusion.summary", label="总结", expected=200, actual=250)
    assert shown_values(long) == ("200", "250")
