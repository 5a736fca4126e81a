"""Roster parsing: documented columns, preset indicators, and clear Chinese errors with row numbers."""

import csv

import pytest
import xlsxwriter

from workbook_tools.collect.roster import RosterError, read_roster

HEAD = ["单位编码", "单位名称", "上级单位", "项目名称", "主管部门", "年初预算", "调整后预算"]


def write_csv(path, rows, header=HEAD, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_csv_with_indicators(tmp_path):
    header = [
        *HEAD,
        "指标1名称",
        "指标1性质",
        "指标1指标值",
        "指标1单位",
        "指标1权重",
        "指标1一级",
        "指标1二级",
    ]
    path = write_csv(
        tmp_path / "r.csv",
        [
            [
                "001",
                "甲县科协",
                "某市科协",
                "科普项目",
                "甲县科协",
                "10",
                "12.5",
                "培训",
                "≥",
                "30",
                "次",
                "20",
                "产出指标",
                "数量指标",
            ]
        ],
        header,
    )
    roster = read_roster(path)
    row = roster.rows[0]
    assert (row.code, row.name, row.parent, row.initial, row.adjusted) == (
        "001",
        "甲县科协",
        "某市科协",
        10,
        12.5,
    )
    assert row.executor == "甲县科协"  # 实施单位 defaults to the unit
    ind = row.indicators[0]
    assert (ind.name, ind.nature, ind.target, ind.unit, ind.weight, ind.level1) == (
        "培训",
        "≥",
        30,
        "次",
        20,
        "产出指标",
    )


def test_gbk_csv_as_saved_by_chinese_excel(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["1", "乙县科协", "", "项目", "乙县", "1", "1"]], encoding="gbk")
    assert read_roster(path).rows[0].name == "乙县科协"


def test_xlsx_with_numeric_codes(tmp_path):
    path = tmp_path / "r.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEAD)
    ws.write_row(1, 0, [510101, "丙县科协", None, "项目", "丙县", 5, 6])
    wb.close()
    assert read_roster(path).rows[0].code == "510101"


def test_missing_columns_are_named(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["1", "甲"]], header=["单位编码", "单位名称"])
    with pytest.raises(RosterError, match="缺少必需的列：项目名称、主管部门、年初预算、调整后预算"):
        read_roster(path)


def test_duplicate_code_names_both_rows(tmp_path):
    rows = [
        ["A1", "甲", "", "p", "d", "1", "1"],
        ["A2", "乙", "", "p", "d", "1", "1"],
        ["A1", "丙", "", "p", "d", "1", "1"],
    ]
    with pytest.raises(RosterError, match="第 4 行：单位编码“A1”与第 2 行重复"):
        read_roster(write_csv(tmp_path / "r.csv", rows))


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ({"单位编码": ""}, "第 2 行：“单位编码”为空"),
        ({"年初预算": "十万"}, "第 2 行“年初预算”应为金额"),
        ({"调整后预算": "-3"}, "不能为负数"),
        # float() reads these, but no form can hold them (they used to fail later, at writing, by cell)
        ({"年初预算": "nan"}, "第 2 行“年初预算”应为金额（万元），实际为“nan”"),
        ({"调整后预算": "inf"}, "第 2 行“调整后预算”应为金额"),
        ({"调整后预算": "1e999"}, "第 2 行“调整后预算”应为金额"),
    ],
)
def test_bad_cells_name_the_row(tmp_path, cell, message):
    values = dict(zip(HEAD, ["A1", "甲", "", "p", "d", "1", "1"], strict=True)) | cell
    with pytest.raises(RosterError, match=message):
        read_roster(write_csv(tmp_path / "r.csv", [list(values.values())]))


def test_unknown_column_and_indicator_without_name(tmp_path):
    with pytest.raises(RosterError, match="无法识别的列：备注"):
        read_roster(
            write_csv(tmp_path / "a.csv", [["A", "甲", "", "p", "d", "1", "1", "x"]], [*HEAD, "备注"])
        )
    with pytest.raises(RosterError, match="“指标2名称”为空"):
        read_roster(
            write_csv(tmp_path / "b.csv", [["A", "甲", "", "p", "d", "1", "1", "30"]], [*HEAD, "指标2指标值"])
        )


def test_a_weight_that_is_no_number_is_called_a_weight(tmp_path):
    head = [*HEAD, "指标1名称", "指标1权重"]
    with pytest.raises(RosterError, match="“指标1权重”应为数字（分值），实际为“1e999”"):
        read_roster(
            write_csv(tmp_path / "w.csv", [["A", "甲", "", "p", "d", "1", "1", "培训", "1e999"]], head)
        )


def test_bundled_demo_roster():
    from importlib import resources

    path = resources.files("workbook_tools") / "data" / "demo" / "roster.csv"
    roster = read_roster(str(path))
    assert len(roster) == 19
    projects = [r for r in roster.rows if not r.form]  # 17 project units; 2 file a 部门整体 form
    assert len(projects) == 17
    assert sorted(r.form for r in roster.rows if r.form) == ["sc-dept-system", "zj-dept-basic"]
    assert all(sum(i.weight for i in r.indicators) == 90 for r in projects)
