"""The validate command on a folder of good, bad and broken returns; outputs; exit codes; order."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.validate.conftest import build, sha256
from workbook_tools.cli import main
from workbook_tools.validate.batch import validate_paths


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """A folder as a collector receives it: good, bad, broken, and a sub-folder."""
    folder = tmp_path / "returns"
    (folder / "县区").mkdir(parents=True)
    build(folder, "mianyang-a03-clean", "good.xlsx")
    build(folder, "xiangyang-dept-execution-over-100", "warnings-only.xlsx")
    build(folder / "县区", "mianyang-a11-no-project-name-wrong-unit", "bad-a11.xlsx")
    build(folder, "liangshan-cost-text-wrong-product", "bad-liangshan.xlsx")
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "notes.txt").write_text("not a workbook name, skipped", encoding="utf-8")
    return folder


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_folder_with_good_bad_and_broken(returns, tmp_path, capsys):
    before = {p: sha256(p) for p in returns.rglob("*") if p.is_file()}
    code = main(["validate", str(returns), "--format", "json", "--annotate", str(tmp_path / "marked")])
    data = _json(capsys)
    assert code == 1
    by_file = {Path(r["file"]).name: r for r in data["reports"]}
    assert set(by_file) == {
        "good.xlsx",
        "warnings-only.xlsx",
        "bad-a11.xlsx",
        "bad-liangshan.xlsx",
        "broken.xlsx",
    }
    assert [f["code"] for f in by_file["broken.xlsx"]["findings"]] == ["FILE_UNREADABLE"]
    assert [f for f in by_file["good.xlsx"]["findings"] if f["severity"] != "advice"] == []
    assert by_file["warnings-only.xlsx"]["valid"]
    a11 = {(f["code"], f["sheet"], f["cell"]) for f in by_file["bad-a11.xlsx"]["findings"]}
    assert {("REQUIRED_FIELD_MISSING", "自评表", "C3"), ("UNIT_MISMATCH", "自评表", "E15")} <= a11
    assert ("COST_ARITHMETIC_WRONG", "自评表", "E15") in {
        (f["code"], f["sheet"], f["cell"]) for f in by_file["bad-liangshan.xlsx"]["findings"]
    }
    for f in data["reports"][0]["findings"]:
        assert list(f) == [
            "code",
            "severity",
            "file",
            "sheet",
            "cell",
            "field",
            "message",
            "expected",
            "actual",
        ]
    assert {p: sha256(p) for p in before} == before
    assert len(list((tmp_path / "marked").glob("*.xlsx"))) == 4


def test_exit_codes(returns, tmp_path, capsys):
    assert main(["validate", str(returns / "good.xlsx")]) == 0
    assert main(["validate", str(returns / "warnings-only.xlsx")]) == 0
    assert main(["validate", str(returns / "bad-liangshan.xlsx")]) == 1
    assert main(["validate", str(returns / "broken.xlsx")]) == 2
    assert main(["validate", str(tmp_path / "missing.xlsx")]) == 2
    assert main(["validate", str(returns), "--profile", "no-such-profile"]) == 2
    assert main(["validate", str(returns), "--format", "xlsx"]) == 2
    capsys.readouterr()


def test_text_output_is_grouped_by_file(returns, capsys):
    main(["validate", str(returns / "good.xlsx"), str(returns / "bad-liangshan.xlsx")])
    out = capsys.readouterr().out
    assert out.index("good.xlsx") < out.index("bad-liangshan.xlsx") < out.index("COST_ARITHMETIC_WRONG")
    assert "共校验 2 个文件" in out


def test_xlsx_report_links_into_annotated_copies(returns, tmp_path, capsys):
    report = tmp_path / "report.xlsx"
    assert (
        main(
            [
                "validate",
                str(returns),
                "--format",
                "xlsx",
                "-o",
                str(report),
                "--annotate",
                str(tmp_path / "marked"),
            ]
        )
        == 1
    )
    ws = openpyxl.load_workbook(report)["校验结果"]
    assert ws.auto_filter.ref
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == sum(1 for _ in rows) > 5
    links = [r[4].hyperlink.target for r in rows if r[4].hyperlink is not None]
    assert links and all("_校验.xlsx" in link for link in links)
    capsys.readouterr()


def test_html_report_is_self_contained(returns, tmp_path, capsys):
    page = tmp_path / "report.html"
    main(["validate", str(returns), "--format", "html", "-o", str(page)])
    text = page.read_text(encoding="utf-8")
    assert "<table" in text and "COST_ARITHMETIC_WRONG" in text and "broken.xlsx" in text
    assert not re.search(r"(src|href)=|https?://|@import", text)
    capsys.readouterr()


def test_parallel_batch_keeps_input_order(tmp_path):
    base = build(tmp_path, "mianyang-a03-clean", "base.xlsx")
    bad = build(tmp_path, "liangshan-cost-text-wrong-product", "bad.xlsx")
    files = []
    for i in range(10):
        target = tmp_path / f"{9 - i:02d}.xlsx"
        shutil.copy(bad if i % 3 == 0 else base, target)
        files.append(target)
    batch = validate_paths(files, workers=3)
    assert [Path(r.file).name for r in batch.reports] == [f.name for f in files]
    assert [r.valid for r in batch.reports] == [i % 3 != 0 for i in range(10)]
    frame = batch.to_frame()
    assert list(frame[frame["severity"] != "advice"]["code"].unique()) == ["COST_ARITHMETIC_WRONG"]


def test_a_copy_that_cannot_be_marked_loses_neither_the_report_nor_the_others(
    returns, tmp_path, capsys, monkeypatch
):
    from workbook_tools.validate import annotate as command  # the command loads it when copies are asked

    real = command.annotate_workbook

    def fails_on_liangshan(src, findings, dest):
        if "liangshan" in str(src):
            raise OSError("磁盘已满")
        return real(src, findings, dest)

    monkeypatch.setattr(command, "annotate_workbook", fails_on_liangshan)
    report = tmp_path / "report.json"
    code = main(
        ["validate", str(returns), "--format", "json", "-o", str(report), "--annotate", str(tmp_path / "m")]
    )
    assert code == 1 and "未能生成标注副本 bad-liangshan_校验.xlsx" in capsys.readouterr().err
    assert len(json.loads(report.read_text(encoding="utf-8"))["reports"]) == 5
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == [
        "bad-a11_校验.xlsx",
        "good_校验.xlsx",
        "warnings-only_校验.xlsx",
    ]
