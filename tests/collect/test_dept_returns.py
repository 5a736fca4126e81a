"""部门整体 returns (sc-dept-system, zj-dept-basic) through distribute → collect → consolidate: pre-filled
and locked from the roster, identified by their stamp, validated, shown on the board, and consolidated on
a 部门整体 sheet of their own instead of as 0-point projects."""

import json
from importlib import resources

import openpyxl
import pytest

from workbook_tools.cli import main
from workbook_tools.collect.distribute import distribute, read_manifest
from workbook_tools.collect.roster import RosterError, read_roster
from workbook_tools.collect.runner import NoInputError, consolidate_paths, process
from workbook_tools.xlsx.identity import read_identity

LIANGSHAN, LISHUI = "KX513400", "KX331100"


def _template(demo, code: str):
    [path] = demo["paths"]["02-下发模板"].glob(f"{code}-*.xlsx")
    return path


def test_distribute_sends_each_unit_its_own_form(demo):
    sent = {f.unit_code: f for f in read_manifest(demo["paths"]["02-下发模板"])}
    assert sent[LIANGSHAN].form == "sc-dept-system" and sent[LISHUI].form == "zj-dept-basic"
    assert {f.form for code, f in sent.items() if code not in (LIANGSHAN, LISHUI)} == {"mof-project"}
    identity = read_identity(_template(demo, LIANGSHAN))
    assert (identity.form, identity.unit_code, identity.unit_name) == (
        "sc-dept-system",
        LIANGSHAN,
        "凉山州科学技术协会",
    )
    assert identity.batch_id == sent[LIANGSHAN].batch_id


def test_prefilled_cells_are_locked_and_the_rest_open(demo):
    ws = openpyxl.load_workbook(_template(demo, LIANGSHAN))["指标体系"]
    assert ws["C2"].value == "凉山州科学技术协会" and ws["H2"].value == 2021
    assert ws["C2"].protection.locked and ws["H2"].protection.locked  # pre-filled from the roster
    assert ws.protection.sheet
    from workbook_tools.forms.registry import get_form

    spec = get_form("sc-dept-system")
    budget = spec.entry("system.facts.initial_budget").cell
    assert ws[budget].value == 686.54 and ws[budget].protection.locked  # the roster's 年初预算
    score = spec.entry("system.rows[0].score").cell
    assert ws[score].value is None and not ws[score].protection.locked  # what the department types
    ws = openpyxl.load_workbook(_template(demo, LISHUI))["基本情况表"]
    assert ws["D2"].value == "丽水市科学技术协会" and ws["D2"].protection.locked
    assert ws["B3"].value is None and not ws["B3"].protection.locked  # 评价联系人: typed by the unit


def test_a_distributed_department_template_is_blank_and_a_filled_one_is_not(demo):
    [blank] = process((str(_template(demo, LISHUI)), "blank.xlsx", None))
    assert blank.blank and blank.dept is not None and blank.project is None
    filled = next(demo["paths"]["03-回收文件"].rglob("丽水市科协*.xlsx"))
    [record] = process((str(filled), "filled.xlsx", None))
    assert not record.blank and record.project is None
    assert record.stamp == (LISHUI, "2021年度部门整体支出绩效评价基本情况表")
    assert record.dept["收入合计"] == pytest.approx(743.31) and record.dept["支出合计"] == pytest.approx(
        743.31
    )
    assert (record.dept["错误数"], record.dept["需说明数"]) == (1, 5)


def test_the_board_shows_department_returns_with_their_findings(demo):
    ws = openpyxl.load_workbook(demo["paths"]["04-回收情况.xlsx"])["回收情况"]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "单位编码" in r and "状态" in r and "错误数" in r)
    board = {r[rows[at].index("单位编码")]: dict(zip(rows[at], r, strict=False)) for r in rows[at + 1 :]}
    assert board[LIANGSHAN]["状态"] == "有错误" and board[LIANGSHAN]["错误数"] == 3
    assert (board[LISHUI]["状态"], board[LISHUI]["错误数"], board[LISHUI]["需说明数"]) == ("有错误", 1, 5)
    report = json.loads((demo["paths"]["05-校验结果"] / "report.json").read_text(encoding="utf-8"))
    [liangshan] = [r for r in report["reports"] if "凉山州科协" in r["file"]]
    codes = [f["code"] for f in liangshan["findings"]]
    assert codes.count("DEPT_RULE_SCORE_MISMATCH") == 3


def test_summary_has_a_department_sheet_and_no_department_project_rows(demo):
    wb = openpyxl.load_workbook(demo["paths"]["06-汇总.xlsx"])
    head, *rows = list(wb["部门整体"].iter_rows(values_only=True))
    data = {r[head.index("单位编码")]: dict(zip(head, r, strict=False)) for r in rows if r[0] != "合计"}
    assert [r["序号"] for r in data.values()] == [1, 2]
    ls = data[LIANGSHAN]
    assert ls["表单"] == "部门整体支出绩效评价指标体系" and ls["总分"] == 85
    # 一级 scores as the department typed them (Σ = 总分; the three rows its rules do not give are errors).
    assert ls["部门预算管理得分"] + ls["专项预算管理得分"] + ls["绩效结果应用得分"] == ls["总分"]
    assert data[LISHUI]["收入合计"] == pytest.approx(743.31) and data[LISHUI]["总分"] is None
    [total] = [dict(zip(head, r, strict=False)) for r in rows if r[0] == "合计"]
    assert total["单位名称"] == "共 2 个单位" and total["错误数"] == 4 and total["需说明数"] == 5
    units = [r[1] for r in wb["汇总"].iter_rows(min_row=2, values_only=True)]
    assert "凉山州科学技术协会" not in units and "丽水市科学技术协会" not in units
    notes = [r for r in wb["说明"].iter_rows(values_only=True) if r[0] == "部门整体报表数"]
    assert notes and "2 个" in notes[0][1]


def test_only_department_returns_consolidate_to_a_department_sheet(demo, tmp_path):
    files = sorted(demo["paths"]["03-回收文件"].rglob("*部门整体*.xlsx"))
    assert len(files) == 2
    summary, path = consolidate_paths(files, tmp_path / "s.xlsx", jobs=1)
    assert len(summary.projects) == 0 and sorted(summary.whole["单位编码"]) == sorted([LIANGSHAN, LISHUI])
    assert "部门整体" in openpyxl.load_workbook(path).sheetnames
    blank = [_template(demo, LIANGSHAN), _template(demo, LISHUI)]
    with pytest.raises(NoInputError, match="空白模板"):
        consolidate_paths(blank, tmp_path / "b.xlsx", jobs=1)


def test_a_project_only_summary_has_no_department_sheet(demo, tmp_path):
    [src] = demo["paths"]["03-回收文件"].rglob("西昌市科协-2021年度自评表.xlsx")
    _summary, path = consolidate_paths([src], tmp_path / "p.xlsx", jobs=1)
    assert "部门整体" not in openpyxl.load_workbook(path).sheetnames


def test_a_roster_form_must_be_known(tmp_path):
    roster = resources.files("workbook_tools") / "data" / "demo" / "roster.csv"
    text = roster.read_text(encoding="utf-8-sig").replace("zj-dept-basic", "zj-dept-nosuch")
    bad = tmp_path / "名单.csv"
    bad.write_text(text, encoding="utf-8-sig")
    with pytest.raises(RosterError, match="第 20 行.*表单.*zj-dept-nosuch"):
        read_roster(bad)


def test_distribute_cli_with_a_department_row(tmp_path, capsys):
    roster = read_roster(str(resources.files("workbook_tools") / "data" / "demo" / "roster.csv"))
    dist = distribute(roster, "mof-project", tmp_path / "out", batch_id="B1")
    assert len(dist.files) == 19
    assert main(["validate", str(tmp_path / "out" / dist.files[-1].file)]) in (0, 1)
    assert "zj-dept-basic" in capsys.readouterr().out


def test_distribute_xlsm_gives_department_rows_their_macro_form(tmp_path):
    from workbook_tools.collect.roster import Roster

    full = read_roster(str(resources.files("workbook_tools") / "data" / "demo" / "roster.csv"))
    roster = Roster(full.path, (full.rows[0], *(r for r in full.rows if r.form)))
    dist = distribute(roster, "mof-project", tmp_path / "out", batch_id="B2", xlsm=True)
    assert [f.form for f in dist.files] == ["mof-project", "sc-dept-system", "zj-dept-basic"]
    for sent in dist.files:
        path = tmp_path / "out" / sent.file
        assert path.suffix == ".xlsm"
        wb = openpyxl.load_workbook(path, keep_vba=True)
        assert "WT_REQUIRED_CELLS" in wb.defined_names
        assert (read_identity(path).form, read_identity(path).unit_code) == (sent.form, sent.unit_code)
    profiles = {f.form: read_identity(tmp_path / "out" / f.file).profile for f in dist.files}
    assert profiles["sc-dept-system"] == "liangshan-2021" and profiles["zj-dept-basic"] == "zhejiang-2021"


def test_consolidate_cli_counts_department_returns_apart(demo, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert main(["consolidate", str(demo["paths"]["03-回收文件"]), "-o", str(out), "--jobs", "1"]) == 0
    assert "已汇总 15 个项目、部门整体表 2 张，" in capsys.readouterr().out
