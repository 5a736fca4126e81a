"""consolidate counts each unit once (newest version, zips too; annotated copies and blank templates skipped),
refuses an empty input, and collect, the validator's report and the 汇总 agree on every unit's counts."""

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from workbook_tools.cli import main
from workbook_tools.collect.demo_returns import BASE_TIME, _with_saved_time, _zip_gbk
from workbook_tools.collect.runner import UNIT_MISMATCH, NoInputError, consolidate_paths

MIANNING, HUILI, NINGNAN, XICHANG, LEIBO = "KX513433", "KX513402", "KX513427", "KX513401", "KX513437"
LIANGSHAN, LISHUI = "KX513400", "KX331100"  # the demo's two 部门整体 returns (sc-dept-system, zj-dept-basic)


def _returns(demo) -> Path:
    return demo["paths"]["03-回收文件"]


def _template(demo, code: str) -> Path:
    [path] = demo["paths"]["02-下发模板"].glob(f"{code}-*.xlsx")
    return path


@pytest.fixture(scope="module")
def mixed(demo, tmp_path_factory) -> Path:
    """A return and its newer version inside a zip (冕宁), a return and our annotated copy of it (会理),
    blank templates (西昌, who sent nothing else here, and 雷波), a corrupt file (昭觉), a wrong unit (宁南)."""
    folder = tmp_path_factory.mktemp("mixed")
    mail = _returns(demo) / "邮件附件"
    for name in (
        "冕宁县科协自评表.xlsx",
        "冕宁县科协（修改后）.zip",
        "会理市科协-2021年度自评表.xlsx",
        "昭觉县科协-2021年度自评表.xlsx",
        "宁南县科协-2021年度自评表.xlsx",
    ):
        shutil.copyfile(mail / name, folder / name)
    [annotated] = (demo["paths"]["05-校验结果"] / "标注副本").glob(f"{HUILI}-*_校验.xlsx")
    shutil.copyfile(annotated, folder / "会理-改名了.xlsx")  # recognised by its marks, not its name
    for code in (XICHANG, LEIBO):
        shutil.copyfile(_template(demo, code), folder / f"空白-{code}.xlsx")
    return folder


def test_one_row_per_unit_newest_version_and_skip_notes(mixed):
    summary, _path = consolidate_paths([mixed], mixed.parent / "mixed-汇总.xlsx", jobs=1)
    proj = summary.projects.set_index("单位编码")
    assert sorted(proj.index) == sorted([MIANNING, HUILI, NINGNAN])
    assert "修改后" in proj.loc[MIANNING, "文件"]  # the newer version, from inside the zip
    assert proj.loc[HUILI, "文件"].endswith("会理市科协-2021年度自评表.xlsx")  # the original, not our copy
    skipped = dict(summary.skipped)
    assert len(skipped) == 4
    assert "较旧的版本" in skipped[str(mixed / "冕宁县科协自评表.xlsx")]
    assert "标注副本" in skipped[str(mixed / "会理-改名了.xlsx")]
    assert all("空白模板" in skipped[str(mixed / f"空白-{c}.xlsx")] for c in (XICHANG, LEIBO))
    # The corrupt file is not a row, but its finding is in 问题清单.
    corrupt = summary.findings[summary.findings["文件"].str.contains("昭觉")]
    assert len(corrupt) == 1 and corrupt.iloc[0]["级别"] == "错误"
    # The wrong unit is an error of 宁南's, counted in its row as in 问题清单.
    ningnan = summary.findings[summary.findings["单位编码"] == NINGNAN]
    assert list(ningnan[ningnan["级别"] == "错误"]["代码"]) == [UNIT_MISMATCH]
    assert proj.loc[NINGNAN, "错误数"] == 1
    assert (proj.loc[MIANNING, "错误数"], proj.loc[MIANNING, "需说明数"]) == (0, 0)
    assert (proj.loc[HUILI, "错误数"], proj.loc[HUILI, "需说明数"]) == (0, 3)
    _assert_rows_count_their_findings(summary.projects, summary.findings)


def test_cli_prints_skips_and_counts(mixed, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert main(["consolidate", str(mixed), "-o", str(out), "--jobs", "1"]) == 0
    text = capsys.readouterr().out
    assert sum(line.startswith("未汇总：") for line in text.splitlines()) == 4 and "已汇总 3 个项目" in text
    wb = openpyxl.load_workbook(out)
    notes = "\n".join(str(c) for row in wb["说明"].iter_rows(values_only=True) for c in row if c)
    assert "未汇总的文件" in notes and "会理-改名了.xlsx" in notes


def test_copies_of_units_count_once(demo, tmp_path):
    """40 copies of 13 units' returns, saved at different times → 13 rows, each the newest copy."""
    sources = sorted(
        p
        for p in _returns(demo).rglob("*.xlsx")
        if not any(k in p.name for k in ("昭觉", "统计表", "冕宁", "部门整体"))
    ) + [_returns(demo) / "邮件附件" / "冕宁县科协自评表.xlsx"]
    assert len(sources) == 13
    folder = tmp_path / "copies"
    folder.mkdir()
    newest: dict[str, str] = {}
    for i in range(40):
        src = sources[(i * 7) % 13]  # units in a shuffled order, each copied three or four times
        saved = BASE_TIME + dt.timedelta(hours=i)
        target = folder / f"{i:03d}-{src.name}"
        target.write_bytes(_with_saved_time(src.read_bytes(), saved))
        newest[src.name] = target.name
    summary, _path = consolidate_paths([folder], tmp_path / "s.xlsx", jobs=2)
    assert len(summary.projects) == 13 and summary.projects["单位编码"].is_unique
    assert sorted(Path(f).name for f in summary.projects["文件"]) == sorted(newest.values())
    assert len(summary.skipped) == 27
    roster = demo["paths"]["01-名单"] / "名单.csv"
    with_roster, _path = consolidate_paths([folder], tmp_path / "r.xlsx", roster=roster, jobs=2)
    assert len(with_roster.projects) == 13


def test_no_input_is_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["consolidate", "nosuch", "-o", "s.xlsx"]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["consolidate", "empty", "-o", "s.xlsx"]) == 2
    assert "已汇总" not in capsys.readouterr().out
    assert not (tmp_path / "s.xlsx").exists()
    with pytest.raises(NoInputError):
        consolidate_paths([tmp_path / "empty"], tmp_path / "s.xlsx")


def test_blank_templates_only_is_an_error(demo, tmp_path, capsys):
    assert main(["consolidate", str(demo["paths"]["02-下发模板"]), "-o", str(tmp_path / "s.xlsx")]) == 2
    assert "空白模板" in capsys.readouterr().err


def test_consolidate_reads_zips(demo, tmp_path):
    """A return inside a zip is consolidated as the plain file is (read.inputs.gathered unpacks it)."""
    src = _returns(demo) / "邮件附件" / "西昌市科协-2021年度自评表.xlsx"
    _zip_gbk(tmp_path / "西昌.zip", {"西昌/自评表.xlsx": src.read_bytes()})
    zipped, _ = consolidate_paths([tmp_path / "西昌.zip"], tmp_path / "z.xlsx", jobs=1)
    plain, _ = consolidate_paths([src], tmp_path / "p.xlsx", jobs=1)
    assert zipped.projects.drop(columns="文件").equals(plain.projects.drop(columns="文件"))
    from workbook_tools.validate.batch import validate_paths

    [report] = validate_paths([tmp_path / "西昌.zip"], workers=1).reports
    assert report.file.endswith("西昌.zip!西昌/自评表.xlsx") and report.readable


def test_every_output_of_the_demo_agrees(demo, tmp_path):
    """Per unit: 回收情况, report.json, the demo's 汇总 and consolidate of the same folder give the same counts."""
    paths = demo["paths"]
    board = _board(paths["04-回收情况.xlsx"])
    report = json.loads((paths["05-校验结果"] / "report.json").read_text(encoding="utf-8"))
    by_file = {r["file"]: r["counts"] for r in report["reports"]}
    wb = openpyxl.load_workbook(paths["06-汇总.xlsx"])
    projects, findings, whole = _table(wb["汇总"]), _table(wb["问题清单"]), _table(wb["部门整体"])
    _assert_rows_count_their_findings(projects + whole, findings)
    # The 部门整体 returns are rows of their own sheet, never 0-point projects in 汇总.
    assert sorted(r["单位编码"] for r in whole) == sorted([LIANGSHAN, LISHUI])
    assert not {r["单位编码"] for r in projects} & {LIANGSHAN, LISHUI}
    whole_total = _total(wb["部门整体"])
    assert whole_total["单位名称"] == "共 2 个单位"
    assert (whole_total["错误数"], whole_total["需说明数"]) == (
        sum(r["错误数"] for r in whole),
        sum(r["需说明数"] for r in whole),
    )
    total = _total(wb["汇总"])  # the 合计 row: counts and amounts summed, the rate from the sums
    assert (total["错误数"], total["需说明数"]) == (
        sum(r["错误数"] for r in projects),
        sum(r["需说明数"] for r in projects),
    )
    assert total["执行数"] == pytest.approx(sum(r["执行数"] for r in projects))
    assert total["执行率"] == pytest.approx(total["执行数"] / total["调整后预算"])
    assert total["单位名称"] == f"共 {len(projects)} 个项目" and total["总分"] is None
    summed = {r["单位编码"]: (r["错误数"], r["需说明数"]) for r in projects + whole}
    again, _ = consolidate_paths([paths["03-回收文件"]], tmp_path / "again.xlsx", jobs=2)
    again_rows = again.projects.to_dict("records") + again.whole.to_dict("records")
    _assert_rows_count_their_findings(again_rows, again.findings)
    consolidated = {r["单位编码"]: (r["错误数"], r["需说明数"]) for r in again_rows}
    received = {code: row for code, row in board.items() if row["采用的文件"]}
    # 15 project returns and the 2 部门整体 returns
    assert len(received) == 17 and set(summed) == set(received) == set(consolidated)
    for code, row in received.items():
        counts = by_file[row["采用的文件"]]
        expected = (row["错误数"], row["需说明数"])
        assert (counts["error"], counts["explain"]) == expected, code
        assert summed[code] == expected == consolidated[code], code
        verdict = "有错误" if expected[0] else "待说明" if expected[1] else "校验通过"
        assert row["状态"] in (verdict, "重复提交"), code
    assert board[NINGNAN]["错误数"] == 1 and board[NINGNAN]["状态"] == "有错误"
    assert not next(r for r in report["reports"] if "宁南" in r["file"])["valid"]


def _assert_rows_count_their_findings(projects, findings) -> None:
    """Each project row's 错误数 / 需说明数 equal the 错误 / 需说明 rows of its unit in 问题清单."""
    rows = projects.to_dict("records") if hasattr(projects, "to_dict") else projects
    found = findings.to_dict("records") if hasattr(findings, "to_dict") else findings
    tally = Counter((f["单位编码"], f["级别"]) for f in found)
    for r in rows:
        code = r["单位编码"]
        assert (r["错误数"], r["需说明数"]) == (tally[(code, "错误")], tally[(code, "需说明")]), code


def _table(ws) -> list[dict]:
    """The data rows of a 汇总 sheet, numbered 1, 2, … in 序号 (the 合计 row is not a data row)."""
    head = _head(ws)
    rows = [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
    data = [r for r in rows if any(c is not None for c in r.values()) and r["序号"] != "合计"]
    assert [r["序号"] for r in data] == list(range(1, len(data) + 1))
    return data


def _head(ws) -> tuple:
    return next(ws.iter_rows(max_row=1, values_only=True))


def _total(ws) -> dict:
    [row] = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "合计"]
    return dict(zip(_head(ws), row, strict=False))


def _board(path: Path) -> dict[str, dict]:
    """The per-unit rows of 回收情况, found by their header row (the layout above it may change)."""
    ws = openpyxl.load_workbook(path)["回收情况"]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if "单位编码" in r and "状态" in r and "错误数" in r)
    head = rows[at]
    out = {}
    for r in rows[at + 1 :]:
        row = dict(zip(head, r, strict=False))
        if row.get("单位编码") and str(row["单位编码"]).startswith("KX"):
            out[row["单位编码"]] = row
    return out


def test_collect_adopts_the_filled_return_over_copies_and_blanks(demo, mixed, tmp_path):
    """collect's choice among a unit's versions skips our annotated copy and a blank template as consolidate does."""
    from workbook_tools.collect.runner import collect_folder

    folder = tmp_path / "returns"
    shutil.copytree(mixed, folder)
    shutil.copyfile(_template(demo, HUILI), folder / "空白-会理.xlsx")  # saved after the return
    roster = demo["paths"]["01-名单"] / "名单.csv"
    result, _status = collect_folder(folder, roster, tmp_path / "回收情况.xlsx", jobs=1)
    units = {u.row.code: u for u in result.units}
    assert units[HUILI].chosen.source.location == "会理市科协-2021年度自评表.xlsx"
    assert "空白模板、标注副本不采用" in units[HUILI].note
    assert "修改后" in units[MIANNING].chosen.source.location
    assert (units[NINGNAN].status, units[NINGNAN].chosen.errors) == ("有错误", 1)
    assert units[NINGNAN].chosen.record.project["错误数"] == 1


def test_collect_writes_every_output_from_the_same_adopted_files(demo, mixed, tmp_path, capsys):
    """`collect` on the mixed folder (a newer version inside a zip, our annotated copy, blank templates, a
    corrupt file, a wrong unit): one board row per unit, and the board, report.json/xlsx and 汇总 give every
    unit the same verdict and counts; the 汇总 counts each unit once."""
    roster = demo["paths"]["01-名单"] / "名单.csv"
    board_path = tmp_path / "out" / "回收情况.xlsx"
    assert main(["collect", str(mixed), "--roster", str(roster), "-o", str(board_path)]) == 1
    printed = capsys.readouterr().out
    reports, summary_path = board_path.parent / "校验结果", board_path.parent / "汇总.xlsx"
    assert f"汇总表：{summary_path}（3 个项目" in printed

    board = _board(board_path)
    assert len(board) == 19  # one row per roster unit (17 projects, 2 部门整体), whatever each sent
    assert board["KX513431"]["状态"] == "文件损坏"  # 昭觉: its only file is corrupt
    assert board[XICHANG]["状态"] == board[LEIBO]["状态"] == "未收到"  # a blank template is not a return
    assert (board[NINGNAN]["状态"], board[NINGNAN]["错误数"]) == ("有错误", 1)
    assert "修改后" in board[MIANNING]["采用的文件"]  # the newer version, from inside the zip
    adopted = {code: row for code, row in board.items() if row["采用的文件"]}
    assert sorted(adopted) == sorted([MIANNING, HUILI, NINGNAN])

    report = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    by_file = {r["file"]: r for r in report["reports"]}
    assert set(by_file) == {row["采用的文件"] for row in adopted.values()}  # the adopted files, no other
    ws = openpyxl.load_workbook(reports / "report.xlsx")["校验结果"]
    head = _head(ws)
    xlsx_rows = [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
    wb = openpyxl.load_workbook(summary_path)
    projects, findings = _table(wb["汇总"]), _table(wb["问题清单"])
    assert sorted(r["单位编码"] for r in projects) == sorted(adopted)  # each unit once
    _assert_rows_count_their_findings(projects, findings)
    summed = {r["单位编码"]: (r["错误数"], r["需说明数"]) for r in projects}
    for code, row in adopted.items():
        expected = (row["错误数"], row["需说明数"])
        counts = by_file[row["采用的文件"]]["counts"]
        assert (counts["error"], counts["explain"]) == expected == summed[code], code
        in_xlsx = Counter(r["严重程度"] for r in xlsx_rows if r["文件"] == row["采用的文件"])
        assert (in_xlsx["错误"], in_xlsx["需说明"]) == expected, code
        assert by_file[row["采用的文件"]]["valid"] == (expected[0] == 0) == (row["状态"] != "有错误"), code
    copies = sorted(p.name for p in (reports / "标注副本").iterdir())
    assert copies and all(name.split("-")[0] in adopted for name in copies)  # named by unit code


def test_collect_output_options(demo, mixed, tmp_path, capsys):
    """--board-only writes the board alone; --reports/--summary move the others; a wrong suffix is refused."""
    roster = str(demo["paths"]["01-名单"] / "名单.csv")
    alone = tmp_path / "a" / "回收情况.xlsx"
    assert main(["collect", str(mixed), "--roster", roster, "-o", str(alone), "--board-only"]) == 1
    assert sorted(p.name for p in alone.parent.iterdir()) == ["回收情况.xlsx"]
    moved = tmp_path / "b"
    args = ["collect", str(mixed), "--roster", roster, "-o", str(moved / "看板.xlsx")]
    assert main([*args, "--reports", str(moved / "报告"), "--summary", str(moved / "总表.xlsx")]) == 1
    assert {p.name for p in moved.iterdir()} == {"报告", "总表.xlsx", "看板.xlsx"}
    assert (moved / "报告" / "report.xlsx").exists()
    capsys.readouterr()
    assert main([*args, "--summary", str(moved / "总表.csv")]) == 2
    assert "汇总工作簿应以 .xlsx 结尾" in capsys.readouterr().err
