"""On every demo return and distributed template, the cell scanner and openpyxl agree, and so do findings."""

from tests.xlsx.test_cells import assert_same_cells, assert_same_findings


def test_demo_returns_read_and_validate_alike(demo, monkeypatch):
    files = sorted(demo["paths"]["03-回收文件"].rglob("*.xls[xm]")) + sorted(
        demo["paths"]["02-下发模板"].glob("*.xlsx")
    )
    assert len(files) > 20
    for path in files:
        findings = assert_same_findings(path, monkeypatch)
        if not any(f["code"] == "FILE_UNREADABLE" for f in findings):
            assert_same_cells(path)
