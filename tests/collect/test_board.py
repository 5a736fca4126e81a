"""回收情况 is the collector's board: status, Chinese problems, relative links, damaged files by unit."""

import json
import zipfile
from pathlib import Path

import openpyxl

from workbook_tools.collect.collect import CORRUPT, MISSING, UNKNOWN
from workbook_tools.collect.runner import collect_folder

LEIBO = "KX513437"  # 雷波县: sends nothing in the demo
ZHAOJUE = "KX513431"  # 昭觉县: its only file is damaged
NINGNAN = "KX513427"  # 宁南县: 实施单位 names another unit (an error)
DAMAGED = b"PK\x03\x04 not really a workbook"


def _board(path: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """The unit rows of 回收情况 by unit code (values, and the cells themselves)."""
    ws = openpyxl.load_workbook(path)["回收情况"]
    rows = list(ws.iter_rows())
    at = next(
        i for i, r in enumerate(rows) if "单位编码" in [c.value for c in r] and "状态" in [c.value for c in r]
    )
    head = [c.value for c in rows[at]]
    values, cells = {}, {}
    for r in rows[at + 1 :]:
        code = r[head.index("单位编码")].value
        if code:
            values[code] = {h: c.value for h, c in zip(head, r, strict=False)}
            cells[code] = {h: c for h, c in zip(head, r, strict=False)}
    return values, cells


def test_board_of_the_demo(demo):
    path = demo["paths"]["04-回收情况.xlsx"]
    board, cells = _board(path)
    assert board[ZHAOJUE]["状态"] == CORRUPT  # its damaged file is named after it: not 未收到
    assert "文件无法读取" in board[ZHAOJUE]["问题"] and "文件清单" in board[ZHAOJUE]["未采用的文件"]
    assert board[LEIBO]["状态"] == MISSING
    assert board[NINGNAN]["状态"] == "有错误"
    problem = board[NINGNAN]["问题"]
    assert problem.startswith("错误") and "实施单位" in problem and "宁南县科学技术协会" in problem
    assert "COLLECT_" not in problem  # the message, not the code
    links = [c.hyperlink.target for row in cells.values() for c in row.values() if c.hyperlink]
    assert len(links) >= 2 * 15  # every adopted file and its annotated copy
    for target in links:
        assert not Path(target.replace("\\", "/")).is_absolute() and ":" not in target, target
        assert (path.parent / target.replace("\\", "/")).exists(), target
    adopted = cells[NINGNAN]["采用的文件"].hyperlink.target.replace("\\", "/")
    assert adopted.startswith("03-回收文件/") and "宁南" in adopted
    assert "标注副本" in cells[NINGNAN]["标注副本"].hyperlink.target
    assert [r["序号"] for r in board.values()] == list(range(1, len(board) + 1))
    sheet = list(openpyxl.load_workbook(path)["回收情况"].iter_rows(values_only=True))
    head = next(r for r in sheet if "单位编码" in r and "状态" in r)
    total = dict(zip(head, next(r for r in sheet if r[0] == "合计"), strict=False))
    assert total["单位名称"] == "共 19 个单位"  # 17 project units and 2 部门整体 returns
    assert total["错误数"] == sum(r["错误数"] or 0 for r in board.values())
    dup = next(r for r in board.values() if r["状态"] == "重复提交")
    assert dup["未采用的文件"] == "另有 1 个版本未采用，见文件清单"
    for ws in openpyxl.load_workbook(path).worksheets:  # no live formula anywhere
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f" and not str(c.value or "").startswith("="), (ws.title, c.coordinate)


def test_demo_ends_with_the_board_and_one_line_per_status(demo):
    lines = demo["lines"]
    at = next(i for i, line in enumerate(lines) if line.startswith("回收情况表："))
    assert lines[at].endswith("04-回收情况.xlsx")
    verdicts = [line.strip() for line in lines[at + 1 :]]
    assert "文件损坏 1：昭觉县" in verdicts and "未收到 1：雷波县" in verdicts
    assert any(v.startswith("校验通过 10：") for v in verdicts)


def test_damaged_files_by_zip_name_manifest_and_only_unique_names(demo, tmp_path):
    roster = demo["paths"]["01-名单"] / "名单.csv"
    returns = tmp_path / "returns"
    returns.mkdir()
    with zipfile.ZipFile(returns / "雷波县科协.zip", "w") as zf:  # the zip's name tells the unit
        zf.writestr("自评表.xlsx", DAMAGED)
    (returns / "附件1.xlsx").write_bytes(DAMAGED)  # only the manifest tells
    (returns / "西昌市和会理市.xlsx").write_bytes(DAMAGED)  # two units match: not guessed
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps([{"file": "附件1.xlsx", "unit_code": ZHAOJUE}]), encoding="utf-8")
    result, path = collect_folder(returns, roster, tmp_path / "回收情况.xlsx", manifest=manifest)
    status = {u.row.code: u for u in result.units}
    assert status[LEIBO].status == CORRUPT and status[LEIBO].damaged[0].attributed == "压缩包名"
    assert status[ZHAOJUE].status == CORRUPT and status[ZHAOJUE].damaged[0].attributed == "下发清单"
    assert [r.source.name for r in result.unknown] == ["西昌市和会理市.xlsx"]
    counts = result.counts()
    assert counts[CORRUPT] == 2 and counts[UNKNOWN] == 1
    board, _cells = _board(path)
    assert board[LEIBO]["状态"] == CORRUPT and board[ZHAOJUE]["状态"] == CORRUPT
