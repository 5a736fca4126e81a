"""Values as offices type them, through the one reader: text amounts, Excel percentages, merges, error values."""

from __future__ import annotations

import openpyxl

from tests.validate.conftest import build, overwrite
from workbook_tools.read.reader import read_file
from workbook_tools.validate.workbook import validate_workbook

MIANYANG = [
    ["附件1"],
    ["市科协项目绩效目标自评表"],
    ["（2021年度）"],
    ["政策（项目）名称", None, "科普经费"],
    ["项目主管部门", None, "绵阳市科学技术协会", None, "资金使用单位", "绵阳市科学技术协会"],
    ["项目资金（万元）", None, "全年预算数", "全年执行数", "预算执行率"],
    [None, "年度资金总额：", "13.50", "13.50万元", 1.0],
    [None, "其中：市级财政资金", "１３．５０", "13.50", 1.0],
    ["总体目标完成情况", "总体目标", None, "全年实际完成情况"],
    [None, "开展科普活动", None, "开展了科普活动"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"],
    [None, "产出指标", "数量指标", "开展活动", "≥20次", "30次"],
    [None, None, "质量指标", "满意度", 0.9, 0.92],
    [None, None, None, "知晓率", "≥90%", 0.95],
    [None, None, None, None, "≥80%", 0.85],
    ["说明", "无"],
]


def _typed_workbook(path, rows, *, percent_rows=(), merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                cell = ws.cell(r, c, value)
                if isinstance(value, float) and r in percent_rows:
                    cell.number_format = "0%"
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def test_text_amounts_percentages_and_merges_read_as_typed(tmp_path):
    path = _typed_workbook(
        tmp_path / "绵阳.xlsx", MIANYANG, percent_rows=(7, 8, 13, 14, 15), merges=("D14:D15", "B12:B15")
    )
    [record] = read_file(path).records
    se = record.se
    assert (record.variant, se.form, se.year) == ("mianyang", "sc-project-2021", 2021)
    assert [(f.adjusted, f.executed) for f in se.funding] == [(13.5, 13.5), (13.5, 13.5)]
    assert record.printed["funding[0].rate"] == "100%"
    assert se.indicators[1].target == "90%" and se.indicators[1].actual == "92%"
    # A 三级指标 merged over two rows belongs to both; so does the merged 一级指标.
    assert [i.name for i in se.indicators] == ["开展活动", "满意度", "知晓率", "知晓率"]
    assert {i.level1 for i in se.indicators} == {"产出指标"}
    assert record.layout.locate("indicators[3].target") == ("Sheet1", "E15")
    assert not [f for f in record.findings if f.code in ("AMOUNT_NOT_NUMBER", "FORM_BLOCK_MISSING")]


def test_an_amount_that_is_no_number_and_an_error_value_are_findings(tmp_path):
    rows = [list(r) for r in MIANYANG]
    rows[6][2], rows[7][3] = "十三万", "#DIV/0!"
    report = validate_workbook(_typed_workbook(tmp_path / "bad.xlsx", rows))
    found = {(f.code, f.cell) for f in report.findings}
    assert {("AMOUNT_NOT_NUMBER", "C7"), ("CELL_ERROR_VALUE", "D8")} <= found
    assert "VALIDATOR_INTERNAL_ERROR" not in {f.code for f in report.findings}


def test_a_form_missing_a_block_says_which(tmp_path):
    rows = [r for i, r in enumerate(MIANYANG, 1) if i not in (9, 10)]  # no 总体目标 block
    report = validate_workbook(_typed_workbook(tmp_path / "no-goals.xlsx", rows))
    missing = [f for f in report.findings if f.code == "FORM_BLOCK_MISSING"]
    assert len(missing) == 1 and "年度目标" in missing[0].message


def test_hubei_total_line_is_not_an_indicator(tmp_path):
    rows = [
        ["2021年度市科协部门整体绩效自评表"],
        ["单位名称", "襄阳市科学技术协会", None, "填报日期", "2022年3月"],
        ["基本支出总额", "990.69万元", None, "项目支出总额", "2023.73万元"],
        [
            "预算执行情况（万元）（20分）",
            None,
            "预算数（A）",
            "执行数（B）",
            "执行率（B/A）",
            "得分（20分*执行率）",
        ],
        [None, "部门整体支出总额", 2634.17, 3014.42, "114.44%", 20],
        ["年度目标（80分）", "做好科普工作"],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"],
        [None, "产出指标（40分）", "数量指标", "项目个数", "7个", "8个", 40],
        [None, "满意度指标（10分）", "满意度", "受众满意度", "90%以上", "96.5%", 10],
        ["总分", "70分"],
        ["偏差大或目标未完成原因分析", "无"],
        ["改进措施及结果应用方案", "加强管理"],
    ]
    [record] = read_file(_typed_workbook(tmp_path / "襄阳.xlsx", rows)).records
    assert record.variant == "hubei-printed" and len(record.se.indicators) == 2
    assert record.printed["total"] == 70
    assert record.se.department.basic_expenditure == 990.69
    assert record.se.conclusion.improvements == "加强管理"


def test_text_typed_into_our_template_amount_cells(tmp_path):
    path = build(tmp_path, "mianyang-a03-clean", "text-amounts.xlsx")
    overwrite(path, "D7", "13.50")  # a 文本-formatted cell or a paste leaves text in an amount cell
    report = validate_workbook(path)
    assert "FILE_UNREADABLE" not in {f.code for f in report.findings}
    [record] = read_file(path).records
    assert record.se.funding[1].adjusted == 13.5


def test_text_that_starts_with_an_equals_sign_is_text_in_our_templates(tmp_path):
    # "=1+1" typed as text (a 文本 cell, or a paste) is stored as a string: it is a name, not a formula.
    path = build(tmp_path, "mianyang-a03-clean", "equals-text.xlsx")
    wb = openpyxl.load_workbook(path)
    cell = wb["自评表"]["C3"]
    cell.value, cell.data_type = "=1+1", "s"
    wb.save(path)
    [record] = read_file(path).records
    assert record.se.project.name == "=1+1"
    report = validate_workbook(path)
    assert ("REQUIRED_FIELD_MISSING", "C3") not in {(f.code, f.cell) for f in report.findings}


def test_a_stamped_return_with_a_cell_past_excels_last_is_refused(tmp_path):
    from tests.validate.conftest import rewrite_part

    path = build(tmp_path, "mianyang-a03-clean", "far.xlsx")
    far = '<row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData>'
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("</sheetData>", far, 1))
    report = validate_workbook(path)
    assert [f.code for f in report.findings] == ["FILE_UNREADABLE"]
    assert "超出 Excel 工作表的范围" in report.findings[0].message
