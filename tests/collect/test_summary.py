"""The summary workbook: sheets, native charts read back from the package, formats; opens in LibreOffice."""

import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest


def _parts(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml")}


def test_sheets_and_rows(demo):
    wb = openpyxl.load_workbook(demo["paths"]["06-汇总.xlsx"])
    assert wb.sheetnames == [
        "说明",
        "汇总",
        "部门汇总",
        "部门指标汇总",
        "指标明细",
        "问题清单",
        "部门整体",
        "图表",
    ]
    ws = wb["汇总"]
    header = [c.value for c in ws[1]]
    assert {"单位编码", "单位名称", "执行率", "执行得分", "总分", "等级"} <= set(header)
    assert ws.max_row == 17  # 15 adopted returns and the 合计 row
    assert header[0] == "序号" and [ws.cell(r, 1).value for r in (2, 16, 17)] == [1, 15, "合计"]
    assert ws.cell(2, header.index("执行率") + 1).number_format == "0.00%"
    assert (
        ws.freeze_panes == "D2" and ws.auto_filter.ref.startswith("A1:") and ws.auto_filter.ref.endswith("16")
    )
    assert wb["部门汇总"].cell(2, 2).value == "凉山州科学技术协会"
    assert wb["部门汇总"].cell(3, 1).value == "合计"
    assert wb["问题清单"].max_row > 1


def test_native_charts_reference_the_tables(demo):
    parts = _parts(demo["paths"]["06-汇总.xlsx"])
    charts = [parts[n] for n in sorted(parts) if re.match(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == 3
    assert all("<c:barChart>" in c and '<c:barDir val="col"/>' in c for c in charts)
    refs = [re.findall(r"<c:f>([^<]+)</c:f>", c) for c in charts]
    assert refs[0][0] == "汇总!$B$2:$B$16"  # 单位名称, after 序号; not the 合计 row
    assert refs[1] == ["图表!$A$2:$A$6", "图表!$B$2:$B$6"]  # 执行率 bands
    assert refs[2] == ["图表!$D$2:$D$5", "图表!$E$2:$E$5"]  # grades 优/良/中/差
    assert "各单位自评总分" in charts[0] and "执行率分布" in charts[1]


def test_score_chart_points_at_the_total_column(demo):
    ws = openpyxl.load_workbook(demo["paths"]["06-汇总.xlsx"])["汇总"]
    header = [c.value for c in ws[1]]
    col = openpyxl.utils.get_column_letter(header.index("总分") + 1)
    chart = _parts(demo["paths"]["06-汇总.xlsx"])["xl/charts/chart1.xml"]
    assert f"汇总!${col}$2:${col}$16" in chart


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_outputs_open_in_libreoffice(demo, tmp_path):
    paths = demo["paths"]
    books = [
        paths["04-回收情况.xlsx"],
        paths["06-汇总.xlsx"],
        next((paths["05-校验结果"] / "标注副本").glob("*.xlsx")),
    ]
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, books),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("*.pdf"))) == 3
