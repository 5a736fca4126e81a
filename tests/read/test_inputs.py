"""PATH arguments of validate and consolidate: folders of every readable type, .zip files, bad files."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.read.test_archive import _zip_bytes as _zip_of
from tests.read.test_values import MIANYANG
from tests.validate.conftest import build
from workbook_tools.cli import main
from workbook_tools.collect.runner import consolidate_paths, run_records
from workbook_tools.read.inputs import EMPTY_ARCHIVE, gathered
from workbook_tools.vba.cfb import build_cfb


class _GbkInfo(zipfile.ZipInfo):
    """A member named the way Chinese Windows tools write it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _typed_xlsx(path: Path, sheets=("Sheet1",)) -> Path:
    """The 绵阳 official form typed by hand, once on each sheet."""
    wb = openpyxl.Workbook()
    for i, name in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        for r, row in enumerate(MIANYANG, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    ws.cell(r, c, value)
    wb.save(path)
    return path


def _docx(path: Path) -> Path:
    """The same form as a Word table."""
    d = docx.Document()
    table = d.add_table(rows=len(MIANYANG), cols=7)
    for r, row in enumerate(MIANYANG):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = f"{value:.0%}" if isinstance(value, float) else str(value)
    d.save(path)
    return path


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """What an office forwards: stamped, typed (two forms), Word, a zip, and files that cannot be read."""
    folder = tmp_path / "returns"
    (folder / "县区").mkdir(parents=True)
    stamped = build(folder, "mianyang-a03-clean", "stamped.xlsx")
    _typed_xlsx(folder / "县区" / "typed.xlsx", sheets=("Sheet1", "Sheet2"))
    word = _docx(folder / "word.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(_GbkInfo("凉山/自评表.xlsx"), stamped.read_bytes())
        zf.writestr("说明.txt", b"not a return")
        zf.writestr("word.docx", word.read_bytes())
    (folder / "returns.zip").write_bytes(out.getvalue())
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "text.xlsx").write_text("项目名称,金额\n", encoding="utf-8")
    (folder / "old.doc").write_bytes(build_cfb({"WordDocument": b"\x00" * 5000, "1Table": b"\x00" * 100}))
    (folder / "~$stamped.xlsx").write_bytes(b"lock")  # Office's lock file: skipped
    (folder / "notes.txt").write_text("skipped", encoding="utf-8")
    return folder


def _name(folder: Path, shown: str) -> str:
    return Path(shown).relative_to(folder).as_posix()


GOOD = {
    "stamped.xlsx",
    "县区/typed.xlsx",
    "word.docx",
    "returns.zip!凉山/自评表.xlsx",
    "returns.zip!word.docx",
}
BAD = {"broken.zip": "FILE_UNREADABLE", "text.xlsx": "FILE_UNREADABLE", "old.doc": "FILE_DOC_UNSUPPORTED"}


def test_gathered_finds_every_type_unpacks_zips_and_removes_the_scratch(returns, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "empty.zip").write_bytes(_zip_of([("说明.txt", b"x")]))
    with gathered([returns, returns / "stamped.xlsx", tmp_path / "empty.zip"]) as inputs:
        shown = {_name(tmp_path, i.shown): i for i in inputs}
        member = shown["returns/returns.zip!凉山/自评表.xlsx"]
        assert member.path.is_file() and member.path.read_bytes() == (returns / "stamped.xlsx").read_bytes()
        scratch = [p for p in tmp_path.iterdir() if p.name.startswith("wbt-inputs-")]
        assert len(scratch) == 1
    assert sorted(shown) == sorted(
        [f"returns/{n}" for n in [*GOOD, *BAD]] + ["empty.zip"]  # the file given twice is read once
    )
    assert "压缩包无法打开" in shown["returns/broken.zip"].problem
    assert shown["empty.zip"].problem == EMPTY_ARCHIVE
    assert not [i for i in inputs if i.problem and "broken" not in i.shown and "empty" not in i.shown]
    assert not scratch[0].exists()


def test_validate_reads_every_good_file_and_says_one_thing_per_bad_one(returns, tmp_path, capsys):
    marked = tmp_path / "marked"
    code = main(["validate", str(returns), "--format", "json", "--annotate", str(marked)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # unreadable files are error findings; the batch went on
    by_file = {_name(returns, r["file"]): r for r in data["reports"]}
    assert set(by_file) == GOOD | set(BAD)
    codes = [f["code"] for r in data["reports"] for f in r["findings"]]
    assert "VALIDATOR_INTERNAL_ERROR" not in codes
    for name, expected in BAD.items():
        findings = by_file[name]["findings"]
        assert [f["code"] for f in findings] == [expected], name
        assert findings[0]["file"] == by_file[name]["file"] and findings[0]["message"]
    assert "压缩包无法打开" in by_file["broken.zip"]["findings"][0]["message"]
    assert ".docx" in by_file["old.doc"]["findings"][0]["message"]
    for name in GOOD:
        assert by_file[name]["readable"], (name, by_file[name]["findings"])
        assert by_file[name]["form"], name

    def problems(name):
        return [f for f in by_file[name]["findings"] if f["severity"] != "advice"]

    assert problems("stamped.xlsx") == problems("returns.zip!凉山/自评表.xlsx") == []
    typed = {(f["code"], f["sheet"]) for f in by_file["县区/typed.xlsx"]["findings"]}
    assert {("FORM_RECOGNISED_BY_LABELS", "Sheet1"), ("FORM_RECOGNISED_BY_LABELS", "Sheet2")} <= typed
    # Copies of the workbooks openpyxl can write, a zip member's named after the sender's name for it.
    assert sorted(p.name for p in marked.iterdir()) == [
        "stamped_校验.xlsx",
        "typed_校验.xlsx",
        "自评表_校验.xlsx",
    ]


def test_consolidate_has_one_row_per_form_read(returns, tmp_path):
    summary, path = consolidate_paths([returns], tmp_path / "汇总.xlsx", jobs=1)
    files = [_name(returns, f) for f in summary.projects["文件"]]
    # stamped.xlsx and its copy in the zip are one unit's project: counted once, the other said skipped.
    assert sorted(files) == sorted(
        ["县区/typed.xlsx", "县区/typed.xlsx#2（Sheet2）", "word.docx"]
        + ["returns.zip!凉山/自评表.xlsx", "returns.zip!word.docx"]
    )
    assert [_name(returns, f) for f, _why in summary.skipped] == ["stamped.xlsx"]
    wb = openpyxl.load_workbook(path)
    notes = [[c.value for c in row] for row in wb["说明"].iter_rows()]
    assert any("无法读取 3 个" in str(v) for row in notes for v in row)
    problems = [row for row in wb["问题清单"].iter_rows(values_only=True)]
    assert not any("VALIDATOR_INTERNAL_ERROR" in str(v) for row in problems for v in row)


def test_each_form_of_a_file_is_its_own_record_with_its_own_findings(tmp_path):
    one = _typed_xlsx(tmp_path / "one.xlsx")
    two = _typed_xlsx(tmp_path / "two.xlsx", sheets=("县本级", "乡镇"))
    records = list(run_records([(str(one), "one.xlsx", None), (str(two), "two.xlsx", None)], jobs=1))
    assert [r.file for r in records] == ["one.xlsx", "two.xlsx", "two.xlsx#2（乡镇）"]
    assert not any(r.error for r in records)
    assert [r.project["文件"] for r in records] == [r.file for r in records]
    assert {f["sheet"] for f in records[1].findings} == {"县本级"}
    assert {f["sheet"] for f in records[2].findings} == {"乡镇"}
    assert {f["file"] for r in records[1:] for f in r.findings} == {"two.xlsx"}
    # The same form on one sheet or on two: the same findings, one set per form.
    strip = [{k: v for k, v in f.items() if k not in ("sheet", "file", "cell")} for f in records[0].findings]
    for rec in records[1:]:
        assert [
            {k: v for k, v in f.items() if k not in ("sheet", "file", "cell")} for f in rec.findings
        ] == strip


def test_parallel_runs_keep_the_order_and_the_problem_entries_in_place(returns, tmp_path):
    from workbook_tools.validate.batch import validate_paths

    for i in range(3):  # enough files for the worker pools
        build(returns / "县区", "mianyang-a03-clean", f"copy{i}.xlsx")
    alone, pooled = validate_paths([returns], workers=1), validate_paths([returns], workers=2)
    assert [r.to_dict() for r in pooled.reports] == [r.to_dict() for r in alone.reports]
    one = consolidate_paths([returns], tmp_path / "1.xlsx", jobs=1)[0].projects
    two = consolidate_paths([returns], tmp_path / "2.xlsx", jobs=2)[0].projects
    assert list(two["文件"]) == list(one["文件"]) and len(one) == 5  # the stamped copies count once
