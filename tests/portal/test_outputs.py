"""The collector's downloads are the CLI's outputs: 回收情况 (collect), 汇总 (consolidate), the zip."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from django.test import Client

from tests.portal.conftest import upload
from workbook_tools.collect.runner import consolidate_paths
from workbook_tools.portal.models import Unit

KEY_COLUMNS = (
    "单位编码",
    "项目",
    "年初预算",
    "调整后预算",
    "执行数",
    "执行率",
    "执行得分",
    "指标得分",
    "总分",
    "等级",
    "错误数",
    "需说明数",
)


def _rows(data_or_path, sheet: str) -> list[dict]:
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    ws = openpyxl.load_workbook(source, data_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    return [dict(zip(head, r, strict=False)) for r in rows[1:] if isinstance(r[0], int)]


def _uploaded(batch, demo) -> list:
    """Clean returns of the first, second and fourth units and the corrected 布拖县, uploaded by their links."""
    rows = demo["roster"].rows
    files = []
    for row in (rows[0], rows[1], rows[3]):
        short = row.name.replace("科学技术协会", "科协")
        files.append((row, next(demo["returns"].rglob(f"{short}*.xlsx"))))
    files.append((demo["buto"], demo["buto_fixed"]))
    office = Client()
    for row, path in files:
        assert upload(office, Unit.objects.get(batch=batch, code=row.code), path).status_code == 302
    return files


def test_summary_equals_consolidate_on_the_same_files(batch, demo, collector, tmp_path):
    files = _uploaded(batch, demo)
    response = collector.get(f"/collector/batch/{batch.pk}/download/summary/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    cli = tmp_path / "汇总.xlsx"
    consolidate_paths([p for _, p in files], cli, roster=demo["small_roster"], jobs=1)
    portal_rows = sorted(_rows(response.content, "汇总"), key=lambda r: r["单位编码"])
    cli_rows = sorted(_rows(cli, "汇总"), key=lambda r: r["单位编码"])
    assert len(portal_rows) == 4
    assert [{k: r[k] for k in KEY_COLUMNS} for r in portal_rows] == [
        {k: r[k] for k in KEY_COLUMNS} for r in cli_rows
    ]
    assert _rows(response.content, "部门汇总") == _rows(cli, "部门汇总")


def test_status_and_zip(batch, demo, collector):
    files = _uploaded(batch, demo)
    status = collector.get(f"/collector/batch/{batch.pk}/download/status/")
    assert status.status_code == 200 and status["X-Content-Type-Options"] == "nosniff"
    ws = openpyxl.load_workbook(io.BytesIO(status.content))["回收情况"]
    text = " ".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    assert "未收到" in text and "校验通过" in text
    archive = collector.get(f"/collector/batch/{batch.pk}/download/zip/")
    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "回收情况.xlsx" in names and "汇总.xlsx" in names
    originals = [n for n in names if n.startswith("回收文件/")]
    assert len(originals) == len(files)
    # The stored originals come back byte for byte.
    zf = zipfile.ZipFile(io.BytesIO(archive.content))
    sent = sorted(p.read_bytes() for _, p in files)
    assert sorted(zf.read(n) for n in originals) == sent
    # Annotated copies are made on demand (none at upload), so the zip builds the missing ones.
    from workbook_tools.portal.services import current_version

    marked = [u for u in map(current_version, batch.units.all()) if u is not None and u.has_annotated_copy]
    copies = [n for n in names if n.startswith("标注副本/")]
    assert marked and len(copies) == len(marked)
    for name in copies:
        assert "校验结果" in openpyxl.load_workbook(io.BytesIO(zf.read(name))).sheetnames


def test_downloads_need_a_login(batch):
    anonymous = Client()
    for kind in ("status", "summary", "zip"):
        response = anonymous.get(f"/collector/batch/{batch.pk}/download/{kind}/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
