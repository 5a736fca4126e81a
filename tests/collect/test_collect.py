"""collect on the demo returns: statuses by stamp (not name), zips, duplicates, broken and unknown files."""

import hashlib

import openpyxl

from workbook_tools.collect.collect import CORRUPT, DUPLICATE, EXPLAIN, FAILED, MISSING, PASSED, UNKNOWN
from workbook_tools.collect.runner import collect_folder


def _hashes(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_statuses_by_unit(demo, tmp_path):
    returns = demo["paths"]["03-回收文件"]
    before = _hashes(returns)
    result, status = collect_folder(
        returns, demo["paths"]["01-名单"] / "名单.csv", tmp_path / "s.xlsx", scratch=tmp_path / "scratch"
    )
    by_name = {u.row.name[:3]: u for u in result.units}
    assert by_name["会理市"].status == EXPLAIN  # 执行率 78 % without a reason: 需说明, not an error
    assert by_name["宁南县"].status == FAILED  # 实施单位 names another unit
    mismatch = next(f for f in by_name["宁南县"].chosen.findings if f["code"] == "COLLECT_UNIT_MISMATCH")
    assert (mismatch["severity"], mismatch["field"]) == ("error", "project.executor")
    assert mismatch["sheet"] and mismatch["cell"]  # at the 实施单位 cell, located through the form's layout
    assert by_name["布拖县"].status == FAILED  # 得分 formula typed over
    assert any(f["code"] == "FORMULA_OVERWRITTEN" for f in by_name["布拖县"].chosen.findings)
    assert by_name["德昌县"].status == EXPLAIN  # over-achievement without a reason: 需说明
    assert by_name["德昌县"].chosen.warnings >= 1
    assert by_name["雷波县"].status == MISSING and by_name["昭觉县"].status == CORRUPT  # by its file name
    dup = by_name["冕宁县"]
    assert dup.status == DUPLICATE and len(dup.versions) == 2
    assert ".zip!" in dup.chosen.source.location  # the newer save time is inside the zip
    assert "最新" in dup.note and dup.chosen.errors == 0 and dup.versions[1].warnings > 0
    assert by_name["木里藏"].status == PASSED and by_name["木里藏"].chosen.source.in_zip  # GBK-named member
    unknown = {r.source.name: r.problem for r in result.unknown}
    assert "未找到报表标识" in unknown["2021年科普经费统计表.xlsx"]
    assert "昭觉县科协-2021年度自评表.xlsx" not in unknown  # attributed to 昭觉县, not 无法识别
    damaged = by_name["昭觉县"].damaged
    assert len(damaged) == 1 and "文件无法读取" in damaged[0].problem and not by_name["昭觉县"].versions
    counts = result.counts()
    assert (
        counts[PASSED],
        counts[EXPLAIN],
        counts[FAILED],
        counts[CORRUPT],
        counts[DUPLICATE],
        counts[MISSING],
        counts[UNKNOWN],
    ) == (10, 2, 4, 1, 1, 1, 1)  # 有错误: 宁南, 布拖 and the two 部门整体 returns (their printed errors)
    assert _hashes(returns) == before  # returns are only read


def test_status_workbook_has_counts_on_top(demo):
    ws = openpyxl.load_workbook(demo["paths"]["04-回收情况.xlsx"])["回收情况"]
    top = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(5, 13)}
    assert top["校验通过"] == 10 and top["待说明"] == 2 and top["未收到"] == 1 and top["无法识别"] == 1
    assert top["文件损坏"] == 1
    assert ws.freeze_panes is not None and ws.auto_filter.ref


def test_files_are_identified_by_stamp_not_name(demo, tmp_path):
    returns = tmp_path / "r"
    returns.mkdir()
    src = next((demo["paths"]["03-回收文件"] / "邮件附件").glob("西昌*.xlsx"))
    (returns / "雷波县科协.xlsx").write_bytes(src.read_bytes())  # misleading name
    result, _ = collect_folder(returns, demo["paths"]["01-名单"] / "名单.csv", tmp_path / "s.xlsx")
    assert {u.row.name[:3]: u.status for u in result.units if u.status != MISSING} == {"西昌市": PASSED}
