"""What kind of file a path is, before any workbook library touches it: one clear finding per bad file."""

from __future__ import annotations

import zipfile
from pathlib import Path

from workbook_tools.validate.finding import Finding

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xltx", ".xltm", ".et", ".xlsb"})


def looks_like_workbook(path: Path) -> bool:
    """Named like a spreadsheet (folders are scanned for these); Office lock files "~$x.xlsx" are not."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not path.name.startswith("~$")


def _ole_is_encrypted(data: bytes) -> bool:
    # An encrypted OOXML file is an OLE container holding EncryptionInfo/EncryptedPackage streams;
    # stream names are stored as UTF-16-LE in the directory sectors.
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def sniff(path: Path) -> Finding | None:
    """A file-level finding (unreadable, .xls, encrypted) or None when the file is a zip package."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Finding.make("FILE_UNREADABLE", reason=exc.strerror or str(exc))
    if data[:8] == OLE_MAGIC:
        if _ole_is_encrypted(data):
            return Finding.make("FILE_ENCRYPTED")
        return Finding.make("FILE_XLS_UNSUPPORTED")
    if path.suffix.lower() == ".xlsb":
        return Finding.make("FILE_UNREADABLE", reason="不支持二进制工作簿（.xlsb），请另存为 .xlsx")
    if not data:
        return Finding.make("FILE_UNREADABLE", reason="文件为空")
    if not zipfile.is_zipfile(path):
        return Finding.make("FILE_UNREADABLE", reason="不是 Excel 工作簿，或文件已损坏")
    return _check_package(path)


def _check_package(path: Path) -> Finding | None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                return Finding.make("FILE_UNREADABLE", reason="压缩包中没有工作簿内容（xl/workbook.xml）")
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        return Finding.make("FILE_UNREADABLE", reason=f"压缩包已损坏（{exc}）")
    if bad is not None:
        return Finding.make("FILE_UNREADABLE", reason=f"压缩包已损坏（{bad} 校验失败）")
    return None
