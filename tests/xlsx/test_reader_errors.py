"""One clear error per unreadable input: not a workbook, broken zip, .xls, password, no stamp."""

import zipfile

import pytest
import xlsxwriter

from workbook_tools.errors import UnknownFormError, UnreadableWorkbookError
from workbook_tools.xlsx.fill import export_workbook as read_workbook

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_text_file_is_not_a_workbook(tmp_path):
    p = tmp_path / "notes.xlsx"
    p.write_text("hello", encoding="utf-8")
    with pytest.raises(UnreadableWorkbookError, match="不是 Excel 工作簿"):
        read_workbook(p)


def test_broken_zip(tmp_path):
    p = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises((UnreadableWorkbookError, UnknownFormError)):
        read_workbook(p)


def test_legacy_xls(tmp_path):
    p = tmp_path / "old.xls"
    p.write_bytes(OLE + b"\0" * 600)
    with pytest.raises(UnreadableWorkbookError, match=".xls"):
        read_workbook(p)


def test_password_protected(tmp_path):
    p = tmp_path / "locked.xlsx"
    p.write_bytes(OLE + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100)
    with pytest.raises(UnreadableWorkbookError, match="密码"):
        read_workbook(p)


def test_workbook_without_stamp(tmp_path):
    p = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    wb.add_worksheet().write("A1", "项目支出绩效自评表")
    wb.close()
    with pytest.raises(UnknownFormError, match="没有模板标识"):
        read_workbook(p)
