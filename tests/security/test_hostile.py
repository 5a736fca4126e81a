"""Every class of the hostile corpus (tests/security/hostile.py) through the validator and the commands.

Per class: one file-level finding in Chinese naming the file and the reason (for the bad ones), never
VALIDATOR_INTERNAL_ERROR, bounded time and memory. Per command over the whole folder: exit code in the
documented set, no traceback, inputs byte-identical, nothing left in the output folder or the temp folder
but what the command writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import stat
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from tests.security import hostile
from workbook_tools.cli import main
from workbook_tools.collect.demo import demo_roster
from workbook_tools.read.inputs import gathered
from workbook_tools.validate.workbook import check_workbook
from workbook_tools.xlsx.cells import UnusualMarkup, openpyxl_cells, read_cells, scan_cells

FILE_CODES = {"FILE_UNREADABLE", "FILE_ENCRYPTED", "FILE_XLS_UNSUPPORTED"}
MAX_GROWTH_MB = 500  # peak resident memory a run may add
MAX_SECONDS_PER_FILE = 20
MAX_SECONDS_FOLDER = 90
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLASSES = sorted(hostile.CLASSES)
_FILES = [n for n in _CLASSES if n not in ("truncated_zip", "nested_zips")]


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux: kilobytes


def _digests(folder: Path) -> dict[str, str]:
    """sha256 of every regular file under folder (FIFOs and devices are never opened)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if stat.S_ISREG(os.lstat(path).st_mode):
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    folder = tmp_path_factory.mktemp("hostile") / "returns"
    return folder, hostile.build_all(folder)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """A temp folder of our own, so leftovers of this run (and only this run) can be seen."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


@pytest.mark.parametrize("name", _FILES)
def test_each_class_is_one_clear_finding_or_read(corpus, name):
    _folder, paths = corpus
    path = paths[name]
    kind = hostile.CLASSES[name][1]
    before, start = _peak_mb(), time.monotonic()
    report = check_workbook(path).report
    assert time.monotonic() - start < MAX_SECONDS_PER_FILE
    assert _peak_mb() - before < MAX_GROWTH_MB
    codes = [f.code for f in report.findings]
    assert "VALIDATOR_INTERNAL_ERROR" not in codes, report.findings
    if kind == "bad" and name != "outside_link":  # a link named explicitly is read like any file
        assert len(report.findings) == 1, report.findings
        finding = report.findings[0]
        assert finding.code in FILE_CODES
        assert finding.file == str(path)
        reason = finding.message.split("：", 1)[-1]
        assert _CJK.match(reason), finding.message  # the words come first, any detail after them
        assert "Traceback" not in finding.message


@pytest.mark.parametrize(
    "name", ["fifo", "dev_zero", "outside_link", "link_loop", "broken_link", "truncated_zip", "nested_zips"]
)
def test_folder_entries_become_one_input_problem(corpus, name, private_tmp):
    folder, paths = corpus
    with gathered([folder]) as inputs:
        mine = [i for i in inputs if i.shown.startswith(str(paths[name]))]
    assert len(mine) == 1, mine
    assert _CJK.match(mine[0].problem), mine[0]
    if name == "nested_zips":
        assert "嵌套过深" in mine[0].problem
    assert list(private_tmp.iterdir()) == []  # the scratch of the zips is gone


@pytest.mark.parametrize("builder", [hostile.pi_cell, hostile.comment_cell])
def test_the_scanner_sees_the_cells_excel_sees(tmp_path, builder):
    path = builder(tmp_path)
    with pytest.raises(UnusualMarkup):
        scan_cells(path, "自评表")
    cells, reference = read_cells(path, "自评表"), openpyxl_cells(path, "自评表")
    assert cells.formulas == reference.formulas and cells.cached == reference.cached
    assert hostile.PI_VALUE not in {str(v) for v in cells.cached.values()}


def test_a_sheet_bomb_is_stopped_at_its_declared_size(tmp_path):
    path = hostile.bomb_lying(tmp_path)
    before = _peak_mb()
    report = check_workbook(path).report
    assert _peak_mb() - before < 100
    assert "解压炸弹" in report.findings[0].message


def _run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def _assert_clean_run(code: int, output: str, start: float, before: float) -> None:
    assert code in (0, 1, 2), output
    assert "Traceback" not in output
    assert "VALIDATOR_INTERNAL_ERROR" not in output
    assert time.monotonic() - start < MAX_SECONDS_FOLDER
    assert _peak_mb() - before < MAX_GROWTH_MB


def test_validate_the_whole_folder(corpus, tmp_path, capsys, private_tmp):
    folder, paths = corpus
    digests = _digests(folder)
    out = tmp_path / "out"
    out.mkdir()
    before, start = _peak_mb(), time.monotonic()
    code, output = _run(["validate", str(folder), "--format", "json", "-o", str(out / "r.json")], capsys)
    _assert_clean_run(code, output, start, before)
    assert sorted(p.name for p in out.iterdir()) == ["r.json"]
    assert _digests(folder) == digests
    assert list(private_tmp.iterdir()) == []
    data = json.loads((out / "r.json").read_text(encoding="utf-8"))
    reports = data["reports"]
    by_file: dict[str, list] = {}
    for report in reports:
        by_file.setdefault(report["file"], []).extend(report["findings"])
    for name, path in paths.items():
        if hostile.CLASSES[name][1] != "bad":
            continue
        mine = {f: v for f, v in by_file.items() if f.startswith(str(path))}
        assert len(mine) == 1 and len(next(iter(mine.values()))) == 1, (name, mine)
        (finding,) = next(iter(mine.values()))
        assert finding["code"] in FILE_CODES, (name, finding)


def test_consolidate_the_whole_folder(corpus, tmp_path, capsys, private_tmp):
    folder, _paths = corpus
    digests = _digests(folder)
    out = tmp_path / "out"
    out.mkdir()
    before, start = _peak_mb(), time.monotonic()
    code, output = _run(["consolidate", str(folder), "-o", str(out / "汇总.xlsx"), "--jobs", "1"], capsys)
    _assert_clean_run(code, output, start, before)
    assert sorted(p.name for p in out.iterdir()) in ([], ["汇总.xlsx"])
    assert _digests(folder) == digests
    assert list(private_tmp.iterdir()) == []


def test_collect_the_whole_folder(corpus, tmp_path, capsys, private_tmp):
    folder, _paths = corpus
    digests = _digests(folder)
    out = tmp_path / "out"
    out.mkdir()
    before, start = _peak_mb(), time.monotonic()
    argv = ["collect", str(folder), "--roster", str(demo_roster()), "-o", str(out / "回收情况.xlsx")]
    code, output = _run(argv, capsys)
    _assert_clean_run(code, output, start, before)
    # The board and the (empty) reports; no 汇总, since no return of a roster unit could be read.
    assert sorted(p.name for p in out.iterdir()) == ["回收情况.xlsx", "校验结果"]
    assert sorted(p.name for p in (out / "校验结果").iterdir()) == [
        "report.html",
        "report.json",
        "report.xlsx",
    ]
    assert _digests(folder) == digests
    assert list(private_tmp.iterdir()) == []
    with zipfile.ZipFile(out / "回收情况.xlsx") as zf:
        text = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith(".xml"))
    for needle in ("管道.xlsx", "零设备.xlsx", "三层嵌套.zip"):  # refused entries are listed, not dropped
        assert needle in text


def test_openpyxl_parses_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # a pyproject dependency: openpyxl refuses entities with it


@pytest.mark.parametrize(
    "builder",
    [
        hostile.bomb_lying,
        hostile.bomb_honest,
        hostile.absurd_dimension,
        hostile.beyond_limits,
        hostile.xxe_sheet,
    ]
    + [hostile.fifo, hostile.dev_zero],
)
def test_a_hostile_roster_is_one_error_line(tmp_path, capsys, builder):
    roster = builder(tmp_path)
    (tmp_path / "returns").mkdir()
    before, start = _peak_mb(), time.monotonic()
    argv = ["collect", str(tmp_path / "returns"), "--roster", str(roster), "-o", str(tmp_path / "s.xlsx")]
    code, output = _run(argv, capsys)
    _assert_clean_run(code, output, start, before)
    assert code == 2 and roster.name in output and _CJK.search(output)
    assert not (tmp_path / "s.xlsx").exists()


@pytest.mark.parametrize("name", ["fifo", "dev_zero", "nested_zips", "truncated_zip", "bomb_lying"])
def test_validate_one_file_named_directly(corpus, tmp_path, capsys, name, private_tmp):
    _folder, paths = corpus
    path = paths[name]
    before, start = _peak_mb(), time.monotonic()
    code, output = _run(["validate", str(path), "--format", "json"], capsys)
    _assert_clean_run(code, output, start, before)
    data = json.loads(output[output.index("{") :])
    findings = [f for r in data["reports"] for f in r["findings"]]
    assert len(findings) == 1 and findings[0]["code"] in FILE_CODES, findings
    assert _CJK.search(findings[0]["message"])
    assert list(private_tmp.iterdir()) == []
