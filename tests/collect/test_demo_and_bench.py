"""The demo prints where its outputs are; the benchmark runs end to end on a few files (no timing checks)."""

from workbook_tools import bench
from workbook_tools.cli import main


def test_demo_prints_outputs(demo):
    text = "\n".join(demo["lines"])
    for step in ("名单", "下发", "回收情况", "校验", "汇总"):
        assert step in text
    report = demo["paths"]["05-校验结果"]
    assert (report / "report.json").is_file() and (report / "report.html").is_file()
    assert any((report / "标注副本").glob("*.xlsx"))
    # The demo's 宁南 return names another unit: the collector's check, counted in the report's errors too.
    assert "其中 1 份报表填写的实施单位与下发单位不符" in text


def test_cli_consolidate(demo, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    # The returns (blank templates are not consolidated): 17 units, 雷波 sent nothing, 昭觉's file is broken.
    assert main(["consolidate", str(demo["paths"]["03-回收文件"]), "-o", str(out), "--jobs", "1"]) == 0
    assert out.is_file() and "已汇总 15 个项目" in capsys.readouterr().out


def test_bench_smoke(capsys):
    ratio = bench.run(3, jobs=1)
    assert ratio > 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("pipeline_vs_calamine=")
